"""Counter tables: answer and respondent counts (overall and per area) and "who took part".

Maintained by the fold and the recount (``surveys/fold.py``, ``surveys/recount.py``) and read by
results with the live uncounted tail. Split from :mod:`participation.surveys.response_models`;
:mod:`participation.surveys.models` re-exports these classes.
"""

from sqlalchemy import Float, ForeignKey, Index, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.extensions import db


class AnswerCount(db.Model):
    """Maintained answer counts per question, sample, channel and result key (see counters.py).

    Key columns are never NULL (0 / "" stand for "not used by this question type"), so the
    primary key can serve the upsert that adds to a count.
    """

    __tablename__ = "survey_answer_counts"
    __table_args__ = (
        PrimaryKeyConstraint(
            "question_id", "sample", "channel", "option_id", "value_num", "area_id", "value_key"
        ),
    )

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    sample: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    #: Chosen option, 0 for none ("other"); options cannot be removed once answers exist.
    option_id: Mapped[int] = mapped_column(Integer)
    value_num: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int] = mapped_column(Integer)
    #: Month of a date answer (``2026-05``).
    value_key: Mapped[str] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(Integer)


class RespondentCount(db.Model):
    """Maintained number of responses that answered a question, per sample and channel."""

    __tablename__ = "survey_respondent_counts"
    __table_args__ = (PrimaryKeyConstraint("question_id", "sample", "channel"),)

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    sample: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(Integer)


class AreaAnswerCount(db.Model):
    """:class:`AnswerCount` per area the respondent lives in (every level of the chain).

    Maintained with each response like the other counters (``counters.py``), so results with an
    area filter read a few hundred rows instead of counting every answer of that area.
    """

    __tablename__ = "survey_area_answer_counts"
    __table_args__ = (
        PrimaryKeyConstraint(
            "respondent_area_id",
            "question_id",
            "sample",
            "channel",
            "option_id",
            "value_num",
            "area_id",
            "value_key",
        ),
        Index("ix_survey_area_answer_counts_survey", "survey_id", "respondent_area_id"),
    )

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: An area of the respondent's chain (``survey_response_areas.area_id``), any level.
    respondent_area_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    sample: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    option_id: Mapped[int] = mapped_column(Integer)
    value_num: Mapped[float] = mapped_column(Float)
    #: The answer's area (area questions), 0 otherwise — as in :class:`AnswerCount`.
    area_id: Mapped[int] = mapped_column(Integer)
    value_key: Mapped[str] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(Integer)


class AreaRespondentCount(db.Model):
    """:class:`RespondentCount` per area the respondent lives in (every level of the chain)."""

    __tablename__ = "survey_area_respondent_counts"
    __table_args__ = (
        PrimaryKeyConstraint("respondent_area_id", "question_id", "sample", "channel"),
        Index("ix_survey_area_respondent_counts_survey", "survey_id", "respondent_area_id"),
    )

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    respondent_area_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    sample: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(Integer)


class TurnoutCount(db.Model):
    """Who took part, maintained by the fold: responses per area, sample, channel and group.

    One row per (filter area, sample, channel, dimension, value, area): ``dimension`` is
    ``total`` (every response once), a demographic column of ``survey_responses``
    (``age_band`` …, its code in ``value``, "" for no answer) or ``area`` (the respondent's
    area ``area_id`` of level ``level_rank``, one row per level of the chain). The "who took
    part" tables and the sample counts of the results page read these rows plus the live
    uncounted tail (``participation/surveys/turnout.py``) instead of counting the responses.
    """

    __tablename__ = "survey_turnout_counts"
    __table_args__ = (
        PrimaryKeyConstraint(
            "survey_id",
            "respondent_area_id",
            "sample",
            "channel",
            "dimension",
            "value",
            "area_id",
        ),
    )

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: The area filter: an area of the respondent's chain (any level); 0 = every response.
    respondent_area_id: Mapped[int] = mapped_column(Integer)
    sample: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    #: ``total``, ``age_band``, ``gender``, ``household``, ``home_language`` or ``area``.
    dimension: Mapped[str] = mapped_column(String(16))
    #: The demographic code ("" for no answer, and for ``total`` and ``area`` rows).
    value: Mapped[str] = mapped_column(String(16))
    #: The respondent's area for ``area`` rows, 0 otherwise.
    area_id: Mapped[int] = mapped_column(Integer)
    #: Level of ``area_id`` (``area`` rows), 0 otherwise: the page reads one level.
    level_rank: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
