"""Reading a filled-in questionnaire and storing it: conditions, codes, one per browser.

The same path serves residents online and staff typing in paper questionnaires and interviews.
Double submits are harmless: a repeated idempotency key returns the first response.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from participation.areas.models import Area
from participation.core import cache
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.surveys import bulk
from participation.surveys.demographics import parse_demographics
from participation.surveys.models import (
    CHANNELS,
    BrowserToken,
    Invitation,
    ResponseArea,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from participation.surveys.questions.base import Parsed

#: Human-friendly code alphabet: no 0/O, no 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: 12 characters of a 32-letter alphabet: 60 bits, so codes cannot be guessed (issue 13 #11).
#: Older 8-character codes stay valid.
CODE_LENGTH = 12
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: The answers' INSERT, one object so that ``bulk`` compiles it once.
_ANSWERS_INSERT = SurveyAnswer.__table__.insert()
#: The other statements of a submission, built once (SQLAlchemy caches their compiled form).
_TOKEN_INSERT = BrowserToken.__table__.insert()
_RESPONSE_INSERT = SurveyResponse.__table__.insert()
_AREAS_INSERT = ResponseArea.__table__.insert()
_COUNT_UPDATE = (
    Survey.__table__.update()
    .where(Survey.__table__.c.id == bindparam("survey_id"))
    .values(response_count=Survey.__table__.c.response_count + 1)
)


class ParseContext:
    """Per-request cache for lookups that several questions share (area lists)."""

    def __init__(self, survey: Survey):
        self.survey = survey
        # A compiled questionnaire keeps its lookups for as long as its version is current.
        lookups = getattr(survey, "lookups", None)
        self._cache: dict[Any, Any] = lookups if isinstance(lookups, dict) else {}

    def cached(self, key, compute):
        """Return the cached value for *key*, computing it once."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


@dataclass
class FormResult:
    """A questionnaire read from a form: answers, which questions apply, errors."""

    parsed: dict[int, Parsed] = field(default_factory=dict)
    visible: dict[int, bool] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    demographics: dict[str, Any] = field(default_factory=dict)
    demographic_errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing needs fixing."""
        return not self.errors and not self.demographic_errors

    @property
    def error_count(self) -> int:
        """Number of questions (and demographic fields) with an error."""
        return len(self.errors) + len(self.demographic_errors)


def read_form(survey: Survey, form, ctx: ParseContext | None = None) -> FormResult:
    """Parse every question; questions whose condition is not met are ignored."""
    ctx = ctx or ParseContext(survey)
    result = FormResult()
    for question in survey.ordered_questions():
        parsed = question.kind.parse(question, form, ctx)
        result.raw.update(parsed.raw)
        source = question.condition_question_id
        visible = source is None or (
            result.visible.get(source, False)
            and question.condition_value in result.parsed[source].keys
        )
        result.visible[question.id] = visible
        if not visible:
            parsed = Parsed(raw=parsed.raw)  # answers to a skipped question are not stored
        result.parsed[question.id] = parsed
        if parsed.error:
            result.errors[question.id] = parsed.error
    if survey.demographics:
        values, raw, errors = parse_demographics(form)
        result.demographics, result.demographic_errors = values, errors
        result.raw.update(raw)
    return result


def normalize_code(text: str | None) -> str:
    """``abcd-efgh`` → ``ABCDEFGH`` (spaces and dashes ignored)."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())[:16]


def format_code(code: str) -> str:
    """``ABCDEFGHJKLM`` → ``ABCD-EFGH-JKLM`` for printing (groups of four)."""
    if len(code) in (8, CODE_LENGTH):
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
    return code


def new_code() -> str:
    """A random invitation code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def find_invitation(survey: Survey, code: str) -> Invitation | None:
    """The invitation with *code* (normalised), used or not."""
    return db.session.scalar(
        select(Invitation).where(
            Invitation.survey_id == survey.id, Invitation.code == normalize_code(code)
        )
    )


def check_code(survey: Survey, code: str) -> Invitation:
    """The unused invitation for *code*, or :class:`ServiceError` (unknown / used)."""
    invitation = find_invitation(survey, code) if normalize_code(code) else None
    if invitation is None:
        raise ServiceError(
            _("This code is not valid for this survey. Please check it and try again."),
            "code",
            "code_invalid",
        )
    if invitation.used_at is not None:
        raise ServiceError(
            _("This code has already been used. Each code can be used only once."),
            "code",
            "code_used",
        )
    return invitation


def _stamp(survey: Survey):
    """Now, or only today's date for anonymous surveys (times could link answers to people)."""
    now = utcnow()
    return now.replace(hour=0, minute=0, second=0, microsecond=0) if survey.anonymous else now


def use_invitation(survey: Survey, code: str) -> Invitation:
    """Mark the code used with one atomic ``UPDATE … WHERE used_at IS NULL``."""
    code = normalize_code(code)
    done = db.session.execute(
        update(Invitation)
        .where(
            Invitation.survey_id == survey.id,
            Invitation.code == code,
            Invitation.used_at.is_(None),
        )
        .values(used_at=_stamp(survey))
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        check_code(survey, code)  # raises the right message
        raise ServiceError(_("This code has already been used."), "code", "code_used")
    invitation = find_invitation(survey, code)
    db.session.refresh(invitation)
    return invitation


def browser_hash(survey: Survey, token: str) -> str:
    """Hash of a browser token, specific to one survey."""
    return hashlib.sha256(f"{survey.id}:{token}".encode()).hexdigest()


def has_answered(survey: Survey, token: str | None) -> bool:
    """True when this browser already answered the (open) survey."""
    if not token:
        return False
    return (
        db.session.get(
            BrowserToken, {"survey_id": survey.id, "token_hash": browser_hash(survey, token)}
        )
        is not None
    )


#: Area id → its chain. An area version never changes its parents (a new boundary is a new
#: row), so the chains of ids can be kept for the life of the process.
_CHAINS: dict[tuple[str, int], list[tuple[int, int]]] = {}


def area_chain(area_id: int, cache: dict | None = None) -> list[tuple[int, int]]:
    """``[(area_id, level_rank)]`` for the area and its ancestors."""
    key = (str(db.engine.url), area_id)
    if key in _CHAINS:
        return _CHAINS[key]
    area = db.session.get(Area, area_id)
    chain = [(a.id, a.level.rank) for a in [*area.ancestors(), area]] if area else []
    if chain and len(_CHAINS) < 20000:
        _CHAINS[key] = chain
    return chain


def respondent_area(survey: Survey, result: FormResult) -> int | None:
    """Area from the first answered question marked "this is where the respondent lives"."""
    for question in survey.ordered_questions():
        if question.kind.can_locate_respondent and question.settings.get("home"):
            for value in result.parsed[question.id].values:
                if value.area_id:
                    return value.area_id
    return None


def existing_response_id(survey_id: int, key: str | None) -> int | None:
    """The id of the response stored with this idempotency key (a repeated submit), or None."""
    if not key or not KEY_RE.match(key):
        return None
    return db.session.scalar(
        select(SurveyResponse.id).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.idempotency_key == key
        )
    )


def existing_response(survey_id: int, key: str | None) -> SurveyResponse | None:
    """The response stored with this idempotency key (a repeated submit), or None."""
    response_id = existing_response_id(survey_id, key)
    return db.session.get(SurveyResponse, response_id) if response_id is not None else None


def submit_response(survey: Survey, result: FormResult, **options) -> tuple[SurveyResponse, bool]:
    """Store a response; return it and whether it is a repeat of an earlier submit.

    The same as :func:`store_response` (see there for the options and errors), for callers that
    go on with the stored response object.
    """
    response_id, repeat = store_response(survey, result, **options)
    return db.session.get(SurveyResponse, response_id), repeat


def store_response(
    survey: Survey,
    result: FormResult,
    *,
    channel: str = "online",
    idempotency_key: str | None = None,
    invitation_code: str | None = None,
    browser_token: str | None = None,
    entered_by=None,
    interviewer=None,
    area_id: int | None = None,
    area_cache: dict | None = None,
) -> tuple[int, bool]:
    """Store a response; return its id and whether it is a repeat of an earlier submit.

    *survey* is a ``Survey`` or a compiled one (``surveys/compiled.py``). Every row is written
    with Core statements (no ORM object per row); the answer counters are not touched (the fold
    adds the response to them later, ``surveys/fold.py``).
    A repeated idempotency key or a second answer from the same browser is caught by the unique
    keys at the insert, not by queries beforehand: on such a conflict the session is rolled back,
    so call this before changing anything else in the transaction.

    :raises ServiceError: closed survey, missing/used code, already answered from this browser.
    """
    key = idempotency_key if idempotency_key and KEY_RE.match(idempotency_key) else None
    survey_id = survey.id
    if channel not in CHANNELS:
        raise ServiceError(_("Please choose how the answers were collected."), "channel")
    staff = entered_by is not None
    state = survey.state()
    # Paper questionnaires may arrive before the online start or after the end.
    if state == "draft" or (state != "open" and not staff):
        existing = existing_response_id(survey_id, key)  # a late double submit still counts
        if existing is not None:
            return existing, True
        raise ServiceError(_("This survey is not open for answers."), None, "not_open")
    invitation = None
    try:
        if invitation_code:
            existing = existing_response_id(survey_id, key)  # the code was used by this submit
            if existing is not None:
                return existing, True
            invitation = use_invitation(survey, invitation_code)
        elif survey.mode == "representative" and not staff:
            raise ServiceError(_("Please enter your invitation code."), "code", "code_missing")
        # Everything is worked out before the first write: on SQLite the write lock is then
        # held for the statements and the COMMIT only (every other submission waits for it).
        home = respondent_area(survey, result) or (invitation and invitation.area_id) or area_id
        chain = area_chain(home, area_cache) if home else []
        answer_rows = [
            {"response_id": 0, "question_id": qid, **vars(value)}
            for qid, parsed in result.parsed.items()
            for value in parsed.values
        ]
        response_row = _build(survey, result, channel, key, invitation, entered_by, interviewer)
        # Core statements on the session's connection (its transaction): the ORM's execute
        # layer (events, ORM context) was a third of the statements' CPU; the content versions
        # these writes change are bumped below by name.
        connection = db.session.connection()
        if browser_token and not staff and survey.mode == "open":
            connection.execute(
                _TOKEN_INSERT,
                {"survey_id": survey_id, "token_hash": browser_hash(survey, browser_token)},
            )
        response_id = connection.execute(_RESPONSE_INSERT, response_row).inserted_primary_key[0]
        if chain:
            connection.execute(
                _AREAS_INSERT,
                [
                    {
                        "response_id": response_id,
                        "area_id": a,
                        "level_rank": r,
                        "survey_id": survey_id,
                    }
                    for a, r in chain
                ],
            )
        for row in answer_rows:
            row["response_id"] = response_id
        # one executemany, the rows handed to the driver as they are (surveys/bulk.py)
        bulk.executemany(_ANSWERS_INSERT, answer_rows)
        # No counter rows: the response stays in the uncounted tail (fold_batch NULL) that
        # results count live until the fold adds it to the counters (surveys/fold.py).
        connection.execute(_COUNT_UPDATE, {"survey_id": survey_id})
        # The results of this survey follow its responses; "surveys" for the survey lists
        # (its response count). Statements on the connection bypass the session's events.
        cache.bump("surveys", f"survey:{survey_id}:responses")
    except IntegrityError as exc:
        db.session.rollback()
        existing = existing_response_id(survey_id, key)
        if existing is not None:
            return existing, True
        raise ServiceError(
            _("You have already answered this survey in this browser. Thank you!"),
            None,
            "already_answered",
        ) from exc
    return response_id, False


def _sample(invitation) -> str:
    return "representative" if invitation is not None else "open"


def _build(survey, result, channel, key, invitation, entered_by, interviewer) -> dict:
    """The ``survey_responses`` row of a response."""
    demo = result.demographics if survey.demographics else {}
    return {
        "survey_id": survey.id,
        "created_at": _stamp(survey),
        "channel": channel,
        "sample": _sample(invitation),
        "entered_by_id": getattr(entered_by, "id", None),
        "interviewer_id": getattr(interviewer, "id", None),
        "invitation_id": (
            invitation.id if invitation is not None and not survey.anonymous else None
        ),
        "idempotency_key": key,
        "age_band": demo.get("age_band"),
        "gender": demo.get("gender"),
        "gender_text": demo.get("gender_text"),
        "household": demo.get("household"),
        "home_language": demo.get("home_language"),
    }
