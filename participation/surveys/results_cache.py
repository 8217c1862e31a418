"""A small in-process cache of computed results pages.

Per-question results come from maintained counters (:mod:`~participation.surveys.counters`)
whenever the filter allows it (none, sample, channel): such a page costs about 0.1–0.2 s at
100,000 responses × 20 questions, most of it the "who took part" tables. It is cached only until
the next response arrives (the survey's ``response_count`` changes), so it is always current.

An area filter counts the answers live (one to two seconds at that size), while the numbers
change slowly: such a page is recomputed when new responses arrived and the cached copy is older
than ``SURVEY_RESULTS_CACHE_SECONDS`` (default 60), or in any case after ten times that.

The key includes the filters, the language, the threshold k and a fingerprint of the questions,
so edits and setting changes show at once. Each web worker keeps its own copy (no shared state);
moderation calls :func:`invalidate`.
"""

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import replace

from flask import current_app

from participation.core.i18n import current_language
from participation.core.params import parse_int
from participation.extensions import db
from participation.surveys.models import CHANNELS
from participation.surveys.results import ResultsView, build

MAX_ENTRIES = 128
_lock = threading.Lock()
_entries: OrderedDict = OrderedDict()


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
        str(db.engine.url),
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
    now = time.monotonic()
    with _lock:
        entry = _entries.get(key)
    if entry is not None:
        count, stored_at, view = entry
        age = now - stored_at
        current = count == survey.response_count and age < ttl * 10
        # The last key part is the area filter: only then are the answers counted live.
        if current or (key[-1] and age < ttl):
            return _attach(view, survey)
    view = build(survey, args, public=public)
    with _lock:
        _entries[key] = (survey.response_count, now, view)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return view


def _attach(view: ResultsView, survey) -> ResultsView:
    """A copy of a cached view that points at this request's survey and question objects."""
    questions = {q.id: q for q in survey.questions}
    return replace(
        view,
        survey=survey,
        questions=[
            replace(r, question=questions.get(r.question.id, r.question)) for r in view.questions
        ],
    )


def invalidate(survey_id: int) -> None:
    """Forget this worker's cached pages of a survey (after moderation, for example)."""
    with _lock:
        for key in [k for k in _entries if k[1] == survey_id]:
            del _entries[key]
