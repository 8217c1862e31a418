"""What the applicant does on the tracking page: withdraw (with a confirmation step) until the
decision — the public list keeps it as withdrawn without details — and the use report's photos
(alt text required, thumbnails on the public budget page and the tracking page)."""

import pytest

from participation.budgets import services
from participation.budgets.models import Application
from participation.contributions.models import Contribution
from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_withdraw_with_confirmation_then_listed_without_details(
    client, make_budget, create_process, manager, apply
):
    budget = make_budget(process=create_process(publish=True, user=manager))
    a, token = apply(budget, title="Kiezflohmarkt", email="floh@example.org", consent=True)
    services.check_eligibility(a, manager, True)
    db.session.commit()
    track = client.get(f"/budgets/track/{token}")
    assert f"/budgets/track/{token}/withdraw" in track.text
    confirm = client.get(f"/budgets/track/{token}/withdraw")
    assert confirm.status_code == 200 and "Kiezflohmarkt" in confirm.text
    db.session.expire_all()
    assert db.session.get(Application, a.id).status == "eligible"  # the GET changes nothing
    done = client.post(f"/budgets/track/{token}/withdraw")
    assert done.status_code == 303
    db.session.expire_all()
    a = db.session.get(Application, a.id)
    assert a.status == "withdrawn" and a.email is None
    c = db.session.get(Contribution, a.contribution_id)
    assert c.visibility == "withdrawn" and c.email is None
    page = client.get(f"/budgets/{budget.id}")
    assert "Kiezflohmarkt" not in page.text and f"Antrag Nr. {a.id}" in page.text
    assert "Zurückgezogen" in page.text
    csv = client.get(f"/budgets/{budget.id}.csv")
    assert "Kiezflohmarkt" not in csv.text and "Zurückgezogen" in csv.text
    assert f"/budgets/track/{token}/withdraw" not in client.get(f"/budgets/track/{token}").text


def test_no_withdrawal_after_the_decision(client, make_budget, apply, manager, decision):
    budget = make_budget()
    a, token = apply(budget)
    services.check_eligibility(a, manager, True)
    services.allocate(budget, manager, {a.id: 500}, decision=decision())
    db.session.commit()
    assert client.post(f"/budgets/track/{token}/withdraw").status_code == 303
    db.session.expire_all()
    assert db.session.get(Application, a.id).status == "funded"
    assert client.get(f"/budgets/track/{token}/withdraw").status_code == 303


def _jpeg(color=(200, 120, 40)) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (1200, 800), color).save(out, "JPEG")
    return out.getvalue()


def test_use_report_photos_need_alt_text_and_show_as_thumbnails(
    client, make_budget, apply, manager, decision
):
    from io import BytesIO

    budget = make_budget()
    a, token = apply(budget)
    services.check_eligibility(a, manager, True)
    services.allocate(budget, manager, {a.id: 500}, decision=decision())
    db.session.commit()
    form = {"text": "Rund 120 Gäste kamen zum Hoffest.", f"actual_{a.cost_lines[0].id}": "310"}
    missing_alt = client.post(
        f"/budgets/track/{token}/report",
        data={**form, "photo": (BytesIO(_jpeg()), "fest.jpg")},
        content_type="multipart/form-data",
    )
    assert missing_alt.status_code == 422 and "Rund 120 Gäste" in missing_alt.text
    db.session.expire_all()
    assert db.session.get(Application, a.id).report_photos in (None, [])
    ok = client.post(
        f"/budgets/track/{token}/report",
        data={
            **form,
            "photo_alt": "Nachbarn am Kuchenbuffet im Hof",
            "photo": (BytesIO(_jpeg()), "fest.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert ok.status_code == 303
    db.session.expire_all()
    (photo,) = db.session.get(Application, a.id).report_photos
    assert photo["thumb"].endswith("-t.jpg") and photo["alt"].startswith("Nachbarn")
    public = client.get(f"/budgets/{budget.id}")
    assert 'alt="Nachbarn am Kuchenbuffet im Hof"' in public.text
    thumb_url = f"/budgets/{budget.id}/photos/{a.id}/{photo['thumb']}"
    assert thumb_url in public.text
    thumb = client.get(thumb_url)
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    from PIL import Image

    assert max(Image.open(BytesIO(thumb.data)).size) <= 480
    track = client.get(f"/budgets/track/{token}")
    assert f"/budgets/track/{token}/photos/{photo['thumb']}" in track.text
    assert client.get(f"/budgets/track/{token}/photos/{photo['name']}").status_code == 200
    # nothing else is served through these routes
    assert client.get(f"/budgets/{budget.id}/photos/{a.id}/other.jpg").status_code == 404
    assert client.get(f"/budgets/track/{token}/photos/..%2Fx.jpg").status_code == 404
