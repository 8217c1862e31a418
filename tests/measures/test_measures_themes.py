"""Likely duplicates are suggested (never merged); a theme page answers all members at once."""

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.measures.duplicates import suggestions
from participation.measures.models import Theme

pytestmark = pytest.mark.berlin
DE = {"Accept-Language": "de"}


def test_duplicates_suggested_and_bundled_by_a_planner(login, planner, process, contribute, fresh):
    a = contribute(
        "Kreuzung gefährlich für Kinder", category="avoid", body="Autos fahren zu schnell"
    )
    b = contribute("Gefährliche Kreuzung, Autos zu schnell", category="avoid", dx=0.0003)
    contribute("Kreuzung gefährlich", category="like", dx=0.0001)  # other category
    contribute("Kreuzung gefährlich", category="avoid", code="08010214")  # far away
    contribute("Bänke fehlen", category="avoid", dx=0.0002)  # other words
    groups = suggestions(process)
    assert [sorted(c.id for c in g) for g in groups] == [sorted([a.id, b.id])]
    assert db.session.scalar(select(func.count()).select_from(Theme)) == 0  # nothing merged
    staff = login(planner)
    page = staff.get(f"/manage/processes/{process.id}/duplicates", headers=DE)
    assert page.status_code == 200 and "Kreuzung gefährlich für Kinder" in page.get_data(
        as_text=True
    )
    response = staff.post(
        f"/manage/processes/{process.id}/feedback/apply",
        data={
            "action": "theme",
            "scope": "ticked",
            "ids": [str(a.id), str(b.id)],
            "theme": "",
            "theme_title": "Gefährliche Kreuzung",
            "confirm": "1",
        },
    )
    assert response.status_code == 303
    theme = db.session.scalars(select(Theme)).one()
    assert {m.contribution_id for m in theme.members} == {a.id, b.id}
    assert fresh(Contribution, a.id) is not None and fresh(Contribution, b.id) is not None
    # the theme is answered like one contribution: both members get the answer
    response = staff.post(
        f"/manage/themes/{theme.id}/answer",
        data={
            "an-status": "not_taken_up",
            "an-template": "",
            "an-reason": "Die Straßenverkehrsbehörde ist zuständig; wir haben weitergeleitet.",
        },
    )
    assert response.status_code == 303
    assert {fresh(Contribution, i).status for i in (a.id, b.id)} == {"not_taken_up"}
    track = staff.get(f"/track/{a.tracking_token}", headers=DE).get_data(as_text=True)
    assert "Gefährliche Kreuzung" in track and "Offizielle Antwort" in track
