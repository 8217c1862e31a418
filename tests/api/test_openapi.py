"""The OpenAPI 3.1 description matches the real responses of every JSON endpoint."""

from datetime import date

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from participation.extensions import db

pytestmark = pytest.mark.berlin

OBJECTS = (
    "meeting",
    "agendaItem",
    "person",
    "membership",
    "organization",
    "location",
    "paper",
    "consultation",
    "file",
    "report",
    "legislativeTerm",
)


def _validator(doc: dict, ref: str) -> Draft202012Validator:
    root = {"$ref": ref, "components": doc["components"]}
    return Draft202012Validator(root, format_checker=FormatChecker())


def _schema_ref(doc: dict, path: str, status: str = "200") -> tuple[str, str]:
    response = doc["paths"][path]["get"]["responses"][status]
    media, content = next(iter(response["content"].items()))
    return media, content["schema"].get("$ref", "")


@pytest.fixture
def everything(council, create_process, area):
    """A council world plus a public process with an idea, a measure and a budget."""
    from participation.budgets.models import Budget
    from participation.contributions import services
    from participation.measures.models import Measure

    data = council(meetings=2)
    process = create_process(publish=True)
    here = area("08010213")
    services.create_contribution(
        process, kind="idea", channel="online", title="Mehr Bänke", area=here
    )
    db.session.add(
        Measure(
            title="Wasserspielplatz bauen", areas=[here], processes=[process], budget_planned=120000
        )
    )
    db.session.add(
        Budget(
            title="Kiezfonds Körnerpark 2027",
            area_id=here.id,
            period="2027",
            amount=10000,
            opens_on=date(2027, 1, 1),
            closes_on=date(2027, 3, 31),
        )
    )
    db.session.commit()
    return data


def test_document_is_openapi_3_1_and_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    doc = response.get_json()
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"


def test_every_json_endpoint_matches_its_schema(client, everything):
    doc = client.get("/api/openapi.json").get_json()
    checked = 0
    for path, item in doc["paths"].items():
        media, ref = _schema_ref(doc, path)
        if media == "text/csv":
            assert client.get(path).status_code == 200
            continue
        if "{list}" in path:
            (param,) = [p for p in item["get"]["parameters"] if p["name"] == "list"]
            urls = [
                path.replace("{body_id}", "1").replace("{list}", name)
                for name in param["schema"]["enum"]
            ]
        elif "{kind}" in path:
            urls = [f"/oparl/v1.1/{kind}/1" for kind in OBJECTS]
        else:
            urls = [path]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.mimetype == media, url
            body = response.get_json()
            errors = list(_validator(doc, ref).iter_errors(body))
            assert errors == [], (url, [e.message for e in errors[:3]])
            if "data" in body:
                assert body["data"], f"{url}: sample is empty, the schema was not exercised"
            checked += 1
    assert checked >= 30


def test_error_responses_match_the_error_schema(client):
    doc = client.get("/api/openapi.json").get_json()
    _media, ref = _schema_ref(doc, "/oparl/v1.1/{kind}/{id}", "404")
    for url in ("/oparl/v1.1/meeting/999", "/api/v1/areas.json?page=0"):
        response = client.get(url)
        assert not list(_validator(doc, ref).iter_errors(response.get_json()))


def test_schema_catches_a_drifted_response(client):
    """An extra column in a record would fail: the check can fail."""
    doc = client.get("/api/openapi.json").get_json()
    record = {k: None for k in doc["components"]["schemas"]["Budgets"]["properties"]}
    record["secret"] = "x"
    assert list(_validator(doc, "#/components/schemas/Budgets").iter_errors(record))
