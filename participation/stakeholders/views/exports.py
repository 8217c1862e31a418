"""Exports of a matrix selection (PDF, CSV) and invitation lists made from it."""

from datetime import date

from flask import Response, abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.csvexport import csv_response
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can
from participation.extensions import db
from participation.stakeholders import analysis, coverage
from participation.stakeholders.forms import InvitationListForm
from participation.stakeholders.models import GOALS_CONSIDER, InvitationList
from participation.stakeholders.pdf import matrix_pdf
from participation.stakeholders.permissions import can_see_contact
from participation.stakeholders.strategy import STRATEGIES
from participation.stakeholders.views import bp
from participation.stakeholders.views.analysis import load_process, matrix_context


def _contact(actor) -> list[str]:
    """E-mail and phone, only where the user may see them (never a private person's for council)."""
    if actor.erased_at or not can_see_contact(actor):
        return ["", ""]
    return [actor.email, actor.phone]


@bp.route("/manage/processes/<int:process_id>/stakeholders/matrix.csv")
@login_required
def matrix_csv(process_id: int):
    """The current selection as CSV (contact columns filled only where allowed)."""
    process = load_process(process_id)
    ctx = matrix_context(process)
    header = [
        _("No."),
        _("Name"),
        _("Type"),
        _("Influence"),
        _("Influence is direct"),
        _("Interest"),
        _("Attitude"),
        _("Success-critical"),
        _("Dual role"),
        _("Goals consider their interests"),
        _("Strategy"),
        _("Assessed on"),
        _("E-mail"),
        _("Phone"),
    ]
    rows = []
    for m in ctx["table"]:
        a = m.assessment
        rows.append(
            [
                m.number,
                a.actor.display_name,
                a.actor.type.label,
                a.influence,
                _("yes") if a.influence_direct else _("no"),
                a.interest,
                a.attitude,
                _("yes") if a.success_critical else _("no"),
                _("yes") if a.dual_role else _("no"),
                GOALS_CONSIDER[a.goals_consider],
                STRATEGIES[a.strategy],
                a.assessed_on.isoformat(),
                *_contact(a.actor),
            ]
        )
    # names arrive through the CSV import: csv_response defuses "=HYPERLINK(…)" and the like
    return csv_response(
        f"akteure-{process.slug}-{ctx['as_of'].isoformat()}.csv",
        header,
        rows,
        audit_action="stakeholders.export",
        audit_object=process,
        audit_details={"file": "matrix.csv", "rows": len(rows)},
    )


@bp.route("/manage/processes/<int:process_id>/stakeholders/matrix.pdf")
@login_required
def matrix_pdf_view(process_id: int):
    """The matrix and the table as a PDF (no contact data)."""
    process = load_process(process_id)
    ctx = matrix_context(process)
    pdf = matrix_pdf(ctx, coverage.coverage_for(process, ctx["as_of"]))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": (
                f'inline; filename="akteursmatrix-{process.slug}-{ctx["as_of"].isoformat()}.pdf"'
            )
        },
    )


@bp.route("/manage/processes/<int:process_id>/stakeholders/lists", methods=["POST"])
@login_required
def create_list(process_id: int):
    """Make an invitation list from the selection in the form's hidden fields."""
    process = load_process(process_id, "stakeholders.manage")
    form = InvitationListForm()
    selection = analysis.Selection.from_args(request.form)
    try:
        as_of = date.fromisoformat(request.form.get("date") or date.today().isoformat())
    except ValueError:
        as_of = date.today()
    if form.validate_on_submit():
        actors = [a.actor for a in analysis.latest_assessments(process, as_of, selection)]
        try:
            new_list = coverage.create_invitation_list(
                process,
                actors,
                form.name.data,
                current_user,
                criteria={**selection.as_args(), "date": as_of.isoformat()},
            )
        except ServiceError as exc:
            handle(exc)
        else:
            db.session.commit()
            flash(_("The invitation list was created."), "success")
            return redirect_after_post(
                "stakeholders.list_detail", process_id=process.id, list_id=new_list.id
            )
    else:
        flash(_("Give the list a name."), "error")
    return redirect_after_post("stakeholders.matrix", process_id=process.id, **selection.as_args())


def _load_list(process_id: int, list_id: int):
    process = load_process(process_id)
    invitation_list = db.get_or_404(InvitationList, list_id)
    if invitation_list.process_id != process.id:
        abort(404)
    return process, invitation_list


@bp.route("/manage/processes/<int:process_id>/stakeholders/lists/<int:list_id>")
@login_required
def list_detail(process_id: int, list_id: int):
    """An invitation list with its members (contact data where allowed)."""
    process, invitation_list = _load_list(process_id, list_id)
    lists = db.session.scalars(
        db.select(InvitationList)
        .where(InvitationList.process_id == process.id)
        .order_by(InvitationList.created_at.desc())
    ).all()
    return render(
        "stakeholders/list.html",
        process=process,
        invitation_list=invitation_list,
        lists=lists,
        may_manage=can("stakeholders.manage", process),
    )


@bp.route("/manage/processes/<int:process_id>/stakeholders/lists/<int:list_id>.csv")
@login_required
def list_csv(process_id: int, list_id: int):
    """An invitation list as CSV."""
    process, invitation_list = _load_list(process_id, list_id)
    rows = [
        [actor.display_name, actor.type.label, *_contact(actor)]
        for actor in invitation_list.members
    ]
    return csv_response(
        f"einladungsliste-{invitation_list.id}.csv",
        [_("Name"), _("Type"), _("E-mail"), _("Phone")],
        rows,
        audit_action="stakeholders.export",
        audit_object=process,
        audit_details={"file": "list.csv", "list_id": invitation_list.id, "rows": len(rows)},
    )
