"""The column exporters of the built-in types (the fast export path) write exactly the cells of
their per-response row functions (``QuestionType.exporter``, the reference path), also when a
row carries further columns after the type's fields."""

import random

import pytest

from participation.surveys.export import ANSWER_COLUMNS, export_context
from participation.surveys.questions.columns import from_row_function

pytestmark = pytest.mark.berlin
NAMES = [c.key for c in ANSWER_COLUMNS]

TYPES = [
    {"type": "single", "options": ["Ja", "Nein", "Egal"], "settings": {"allow_other": True}},
    {"type": "single", "options": ["Ja", "Nein"]},
    {"type": "multiple", "options": ["Bank", "Licht", "Wasser"], "settings": {"allow_other": True}},
    {"type": "scale", "settings": {"min": 0, "max": 10}},
    {"type": "number"},
    {"type": "ranking", "options": ["Schatten", "Wasser", "Ruhe"]},
    {"type": "map"},
    {"type": "area", "settings": {"home": True}},
    {"type": "short_text"},
    {"type": "long_text"},
    {"type": "date"},
]


def fake_rows(question, rng: random.Random, ids: list[int], area_ids: list[int]) -> list[tuple]:
    """Answer rows as the cursor returns them, ordered by response; some responses skip."""
    options = [o.id for o in question.options]
    texts = ["Park", "=1+1", "-3", "", None, "Zeile\nzwei", "2026-05-01"]
    rows = []
    for rid in ids:
        if rng.random() < 0.2:
            continue
        count = rng.randint(1, 3) if question.type in ("multiple", "ranking") else 1
        for n in range(count):
            option = rng.choice([*options, None]) if options else None
            number = rng.choice([1.0, 2.5, -3.0, 1e16, None, float(n + 1)])
            rows.append(
                (
                    rid,
                    question.id,
                    option,
                    number,
                    rng.choice(texts),
                    rng.choice([13.4, 13.0, None]),
                    rng.choice([52.47, 52.5, None]),
                    rng.choice([*area_ids, None, 999999]),
                )
            )
    return rows


def test_column_exporters_match_the_row_functions(create_survey, area):
    survey = create_survey(questions=TYPES)
    ctx = export_context(survey)
    area_ids = [area("08010213").id, area("08").id]
    rng = random.Random(15)
    ids = sorted(rng.sample(range(1, 400), 120))
    for question in survey.ordered_questions():
        kind = question.kind
        width = len(kind.columns(question, ctx))
        reference = from_row_function(kind.exporter(question, ctx), width)
        fast = kind.column_exporter(question, ctx)
        assert type(kind).column_exporter is not type(kind).__mro__[-2].column_exporter
        # the fast path gets only the columns it names, as the export selects them
        positions = [NAMES.index(f) for f in kind.export_fields]
        for _round in range(5):
            rows = fake_rows(question, rng, ids, area_ids)
            narrow = [(r[0], *(r[p] for p in positions)) for r in rows]
            expected = [["" if c is None else str(c) for c in col] for col in reference(ids, rows)]
            got = [["" if c is None else str(c) for c in col] for col in fast(ids, narrow)]
            assert got == expected, question.type
            # PostgreSQL's one-query read leaves further columns on a row (read by position)
            wide = [(*r, "=junk", question.id) for r in narrow]
            got = [["" if c is None else str(c) for c in col] for col in fast(ids, wide)]
            assert got == expected, question.type
        assert [len(c) for c in fast([], [])] == [0] * width
