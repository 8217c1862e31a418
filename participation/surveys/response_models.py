"""Invitations, responses and their answers, browser tokens and free-text moderation.

Split from :mod:`participation.surveys.models` (which re-exports these classes) to keep files
short; see there for the storage design.
"""

from datetime import datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db


class Invitation(db.Model):
    """A one-time access code for the representative sample; used once, atomically."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: Eight characters without 0/O/1/I, stored without the dash.
    code: Mapped[str] = mapped_column(String(16))
    #: Optional note for the code sheet, e.g. a street of the sample.
    label: Mapped[str] = mapped_column(String(200), default="")
    #: Area the invited household lives in (known from the sample).
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set by ``UPDATE … WHERE used_at IS NULL``; day precision only for anonymous surveys.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    area = relationship("Area")


class SurveyResponse(db.Model):
    """One filled-in questionnaire. No IP address and no browser token are stored here."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "idempotency_key"),
        Index("ix_survey_responses_filters", "survey_id", "sample", "channel"),
        # Keyset pagination of exports: WHERE survey_id = ? AND id > ? ORDER BY id.
        Index("ix_survey_responses_keyset", "survey_id", "id"),
        # The fold finds a survey's uncounted responses (fold_batch IS NULL) and one batch.
        Index("ix_survey_responses_fold", "survey_id", "fold_batch"),
        # "Who took part" by demographic group: one ordered index scan instead of a sort;
        # sample and channel make it covering for the filtered page too, and fold_batch for the
        # uncounted tail the same scan counts (without it: a table lookup per response, 5x).
        Index(
            "ix_survey_responses_demographics",
            "survey_id",
            "age_band",
            "gender",
            "household",
            "home_language",
            "sample",
            "channel",
            "fold_batch",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: Exact time for identified surveys; the day only for anonymous ones.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(10), default="online")
    #: ``representative`` (with an invitation code) or ``open``; never mixed silently.
    sample: Mapped[str] = mapped_column(String(16), default="open")
    #: Staff member who typed in a paper or interview response.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Interviewer of a door-step or phone interview (never exported for anonymous surveys).
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Only for identified surveys.
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="SET NULL")
    )
    #: Hidden form token: a double submit finds the first response instead of making a second.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    age_band: Mapped[str | None] = mapped_column(String(10))
    gender: Mapped[str | None] = mapped_column(String(12))
    #: Self-described gender; internal only, never in anonymous exports.
    gender_text: Mapped[str | None] = mapped_column(String(100))
    household: Mapped[str | None] = mapped_column(String(16))
    home_language: Mapped[str | None] = mapped_column(String(12))
    #: NULL while the response is not yet in the answer counters (the "uncounted tail" that
    #: results count live); the number of the fold that added it (``surveys/fold.py``), 0 for
    #: a recount or the migration.
    fold_batch: Mapped[int | None] = mapped_column(Integer)

    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    areas: Mapped[list["ResponseArea"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ResponseArea(db.Model):
    """The respondent's area at one level (one row per level of the area's ancestor chain)."""

    __tablename__ = "survey_response_areas"
    __table_args__ = (
        PrimaryKeyConstraint("response_id", "area_id"),
        Index("ix_survey_response_areas_group", "survey_id", "level_rank", "area_id"),
        Index("ix_survey_response_areas_area", "area_id", "response_id"),
    )

    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    #: An area of the index's chain (areas are versioned, never deleted): no foreign key, whose
    #: check would lock the shared area row for every response (migration 0025).
    area_id: Mapped[int] = mapped_column(Integer)
    #: Denormalised so that counts per area need no join to the responses; goes with the
    #: response (its cascade), so no foreign key of its own.
    survey_id: Mapped[int] = mapped_column(Integer)
    level_rank: Mapped[int]


class SurveyAnswer(db.Model):
    """One value of a response to a question (several rows for multiple choice and ranking)."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        # The one index that leads with the question (migration 0025): a question's rows in
        # response order with their option and value — the export reads each question's rows
        # of a batch of responses as a range, and the live counts (cross-tables, numbers,
        # rankings, respondents per question) are index-only scans. A response's rows land on
        # a leaf page per question, each written with its COMMIT: one such index, not two.
        Index("ix_survey_answers_question", "question_id", "response_id", "option_id", "value_num"),
        # Counts per area (map and area questions) from a small partial index.
        Index(
            "ix_survey_answers_areas",
            "question_id",
            "area_id",
            sqlite_where=sql_text("area_id IS NOT NULL"),
            postgresql_where=sql_text("area_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    # question, option and area are plain columns, not foreign keys (migration 0025): every
    # response shares those parent rows, and PostgreSQL's check of each inserted row locks its
    # parent. The rows are made from the compiled questionnaire under the version guard, and
    # questions and options of an answered survey cannot be removed (``services/builder.py``).
    question_id: Mapped[int] = mapped_column(Integer)
    #: Chosen option; NULL with ``value_text`` for "other".
    option_id: Mapped[int | None] = mapped_column(Integer)
    #: Number, scale value, or the rank of an option (1 = first).
    value_num: Mapped[float | None] = mapped_column(Float)
    #: Free text, "other" text, or an ISO date.
    value_text: Mapped[str | None] = mapped_column(Text)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    #: Area picked, or the lowest-level area containing the place on the map.
    area_id: Mapped[int | None] = mapped_column(Integer)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class BrowserToken(db.Model):
    """Hash of an open survey's browser cookie: one response per browser, unlinked to it."""

    __tablename__ = "survey_browser_tokens"
    __table_args__ = (PrimaryKeyConstraint("survey_id", "token_hash"),)

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))


class TextReview(db.Model):
    """Moderation of a free-text answer: approved for the public page, hidden, or promoted."""

    __tablename__ = "survey_text_reviews"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("survey_answers.id", ondelete="CASCADE"), primary_key=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: ``approved`` or ``hidden``.
    status: Mapped[str] = mapped_column(String(10))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Contribution created from this answer (promotion to the feedback loop).
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL")
    )
