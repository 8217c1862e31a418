"""One-time invitation codes for the representative sample."""

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.surveys.models import Invitation, Survey
from participation.surveys.services.responses import new_code

MAX_BATCH = 5000


def generate_invitations(
    survey: Survey, user, count: int, label: str = "", area=None
) -> list[Invitation]:
    """Create *count* unique codes, optionally noting a label and the households' area."""
    if survey.mode != "representative":
        raise ServiceError(
            _("Invitation codes are only used for a representative sample (see the settings)."),
            "count",
        )
    if not 1 <= count <= MAX_BATCH:
        raise ServiceError(_("Please create between 1 and %(n)s codes.", n=MAX_BATCH), "count")
    districts = {"/" + a.path.strip("/").split("/")[0] + "/" for a in survey.process.areas}
    if area is not None and not any(area.path.startswith(d) for d in districts):
        raise ServiceError(_("Please choose an area in the district of this process."), "area")
    taken = set(
        db.session.scalars(select(Invitation.code).where(Invitation.survey_id == survey.id))
    )
    made = []
    while len(made) < count:
        code = new_code()
        if code in taken:  # 32^8 codes: collisions are rare, but never hand out one twice
            continue
        taken.add(code)
        made.append(
            Invitation(
                survey_id=survey.id,
                code=code,
                label=label.strip()[:200],
                area_id=getattr(area, "id", None),
            )
        )
    db.session.add_all(made)
    db.session.flush()
    log_action("survey.invitations", survey, user=user, count=count, label=label[:200])
    return made
