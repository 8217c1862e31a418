"""Administrator's page for data subject requests: find, export and erase one person."""

import json

from flask import Response, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import require
from participation.extensions import db
from participation.operations import gdpr
from participation.operations.forms import PersonRequestForm
from participation.operations.views import bp

#: What the counts of :func:`participation.operations.gdpr.find_person` mean, for the page.
KIND_LABELS = {
    "contributions": _l("Contributions with this e-mail address"),
    "lottery": _l("Seat lottery applications"),
    "invitations": _l("Survey invitations labelled with it"),
    "outbox": _l("E-mails in the outbox"),
    "staff": _l("Staff accounts"),
    "actor": _l("Stakeholder registry entries"),
}


@bp.route("/manage/privacy-requests", methods=["GET", "POST"])
@login_required
def privacy_requests():
    """Find a person by e-mail (or actor id), then export or erase everything about them.

    Always POST: the address never appears in a URL (or a log).
    """
    require("operations.gdpr")
    form = PersonRequestForm()
    found = None
    if form.validate_on_submit():
        email, actor_id = form.email.data, form.actor_id.data
        try:
            if form.export.data:
                data = gdpr.export_person(email=email, actor_id=actor_id, user=current_user)
                db.session.commit()
                return Response(
                    json.dumps(data, ensure_ascii=False, indent=2, default=str),
                    mimetype="application/json",
                    headers={
                        "Content-Disposition": 'attachment; filename="personal-data.json"',
                        "Cache-Control": "no-store",
                    },
                )
            if form.erase.data:
                if not form.confirm.data:
                    raise ServiceError(_("Please confirm the erasure."), "confirm")
                counts = gdpr.erase_person(email=email, actor_id=actor_id, user=current_user)
                db.session.commit()
                flash(
                    _(
                        "Erased: %(summary)s. The audit log keeps the request.",
                        summary=", ".join(f"{k} {v}" for k, v in counts.items()),
                    ),
                    "success",
                )
                return redirect_after_post("operations.privacy_requests")
            found = gdpr.find_person(email=email, actor_id=actor_id)
        except ServiceError as exc:
            handle(exc, form)
    status = 422 if form.errors else 200
    rows = None if found is None else [(KIND_LABELS[k], n) for k, n in found.items()]
    return render("operations/privacy_requests.html", form=form, found=rows, status=status)
