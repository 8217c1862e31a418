"""Progress reviews: agenda items of meetings that look at a measure (Sozialraumkonferenz)."""

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import agenda_item_measures
from participation.measures.services.common import bump_public


def link_agenda_item(measure, agenda_item, user) -> None:
    """Put *measure* on a meeting's agenda item (typically a progress review)."""
    exists = db.session.scalar(
        select(agenda_item_measures.c.measure_id).where(
            agenda_item_measures.c.measure_id == measure.id,
            agenda_item_measures.c.agenda_item_id == agenda_item.id,
        )
    )
    if exists is not None:
        raise ServiceError(_("This agenda item is linked already."), "agenda_item")
    db.session.execute(
        insert(agenda_item_measures).values(measure_id=measure.id, agenda_item_id=agenda_item.id)
    )
    log_action("measure.agenda", measure, user=user, agenda_item=agenda_item.id)
    bump_public()


def unlink_agenda_item(measure, agenda_item_id: int, user) -> None:
    """Take *measure* off an agenda item."""
    db.session.execute(
        delete(agenda_item_measures).where(
            agenda_item_measures.c.measure_id == measure.id,
            agenda_item_measures.c.agenda_item_id == agenda_item_id,
        )
    )
    log_action("measure.agenda_remove", measure, user=user, agenda_item=agenda_item_id)
    bump_public()


def agenda_items_of(measure) -> list:
    """``[(agenda item, meeting)]`` where the measure is (or was) on the agenda, newest first."""
    from sqlalchemy.orm import joinedload

    from participation.measures.queries import plain_body
    from participation.meetings.models import AgendaItem, Meeting

    return list(
        db.session.execute(
            select(AgendaItem, Meeting)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(agenda_item_measures, agenda_item_measures.c.agenda_item_id == AgendaItem.id)
            .where(agenda_item_measures.c.measure_id == measure.id)
            .order_by(Meeting.starts_at.desc())
            # the meeting's body is shown by name only: not its areas and processes
            .options(plain_body(joinedload(Meeting.body)))
        ).all()
    )


def measures_of_agenda_item(agenda_item_id: int) -> list:
    """Measures on one agenda item (for the meetings package's pages, via this function)."""
    from participation.measures.models import Measure

    return list(
        db.session.scalars(
            select(Measure)
            .join(agenda_item_measures, agenda_item_measures.c.measure_id == Measure.id)
            .where(agenda_item_measures.c.agenda_item_id == agenda_item_id)
        )
    )
