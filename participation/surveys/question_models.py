"""Sections, questions and answer options of a survey.

Split from :mod:`participation.surveys.models` (which re-exports these classes) to keep files
short; see there for the storage design.
"""

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.i18n import localized
from participation.extensions import db

if TYPE_CHECKING:  # the survey module imports this one; SQLAlchemy resolves the name itself
    from participation.surveys.models import Survey


class SurveySection(db.Model):
    """A titled group of questions, shown as one fieldset."""

    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    survey: Mapped["Survey"] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="section", order_by="Question.position"
    )

    @property
    def title_text(self) -> str:
        """Title in the current language."""
        return localized(self.title)

    @property
    def description_text(self) -> str:
        """Description in the current language."""
        return localized(self.description)


class Question(db.Model):
    """One question; its ``type`` names a class in :mod:`participation.surveys.questions`."""

    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("survey_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("survey_sections.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    #: Stable column code for exports (``Q01``); kept when the question moves.
    code: Mapped[str] = mapped_column(String(12))
    type: Mapped[str] = mapped_column(String(20))
    text: Mapped[dict[str, str]] = mapped_column(JSON)
    help: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    #: Type-specific settings, e.g. ``{"min": 1, "max": 5, "label_min": {...}}``.
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Shown only when this earlier question's answer has ``condition_value``.
    condition_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="SET NULL")
    )
    #: An option code (choice questions) or a value (scale, number).
    condition_value: Mapped[str | None] = mapped_column(String(40))

    survey: Mapped["Survey"] = relationship(back_populates="questions")
    section: Mapped[SurveySection] = relationship(back_populates="questions")
    options: Mapped[list["QuestionOption"]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by="QuestionOption.position",
        lazy="selectin",
    )
    condition_question: Mapped["Question | None"] = relationship(remote_side=[id])

    @property
    def text_value(self) -> str:
        """Question text in the current language."""
        return localized(self.text)

    @property
    def help_text(self) -> str:
        """Help text in the current language."""
        return localized(self.help)

    @property
    def kind(self):
        """The question type object (see :mod:`participation.surveys.questions`)."""
        from participation.surveys.questions import get_type

        return get_type(self.type)

    @property
    def field_name(self) -> str:
        """Form field prefix, e.g. ``q12``."""
        return f"q{self.id}"

    @property
    def condition_label(self) -> str:
        """Label of the answer that shows this question (e.g. the option's text)."""
        source = self.condition_question
        if source is None:
            return ""
        labels = dict(source.kind.condition_choices(source))
        return labels.get(self.condition_value, self.condition_value or "")

    def option_by_code(self, code: str) -> "QuestionOption | None":
        """The option with *code*, or None."""
        return next((o for o in self.options if o.code == code), None)


class QuestionOption(db.Model):
    """An answer option of a choice or ranking question; ``code`` is stable for exports."""

    __tablename__ = "survey_question_options"
    __table_args__ = (UniqueConstraint("question_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(12))
    label: Mapped[dict[str, str]] = mapped_column(JSON)

    question: Mapped[Question] = relationship(back_populates="options")

    @property
    def label_text(self) -> str:
        """Label in the current language."""
        return localized(self.label)
