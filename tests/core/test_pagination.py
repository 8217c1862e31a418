"""One pagination helper: counts in SQL, keeps the filters in the links, bounded page numbers."""

from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.models import AuditEntry
from participation.core.pagination import paginate
from participation.extensions import db

EN = {"Accept-Language": "en"}


def _entries(n):
    for i in range(n):
        log_action("test.entry", None, user=None, number=i)
    db.session.commit()


def test_page_counts_and_keeps_filters(app):
    _entries(120)
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    with app.test_request_context("/list?page=2&q=spielplatz&empty="):
        page = paginate(stmt, per_page=50)
    assert (page.page, page.pages, page.total, len(page.items)) == (2, 3, 120, 50)
    assert page.items[0].details["number"] == 69  # newest first, second page
    assert (page.has_prev, page.prev_num, page.has_next, page.next_num) == (True, 1, True, 3)
    assert page.url_args(3) == {"q": "spielplatz", "page": 3}
    with app.test_request_context("/list?page=abc"):
        assert paginate(stmt, per_page=50).page == 1  # a bad number is page 1, not a 500
    with app.test_request_context("/list?page=3"):
        last = paginate(stmt, per_page=50)
    assert len(last.items) == 20 and not last.has_next and last.next_num is None


def test_audit_log_pages_through_the_shared_pager(create_user, login):
    _entries(60)
    admin = login(create_user(roles=["admin"]))
    first = admin.get("/manage/audit", headers=EN).get_data(as_text=True)
    assert "Page 1 of 2" in first and 'href="/manage/audit?page=2"' in first
    second = admin.get("/manage/audit?page=2", headers=EN).get_data(as_text=True)
    assert "Page 2 of 2" in second and 'href="/manage/audit?page=1"' in second
    assert "?page=3" not in second
