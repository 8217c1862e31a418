"""OParl: a crawler walks everything; every object validates against the specification's schemas."""

import hashlib

from conftest import PDF, PRIVATE_EMAIL, PRIVATE_NAME
from oparl_crawl import crawl, objects_in

TYPES = {
    "System",
    "Body",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Location",
    "Paper",
    "File",
    "Consultation",
    "LegislativeTerm",
}


def test_crawler_reaches_every_list_page_and_object_without_errors(client, council):
    """System → Body → every list via links.next (limit 2) → every URL found: no 404, no 500."""
    council(meetings=5)
    result = crawl(client, limit=2)
    bad = {u: r.status_code for u, r in result["responses"].items() if r.status_code != 200}
    assert bad == {}
    # several pages really were walked
    assert len(result["lists"]["meeting"]) == 3
    assert len(result["lists"]["agendaItem"]) == 5
    seen = {
        o["type"].rsplit("/", 1)[1]
        for r in result["responses"].values()
        if r.mimetype == "application/json"
        for o in objects_in(r.get_json())
    }
    assert seen == TYPES


def test_every_object_validates_against_the_vendored_schemas(client, council):
    """Every object of every kind, embedded ones too, passes the OParl 1.1.1 JSON schemas."""
    from oparl_validate import validate

    council(meetings=3)
    result = crawl(client, limit=2)
    errors = []
    count = 0
    for response in result["responses"].values():
        if response.mimetype != "application/json":
            continue
        data = response.get_json()
        for obj in data.get("data", [data]):
            errors += validate(obj)
            count += 1
    assert errors == []
    assert count > 40


def test_validator_catches_a_broken_object():
    """The schema check can fail: a wrong type URI and an order that is not a number."""
    from oparl_validate import validate

    broken = {
        "id": "x",
        "type": "https://schema.oparl.org/1.1/AgendaItem",
        "order": "first",
    }
    assert validate(broken)
    meeting = {
        "id": "m",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "agendaItem": [{"id": "a", "type": "https://schema.oparl.org/1.1/AgendaItem"}],
    }
    assert any("order" in e for e in validate(meeting))  # embedded objects are checked too


def test_files_inline_and_attachment_with_checksums(client, council):
    """accessUrl is inline, downloadUrl an attachment with the file name; SHA-512 and size fit."""
    data = council()
    report = data["report"]
    file = client.get(f"/oparl/v1.1/file/{report.id}").get_json()
    access = client.get(file["accessUrl"].removeprefix("http://127.0.0.1:5000"))
    assert access.status_code == 200 and access.data == PDF
    assert "attachment" not in access.headers.get("Content-Disposition", "")
    download = client.get(file["downloadUrl"].removeprefix("http://127.0.0.1:5000"))
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and file["fileName"] in disposition
    assert file["sha512Checksum"] == hashlib.sha512(PDF).hexdigest()
    assert file["size"] == len(PDF) and file["mimeType"] == "application/pdf"
    assert client.get(f"/oparl/v1.1/file/{data['draft'].id}").status_code == 404
    assert client.get(f"/oparl/v1.1/file/{data['draft'].id}/access").status_code == 404


def test_no_personal_data_in_any_response(client, council):
    """A private member's name, e-mail and phone, and organisations' e-mails, appear nowhere."""
    council()
    result = crawl(client, limit=3)
    text = "".join(
        r.get_data(as_text=True)
        for r in result["responses"].values()
        if r.mimetype == "application/json"
    )
    for secret in (PRIVATE_NAME, PRIVATE_EMAIL, "030 1234567", "info@awo.example", "Interne"):
        assert secret not in text
    assert "Ayşe Demir" in text  # the consenting member is named (the grep can find names)
