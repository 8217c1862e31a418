"""Reading a filled-in questionnaire: conditions, codes, once per browser.

The same path serves residents online and staff typing in paper questionnaires and interviews.
Storing a response is :mod:`participation.surveys.services.response_write` (re-exported here, so
``store_response`` and ``submit_response`` keep their import path). Double submits are harmless:
a repeated idempotency key returns the first response.
"""

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.core.errors import ServiceError
from participation.extensions import db
from participation.surveys.demographics import parse_demographics
from participation.surveys.models import BrowserToken, Invitation, Survey
from participation.surveys.questions.base import Parsed
from participation.surveys.services.response_write import (  # noqa: F401 (re-exported)
    KEY_RE,
    Stale,
    area_chain,
    browser_hash,
    existing_response,
    existing_response_id,
    respondent_area,
    stamp,
    store_response,
    submit_response,
)

#: Human-friendly code alphabet: no 0/O, no 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: 12 characters of a 32-letter alphabet: 60 bits, so codes cannot be guessed (issue 13 #11).
#: Older 8-character codes stay valid.
CODE_LENGTH = 12


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
        .values(used_at=stamp(survey))
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        check_code(survey, code)  # raises the right message
        raise ServiceError(_("This code has already been used."), "code", "code_used")
    invitation = find_invitation(survey, code)
    db.session.refresh(invitation)
    return invitation


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
