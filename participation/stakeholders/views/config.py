"""CSV import of contact lists, the type taxonomy and the default coverage list."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core import csvimport
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg
from participation.core.permissions import require
from participation.extensions import db
from participation.processes.queries import area_choices
from participation.stakeholders import coverage, importer, queries, services
from participation.stakeholders.forms import (
    IMPORT_TARGETS,
    CoverageForm,
    MappingForm,
    TypeForm,
    UploadForm,
)
from participation.stakeholders.models import COVERAGE_CATEGORIES, ActorType
from participation.stakeholders.views import bp

#: Column names that are mapped automatically when the CSV header uses them.
GUESSES = {
    "name": {"name", "organisation/name", "einrichtung", "akteur", "akteurin", "name, vorname"},
    "kind": {"art", "kind", "typ (person/organisation)"},
    "type": {"typ", "type", "kategorie", "akteurstyp"},
    "organisation": {"organisation", "organization", "träger", "institution", "firma"},
    "function": {"funktion", "function", "rolle", "position"},
    "email": {"e-mail", "email", "mail", "e-mail-adresse"},
    "phone": {"telefon", "phone", "tel", "tel.", "telefonnummer"},
    "address": {"adresse", "address", "anschrift"},
    "website": {"website", "webseite", "homepage", "internet"},
    "area": {"gebiet", "area", "bezirk", "planungsraum", "sozialraum"},
    "legal_basis": {"rechtsgrundlage", "legal basis", "legal_basis"},
    "consent_date": {"einwilligung am", "einwilligungsdatum", "consent date", "consent_date"},
    "tags": {"tags", "schlagworte", "stichworte"},
    "notes": {"notizen", "notes", "bemerkung", "bemerkungen", "anmerkungen"},
}


def _mapping_form(header: list[str] | None = None) -> MappingForm:
    form = MappingForm()
    columns = [("", _("— not in the file —"))] + [(h, h) for h in header or []]
    for target in IMPORT_TARGETS:
        field = getattr(form, f"col_{target}")
        field.choices = columns
        if header and request.method == "POST" and "file" in request.files:
            field.data = next((h for h in header if h.casefold() in GUESSES[target]), "")
    form.default_type.choices = [(0, _("— none: such rows are errors —"))] + queries.type_choices()
    form.default_area.choices = [(0, _("— none —"))] + [
        (area_id, f"{name} ({level})")
        for level, options in area_choices(current_user, "stakeholders.manage").items()
        for area_id, name in options
    ]
    return form


@bp.route("/manage/stakeholders/import", methods=["GET", "POST"])
@login_required
def import_csv():
    """Step 1: upload. Step 2: map the columns, check (dry run) and import."""
    require("stakeholders.manage")
    upload = UploadForm()
    if request.method == "POST" and "file" in request.files and upload.validate_on_submit():
        try:
            text = csvimport.decode(upload.file.data.read())
            header, rows = csvimport.read_rows(text)
        except ServiceError as exc:
            handle(exc, upload)
        else:
            form = _mapping_form(header)
            form.csv_data.data = csvimport.pack(text)
            return render(
                "stakeholders/import.html", upload=None, form=form, header=header, rows=rows[:5]
            )
    if request.method == "POST" and "csv_data" in request.form:
        return _mapping_step()
    return render(
        "stakeholders/import.html",
        upload=upload,
        form=None,
        status=422 if upload.errors else 200,
    )


def _mapping_step():
    try:
        text = csvimport.unpack(request.form.get("csv_data", ""))
        header, rows = csvimport.read_rows(text)
    except ServiceError as exc:
        handle(exc)
        return render("stakeholders/import.html", upload=UploadForm(), form=None, status=422)
    form = _mapping_form(header)
    report = None
    if form.validate_on_submit():
        mapping = {t: getattr(form, f"col_{t}").data for t in IMPORT_TARGETS}
        if not mapping["name"]:
            form.col_name.errors.append(_("Choose the column that holds the name."))
        else:
            apply = "apply" in request.form
            defaults = importer.Defaults(
                kind=form.default_kind.data,
                type_id=form.default_type.data or None,
                area_id=form.default_area.data or None,
            )
            report = importer.run_import(text, mapping, defaults, current_user, apply)
            if apply:
                db.session.commit()
                flash(
                    _("%(n)s actors were imported.", n=report.count("create")),
                    "success",
                )
            else:
                db.session.rollback()
    return render(
        "stakeholders/import.html",
        upload=None,
        form=form,
        header=header,
        rows=rows[:5],
        report=report,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/stakeholders/types", methods=["GET", "POST"])
@login_required
def types():
    """The type taxonomy: labels and the coverage category each type counts for."""
    require("stakeholders.configure")
    edit_id = int_arg("edit")
    editing = db.session.get(ActorType, edit_id) if edit_id else None
    form = TypeForm(obj=None)
    if request.method == "GET" and editing:
        form.key.data = editing.key
        form.label_de.data = editing.labels.get("de")
        form.label_en.data = editing.labels.get("en")
        form.category.data = editing.category
    if form.validate_on_submit():
        try:
            services.save_type(
                current_user,
                form.key.data,
                form.label_de.data,
                form.label_en.data,
                form.category.data,
                editing,
            )
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The type was saved."), "success")
            return redirect_after_post("stakeholders.types")
    all_types = db.session.scalars(select(ActorType).order_by(ActorType.position)).all()
    return render(
        "stakeholders/types.html",
        form=form,
        types=all_types,
        editing=editing,
        categories=COVERAGE_CATEGORIES,
        status=422 if form.errors else 200,
    )


def coverage_form_for(process) -> CoverageForm:
    """Coverage form prefilled with the process's (or the default) requirements."""
    form = CoverageForm()
    if request.method == "GET":
        required, _own = coverage.requirements_for(process)
        for key in COVERAGE_CATEGORIES:
            getattr(form, f"min_{key}").data = required.get(key, 0)
    return form


@bp.route("/manage/stakeholders/coverage", methods=["GET", "POST"])
@login_required
def coverage_defaults():
    """The default list of categories every process needs (processes may set their own)."""
    require("stakeholders.configure")
    form = coverage_form_for(None)
    if form.validate_on_submit():
        values = {k: getattr(form, f"min_{k}").data for k in COVERAGE_CATEGORIES}
        coverage.set_requirements(None, values, current_user)
        db.session.commit()
        flash(_("The default list was saved."), "success")
        return redirect_after_post("stakeholders.coverage_defaults")
    return render(
        "stakeholders/coverage_defaults.html",
        form=form,
        categories=COVERAGE_CATEGORIES,
        status=422 if form.errors else 200,
    )
