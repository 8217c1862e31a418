"""Citizen seats by public lottery: application window, eligibility, quotas, reproducible draw."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db
from participation.meetings.models.bodies import Body

LOTTERY_STATUSES = {
    "open": _l("Applications open"),
    "closed": _l("Applications closed"),
    "drawn": _l("Drawn"),
}


class SeatLottery(db.Model):
    """A draw for citizen seats of a body; the seed is published before the draw."""

    __tablename__ = "seat_lotteries"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    seats: Mapped[int] = mapped_column(default=5)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Yes/no questions an applicant must answer "yes" to, e.g. "Ich wohne in Neukölln.".
    eligibility_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Optional quotas: ``{"attribute": "gender", "options": {"f": "Frau", …}, "min": {"f": 2}}``;
    #: filled first, in the order of ``min``, then the remaining seats by rank.
    quotas: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Published before the draw (and never changed afterwards).
    seed: Mapped[str] = mapped_column(String(100), default="")
    seed_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Key of :data:`LOTTERY_STATUSES`.
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body] = relationship()
    applications: Mapped[list["LotteryApplication"]] = relationship(
        back_populates="lottery", cascade="all, delete-orphan", order_by="LotteryApplication.id"
    )

    @property
    def scope_areas(self):
        """Lotteries use the body's scope."""
        return self.body.areas


class LotteryApplication(db.Model):
    """One application (no account); the public list shows only its number and attributes."""

    __tablename__ = "lottery_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(
        ForeignKey("seat_lotteries.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: Answers to the eligibility questions (booleans, same order).
    answers: Mapped[list[bool]] = mapped_column(JSON, default=list)
    #: Quota attribute value, e.g. ``"f"``; "" when the lottery has no quota.
    quota_value: Mapped[str] = mapped_column(String(40), default="")
    eligible: Mapped[bool] = mapped_column(default=True)
    #: Rank in the draw (1 = first) and whether a seat was won.
    rank: Mapped[int | None]
    selected: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lottery: Mapped[SeatLottery] = relationship(back_populates="applications")
