"""Analysis per process: strategy rule, dated history, comparison, matrix, coverage, lists."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.core.errors import ServiceError
from participation.extensions import db
from participation.stakeholders.analysis import (
    AssessmentInput,
    latest_assessments,
    save_assessment,
)
from participation.stakeholders.models import Assessment, InvitationList
from participation.stakeholders.movement import compare
from participation.stakeholders.strategy import suggest_strategy

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}
TODAY = date.today()


@pytest.mark.parametrize(
    ("influence", "interest", "category", "expected"),
    [
        (0, 0, "welfare", "inform"),
        (2, 2, "welfare", "inform"),  # 2 is the midpoint: not yet "high"
        (3, 1, "politics", "consult"),
        (1, 4, "education", "involve"),
        (4, 3, "administration", "collaborate"),
        (3, 3, "residents", "empower"),
        (1, 4, "residents", "involve"),
    ],
)
def test_quadrant_suggests_strategy(influence, interest, category, expected):
    assert suggest_strategy(influence, interest, category) == expected


def test_other_strategy_needs_a_reason(create_actor, create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    cdu = create_actor("CDU-Fraktion in der BVV Neukölln", type="party_group")
    data = AssessmentInput(TODAY, influence=3, interest=1, attitude=-1, strategy="involve")
    with pytest.raises(ServiceError) as err:
        save_assessment(process, cdu, data, planner)
    assert "override_reason" in err.value.fields
    db.session.rollback()

    url = f"/manage/processes/{process.id}/stakeholders/assess/{cdu.id}"
    form = {
        "assessed_on": TODAY.isoformat(),
        "influence": "3",
        "interest": "1",
        "attitude": "-1",
        "influence_direct": "direct",
        "nominated_by_id": "0",
        "strategy": "involve",
        "goals_consider": "",
    }
    response = login(planner).post(url, data=form, headers=EN)
    assert response.status_code == 422
    assert "instead of the suggested “Consult”" in response.get_data(as_text=True)
    assert db.session.scalar(select(Assessment)) is None
    form["override_reason"] = "Bedenken zur Bauzeit: wir laden zur Ortsbegehung ein."
    assert login(planner).post(url, data=form).status_code == 303
    row = db.session.scalar(select(Assessment))
    assert (row.strategy, row.strategy_overridden) == ("involve", True)
    # choosing the suggestion itself is no override
    form.update(strategy="", override_reason="")
    assert login(planner).post(url, data=form).status_code == 303
    db.session.expire_all()
    row = db.session.scalar(select(Assessment))
    assert (row.strategy, row.strategy_overridden, row.override_reason) == ("consult", False, "")


def test_dated_history_and_two_date_comparison(
    create_actor, create_process, create_user, login, assess
):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    tenants = create_actor("Mieterbeirat Glasower Straße", type="residents_group")
    school = create_actor("Körnerpark-Grundschule", type="school")
    early, late = TODAY - timedelta(days=90), TODAY - timedelta(days=7)
    assess(process, tenants, 1, 3, -1, on=early)
    assess(process, school, 2, 3, 1, on=early)
    assess(process, tenants, 3, 4, 0, on=late)
    assess(process, tenants, 3, 4, 1, on=late)  # same date: corrects, no new row
    newcomer = create_actor("Kita Sonnenblume", type="kita")
    assess(process, newcomer, 1, 4, 2, on=late)
    assert db.session.query(Assessment).count() == 4

    then = {a.actor.name: (a.influence, a.interest) for a in latest_assessments(process, early)}
    assert then == {"Mieterbeirat Glasower Straße": (1, 3), "Körnerpark-Grundschule": (2, 3)}
    now = {a.actor.name: a for a in latest_assessments(process, TODAY)}
    assert now["Mieterbeirat Glasower Straße"].attitude == 1
    assert now["Körnerpark-Grundschule"].assessed_on == early  # still the latest for the school
    moves = {m.after.actor.name: m for m in compare(process, early, TODAY)}
    assert moves["Mieterbeirat Glasower Straße"].moved
    assert moves["Mieterbeirat Glasower Straße"].after.strategy == "empower"
    assert moves["Kita Sonnenblume"].before is None
    assert "Körnerpark-Grundschule" not in moves

    page = login(planner).get(
        f"/manage/processes/{process.id}/stakeholders",
        query_string={"compare": early.isoformat()},
        headers=EN,
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and text.count('class="sh-arrow"') == 1
    moved = text[text.index('id="moved-h"') :]
    assert "Mieterbeirat Glasower Straße" in moved and "newly assessed" in moved
    assert "Körnerpark-Grundschule" not in moved
    # a bad date is explained, not a 500
    bad = login(planner).get(
        f"/manage/processes/{process.id}/stakeholders?compare=31.02.2026", headers=EN
    )
    assert bad.status_code == 200 and "is not a date" in bad.get_data(as_text=True)


def test_matrix_markers_table_sort_and_panel(
    create_actor, create_process, create_user, login, assess, area
):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    sga = create_actor("Straßen- und Grünflächenamt", type="administration")
    kita = create_actor("Kita Sonnenblume", type="kita", areas=("08010213",))
    church = create_actor("Ev. Kirchengemeinde", type="faith", areas=("05",))
    top = assess(process, sga, 4, 4, 2, success_critical=True)
    assess(process, kita, 1, 4, 2, nominated_by_id=sga.id)
    assess(process, church, 1, 1, -2)
    client = login(planner)
    url = f"/manage/processes/{process.id}/stakeholders"
    text = client.get(url, headers=EN).get_data(as_text=True)
    labels = re.findall(r'<a class="sh-marker"[^>]*aria-label="([^"]+)"', text)
    assert any(
        "Straßen- und Grünflächenamt: influence 4, interest 4" in x and "success-critical" in x
        for x in labels
    )
    assert any("Ev. Kirchengemeinde" in x and "strongly opposes" in x for x in labels)
    assert 'class="sh-critical"' in text and "<polygon" in text and '<rect class="sh-shape"' in text
    table = client.get(url, query_string={"sort": "influence", "dir": "desc"}).get_data(
        as_text=True
    )
    body = table[table.index('id="table-h"') :]
    assert body.index("Straßen- und Grünflächenamt") < body.index("Kita Sonnenblume")
    assert 'aria-sort="descending"' in body
    only_high = client.get(url, query_string={"influence": "high"}).get_data(as_text=True)
    assert only_high.count('class="sh-marker"') == 1
    in_neukoelln = client.get(url, query_string={"area": area("0801").id}).get_data(as_text=True)
    assert in_neukoelln.count('class="sh-marker"') == 2  # the Spandau church is left out
    assert "Ev. Kirchengemeinde" not in in_neukoelln.split('id="table-h"')[1]
    panel = client.get(
        f"{url}/assessments/{top.id}", headers={"HX-Request": "true", **EN}
    ).get_data(as_text=True)
    assert "<html" not in panel and "Straßen- und Grünflächenamt" in panel and "yes" in panel
    assert "Brought to the table" in panel and "Kita Sonnenblume" in panel  # the snowball


def test_coverage_warning_on_dashboard(create_actor, create_process, create_user, login, assess):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    client = login(planner)
    dashboard = f"/manage/processes/{process.id}"
    text = client.get(dashboard, headers=EN).get_data(as_text=True)
    assert "No actor has been assessed in this process yet" in text
    empty = client.get(f"/manage/processes/{process.id}/stakeholders", headers=EN)
    assert empty.status_code == 200
    assert "No assessed actors match this selection" in empty.get_data(as_text=True)
    assess(process, create_actor("Jugendamt", type="administration"), 3, 3)
    assess(process, create_actor("AWO", type="welfare"), 2, 3)
    text = client.get(dashboard, headers=EN).get_data(as_text=True)
    panel = text[text.index('id="sh-panel-h"') :]
    assert "2 actors assessed" in panel
    for missing in ("Faith communities", "Jobcenter", "Local economy", "Politics"):
        assert missing in panel
    assert "Welfare providers" not in panel and "Administration" not in panel.split("</ul>")[0]
    # the process sets its own list: only welfare (twice) and the Jobcenter
    form = {
        f"min_{k}": 0
        for k in ("administration", "residents", "education", "faith", "economy", "politics")
    }
    form.update(min_welfare=2, min_jobcenter=1)
    url = f"/manage/processes/{process.id}/stakeholders/coverage"
    assert client.post(url, data=form).status_code == 303
    panel = client.get(dashboard, headers=EN).get_data(as_text=True)
    panel = panel[panel.index('id="sh-panel-h"') :]
    assert "Welfare providers: 1 of 2 assessed" in panel and "Jobcenter: 0 of 1" in panel
    assert "Faith communities" not in panel
    bad = client.post(url, data={**form, "min_welfare": "-3"}, headers=EN)
    assert bad.status_code == 422


def test_invitation_list_from_selection(
    create_actor, create_process, create_user, login, assess, area
):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    in_nk = create_actor("Jugendamt Neukölln", type="administration", areas=("08",))
    local = create_actor("Quartiersrat Körnerpark", type="residents_group", areas=("08010213",))
    spandau = create_actor("Jugendamt Spandau", type="administration", areas=("05",))
    low = create_actor("Sportverein", type="club", areas=("08",))
    for actor, influence in ((in_nk, 4), (local, 3), (spandau, 4), (low, 1)):
        assess(process, actor, influence, 3)
    response = login(planner).post(
        f"/manage/processes/{process.id}/stakeholders/lists",
        data={"name": "Steuerungsrunde", "influence": "high", "area": area("08").id},
    )
    assert response.status_code == 303
    made = db.session.scalar(select(InvitationList))
    assert {a.name for a in made.members} == {"Jugendamt Neukölln", "Quartiersrat Körnerpark"}
    assert made.criteria["influence"] == "high"
    page = login(planner).get(response.headers["Location"]).get_data(as_text=True)
    assert "Steuerungsrunde" in page and "Quartiersrat Körnerpark" in page
    csv = login(planner).get(response.headers["Location"] + ".csv")
    assert "Jugendamt Neukölln" in csv.get_data(as_text=True)
