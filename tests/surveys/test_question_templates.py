"""Question types are pluggable: each renders its own inputs and builder settings."""

import re
from pathlib import Path

from participation.surveys.questions import QUESTION_TYPES

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_type_has_an_answer_and_an_editor_macro(app):
    for key, kind in QUESTION_TYPES.items():
        with app.test_request_context("/"):
            answer = app.jinja_env.get_template(kind.template).module
            editor = app.jinja_env.get_template(kind.editor_template).module
        assert callable(getattr(answer, "answer", None)), key
        assert callable(getattr(editor, "editor", None)), key
        assert "/manage/" in kind.editor_template  # staff texts stay out of the resident set


def test_shared_templates_do_not_switch_on_type_keys():
    keys = "|".join(re.escape(k) for k in QUESTION_TYPES)
    switch = re.compile(rf"""(type|key)\s*(==|in)\s*[("'\s]*({keys})\b""")
    for name in ("surveys/_questions.html", "surveys/manage/question.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert not switch.search(text), name


def test_a_type_renders_its_own_answer_macro(app):
    """The scale's own template draws one radio button per point, with the end labels."""
    from types import SimpleNamespace

    scale = QUESTION_TYPES["scale"]
    settings = {"min": 1, "max": 5, "label_min": {"de": "gar nicht"}, "label_max": {"de": "sehr"}}
    question = SimpleNamespace(kind=scale, settings=settings, options=[])
    with app.test_request_context("/"):
        module = app.jinja_env.get_template(scale.template).make_module({})
        html = str(module.answer(question, "q7", {"q7": "4"}, "", None, None))
    assert html.count('type="radio"') == 5 and 'value="4" checked' in html
    assert "gar nicht" in html and "sehr" in html
