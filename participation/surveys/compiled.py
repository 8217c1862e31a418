"""A compiled questionnaire per survey version: what a submission needs, without the ORM.

Every submission used to load the survey, its process and areas, its sections, questions and
options as ORM objects (five queries and a few thousand Python objects) just to read the form.
The structure changes only when staff edit the survey, so it is kept per process as plain
objects, keyed on the content versions that every such edit bumps: ``survey:<id>`` (the survey
row, sections and questions; see ``results_cache.py``), ``survey-options`` (answer options, rule
below), ``processes`` and ``areas`` (the process's status and areas, the area lists). A hit costs
the one version query of the request; another worker's edit is seen on the next request because
the versions are read from the database, never invalidated per worker.

The objects answer the same attributes as the models where reading and storing a response uses
them (``Survey.state``, ``ordered_questions``, ``Question.kind``, ``option_by_code``, …), so
:func:`~participation.surveys.services.responses.read_form` and ``submit_response`` take either.
Pages that render the questionnaire keep using the ORM objects (templates need far more).
"""

import threading
from typing import Any

from sqlalchemy import select

from participation.core import cache
from participation.extensions import db
from participation.processes.models import Process
from participation.surveys.models import Question, QuestionOption, Survey, SurveySection

#: An answer option's write bumps this name (options carry no survey id to name the survey).
OPTIONS_NAME = "survey-options"
cache.track("survey_question_options", lambda row: ("surveys", OPTIONS_NAME))

#: Engine URL and survey id → (versions, compiled survey). Bounded: old versions are replaced.
_COMPILED: dict[tuple[str, int], tuple[tuple[int, ...], "CompiledSurvey"]] = {}
_LOCK = threading.Lock()
MAX_SURVEYS = 256


class CompiledOption:
    """An answer option: id, code, position and label (as ``QuestionOption``)."""

    __slots__ = ("id", "question_id", "position", "code", "label")

    label_text = QuestionOption.__dict__["label_text"]

    def __init__(self, row):
        self.id, self.question_id, self.position, self.code, self.label = row


class CompiledQuestion:
    """A question with its options; the same reading API as ``Question``."""

    __slots__ = (
        "id",
        "survey_id",
        "section_id",
        "position",
        "code",
        "type",
        "text",
        "help",
        "required",
        "settings",
        "condition_question_id",
        "condition_value",
        "options",
        "kind",
        "field_name",
    )

    text_value = Question.__dict__["text_value"]
    help_text = Question.__dict__["help_text"]
    option_by_code = Question.__dict__["option_by_code"]

    def __init__(self, row, options: list[CompiledOption]):
        from participation.surveys.questions import get_type

        (
            self.id,
            self.survey_id,
            self.section_id,
            self.position,
            self.code,
            self.type,
            self.text,
            self.help,
            self.required,
            self.settings,
            self.condition_question_id,
            self.condition_value,
        ) = row
        self.settings = self.settings or {}
        self.options = options
        self.kind = get_type(self.type)
        self.field_name = f"q{self.id}"


class CompiledArea:
    """What parsing needs of a process area: its id and path."""

    __slots__ = ("id", "path")

    def __init__(self, area_id: int, path: str):
        self.id, self.path = area_id, path


class CompiledProcess:
    """The survey's process: id, status and areas."""

    __slots__ = ("id", "status", "areas")

    is_public = Process.__dict__["is_public"]

    def __init__(self, process_id: int, status: str, areas: list[CompiledArea]):
        self.id, self.status, self.areas = process_id, status, areas


class CompiledSurvey:
    """The survey settings, its process and its questions in answering order."""

    state = Survey.__dict__["state"]
    process_closed = Survey.__dict__["process_closed"]

    def __init__(self, row, process: CompiledProcess, questions: list[CompiledQuestion]):
        (
            self.id,
            self.process_id,
            self.status,
            self.opens_at,
            self.closes_at,
            self.anonymous,
            self.mode,
            self.demographics,
        ) = row
        self.process = process
        self.questions = sorted(questions, key=lambda q: q.position)
        self._ordered = questions  # already in answering order (see compile_survey)
        #: Lookups that parsing shares (area lists): valid as long as this version is.
        self.lookups: dict[Any, Any] = {}

    def ordered_questions(self) -> list[CompiledQuestion]:
        """Questions in answering order: by section, then position."""
        return self._ordered


def compile_survey(survey_id: int) -> CompiledSurvey | None:
    """Read one survey's structure with plain column queries (None: no such survey)."""
    s = Survey
    row = db.session.execute(
        select(
            s.id, s.process_id, s.status, s.opens_at, s.closes_at, s.anonymous, s.mode,
            s.demographics, Process.status,
        )
        .join(Process, Process.id == s.process_id)
        .where(s.id == survey_id)
    ).first()  # fmt: skip
    if row is None:
        return None
    from participation.areas.models import Area
    from participation.processes.models import process_areas

    areas = [
        CompiledArea(area_id, path)
        for area_id, path in db.session.execute(
            select(Area.id, Area.path)
            .join(process_areas, process_areas.c.area_id == Area.id)
            .where(process_areas.c.process_id == row[1])
            .order_by(Area.id)
        )
    ]
    q, sec = Question, SurveySection
    options: dict[int, list[CompiledOption]] = {}
    o = QuestionOption
    for option in db.session.execute(
        select(o.id, o.question_id, o.position, o.code, o.label)
        .join(q, q.id == o.question_id)
        .where(q.survey_id == survey_id)
        .order_by(o.question_id, o.position, o.id)
    ):
        options.setdefault(option[1], []).append(CompiledOption(option))
    questions = [
        CompiledQuestion(question, options.get(question[0], []))
        for question in db.session.execute(
            select(
                q.id, q.survey_id, q.section_id, q.position, q.code, q.type, q.text, q.help,
                q.required, q.settings, q.condition_question_id, q.condition_value,
            )
            .outerjoin(sec, sec.id == q.section_id)
            .where(q.survey_id == survey_id)
            # the answering order of Survey.ordered_questions (sections without one count as 0)
            .order_by(db.func.coalesce(sec.position, 0), q.position, q.id)
        )
    ]  # fmt: skip
    process = CompiledProcess(row[1], row[8], areas)
    return CompiledSurvey(tuple(row[:8]), process, questions)


def version_names(survey_id: int) -> tuple[str, ...]:
    """The content versions a compiled questionnaire of *survey_id* is valid for."""
    return (f"survey:{survey_id}", OPTIONS_NAME, "processes", "areas")


def recent(survey_id: int) -> tuple[CompiledSurvey, tuple[int, ...]] | None:
    """The last questionnaire compiled in this process and its versions — NOT checked.

    No query: for a writer that checks the versions in its own statement (the resident's form
    on PostgreSQL, ``services/driver_sql.py``) and, if one has moved, compiles again with
    :func:`compiled_survey` and reads the form once more. Anything else uses that function.
    """
    found = _COMPILED.get((str(db.engine.url), survey_id))
    return (found[1], found[0]) if found is not None else None


def compiled_survey(survey_id: int) -> CompiledSurvey | None:
    """The compiled questionnaire of *survey_id* for the current versions (built on a miss)."""
    current = cache.versions(*version_names(survey_id))
    key = (str(db.engine.url), survey_id)
    found = _COMPILED.get(key)
    if found is not None and found[0] == current:
        return found[1]
    compiled = compile_survey(survey_id)
    if compiled is not None:
        with _LOCK:
            if len(_COMPILED) >= MAX_SURVEYS:
                _COMPILED.clear()
            _COMPILED[key] = (current, compiled)
    return compiled
