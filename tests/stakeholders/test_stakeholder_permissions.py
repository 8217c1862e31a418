"""Who sees what: contact data only for planners and the area's neighbourhood management;
council members see the matrix without private contact data."""

from datetime import date

import pytest

from participation.extensions import db

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


@pytest.fixture
def scene(create_actor, create_process, assess):
    """A Neukölln process with a private person (consent) and an organisation, both assessed."""
    person = create_actor(
        "Mehmet Aydın",
        type="key_person",
        areas=("08010213",),
        kind="person",
        legal_basis="consent",
        consent_date=date(2026, 1, 15),
        email="mehmet@example.org",
        phone="0176 555 0134",
    )
    org = create_actor("Familienzentrum am Körnerpark", areas=("08010213",), email="fz@example.org")
    process = create_process(areas=("08010213",))
    assess(process, person, 1, 3, visibility="council")
    assess(process, org, 2, 3, visibility="council")
    return process, person, org


def test_planner_and_local_manager_see_contact_data(scene, create_user, login):
    process, person, _org = scene
    for user in (
        create_user(roles=["planner"]),
        create_user(roles=["manager"], areas=["08"]),
    ):
        page = login(user).get(f"/manage/stakeholders/{person.id}").get_data(as_text=True)
        assert "mehmet@example.org" in page and "0176 555 0134" in page
        csv = login(user).get(f"/manage/processes/{process.id}/stakeholders/matrix.csv")
        assert "mehmet@example.org" in csv.get_data(as_text=True)


def test_council_sees_matrix_but_no_private_contact_data(scene, create_user, login):
    process, person, org = scene
    council = login(create_user(roles=["council"]))
    url = f"/manage/processes/{process.id}/stakeholders"
    assert council.get(url).status_code == 403  # council access is opt-in per process
    process.council_assessments = True
    db.session.commit()
    matrix = council.get(url, headers=EN)
    assert matrix.status_code == 200 and "Mehmet Aydın" in matrix.get_data(as_text=True)
    page = council.get(f"/manage/stakeholders/{person.id}", headers=EN).get_data(as_text=True)
    assert "Mehmet Aydın" in page
    assert "mehmet@example.org" not in page and "0176" not in page
    assert "Only planners and the neighbourhood management" in page
    # an organisation's address is business data, not private
    assert "fz@example.org" in council.get(f"/manage/stakeholders/{org.id}").get_data(as_text=True)
    csv = council.get(f"/manage/processes/{process.id}/stakeholders/matrix.csv")
    text = csv.get_data(as_text=True)
    assert "Mehmet Aydın" in text and "mehmet@example.org" not in text and "fz@example.org" in text
    pdf = council.get(f"/manage/processes/{process.id}/stakeholders/matrix.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # reading only
    assert council.get(f"/manage/stakeholders/{person.id}/edit").status_code == 403
    assert council.get(f"/manage/stakeholders/{person.id}/export.json").status_code == 403
    url = f"/manage/processes/{process.id}/stakeholders/assess/{person.id}"
    assert council.post(url, data={"influence": "4", "interest": "4"}).status_code == 403


def test_manager_of_another_district_sees_nothing_of_neukoelln(scene, create_user, login):
    process, person, _org = scene
    spandau = login(create_user(roles=["manager"], areas=["05"]))
    assert spandau.get(f"/manage/stakeholders/{person.id}").status_code == 403
    assert spandau.get(f"/manage/processes/{process.id}/stakeholders").status_code == 403
    listing = spandau.get("/manage/stakeholders/", headers={"HX-Request": "true"})
    assert listing.status_code == 200 and "Mehmet" not in listing.get_data(as_text=True)


def test_staff_and_anonymous_are_kept_out(scene, create_user, login, client):
    process, person, _org = scene
    staff = login(create_user(roles=["staff"], areas=["08"]))
    assert staff.get("/manage/stakeholders/").status_code == 403
    assert staff.get(f"/manage/processes/{process.id}/stakeholders").status_code == 403
    response = client.get(f"/manage/stakeholders/{person.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
