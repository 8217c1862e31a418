"""The demo: OParl and the open data over the real demo meetings (crawl, schemas, who is named)."""

import pytest

pytestmark = pytest.mark.berlin


def test_demo_oparl_crawls_cleanly_and_names_organisations_only(app, client):
    from oparl_crawl import crawl
    from oparl_validate import validate

    from participation.demo import api, meetings, process, stakeholders, users
    from participation.extensions import db

    users.seed_users()
    process.seed_process()
    stakeholders.seed_stakeholders()
    meetings.seed_meetings()
    line = api.seed_open_data()
    db.session.commit()
    assert line.startswith("open data: OParl 2 bodies")
    result = crawl(client, limit=20)
    assert {u: r.status_code for u, r in result["responses"].items() if r.status_code != 200} == {}
    errors = [
        e
        for r in result["responses"].values()
        if r.mimetype == "application/json"
        for obj in r.get_json().get("data", [r.get_json()])
        for e in validate(obj)
    ]
    assert errors == []
    persons = [p for page in result["lists"]["person"] for p in page["data"]]
    assert persons and all(p.get("status") == ["Organisation"] for p in persons)
    papers = [p for page in result["lists"]["paper"] for p in page["data"]]
    assert any(p["paperType"] == "Beschluss" for p in papers)
    page = client.get("/open-data").get_data(as_text=True)
    assert "Sozialraumkonferenz Körnerpark" in page and "Runder Tisch" in page
