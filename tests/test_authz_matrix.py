"""Authorization matrix (issue 13, "the harness"): every staff route × every role × own/other area.

ONE table below says, for each staff page (every GET rule under ``/manage``), what each demo
account gets on the demo data (process "Spielplatz Körnerpark" in Neukölln): ``o`` 200, ``x`` 403,
``n`` 404, ``r`` a redirect (303) — in the column order of :data:`COLUMNS`. A resident (no
session) is always sent to the login page. The two managers are the area test: ``manager_own``
is responsible for Neukölln (the demo process's area), ``manager_other`` for Spandau.

A route that is not in the table fails the test: a new package adds its rows when it adds pages.
The tables (:data:`EXPECTED`, :data:`EXPECTED_POST`, :data:`MINIMAL_FORM`) are in
``tests/authz_table.py``; the tests stay here.

:data:`EXPECTED_POST` does the same for every POST rule under ``/manage``: ``x`` 403, ``n`` 404,
``.`` allowed. Every POST carries a valid CSRF token (so the view runs). A forbidden one must
leave the database as it was: no INSERT/UPDATE/DELETE may reach the database during it, and a
checksum of every table's rows is the same before and after all of them. An allowed one, sent
with an empty form, must reach the view: anything but 403/404, a 5xx or the login page (400,
200 or 422 with the form's errors, 303 after a write are all "allowed"); its writes are rolled
back before the next case (``harness.rolled_back``), so no case sees another's. A resident's
POST is sent to the login page.
"""

import copy
import hashlib
import re

import harness
import pytest
import sqlalchemy as sa
from authz_table import EXPECTED, EXPECTED_POST, MINIMAL_FORM
from test_fuzz_routes import _build_path, _path_values

from participation.extensions import db

COLUMNS = ("admin", "planner", "manager_own", "manager_other", "moderator", "council", "staff")
CODES = {"o": 200, "x": 403, "n": 404, "r": 303}


def _staff_rules(app):
    return sorted(
        {r.rule: r for r in app.url_map.iter_rules() if r.rule.startswith("/manage")}.values(),
        key=lambda r: r.rule,
    )


@pytest.mark.berlin
def test_every_staff_route_has_a_row(demo_app_shared):
    app = demo_app_shared
    missing = [r.rule for r in _staff_rules(app) if "GET" in r.methods and r.rule not in EXPECTED]
    assert not missing, "add these staff routes to EXPECTED in tests/authz_table.py:\n" + (
        "\n".join(missing)
    )
    assert all(len(v) == len(COLUMNS) and set(v) <= set(CODES) for v in EXPECTED.values())


@pytest.mark.berlin
@pytest.mark.parametrize("session_name", ["anonymous", *COLUMNS])
def test_authorization_matrix(demo_app_shared, session_name):
    demo_app = demo_app_shared  # GETs: one database for every session
    ids = harness.world_ids(demo_app)
    client, _token = harness.client_for(demo_app, session_name)
    wrong = []
    for rule in _staff_rules(demo_app):
        if "GET" not in rule.methods or rule.rule not in EXPECTED:
            continue
        path = _build_path(rule, _path_values(rule, ids))
        try:
            response = client.get(path)
            response.get_data()  # run streamed bodies (CSV) to the end, then release the context
            response.close()
        except Exception as exc:  # noqa: BLE001  (a view error is a wrong answer too)
            wrong.append(f"{rule.rule}: raised {exc!r}"[:300])
            continue
        if session_name == "anonymous":
            ok = response.status_code == 302 and "/login" in response.headers["Location"]
            expected = "302 → /login"
        else:
            expected = CODES[EXPECTED[rule.rule][COLUMNS.index(session_name)]]
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{rule.rule}: {response.status_code}, expected {expected}")
    assert not wrong, f"{session_name}:\n" + "\n".join(wrong)


#: Statements that change the database (a forbidden POST must send none).
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


def _checksum() -> str:
    """SHA-256 over every row of every table, in primary-key order (the database's content)."""
    from participation.core.db import Base

    digest = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            digest.update(table.name.encode())
            # JSON as text: the same content without decoding every geometry (twice as fast)
            columns = [
                sa.cast(c, sa.Text) if isinstance(c.type, sa.JSON) else c for c in table.columns
            ]
            for row in conn.execute(sa.select(*columns).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.mark.berlin
def test_every_staff_post_route_has_a_row(demo_app_shared):
    app = demo_app_shared
    rules = [r.rule for r in _staff_rules(app) if "POST" in r.methods]
    missing = [rule for rule in rules if rule not in EXPECTED_POST]
    assert not missing, "add these POST routes to EXPECTED_POST in tests/authz_table.py:\n" + (
        "\n".join(missing)
    )
    assert set(EXPECTED_POST) <= set(rules), set(EXPECTED_POST) - set(rules)  # no stale rows
    assert all(len(v) == len(COLUMNS) and set(v) <= set("xn.") for v in EXPECTED_POST.values())
    # who may not open a page may not send it either
    for rule, post in EXPECTED_POST.items():
        get = EXPECTED.get(rule, "o" * len(COLUMNS))
        pairs = enumerate(zip(get, post, strict=True))
        allowed = [COLUMNS[i] for i, (g, p) in pairs if g in "xn" and p == "."]
        assert not allowed, f"{rule}: GET refused but POST allowed for {allowed}"


@pytest.mark.berlin
def test_forbidden_posts_change_nothing(demo_app_shared):
    """Every forbidden POST × session: the expected refusal, and the database stays as it was."""
    demo_app = demo_app_shared
    ids = harness.world_ids(demo_app)
    rules = [r for r in _staff_rules(demo_app) if "POST" in r.methods and r.rule in EXPECTED_POST]
    writes: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if _WRITE.match(statement):
            writes.append(statement.split("(")[0][:80])

    # logged in before the checksum: a login stores a device session (accounts.user_sessions)
    clients = {name: harness.client_for(demo_app, name) for name in ["anonymous", *COLUMNS]}
    before = _checksum()
    sa.event.listen(db.engine, "before_cursor_execute", record)
    wrong, sent = [], 0
    try:
        for session_name, (client, token) in clients.items():
            for rule in rules:
                code = "x" if session_name == "anonymous" else None
                if code is None:
                    code = EXPECTED_POST[rule.rule][COLUMNS.index(session_name)]
                if code == ".":
                    continue
                path = _build_path(rule, _path_values(rule, ids))
                writes.clear()
                sent += 1
                try:
                    response = client.post(path, data={"csrf_token": token})
                    response.get_data()
                    response.close()
                except Exception as exc:  # noqa: BLE001  (a view error is a wrong answer too)
                    wrong.append(f"{session_name} POST {rule.rule}: raised {exc!r}"[:300])
                    continue
                if session_name == "anonymous":
                    ok = response.status_code == 302 and "/login" in response.headers["Location"]
                    expected = "302 → /login"
                else:
                    expected = CODES[code]
                    ok = response.status_code == expected
                if not ok:
                    got = response.status_code
                    wrong.append(f"{session_name} POST {rule.rule}: {got}, expected {expected}")
                if writes:
                    wrong.append(f"{session_name} POST {rule.rule} wrote: {sorted(set(writes))}")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert not wrong, "\n".join(wrong)
    assert sent > 500  # 8 sessions × ~110 routes, the allowed ones left out
    assert _checksum() == before, "a forbidden POST changed the database"


def _login_redirect(response) -> bool:
    """Flask-Login sent the request to the login page (``?next=``): not signed in."""
    location = response.headers.get("Location", "")
    return response.status_code == 302 and "/login" in location and "next=" in location


@pytest.mark.berlin
def test_allowed_posts_reach_the_view(demo_app_shared):
    """Every allowed POST × session (own area): the view runs and answers, nothing is refused.

    The form is empty (only the CSRF token): a 400, the page again with its errors (200/422) or
    a redirect after a write are all answers of the view itself. Each case starts from the same
    database (its writes are rolled back) and the same cookies (a "log out on all devices"
    ends the session in the cookie too).
    """
    demo_app = demo_app_shared
    ids = harness.world_ids(demo_app)
    rules = [r for r in _staff_rules(demo_app) if "POST" in r.methods and r.rule in EXPECTED_POST]
    clients = {name: harness.client_for(demo_app, name) for name in COLUMNS}
    wrong, answers, writes = [], {}, []

    def record(conn, cursor, statement, parameters, context, executemany):
        if _WRITE.match(statement):
            writes.append(statement)

    before = _checksum()
    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        _send_allowed(demo_app, clients, ids, rules, writes, wrong, answers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    sent = sum(answers.values()) + sum(" raised " in w for w in wrong)
    assert not wrong, f"{len(wrong)} of {sent} allowed POSTs refused:\n" + "\n".join(wrong)
    assert sent > 250, sent  # every "." of EXPECTED_POST: ~310
    # the empty forms reached the views: errors shown, and some actions done (and rolled back)
    assert answers.get(303, 0) + answers.get(302, 0) > 20, answers
    assert answers.get(200, 0) + answers.get(400, 0) + answers.get(422, 0) > 50, answers
    assert _checksum() == before, "an allowed POST's write outlived its case"


def _send_allowed(demo_app, clients, ids, rules, writes, wrong, answers) -> None:
    """The loop of :func:`test_allowed_posts_reach_the_view`: one case per allowed cell."""
    with harness.rolled_back(demo_app) as reset:
        for session_name, (client, token) in clients.items():
            cookies = copy.deepcopy(client._cookies)
            for rule in rules:
                if EXPECTED_POST[rule.rule][COLUMNS.index(session_name)] != ".":
                    continue
                path = _build_path(rule, _path_values(rule, ids))
                form = {k: str(ids[v]) for k, v in MINIMAL_FORM.get(rule.rule, {}).items()}
                try:
                    response = client.post(path, data={**form, "csrf_token": token})
                    response.get_data()
                    response.close()
                except Exception as exc:  # noqa: BLE001  (a view error is a wrong answer too)
                    wrong.append(f"{session_name} POST {rule.rule}: raised {exc!r}"[:300])
                    continue
                finally:
                    if writes:  # this case's writes do not reach the next one
                        reset()
                        writes.clear()
                    client._cookies = copy.deepcopy(cookies)
                code = response.status_code
                answers[code] = answers.get(code, 0) + 1
                if code in (403, 404) or code >= 500 or _login_redirect(response):
                    where = response.headers.get("Location", "")
                    wrong.append(f"{session_name} POST {rule.rule}: {code} {where}".rstrip())
