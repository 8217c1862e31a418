"""Every way of reading a batch's answers (per question / one query per batch / arrays per
question on PostgreSQL) writes the same CSV, across batch boundaries and with another survey's
responses between this survey's ids; fetched one batch ahead in a thread or in turn."""

import threading

import pytest

from participation.extensions import db
from participation.surveys import export, export_reads
from participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.berlin


def test_both_readers_write_the_same_rows(
    app, create_survey, add_response, area, monkeypatch, export_questions
):
    survey = create_survey(questions=export_questions)
    other = create_survey(questions=[{"type": "short_text"}, {"type": "scale"}])
    single, multi, scale, rank, place, home, text = survey.ordered_questions()
    short, _scale = other.ordered_questions()
    places = [area("08010213").id, area("08010214").id]
    answers = [
        {single.field_name: "1", multi.field_name: ["1", "3"], scale.field_name: "7"},
        {single.field_name: "other", single.field_name + "_other": "-Vielleicht"},
        {},  # opened and sent without an answer
        {rank.field_name + "_1": "2", rank.field_name + "_2": "1", text.field_name: "=1+1"},
        {place.field_name: str(places[0]), home.field_name: str(places[1])},
        {multi.field_name: ["2"], scale.field_name: "0", text.field_name: "Mehr Bänke"},
        {single.field_name: "2", multi.field_name: ["1", "2", "3"]},
    ]
    for n, data in enumerate(answers):
        add_response(survey, data)
        # the other survey's responses sit between this survey's ids
        add_response(other, {short.field_name: f"Andere Umfrage {n}", _scale.field_name: "3"})
    monkeypatch.setattr(export, "BATCH", 2)  # four batches, one of them short
    with app.test_request_context():
        ctx = export.export_context(survey)
        by_question = list(export.response_rows(survey, ctx, export_reads._PerQuestion))
        by_batch = list(export.response_rows(survey, ctx, export_reads._PerBatch))
        # the other way of fetching: ahead in a thread where the dialect does not, and back
        dialect = db.engine.dialect.name
        monkeypatch.setattr(export, "AHEAD", set() if dialect in export.AHEAD else {dialect})
        other_fetch = list(export.response_rows(survey, ctx, export_reads._PerQuestion))
        if dialect == "postgresql":
            arrays = list(export.response_rows(survey, ctx, export_reads._Arrays))
            assert [list(r) for r in arrays] == [list(r) for r in by_question]
            monkeypatch.setattr(export, "PLACES", {})  # the areas one query per level
            per_level = list(export.response_rows(survey, ctx, export_reads._Arrays))
            assert [list(r) for r in per_level] == [list(r) for r in by_question]
    assert [list(r) for r in by_batch] == [list(r) for r in by_question]
    assert [list(r) for r in other_fetch] == [list(r) for r in by_question]
    header, *rows = by_batch
    assert len(rows) == len(answers)
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert (cells[0]["Q01"], cells[0]["Q02_1"], cells[0]["Q02_3"], cells[0]["Q03"]) == (
        "1",
        "1",
        "1",
        "7",
    )
    assert (cells[1]["Q01"], cells[1]["Q01_other"]) == ("other", "'-Vielleicht")
    assert (cells[3]["Q04_1"], cells[3]["Q04_2"], cells[3]["Q07"]) == ("2", "1", "'=1+1")
    assert (cells[4]["Q05_area"], cells[4]["Q06"]) == ("08010213", "08010214")
    assert [c["Q02_2"] for c in cells] == ["0", None, None, None, None, "1", "1"]
    assert not any("Andere Umfrage" in str(row) for row in rows)


def test_an_export_stopped_early_leaves_the_connection_usable(
    app, create_survey, add_response, monkeypatch
):
    """A download cut off after a few rows: the fetch thread ends, the session still works."""
    survey = create_survey(questions=[{"type": "short_text"}, {"type": "scale"}])
    text, scale = survey.ordered_questions()
    for n in range(9):
        add_response(survey, {text.field_name: f"Antwort {n}", scale.field_name: "4"})
    monkeypatch.setattr(export, "BATCH", 2)
    monkeypatch.setattr(export, "AHEAD", {db.engine.dialect.name})  # the thread on every dialect
    with app.test_request_context():
        ctx = export.export_context(survey)
        rows = export.response_rows(survey, ctx)
        header, first, second = next(rows), next(rows), next(rows)
        rows.close()
        assert [t for t in threading.enumerate() if t.name == "survey-export-fetch"] == []
        assert (first[header.index(text.code)], second[header.index(text.code)]) == (
            "Antwort 0",
            "Antwort 1",
        )
        # the connection is free again: the next statement of the request runs
        assert db.session.execute(db.select(db.func.count()).select_from(SurveyResponse)).scalar()


def test_a_failing_fetch_raises_in_the_export(app, create_survey, add_response, monkeypatch):
    """An error of a query in the fetch thread reaches the request (no silent short file)."""
    survey = create_survey(questions=[{"type": "short_text"}])
    (text,) = survey.ordered_questions()
    for n in range(5):
        add_response(survey, {text.field_name: f"Antwort {n}"})
    monkeypatch.setattr(export, "BATCH", 2)
    monkeypatch.setattr(export, "AHEAD", {db.engine.dialect.name})
    calls = []

    def broken(self, first, final):
        calls.append(first)
        if len(calls) == 2:
            raise RuntimeError("connection lost")
        return original(self, first, final)

    reader = export_reads.READERS.get(db.engine.dialect.name, export_reads._PerBatch)
    original = reader.read
    monkeypatch.setattr(reader, "read", broken)
    with app.test_request_context():
        ctx = export.export_context(survey)
        rows = export.response_rows(survey, ctx)
        with pytest.raises(RuntimeError, match="connection lost"):
            list(rows)
    assert len(calls) == 2


def test_the_array_reader_shapes_rows_as_each_type_reads_them(app, create_survey, monkeypatch):
    """PostgreSQL's one row of arrays per question becomes ``(response_id, *export_fields)``
    rows in response order — also if the database ever sent a question's arrays unordered, and
    for a type that reads the full row (``export_fields = None``)."""
    survey = create_survey(questions=[{"type": "scale"}, {"type": "map"}, {"type": "long_text"}])
    scale, place, text = survey.ordered_questions()
    monkeypatch.setattr(type(text.kind), "export_fields", None)  # a plug-in without fields
    with app.test_request_context():
        lo, hi = db.bindparam("lo"), db.bindparam("hi")
        reader = export_reads._Arrays(survey.ordered_questions(), lo, hi)
    assert "FILTER" in reader.query.sql  # e.g. longitudes aggregated for the map question only
    names = ["response_id", *reader.fields]

    class Sent:
        """What the database sends: question id, response ids, one array per field (``None``
        for a field the question's type does not read)."""

        def rows(self, **bounds):
            assert bounds == {"lo": 5, "hi": 9}
            sent = {
                scale.id: {"response_id": [7, 5], "value_num": [3.0, 8.0]},
                place.id: {"response_id": [6], "lon": [13.4], "lat": [52.5], "area_id": [11]},
                text.id: {"response_id": [9, 8], "value_text": ["b", "a"], "option_id": [None, 2]},
            }
            blank = {text.id: [None, None]}  # it reads every field: arrays of NULLs
            return [
                (qid, *(got.get(n, blank.get(qid)) for n in names)) for qid, got in sent.items()
            ]

    reader.query = Sent()
    read = reader.read(5, 9)
    assert read[scale.id] == [(5, 8.0), (7, 3.0)]
    assert read[place.id] == [(6, 13.4, 52.5, 11)]
    # the full row, in ANSWER_COLUMNS order: response, question, option, num, text, lon, lat, area
    assert read[text.id] == [
        (8, text.id, 2, None, "a", None, None, None),
        (9, text.id, None, None, "b", None, None, None),
    ]
