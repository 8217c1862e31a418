"""The responses CSV defuses spreadsheet formulas in every text column, although it no longer
checks each cell at the writer (the export builds its columns in C loops and defuses only text
columns and code lookups, ``questions/columns.py``)."""

import csv
import io

import pytest
import sqlalchemy as sa

from participation.core.csvexport import FORMULA_START, NUMBER, defuse_cells
from participation.extensions import db

pytestmark = pytest.mark.berlin

#: What residents (or an import) may leave in a text answer.
RISKY = ["=1+1", "+49 30 1234", "-Bitte mehr Licht", "@SUM(A1)", "\tTab", "\rCR", "  =HYPERLINK(1)"]


def read(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def unsafe(cell: str) -> bool:
    """A cell a spreadsheet would run as a formula (the rule of core.csvexport.defuse)."""
    if cell[:1] in ("\t", "\r"):
        return True
    stripped = cell.lstrip()
    return stripped[:1] in FORMULA_START and not NUMBER.match(stripped)


def test_every_text_column_is_defused(create_survey, add_response, login, area):
    survey = create_survey(
        questions=[
            {"type": "short_text"},
            {"type": "long_text"},
            {"type": "single", "options": ["Ja", "Nein"], "settings": {"allow_other": True}},
            {"type": "multiple", "options": ["Bänke", "Licht"], "settings": {"allow_other": True}},
            {"type": "number"},
            {"type": "area", "settings": {"home": True}},
        ],
        demographics=True,
    )
    short, long_, single, multi, number, home = survey.ordered_questions()
    for n, text in enumerate(RISKY):
        add_response(
            survey,
            {
                short.field_name: text,
                long_.field_name: "Zeile\n" + text if n % 2 else text,
                single.field_name: "other",
                single.field_name + "_other": text,
                multi.field_name: ["1", "other"],
                multi.field_name + "_other": text,
                number.field_name: "-3",
                home.field_name: str(area("08010213").id),
            },
        )
    response_id = db.session.scalar(sa.text("SELECT max(id) FROM survey_responses"))
    # As an import could store them: texts the form would have trimmed, and an option code and
    # an area code that start like a formula (lookups are defused once, not per cell).
    for text in RISKY:
        db.session.execute(
            sa.text("UPDATE survey_answers SET value_text = :t WHERE response_id = :r AND id = ("
                    "SELECT min(id) FROM survey_answers WHERE response_id = :r "
                    "AND value_text IS NOT NULL)"),
            {"t": text, "r": response_id},
        )  # fmt: skip
        response_id -= 1
    single.options[0].code = "=cmd"
    area("08010213").code = "-x"
    db.session.commit()

    rows = read(login(survey.creator).get(f"/manage/surveys/{survey.id}/export.csv"))
    header, body = rows[0], rows[1:]
    assert len(body) == len(RISKY)
    for line in body:
        assert not [c for c in line if unsafe(c)], line
        data = dict(zip(header, line, strict=True))
        assert data["Q05"] == "-3"  # a plain number stays a number
    cells = {c for line in body for c in line}
    for text in RISKY:  # each one arrived, defused with a leading quote
        assert "'" + text in cells or "'" + text.strip() in cells, text
    assert "'-x" in {dict(zip(header, line, strict=True))["Q06"] for line in body}
    assert "'=cmd" not in cells  # the option was not chosen; its code is defused in the codebook
    book = read(login(survey.creator).get(f"/manage/surveys/{survey.id}/codebook.csv"))
    assert [r[4] for r in book if r[0] == "Q03" and r[5] == "Ja"] == ["'=cmd"], book


def test_option_code_lookup_is_defused(create_survey, add_response, login):
    survey = create_survey(questions=[{"type": "single", "options": ["Ja", "Nein"]}])
    (question,) = survey.ordered_questions()
    add_response(survey, {question.field_name: "1"})
    question.options[0].code = "@SUM(1)"
    db.session.commit()
    rows = read(login(survey.creator).get(f"/manage/surveys/{survey.id}/export.csv"))
    assert dict(zip(rows[0], rows[1], strict=True))["Q01"] == "'@SUM(1)"


def test_defuse_cells_is_the_defuse_rule():
    cells = [None, "", "Park", "=1", "+1", "-3", "2,5", "@x", "\tx", "\rx", " =x", 7, -2.5]
    assert defuse_cells(cells) == [
        None, "", "Park", "'=1", "+1", "-3", "2,5", "'@x", "'\tx", "'\rx", "' =x", 7, -2.5,
    ]  # fmt: skip


@pytest.mark.parametrize("count", [0, 1, 499, 500, 1201])
def test_the_defused_writer_writes_what_the_checking_writer_writes(count):
    """``defused=True`` (a chunk's rows in one ``writerows``) gives the same text as the writer
    that checks every cell, across chunk boundaries and without any row; only the check is
    skipped — the header is still defused."""
    from participation.core.csvexport import CHUNK_ROWS, iter_csv

    rows = [[n, f"Zeile {n}", None, "", 2.5, 'mit "Anführung"; und\nUmbruch'] for n in range(count)]
    header = ["=ID", "Text", "leer", "auch leer", "Zahl", "Zitat"]
    checked = list(iter_csv(header, iter(rows), bom=True))
    trusted = list(iter_csv(header, iter(rows), bom=True, defused=True))
    assert "".join(trusted) == "".join(checked)
    assert trusted[1].startswith("'=ID;")  # the BOM alone first, then the defused header
    # chunks of CHUNK_ROWS rows (the first with the header): the download starts early
    assert len(trusted) == 1 + max(1, -(-count // CHUNK_ROWS))
