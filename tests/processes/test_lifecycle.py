"""Closing and archiving a process, and the categories editor — what staff and residents notice."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.contributions import services as contributions
from participation.contributions.models import Contribution
from participation.core.db import utcnow
from participation.core.models import AuditEntry
from participation.extensions import db
from participation.processes.models import Category, Process

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def audit(action: str, process) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action, AuditEntry.object_id == process.id)
    ).all()


def contribution_count(process) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Contribution).where(Contribution.process_id == process.id)
    )


@pytest.fixture
def running(create_process, create_user, area):
    """A published pin process in Körnerpark, its planner, and one resident's idea with e-mail."""
    planner = create_user(roles=["planner"])
    process = create_process(user=planner, publish=True, tools=["pins", "ideas"])
    contributions.create_contribution(
        process,
        kind="idea",
        channel="online",
        title="Mehr Bänke",
        category=process.categories[0],
        area=area("08010213"),
        email="anwohnerin@example.org",
        consent=True,
    )
    db.session.commit()
    return process, planner


def test_close_then_archive_through_the_dashboard(running, login, client, app, form_data):
    from participation.contributions.tasks import purge_contact_emails

    process, planner = running
    staff = login(planner)
    base = f"/manage/processes/{process.id}"

    # archiving a running process is refused with the reason; nothing changes
    refused = staff.post(f"{base}/archive", headers=EN)
    assert refused.status_code == 422
    assert "Close the process before archiving it." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "published"

    response = staff.post(f"{base}/close", headers=EN)
    assert response.status_code == 303 and response.headers["Location"].endswith(base)
    assert "The process was closed." in staff.get(base, headers=EN).get_data(as_text=True)
    db.session.expire_all()
    closed = db.session.get(Process, process.id)
    assert closed.status == "closed" and closed.closed_at is not None
    assert [e.user_id for e in audit("process.close", process)] == [planner.id]

    # residents: still listed and readable, but the form no longer takes ideas
    assert process.title in client.get("/processes/", headers=EN).get_data(as_text=True)
    page = client.get(f"/processes/{process.slug}", headers=EN).get_data(as_text=True)
    assert "You can still read what was said and decided." in page
    form = client.get(f"/processes/{process.slug}/contribute", headers=EN).get_data(as_text=True)
    assert "contribute-form" not in form
    sent = client.post(f"/processes/{process.slug}/contribute", data=form_data(process))
    assert sent.status_code == 422
    assert contribution_count(process) == 1
    assert staff.post(f"{base}/close").status_code == 422  # closing twice: explained, no change

    response = staff.post(f"{base}/archive", headers=EN)
    assert response.status_code == 303
    assert "The process was archived." in staff.get(base, headers=EN).get_data(as_text=True)
    db.session.expire_all()
    archived = db.session.get(Process, process.id)
    assert archived.status == "archived" and archived.archived_at is not None
    assert len(audit("process.archive", process)) == 1
    # archived: off the public list, the page itself stays readable (links in old letters)
    assert process.title not in client.get("/processes/", headers=EN).get_data(as_text=True)
    assert client.get(f"/processes/{process.slug}").status_code == 200

    # archiving starts the retention period of contact e-mails: kept for now …
    purge_contact_emails()
    db.session.commit()
    email = select(Contribution.email).where(Contribution.process_id == process.id)
    assert db.session.scalar(email) == "anwohnerin@example.org"
    # … and deleted once it has passed
    archived.archived_at = utcnow() - timedelta(
        days=app.config["CONTRIBUTIONS_EMAIL_RETENTION_DAYS"] + 1
    )
    db.session.commit()
    purge_contact_emails()
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(email) is None


def test_draft_cannot_be_closed(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    response = login(planner).post(f"/manage/processes/{process.id}/close", headers=EN)
    assert response.status_code == 422
    assert "Only a running process can be closed." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "draft"
    assert audit("process.close", process) == []


def test_close_and_archive_need_the_right_to_manage(running, create_user, login):
    process, _planner = running
    for user in (create_user(roles=["council"]), create_user(roles=["manager"], areas=["05"])):
        assert login(user).post(f"/manage/processes/{process.id}/close").status_code == 403
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "published"


def rows_of(page: str) -> list[tuple[str, str]]:
    """(German, English) labels of the editor rows, in order."""
    found = {}
    for m in re.finditer(r'<input[^>]*name="categories-(\d+)-label_(de|en)"[^>]*>', page):
        value = re.search(r'value="([^"]*)"', m.group(0))
        found.setdefault(int(m.group(1)), {})[m.group(2)] = html.unescape(
            value.group(1) if value else ""
        )
    return [(found[i].get("de", ""), found[i].get("en", "")) for i in sorted(found)]


def stored_categories(process) -> list[tuple[str, str, str]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(Category).where(Category.process_id == process.id).order_by(Category.position)
    ).all()
    return [(c.labels["de"], c.labels["en"], c.color) for c in rows]


def editor_data(rows, ids) -> dict:
    """The editor form as the browser sends it; *ids* are the rows' hidden category ids."""
    data = {}
    for i, ((de, en, color), cid) in enumerate(zip(rows, ids, strict=False)):
        data |= {
            f"categories-{i}-category_id": cid or "",
            f"categories-{i}-label_de": de,
            f"categories-{i}-label_en": en,
            f"categories-{i}-color": color,
        }
    return data


def editor_ids(staff, process) -> list[str]:
    """The hidden category ids of the editor page, row by row (what the browser sends back)."""
    page = staff.get(f"/manage/processes/{process.id}/categories").get_data(as_text=True)
    found = re.findall(r'<input[^>]*name="categories-(\d+)-category_id"[^>]*>', page)
    assert found == [str(i) for i in range(len(found))]
    return re.findall(r'name="categories-\d+-category_id"[^>]*value="(\d*)"', page)


def test_categories_editor_renames_adds_and_removes(running, login, client):
    process, planner = running
    staff = login(planner)
    url = f"/manage/processes/{process.id}/categories"
    defaults = stored_categories(process)
    assert [de for de, _, _ in defaults] == ["Gefällt mir", "Meide ich", "Fehlt hier", "Idee"]
    assert rows_of(staff.get(url).get_data(as_text=True)) == [(de, en) for de, en, _ in defaults]

    ids = editor_ids(staff, process)
    assert ids == [str(c.id) for c in process.categories]

    # "Add a row" gives an empty fifth row and keeps what was typed; nothing is stored yet
    typed = [("Schöner Ort", "Nice place", "#1b7837")] + defaults[1:]
    page = staff.post(url, data=editor_data(typed, ids) | {"add_row": "1"}).get_data(as_text=True)
    assert rows_of(page) == [(de, en) for de, en, _ in typed] + [("", "")]
    assert stored_categories(process) == defaults

    # save: first renamed, a new fifth one; clearing a German label removes that category
    rows = typed[:3] + [("", "", "#2166ac"), ("Laut", "Noisy", "#762a83")]
    response = staff.post(url, data=editor_data(rows, [*ids, None]), headers=EN)
    assert response.status_code == 303
    assert "The categories were saved." in staff.get(response.headers["Location"], headers=EN).text
    assert stored_categories(process) == [
        ("Schöner Ort", "Nice place", "#1b7837"),
        defaults[1],
        defaults[2],
        ("Laut", "Noisy", "#762a83"),
    ]
    assert audit("process.categories", process)[-1].user_id == planner.id
    # residents choose from the new labels
    form = client.get(f"/processes/{process.slug}/contribute").get_data(as_text=True)
    choices = re.findall(r'<label for="category-\d+">(?:<svg.*?</svg>)?([^<]*)</label>', form)
    assert choices == ["Schöner Ort", "Meide ich", "Fehlt hier", "Laut"]


def test_categories_editor_refuses_bad_input_and_keeps_it(running, login, create_user):
    process, planner = running
    staff = login(planner)
    url = f"/manage/processes/{process.id}/categories"
    defaults = stored_categories(process)
    ids = editor_ids(staff, process)
    bad = [("Schöner Ort", "Nice place", "grün")] + defaults[1:]
    response = staff.post(url, data=editor_data(bad, ids), headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Schöner Ort" in page  # what was typed is still there
    assert stored_categories(process) == defaults
    # every German label cleared: at least one category is needed
    empty = [("", "", "#2166ac")] * 4
    response = staff.post(url, data=editor_data(empty, ids), headers=EN)
    assert "A process needs at least one category." in response.get_data(as_text=True)
    assert response.status_code == 422
    assert stored_categories(process) == defaults
    # council members read, but do not edit
    council = login(create_user(roles=["council"]))
    assert council.post(url, data=editor_data(bad, ids)).status_code == 403
    assert stored_categories(process) == defaults


def test_renaming_keeps_existing_contributions_in_their_category(running, login, client):
    process, planner = running
    idea = db.session.scalar(select(Contribution).where(Contribution.process_id == process.id))
    before = idea.category_id
    defaults = stored_categories(process)
    rows = [("Schöner Ort", "Nice place", defaults[0][2])] + defaults[1:]
    staff = login(planner)
    data = editor_data(rows, editor_ids(staff, process))
    assert staff.post(f"/manage/processes/{process.id}/categories", data=data).status_code == 303
    db.session.expire_all()
    idea = db.session.get(Contribution, idea.id)
    assert idea.category_id == before
    page = client.get(f"/processes/{process.slug}/contributions/{idea.id}").get_data(as_text=True)
    assert "Schöner Ort" in page


def test_removing_a_middle_category_keeps_the_others_labels(running, login, client, area):
    """Clearing "Meide ich" must not turn the pins filed under "Fehlt hier" into something else."""
    process, planner = running
    like, avoid, missing, idea = process.categories
    made = {}
    for category in (missing, idea):
        made[category.id] = contributions.create_contribution(
            process,
            kind="idea",
            channel="online",
            title=f"Beitrag {category.labels['de']}",
            category=category,
            area=area("08010213"),
        ).id
    db.session.commit()
    defaults = stored_categories(process)
    rows = [defaults[0], ("", "", "#2166ac"), defaults[2], defaults[3]]
    staff = login(planner)
    data = editor_data(rows, editor_ids(staff, process))
    response = staff.post(f"/manage/processes/{process.id}/categories", data=data)
    assert response.status_code == 303
    assert [de for de, _, _ in stored_categories(process)] == ["Gefällt mir", "Fehlt hier", "Idee"]
    for category_id, contribution_id in made.items():
        contribution = db.session.get(Contribution, contribution_id)
        assert contribution.category_id == category_id
        label = db.session.get(Category, category_id).labels["de"]
        page = client.get(f"/processes/{process.slug}/contributions/{contribution_id}")
        assert label in page.get_data(as_text=True)


def test_a_category_with_contributions_cannot_be_removed(running, login):
    process, planner = running  # the fixture's idea is filed under "Gefällt mir"
    defaults = stored_categories(process)
    rows = [("", "", "#2166ac")] + defaults[1:]
    staff = login(planner)
    data = editor_data(rows, editor_ids(staff, process))
    response = staff.post(f"/manage/processes/{process.id}/categories", data=data, headers=EN)
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert "“I like this place” cannot be removed" in page and "rename it instead" in page
    assert "Schöner" not in page and 'value="Meide ich"' in page  # the form as it was sent
    assert stored_categories(process) == defaults
    # in German (the default language), with the German label
    german = html.unescape(
        staff.post(f"/manage/processes/{process.id}/categories", data=data).get_data(as_text=True)
    )
    assert "„Gefällt mir“ kann nicht entfernt werden" in german
