"""Measures created from what a meeting produced: a decision, an action item or a needs statement.

References look like ``meeting_decision:12``, ``action_item:3`` or ``needs_statement:7``. The
meetings package never imports this; the buttons live on the measures side (and on the staff
pages of meetings through :func:`create_url`).
"""

from flask import url_for

from participation.core.params import parse_int
from participation.extensions import db

KINDS = ("meeting_decision", "action_item", "needs_statement")


def _model(kind: str):
    from participation.meetings.models import ActionItem, Decision, NeedsStatement

    return {
        "meeting_decision": Decision,
        "action_item": ActionItem,
        "needs_statement": NeedsStatement,
    }[kind]


def load_source(ref: str):
    """The meetings object behind *ref*, or None."""
    kind, _sep, ident = (ref or "").partition(":")
    if kind not in KINDS or parse_int(ident) is None:
        return None
    return db.session.get(_model(kind), parse_int(ident))


def source_ref(obj) -> str:
    """``kind:id`` of a meetings object."""
    kind = {"Decision": "meeting_decision", "ActionItem": "action_item"}.get(
        type(obj).__name__, "needs_statement"
    )
    return f"{kind}:{obj.id}"


def create_url(obj) -> str:
    """Address of "create a measure from this" (for buttons on the meetings pages)."""
    return url_for("measures.create", source=source_ref(obj))


def source_defaults(obj) -> dict:
    """Form values taken over from the meetings object (title, description, process, area)."""
    text = (obj.text or "").strip()
    title = text.split("\n", 1)[0][:200]
    values = {"title": title, "description": text}
    meeting = obj.meeting
    if meeting is not None and meeting.process_id:
        values["processes"] = [meeting.process_id]
    area_id = getattr(obj, "area_id", None)
    if area_id:
        values["areas"] = [area_id]
    elif meeting is not None and meeting.body is not None:
        values["areas"] = [a.id for a in meeting.body.areas]
    if getattr(obj, "target_groups", ""):
        values["target_groups"] = obj.target_groups
    return values


def source_label(measure) -> str | None:
    """Where the measure came from, in words (for the traceability page)."""
    from flask_babel import gettext as _

    if measure.meeting_decision is not None:
        return _("Decision of “%(meeting)s”", meeting=measure.meeting_decision.meeting.title)
    if measure.action_item is not None:
        return _("Action item of “%(meeting)s”", meeting=measure.action_item.meeting.title)
    if measure.needs_statement is not None:
        return _("Need stated at “%(meeting)s”", meeting=measure.needs_statement.meeting.title)
    return None
