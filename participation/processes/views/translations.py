"""Staff page: process and phase texts in every configured language, with what is missing."""

from flask import abort, current_app, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.i18n import language_name, text_direction
from participation.extensions import db
from participation.processes.forms import translation_form
from participation.processes.texts import (
    SOURCE_LANGUAGE,
    field_labels,
    missing_translations,
    translate_process,
)
from participation.processes.views import bp
from participation.processes.views.manage import _load


def _other_languages() -> list[str]:
    return [lang for lang in current_app.config["LANGUAGES"] if lang != SOURCE_LANGUAGE]


@bp.route("/manage/processes/<int:process_id>/translations", methods=["GET", "POST"])
@login_required
def translations(process_id: int):
    """Translate the texts into one language (``?lang=en``); German is shown beside each field."""
    process = _load(process_id)
    others = _other_languages()
    if not others:
        abort(404)
    lang = request.args.get("lang") or others[0]
    if lang not in others:
        abort(404)
    stored = (process.translations or {}).get(lang, {})
    data = dict(stored)
    for n, phase in enumerate(process.phases):
        texts = (phase.translations or {}).get(lang, {})
        data[f"phase{n}_title"] = texts.get("title", "")
        data[f"phase{n}_description"] = texts.get("description", "")
    for n, category in enumerate(process.categories):
        data[f"category{n}_label"] = (category.labels or {}).get(lang, "")
    form = translation_form(process, data=data if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {name: form[name].data or "" for name in field_labels()}
        phase_values = [
            {
                "title": form[f"phase{n}_title"].data or "",
                "description": form[f"phase{n}_description"].data or "",
            }
            for n in range(len(process.phases))
        ]
        labels = [form[f"category{n}_label"].data or "" for n in range(len(process.categories))]
        try:
            translate_process(process, lang, values, phase_values, current_user, labels)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The translation was saved."), "success")
            return redirect_after_post("processes.translations", process_id=process.id, lang=lang)
    return render(
        "processes/manage/translations.html",
        form=form,
        process=process,
        lang=lang,
        lang_name=language_name(lang),
        field_dir=text_direction(lang),
        others=[(code, language_name(code)) for code in others],
        missing=missing_translations(process, others),
        labels=field_labels(),
        status=422 if form.errors else 200,
    )
