"""Tombstones of deleted objects, so OParl can answer ``deleted: true`` instead of 404."""

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import UTCDateTime
from participation.extensions import db


class OparlTombstone(db.Model):
    """A deleted object that OParl had published: kind, id, when it was created and deleted.

    The OParl 1.1 text (chapter "Gelöschte Objekte") requires ``id``, ``type`` and ``created`` to
    survive a deletion and ``modified`` to become the time of deletion; the rows of the meetings and
    reports packages are really deleted, so this table keeps what is needed.
    """

    __tablename__ = "oparl_tombstones"
    __table_args__ = (UniqueConstraint("object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Kind in the OParl URL (``meeting``, ``person``, ``paper`` …, see ``oparl.families``).
    object_type: Mapped[str] = mapped_column(String(20))
    #: Primary key the object had in its own table (the number in its OParl URL).
    object_id: Mapped[int]
    #: ``created`` of the object, kept because OParl must still show it.
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Becomes the object's ``modified``.
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


from participation.api import tombstones  # noqa: E402,F401  (registers the session listeners)
