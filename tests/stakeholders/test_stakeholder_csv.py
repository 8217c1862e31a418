"""The stakeholder CSV exports go through core.csvexport: formulas defused, streamed, audited."""

import csv
import io

import pytest
from sqlalchemy import select

from participation.core.models import AuditEntry
from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_actor_named_like_a_formula_comes_out_defused_in_matrix_csv(
    create_actor, create_process, assess, create_user, login
):
    evil = '=HYPERLINK("http://x","y")'
    actor = create_actor(evil, areas=("08010213",), email="info@example.org")
    process = create_process(areas=("08010213",))
    assess(process, actor, 3, 2)
    response = login(create_user(roles=["planner"])).get(
        f"/manage/processes/{process.id}/stakeholders/matrix.csv"
    )
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # German spreadsheets read UTF-8 only with a BOM
    table = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    names = [row[1] for row in table[1:]]
    assert names == ["'" + evil]
    assert table[1][3] == "3" and "info@example.org" in table[1]  # numbers stay numbers
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "stakeholders.export"))
    assert entry is not None and entry.object_id == process.id
    assert entry.details["file"] == "matrix.csv"
