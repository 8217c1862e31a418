"""Cached public pages change on every worker at once (issue 8 §3, issue 15).

Two app instances on one database stand for two gunicorn workers: each has its own in-process
cache, the database is shared. A write committed on worker A must be visible in the very next
response of worker B, which served (and cached) the old page a moment before.
"""

import re
import time
import uuid

import pytest

from participation.core import cache
from participation.extensions import db

pytestmark = pytest.mark.berlin


#: Per-visitor values filled in after the cache (CSRF token, form keys): signed with a timestamp,
#: so two answers a second apart differ there and only there.
_PER_REQUEST = re.compile(r'(name="csrf-token" content|name="csrf_token" value)="[^"]*"')


def _same_page(a: str, b: str) -> bool:
    return _PER_REQUEST.sub(r"\1=\"\"", a) == _PER_REQUEST.sub(r"\1=\"\"", b)


def _cached(worker, url: str, count_queries) -> str:
    """GET *url* twice on *worker*; the second answer must come from its cache (one query)."""
    client = worker.test_client()
    first = client.get(url)
    assert first.status_code == 200, url
    before = cache.version_queries
    again, queries = count_queries(worker, lambda: client.get(url))
    queries += cache.version_queries - before
    assert queries <= 1, f"{url}: {queries} queries on a cache hit"
    assert _same_page(again.get_data(as_text=True), first.get_data(as_text=True))
    return first.get_data(as_text=True)


def test_a_hidden_free_text_answer_disappears_from_every_worker(
    app, worker_b, login, text_survey, pin_process, add_response, count_queries
):
    from participation.surveys.services.moderation import review_answer

    survey, question = text_survey(pin_process())
    secret = add_response(survey, {question.field_name: "Herr Müller aus Nr. 5 ist laut"})
    for _ in range(5):
        add_response(survey, {question.field_name: "Mehr Schatten am Sandkasten"})
    review_answer(survey, secret.answers[0], survey.creator, "approved")  # by mistake
    db.session.commit()
    url = f"/surveys/{survey.id}/results"
    assert "Herr Müller" in _cached(app, url, count_queries)
    assert "Herr Müller" in _cached(worker_b, url, count_queries)

    moderator = login(survey.creator)
    hidden = moderator.post(
        f"/manage/surveys/{survey.id}/answers/texts/{secret.answers[0].id}/hidden"
    )
    assert hidden.status_code == 303

    assert "Herr Müller" not in worker_b.test_client().get(url).get_data(as_text=True)
    assert "Herr Müller" not in app.test_client().get(url).get_data(as_text=True)


def test_a_new_contribution_shows_on_every_worker(app, worker_b, pin_process, count_queries):
    from participation.contributions.forms import sign_started

    process = pin_process()
    pages = [f"/processes/{process.slug}", f"/processes/{process.slug}/contributions"]
    for url in pages:
        assert "Trinkbrunnen am Eingang" not in _cached(worker_b, url, count_queries)

    with app.test_request_context():
        started = sign_started(time.time() - 10)
    sent = app.test_client().post(
        f"/processes/{process.slug}/contribute",
        data={
            "category": str(process.categories[0].id),
            "title": "Trinkbrunnen am Eingang",
            "body": "Im Sommer fehlt Wasser für die Kinder.",
            "area": str(process.areas[0].id),
            "started": started,
            "idempotency_key": uuid.uuid4().hex,
            "leave_empty": "",
        },
    )
    assert sent.status_code == 303

    client_b = worker_b.test_client()
    for url in pages:
        assert "Trinkbrunnen am Eingang" in client_b.get(url).get_data(as_text=True), url


def test_a_hidden_contribution_disappears_from_every_worker(
    app, worker_b, pin_process, add_pins, login, create_user, count_queries
):
    process = pin_process()
    (pin,) = add_pins(process, 1, title="Werbung für Kredite")
    browse = f"/processes/{process.slug}/contributions"
    assert "Werbung für Kredite 1" in _cached(worker_b, browse, count_queries)

    moderator = login(create_user(roles=["moderator"], areas=["08"]))
    hidden = moderator.post(
        f"/manage/processes/{process.id}/moderation/{pin.id}/hide",
        data={f"c{pin.id}-reason": "Werbung ist hier nicht erlaubt."},
    )
    assert hidden.status_code in (303, 204)

    assert "Werbung für Kredite" not in worker_b.test_client().get(browse).get_data(as_text=True)


def test_an_edited_process_shows_on_every_worker(app, worker_b, pin_process, count_queries):
    from participation.processes import services

    process = pin_process()
    for url in ("/", "/processes/", f"/processes/{process.slug}"):
        assert "Neuer Termin im Mai" not in _cached(worker_b, url, count_queries)

    services.update_process(process, None, summary="Neuer Termin im Mai: Spielplatzfest")
    db.session.commit()

    client_b = worker_b.test_client()
    for url in ("/", "/processes/", f"/processes/{process.slug}"):
        assert "Neuer Termin im Mai" in client_b.get(url).get_data(as_text=True), url


def test_a_rolled_back_edit_keeps_the_cached_page(app, worker_b, pin_process, count_queries):
    """Versions move only with committed writes: a failed edit costs no cache miss anywhere."""
    from participation.processes import services

    process = pin_process()
    url = f"/processes/{process.slug}"
    _cached(worker_b, url, count_queries)
    services.update_process(process, None, summary="Entwurf, nicht gespeichert")
    db.session.rollback()
    before = cache.version_queries
    _, queries = count_queries(worker_b, lambda: worker_b.test_client().get(url))
    assert queries + cache.version_queries - before == 1
