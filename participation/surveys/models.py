"""Surveys (Befragungen): sections, questions of pluggable types, invitations and responses.

Answers are stored one row per value (one per chosen option for multiple choice and ranking), so
every result is a ``GROUP BY`` in SQL. A response keeps its respondent's area at every level in
``survey_response_areas``, so "filter by area at any level" is one join.
"""

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    ForeignKey,
    String,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.core.i18n import localized
from participation.extensions import db

STATUSES = {"draft": _l("Draft"), "published": _l("Published"), "closed": _l("Closed")}
MODES = {
    "open": _l("Open: anyone can answer, once per browser"),
    "representative": _l("Representative sample: access with one-time invitation codes"),
}
#: How a response reached us (DOMAIN.md §3: reach is analysed by channel).
CHANNELS = {
    "online": _l("Online"),
    "paper": _l("Paper questionnaire"),
    "doorstep": _l("Door-step interview"),
    "phone": _l("Phone interview"),
}
STAFF_CHANNELS = ("paper", "doorstep", "phone")
SAMPLES = {"representative": _l("Representative sample"), "open": _l("Open participation")}


class Survey(db.Model):
    """A questionnaire of a process; answered online, on paper, at the door or by phone."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    #: ``{"de": …, "en": …}`` like every resident-facing text of a survey.
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    #: Introduction and definitions shown before the first question.
    intro: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: ``draft`` → ``published`` → ``closed`` (answering also needs the dates to allow it).
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Anonymous: no invitation or exact time is kept with a response; exports identify nobody.
    anonymous: Mapped[bool] = mapped_column(default=True)
    #: ``open`` (anyone, once per browser) or ``representative`` (one-time invitation codes).
    mode: Mapped[str] = mapped_column(String(16), default="open")
    #: Ask the optional demographic block (age band, gender, household, language at home).
    demographics: Mapped[bool] = mapped_column(default=False)
    #: Small-cell threshold for this survey; NULL uses ``SUPPRESSION_K``.
    suppression_k: Mapped[int | None]
    #: Results page visible to the public (suppression applies).
    results_public: Mapped[bool] = mapped_column(default=False)
    #: The responses the fold has counted (``surveys/fold.py``; a recount sets it). Not written
    #: by a submission — on PostgreSQL every response of the survey locked this one row until its
    #: COMMIT. Read :attr:`response_count` (this plus the uncounted tail) to show a count.
    counted_responses: Mapped[int] = mapped_column("response_count", default=0)
    #: Next number for a stable question code (``Q01``, ``Q02``…); codes are never reused.
    next_number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="SET NULL")
    )

    process = relationship("Process", lazy="joined")
    sections: Mapped[list["SurveySection"]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        order_by="SurveySection.position",
        lazy="selectin",
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        order_by="Question.position",
        lazy="selectin",
    )

    @property
    def scope_areas(self):
        """Areas used for permission checks: those of the process."""
        return self.process.areas

    @property
    def title_text(self) -> str:
        """Title in the current language."""
        return localized(self.title)

    @property
    def intro_text(self) -> str:
        """Introduction in the current language."""
        return localized(self.intro)

    @property
    def k(self) -> int:
        """Small-cell threshold that applies to this survey's numbers."""
        return self.suppression_k or current_app.config["SUPPRESSION_K"]

    @property
    def locked(self) -> bool:
        """Answers exist: questions may not be removed nor change their type."""
        return self.response_count > 0

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(STATUSES[self.status])

    def state(self, now: datetime | None = None) -> str:
        """``draft``, ``scheduled`` (not yet open), ``open`` or ``closed``.

        Closing (or archiving) the process closes its surveys too: answering, the panel and the
        submit service all read this state.
        """
        now = now or utcnow()
        if self.status == "draft":
            return "draft"
        if self.process_closed:
            return "closed"
        if self.status == "closed" or (self.closes_at and now >= self.closes_at):
            return "closed"
        if self.opens_at and now < self.opens_at:
            return "scheduled"
        return "open"

    @property
    def process_closed(self) -> bool:
        """True when the process has ended (closed or archived): no more answers."""
        return self.process is not None and self.process.status in ("closed", "archived")

    def ordered_questions(self) -> list["Question"]:
        """Questions in answering order: by section, then position."""
        rank = {s.id: s.position for s in self.sections}
        return sorted(self.questions, key=lambda q: (rank.get(q.section_id, 0), q.position))


# Questions, responses and counters live in their own modules; re-exported so that every import
# site stays the same (and importing this module registers every survey table's metadata).
from participation.surveys.counter_models import (  # noqa: E402, F401
    AnswerCount,
    AreaAnswerCount,
    AreaRespondentCount,
    RespondentCount,
    TurnoutCount,
)
from participation.surveys.question_models import (  # noqa: E402, F401
    Question,
    QuestionOption,
    SurveySection,
)
from participation.surveys.response_models import (  # noqa: E402, F401
    BrowserToken,
    Invitation,
    ResponseArea,
    SurveyAnswer,
    SurveyResponse,
    TextReview,
)


def _response_count_expr():
    """Counted responses plus the uncounted tail (``fold_batch`` NULL), in one statement.

    One expression, so a reader sees both parts in the same snapshot: a fold moves a batch from
    the tail to the counted column in one transaction, never counted twice or left out. The tail
    is a range of ``ix_survey_responses_fold`` (``survey_id, fold_batch``) and stays short while
    the scheduler folds every 30 s.
    """
    r = SurveyResponse.__table__
    tail = (
        select(func.count())
        .where(r.c.survey_id == Survey.__table__.c.id, r.c.fold_batch.is_(None))
        .correlate_except(r)
        .scalar_subquery()
    )
    return Survey.__table__.c.response_count + tail


#: Responses of the survey, the one just submitted included (readers: panels, staff pages,
#: :attr:`Survey.locked`). Loaded with the survey; usable in ``select()`` as a column.
Survey.response_count = column_property(_response_count_expr())
