"""Computed results pages, cached on the survey's content versions (see core/cache.py).

Per-question results come from maintained counters (:mod:`~participation.surveys.counters`)
for every filter (none, sample, channel, area): such a page costs about 0.1–0.2 s at
100,000 responses × 20 questions. It is reused until the next response arrives (the version
``survey:<id>:responses`` changes), so it is always current.

An area filter reads the per-area counters (``survey_area_answer_counts``), so it follows the
responses version like every other filter; a stored page lives at most ten times
``SURVEY_RESULTS_CACHE_SECONDS`` (default 60).

What must show at once — a moderator hiding or approving a free-text answer, an edited question,
a closed survey — bumps ``survey:<id>`` (the rules below, applied to every ORM write by the
session events of :mod:`participation.core.cache`). That version is part of the key, so every
worker and host misses on its next request: there is nothing to invalidate per worker.
"""

import hashlib
import json
import time
from dataclasses import replace
from typing import NamedTuple

from flask import current_app

from participation.core import cache
from participation.core.i18n import current_language
from participation.core.params import parse_int
from participation.surveys.models import CHANNELS
from participation.surveys.results import ResultsView, build

#: Tables whose writes change what the results of their survey show at once.
STRUCTURE_TABLES = ("survey_sections", "survey_questions", "survey_text_reviews")
#: Tables written with each response (counted results follow the responses version).
RESPONSE_TABLES = (
    "survey_responses",
    "survey_response_areas",
    "survey_answer_counts",
    "survey_respondent_counts",
    "survey_browser_tokens",
)

cache.track("surveys", lambda survey: ("surveys", f"survey:{survey.id}"))
for _table in STRUCTURE_TABLES:
    cache.track(_table, lambda row: ("surveys", f"survey:{row.survey_id}"))
for _table in RESPONSE_TABLES:
    cache.track(_table, lambda row: ("surveys", f"survey:{row.survey_id}:responses"))
# Answers are written with their response (same transaction); invitations are not public.
cache.track("survey_answers", lambda row: ())
cache.track("survey_invitations", lambda row: ())


class _QuestionRef(NamedTuple):
    """What a stored view keeps of a question: its id (the request's objects are attached)."""

    id: int


def fingerprint(survey) -> str:
    """Changes whenever a question, an option, a section or a results setting changes."""
    parts = [
        (
            q.id,
            q.section_id,
            q.position,
            q.type,
            q.text,
            q.settings,
            q.condition_question_id,
            [(o.id, o.position, o.label) for o in q.options],
        )
        for q in survey.questions
    ]
    parts.append((survey.k, survey.demographics, [(s.id, s.position) for s in survey.sections]))
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _key(survey, args, public: bool) -> tuple:
    """Normalised filters: junk in the query string must not create (and compute) new entries."""
    sample = args.get("sample", "")
    level = args.get("level", "")
    channel = args.get("channel", "")
    area = args.get("area", "")
    return (
        "survey-results",
        survey.id,
        public,
        current_language(),
        fingerprint(survey),
        sample if sample in ("representative", "open", "both") else "",
        level if parse_int(level, max=99) is not None else "",
        channel if channel in CHANNELS and not public else "",
        area if parse_int(area) is not None and not public else "",
    )


def cached_build(survey, args, public: bool = False) -> ResultsView:
    """The results page of *survey*, from the cache when it is recent enough."""
    ttl = current_app.config["SURVEY_RESULTS_CACHE_SECONDS"]
    key = _key(survey, args, public)
    structure, responses = cache.versions(f"survey:{survey.id}", f"survey:{survey.id}:responses")
    store = cache.store()
    full = "r:" + hashlib.sha1(repr((key, structure)).encode()).hexdigest()
    now = time.time()  # wall clock: entries in Redis are shared between hosts
    entry = store.get(full)
    if entry is not cache._MISSING:
        seen, stored_at, view = entry
        age = now - stored_at
        # Every filter reads maintained counters (per area too): a page is reused until the
        # next response arrives.
        if seen == responses and age < ttl * 10:
            return _attach(view, survey)
    view = build(survey, args, public=public)
    store.set(full, (responses, now, _detach(view)), ttl * 10)
    return view


def _detach(view: ResultsView) -> ResultsView:
    """A copy without ORM objects (picklable for Redis; no stale objects kept in memory)."""
    return replace(
        view,
        survey=None,
        questions=[replace(r, question=_QuestionRef(r.question.id)) for r in view.questions],
    )


def _attach(view: ResultsView, survey) -> ResultsView:
    """A copy of a cached view that points at this request's survey and question objects."""
    questions = {q.id: q for q in survey.questions}
    return replace(
        view,
        survey=survey,
        questions=[
            replace(r, question=questions[r.question.id])
            for r in view.questions
            if r.question.id in questions
        ],
    )


def invalidate(survey_id: int) -> None:
    """Kept for old callers: nothing to do, the versions in the keys changed with the write."""
