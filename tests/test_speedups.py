"""The test suite's own speed-ups (``tests/suite_speedups.py``) change nothing an app does."""

import os
import uuid

import pytest
from werkzeug.routing.rules import Rule

from participation import create_app

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("PARTICIPATION_TEST_COMPILE_EVERY_APP")),
    reason="URL builders compiled per app (PARTICIPATION_TEST_COMPILE_EVERY_APP)",
)


def _sample(converter) -> object:
    """A value for a path argument (ids, slugs with a space, a slash and an umlaut)."""
    name = type(converter).__name__ if converter else "UnicodeConverter"
    if "Int" in name:
        return 7
    if "Float" in name:
        return 1.5
    if "UUID" in name:
        return uuid.UUID(int=7)
    if "Any" in name:
        return sorted(getattr(converter, "items", None) or ["x"])[0]
    return "Körner park/2"


def _outcome(build, values):
    try:
        return build(**values)
    except Exception as error:  # noqa: BLE001  (both builders must fail alike)
        return type(error).__name__


def test_every_rule_builds_the_same_urls_as_a_builder_compiled_for_it():
    compile_builder = Rule._compile_builder
    assert getattr(compile_builder, "memoised", False), "the speed-up is not installed"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    for rule in rules:
        values = {arg: _sample(rule._converters.get(arg)) for arg in rule.arguments}
        for append_unknown, extra in ((False, {}), (True, {"q": "a&b c", "page": ["2", "3"]})):
            fresh = compile_builder.original(rule, append_unknown).__get__(rule, None)
            shared = compile_builder(rule, append_unknown).__get__(rule, None)
            wanted = _outcome(fresh, {**values, **extra})
            assert _outcome(shared, {**values, **extra}) == wanted, (rule.rule, append_unknown)
    with app.test_request_context():
        from flask import url_for

        assert url_for("static", filename="css/app.css").startswith("/static/")


def test_a_second_app_reuses_the_compiled_builders():
    first = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    second = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    builders = {r.rule: r._build_unknown.__func__ for r in first.url_map.iter_rules()}
    rule = next(r for r in second.url_map.iter_rules() if r.arguments and not r.defaults)
    assert rule._build_unknown.__func__ is builders[rule.rule]


def test_templates_compiled_once_render_alike_in_every_app(tmp_path):
    from flask import Flask, render_template_string

    shared = Flask.create_jinja_environment.shared_code
    first = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    second = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert first.jinja_env.bytecode_cache is shared is second.jinja_env.bytecode_cache
    with first.test_request_context("/glossary"):
        first.jinja_env.get_template("errors.html")
    compiled = shared.compiled
    with second.test_request_context("/glossary"):
        template = second.jinja_env.get_template("errors.html")
        assert template.filename.endswith("errors.html")
        assert render_template_string("{{ 'ä<b>' }}") == "ä&lt;b&gt;"  # autoescape as before
    assert shared.compiled == compiled, "the second app compiled errors.html again"
    # a changed source is compiled again (Jinja checks the source's checksum on each load)
    page = tmp_path / "page.html"
    page.write_text("one", encoding="utf-8")
    from jinja2 import Environment, FileSystemLoader

    for text in ("one", "two"):
        page.write_text(text, encoding="utf-8")
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=shared)
        assert env.get_template("page.html").render() == text
    # an environment with other compile-time settings never gets this one's code
    env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=shared, autoescape=True)
    page.write_text("{{ '<b>' }}", encoding="utf-8")
    assert env.get_template("page.html").render() == "&lt;b&gt;"
    plain = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=shared)
    assert plain.get_template("page.html").render() == "<b>"
