"""Storing a response: every row worked out first, then the shortest write the database allows.

:func:`store_response` is the one way a response is stored (residents online, staff typing in
paper questionnaires and interviews). The rows — browser token, response, the respondent's areas
at every level, the answers — are built before the first write. What follows depends on the
caller:

* ``commit=False`` (staff entry, previews of the full form): Core statements on the session's
  connection, in its transaction; the caller commits.
* ``commit=True`` (the resident's form on the hot path, ``views/public.py``): the rows and the
  content-version bump go to a pooled connection as driver SQL built once per dialect
  (:mod:`participation.surveys.services.driver_sql`) and are committed here. On **PostgreSQL**
  that is *one* statement in autocommit (data-modifying CTEs): one round trip and one durable
  commit instead of BEGIN, six statements and COMMIT (11 round trips with the pool's pings, 4
  now; the bare insert needs 3). On **SQLite** the write lock is held for the driver's calls and
  the COMMIT only, with no SQLAlchemy execution layer inside it.

Nothing a submission writes is a hot row: the answer counters are added later by the fold
(``surveys/fold.py``), and so is ``surveys.response_count`` — readers add the uncounted tail
(:attr:`participation.surveys.models.Survey.response_count`). A repeated idempotency key or a
second answer from the same browser is caught by the unique keys at the insert.
"""

import hashlib
import re
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.areas import lookup
from participation.core import cache
from participation.core.cache import guard
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.surveys import bulk
from participation.surveys.models import (
    CHANNELS,
    BrowserToken,
    ResponseArea,
    SurveyAnswer,
    SurveyResponse,
)
from participation.surveys.services import driver_sql

if TYPE_CHECKING:
    from participation.surveys.models import Survey
    from participation.surveys.services.responses import FormResult

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: Raised by :func:`store_response` with *expect* when a version has moved (nothing stored).
Stale = driver_sql.Stale
#: The statements of the session path, built once (SQLAlchemy caches their compiled form; the
#: answers' INSERT is one object so that ``bulk`` compiles it once).
_ANSWERS_INSERT = SurveyAnswer.__table__.insert()
_TOKEN_INSERT = BrowserToken.__table__.insert()
_RESPONSE_INSERT = SurveyResponse.__table__.insert()
_AREAS_INSERT = ResponseArea.__table__.insert()


def stamp(survey):
    """Now, or only today's date for anonymous surveys (times could link answers to people)."""
    now = utcnow()
    return now.replace(hour=0, minute=0, second=0, microsecond=0) if survey.anonymous else now


def browser_hash(survey, token: str) -> str:
    """Hash of a browser token, specific to one survey."""
    return hashlib.sha256(f"{survey.id}:{token}".encode()).hexdigest()


def area_chain(area_id: int) -> list[tuple[int, int]]:
    """``[(area_id, level_rank)]`` for the area and its ancestors (from the area index).

    The index (``areas/lookup.py``) is renewed in every process when areas are imported; a
    memo of its own here kept an old chain until the worker restarted — an import moves the
    children of a new parent version over to it (``areas/importer.py``).
    """
    return lookup.get_index().chain(area_id)


def respondent_area(survey, result: "FormResult") -> int | None:
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


def submit_response(survey, result, **options) -> tuple[SurveyResponse, bool]:
    """Store a response; return it and whether it is a repeat of an earlier submit.

    The same as :func:`store_response` (see there for the options and errors), for callers that
    go on with the stored response object.
    """
    response_id, repeat = store_response(survey, result, **options)
    return db.session.get(SurveyResponse, response_id), repeat


def store_response(
    survey: "Survey",
    result: "FormResult",
    *,
    channel: str = "online",
    idempotency_key: str | None = None,
    invitation_code: str | None = None,
    browser_token: str | None = None,
    entered_by=None,
    interviewer=None,
    area_id: int | None = None,
    commit: bool = False,
    expect: tuple[tuple[str, ...], tuple[int, ...]] | None = None,
) -> tuple[int, bool]:
    """Store a response; return its id and whether it is a repeat of an earlier submit.

    *survey* is a ``Survey`` or a compiled one (``surveys/compiled.py``). With *commit* the
    response is committed by this call (for callers with nothing else to commit: the session's
    own transaction is not used); otherwise the caller commits. A repeated idempotency key or a
    second answer from the same browser is caught by the unique keys at the insert, not by
    queries beforehand: on such a conflict the session is rolled back, so call this before
    changing anything else in the transaction.

    *expect* — ``(names, versions)`` of content versions that *survey* and *result* were read
    against (a compiled questionnaire used without reading its versions first,
    ``compiled.recent``): the response is stored only if they are all still current. On
    PostgreSQL the hot path checks them in its one statement (no version read of its own);
    elsewhere they are read just before the write.

    :raises ServiceError: closed survey, missing/used code, already answered from this browser.
    :raises Stale: a version of *expect* has moved; nothing was stored (read the form again).
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
            from participation.surveys.services.responses import use_invitation

            invitation = use_invitation(survey, invitation_code)
            commit = False  # the code's UPDATE is in the session's transaction
        elif survey.mode == "representative" and not staff:
            raise ServiceError(_("Please enter your invitation code."), "code", "code_missing")
        # Everything is worked out before the first write: on SQLite the write lock is then
        # held for the statements and the COMMIT only (every other submission waits for it).
        home = respondent_area(survey, result) or (invitation and invitation.area_id) or area_id
        chain = area_chain(home) if home else []
        answers = [(qid, value) for qid, parsed in result.parsed.items() for value in parsed.values]
        response_row = _build(survey, result, channel, key, invitation, entered_by, interviewer)
        token = (
            browser_hash(survey, browser_token)
            if browser_token and not staff and survey.mode == "open"
            else None
        )
        # "surveys" for the survey lists (the response count), then this survey's results
        names = ("surveys", f"survey:{survey_id}:responses")
        if commit:
            stored = driver_sql.write(response_row, token, chain, answers, names, expect)
            if stored is not None:
                return stored, False
        if expect is not None and not guard.session_current(expect):
            raise Stale()
        response_id = _write_in_session(survey_id, response_row, token, chain, answers, names)
        if commit:
            db.session.commit()
    except (IntegrityError, driver_sql.Conflict) as exc:
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


def _write_in_session(survey_id, response_row, token, chain, answers, names) -> int:
    """The rows as Core statements on the session's connection (its transaction); the id."""
    # Core statements on the connection: the ORM's execute layer (events, ORM context) was a
    # third of the statements' CPU; the content versions are bumped below by name.
    connection = db.session.connection()
    if token is not None:
        connection.execute(_TOKEN_INSERT, {"survey_id": survey_id, "token_hash": token})
    response_id = connection.execute(_RESPONSE_INSERT, response_row).inserted_primary_key[0]
    if chain:
        connection.execute(
            _AREAS_INSERT,
            [
                {"response_id": response_id, "area_id": a, "level_rank": r, "survey_id": survey_id}
                for a, r in chain
            ],
        )
    # one executemany, the rows handed to the driver as they are (surveys/bulk.py)
    bulk.executemany(
        _ANSWERS_INSERT,
        [{"response_id": response_id, "question_id": qid, **vars(v)} for qid, v in answers],
    )
    # No counter rows and no response counter: the response stays in the uncounted tail
    # (fold_batch NULL) until the fold adds it (surveys/fold.py). Statements on the connection
    # bypass the session's events, hence the explicit bump.
    cache.bump(*names)
    return response_id


def _sample(invitation) -> str:
    return "representative" if invitation is not None else "open"


def _build(survey, result, channel, key, invitation, entered_by, interviewer) -> dict:
    """The ``survey_responses`` row of a response."""
    demo = result.demographics if survey.demographics else {}
    return {
        "survey_id": survey.id,
        "created_at": stamp(survey),
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
