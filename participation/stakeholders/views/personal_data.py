"""Personal data of one actor (GDPR): download everything stored about them, and erase them
(pseudonymise; links and assessments are kept)."""

import json

from flask import Response, flash
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.extensions import db
from participation.stakeholders import privacy
from participation.stakeholders.forms import EraseForm
from participation.stakeholders.views import bp
from participation.stakeholders.views.registry import load_actor


@bp.route("/manage/stakeholders/<int:actor_id>/export.json")
@login_required
def export(actor_id: int):
    """Download everything stored about the actor (JSON), audit-logged."""
    actor = load_actor(actor_id, "stakeholders.manage")
    data = privacy.export_actor(actor, current_user)
    db.session.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="akteur-{actor.id}.json"'},
    )


@bp.route("/manage/stakeholders/<int:actor_id>/erase", methods=["GET", "POST"])
@login_required
def erase(actor_id: int):
    """Confirm, then pseudonymise the actor (links and assessments are kept)."""
    actor = load_actor(actor_id, "stakeholders.manage")
    form = EraseForm()
    if form.validate_on_submit():
        try:
            privacy.erase_actor(actor, current_user)
        except ServiceError as exc:
            handle(exc)
        else:
            db.session.commit()
            flash(_("The actor was erased. Links and assessments were kept."), "success")
        return redirect_after_post("stakeholders.detail", actor_id=actor.id)
    return render(
        "stakeholders/erase.html", actor=actor, form=form, status=422 if form.errors else 200
    )
