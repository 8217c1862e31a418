"""Authorization matrix (issue 13, "the harness"): every staff route × every role × own/other area.

ONE table below says, for each staff page (every GET rule under ``/manage``), what each demo
account gets on the demo data (process "Spielplatz Körnerpark" in Neukölln): ``o`` 200, ``x`` 403,
``n`` 404, ``r`` a redirect (303) — in the column order of :data:`COLUMNS`. A resident (no
session) is always sent to the login page. The two managers are the area test: ``manager_own``
is responsible for Neukölln (the demo process's area), ``manager_other`` for Spandau.

A route that is not in the table fails the test: a new package adds its rows when it adds pages.

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
from test_fuzz_routes import _build_path, _path_values

from participation.extensions import db

COLUMNS = ("admin", "planner", "manager_own", "manager_other", "moderator", "council", "staff")
CODES = {"o": 200, "x": 403, "n": 404, "r": 303}

# The demo process shares its stakeholder analysis with the council (opt-in per process), so
# council members read it (o) but cannot add or assess; the closed default is tested in
# tests/security.
# fmt: off
EXPECTED = {
    "/manage/": "ooooooo",
    "/manage/account": "ooooooo",
    "/manage/areas/import": "oxxxxxx",
    "/manage/areas/<int:area_id>/profile": "ooxxoox",
    "/manage/areas/levels": "oxxxxxx",
    "/manage/audit": "oxxxxxx",
    "/manage/budgets/": "ooooxxx",
    "/manage/budgets/<int:budget_id>": "oooxxxx",
    "/manage/budgets/<int:budget_id>/allocate": "oooxxxx",
    "/manage/budgets/<int:budget_id>/ballots": "oooxxxx",
    "/manage/budgets/<int:budget_id>/codes": "nnnxxxx",
    "/manage/budgets/<int:budget_id>/criteria/<int:criterion_id>": "oooxxxx",
    "/manage/budgets/<int:budget_id>/edit": "oooxxxx",
    "/manage/budgets/<int:budget_id>/ranking": "oooxxxx",
    "/manage/budgets/<int:budget_id>/scoring": "oooxxxx",
    "/manage/budgets/applications/<int:application_id>": "oooxxxx",
    "/manage/budgets/applications/<int:application_id>/attachment": "nnnxxxx",
    "/manage/budgets/new": "ooooxxx",
    "/manage/budgets/splits": "ooooxxx",
    "/manage/budgets/splits/<int:split_id>": "ooooxxx",
    "/manage/contributions/<int:contribution_id>/answer": "oooxxxx",
    "/manage/goals/": "ooooxxx",
    "/manage/goals/<int:goal_id>/edit": "oooxxxx",
    "/manage/goals/<int:goal_id>/indicator": "oooxxxx",
    "/manage/indicators/": "ooxxxxx",
    "/manage/measures/": "ooooxxx",
    "/manage/measures/<int:measure_id>": "oooxxxx",
    "/manage/measures/<int:measure_id>/edit": "oooxxxx",
    "/manage/measures/from-meetings": "ooooxxx",
    "/manage/measures/new": "ooooxxx",
    "/manage/meetings/": "ooooxox",
    "/manage/meetings/<int:meeting_id>": "oooxxox",
    "/manage/meetings/<int:meeting_id>/agenda.pdf": "oooxxox",
    "/manage/meetings/<int:meeting_id>/agenda/<int:item_id>/edit": "oooxxxx",
    "/manage/meetings/<int:meeting_id>/edit": "oooxxxx",
    "/manage/meetings/<int:meeting_id>/minutes": "oooxxox",
    "/manage/meetings/<int:meeting_id>/poll/new": "oooxxxx",
    "/manage/meetings/bodies/<int:body_id>": "oooxxox",
    "/manage/meetings/bodies/<int:body_id>/edit": "oooxxxx",
    "/manage/meetings/bodies/<int:body_id>/lottery/new": "oooxxxx",
    "/manage/meetings/bodies/<int:body_id>/meetings/new": "oooxxxx",
    "/manage/meetings/bodies/<int:body_id>/needs": "oooxxox",
    "/manage/meetings/bodies/<int:body_id>/series/new": "oooxxxx",
    "/manage/meetings/bodies/new": "ooooxxx",
    "/manage/my-scores": "ooooooo",
    "/manage/my-scores/<int:budget_id>": "xxxxxxx",
    "/manage/privacy-requests": "oxxxxxx",
    "/manage/processes/<int:process_id>": "oooxxxx",
    "/manage/processes/<int:process_id>/categories": "oooxxxx",
    "/manage/processes/<int:process_id>/close": "oooxxxx",
    "/manage/processes/<int:process_id>/contributions-export.geojson": "oooxxox",
    "/manage/processes/<int:process_id>/contributions.csv": "oooxxox",
    "/manage/processes/<int:process_id>/duplicates": "oooxxxx",
    "/manage/processes/<int:process_id>/edit": "oooxxxx",
    "/manage/processes/<int:process_id>/entry": "oooxxxo",
    "/manage/processes/<int:process_id>/feedback": "oooxxxx",
    "/manage/processes/<int:process_id>/moderation": "oooxoxx",
    "/manage/processes/<int:process_id>/phases": "oooxxxx",
    "/manage/processes/<int:process_id>/representation": "oooxooo",
    "/manage/processes/<int:process_id>/stakeholders": "oooxxox",
    "/manage/processes/<int:process_id>/stakeholders/add": "oooxxxx",
    "/manage/processes/<int:process_id>/stakeholders/assess/<int:actor_id>": "oooxxxx",
    "/manage/processes/<int:process_id>/stakeholders/assessments/<int:assessment_id>": "oooxxox",
    "/manage/processes/<int:process_id>/stakeholders/coverage": "oooxxox",
    "/manage/processes/<int:process_id>/stakeholders/lists/<int:list_id>": "oooxxox",
    "/manage/processes/<int:process_id>/stakeholders/lists/<int:list_id>.csv": "oooxxox",
    "/manage/processes/<int:process_id>/stakeholders/matrix.csv": "oooxxox",
    "/manage/processes/<int:process_id>/stakeholders/matrix.pdf": "oooxxox",
    "/manage/processes/<int:process_id>/surveys/new": "oooxxxx",
    "/manage/processes/<int:process_id>/themes": "oooxxxx",
    "/manage/processes/<int:process_id>/translations": "oooxxxx",
    "/manage/processes/new": "ooooxxx",
    "/manage/reasons/": "ooxxxxx",
    "/manage/reasons/<int:template_id>": "ooxxxxx",
    "/manage/reports/": "ooooxox",
    "/manage/reports/area/<int:area_id>": "ooxxxox",
    "/manage/reports/jobs/<int:job_id>": "nnnnxxx",
    "/manage/reports/process/<int:process_id>": "oooxxox",
    "/manage/stakeholders/": "ooooxox",
    "/manage/stakeholders/<int:actor_id>": "oooxxox",
    "/manage/stakeholders/<int:actor_id>/assess": "rrrrrrr",
    "/manage/stakeholders/<int:actor_id>/edit": "oooxxxx",
    "/manage/stakeholders/<int:actor_id>/erase": "oooxxxx",
    "/manage/stakeholders/<int:actor_id>/export.json": "oooxxxx",
    "/manage/stakeholders/coverage": "ooxxxxx",
    "/manage/stakeholders/import": "ooooxxx",
    "/manage/stakeholders/network": "ooooxox",
    "/manage/stakeholders/new": "ooooxxx",
    "/manage/stakeholders/types": "ooxxxxx",
    "/manage/surveys/<int:survey_id>": "oooxxxx",
    "/manage/surveys/<int:survey_id>/answers/texts": "oooxxxx",
    "/manage/surveys/<int:survey_id>/answers/texts/<int:answer_id>/promote": "nnnxxxx",
    "/manage/surveys/<int:survey_id>/codebook.csv": "oooxxxx",
    "/manage/surveys/<int:survey_id>/edit": "oooxxxx",
    "/manage/surveys/<int:survey_id>/entry": "oooxxxo",
    "/manage/surveys/<int:survey_id>/export.csv": "oooxxxx",
    "/manage/surveys/<int:survey_id>/invitations": "oooxxxx",
    "/manage/surveys/<int:survey_id>/invitations/sheet": "oooxxxx",
    "/manage/surveys/<int:survey_id>/questions/<int:question_id>/edit": "oooxxxx",
    "/manage/surveys/<int:survey_id>/questions/new": "oooxxxx",
    "/manage/surveys/<int:survey_id>/results": "oooxxox",
    "/manage/surveys/<int:survey_id>/results/breakdown": "oooxxox",
    "/manage/surveys/<int:survey_id>/sections/<int:section_id>/edit": "oooxxxx",
    "/manage/surveys/<int:survey_id>/sections/new": "oooxxxx",
    "/manage/surveys/<int:survey_id>/settings": "oooxxxx",
    "/manage/themes/<int:theme_id>": "oooxxxx",
    "/manage/users/": "oxxxxxx",
    "/manage/users/<int:user_id>": "oxxxxxx",
}
# fmt: on

# POSTs (issue 13, harness): same columns; "x" 403, "n" 404, "." allowed (reaches the view).
# fmt: off
EXPECTED_POST = {
    "/manage/account": ".......",
    "/manage/account/devices/<int:device_id>/revoke": ".......",
    "/manage/account/devices/revoke-others": ".......",
    "/manage/areas/import": ".xxxxxx",
    "/manage/areas/levels": ".xxxxxx",
    "/manage/budgets/<int:budget_id>/allocate": "...xxxx",
    "/manage/budgets/<int:budget_id>/ballots": "...xxxx",
    "/manage/budgets/<int:budget_id>/codes": "nnnxxxx",
    "/manage/budgets/<int:budget_id>/conflicts": "nnnxxxx",
    "/manage/budgets/<int:budget_id>/criteria": "...xxxx",
    "/manage/budgets/<int:budget_id>/criteria/<int:criterion_id>": "...xxxx",
    "/manage/budgets/<int:budget_id>/criteria/<int:criterion_id>/remove": "...xxxx",
    "/manage/budgets/<int:budget_id>/edit": "...xxxx",
    "/manage/budgets/<int:budget_id>/member-account": "nnnxxxx",
    "/manage/budgets/<int:budget_id>/scoring": "...xxxx",
    "/manage/budgets/<int:budget_id>/tiers": "...xxxx",
    "/manage/budgets/applications/<int:application_id>": "...xxxx",
    "/manage/budgets/applications/<int:application_id>/eligibility": "...xxxx",
    "/manage/budgets/new": "....xxx",
    "/manage/budgets/splits": "....xxx",
    "/manage/contributions/<int:contribution_id>/answer": "...xxxx",
    "/manage/goals/": "....xxx",
    "/manage/goals/<int:goal_id>/delete": "...xxxx",
    "/manage/goals/<int:goal_id>/edit": "...xxxx",
    "/manage/goals/<int:goal_id>/indicator": "...xxxx",
    "/manage/indicators/": "..xxxxx",
    "/manage/measures/<int:measure_id>/agenda": "...xxxx",
    "/manage/measures/<int:measure_id>/agenda/<int:item_id>/delete": "...xxxx",
    "/manage/measures/<int:measure_id>/decisions": "...xxxx",
    "/manage/measures/<int:measure_id>/decisions/<int:decision_id>/delete": "...xxxx",
    "/manage/measures/<int:measure_id>/edit": "...xxxx",
    "/manage/measures/<int:measure_id>/links/<int:link_id>/delete": "...xxxx",
    "/manage/measures/<int:measure_id>/milestones": "...xxxx",
    "/manage/measures/<int:measure_id>/milestones/<int:milestone_id>/done": "...xxxx",
    "/manage/measures/<int:measure_id>/status": "...xxxx",
    "/manage/measures/new": "....xxx",
    "/manage/meetings/<int:meeting_id>/actions": "...xxxx",
    "/manage/meetings/<int:meeting_id>/actions/<int:item_id>/status": "...xxxx",
    "/manage/meetings/<int:meeting_id>/agenda": "...xxxx",
    "/manage/meetings/<int:meeting_id>/agenda/<int:item_id>/<action>": "nnnxxxx",
    "/manage/meetings/<int:meeting_id>/agenda/<int:item_id>/edit": "...xxxx",
    "/manage/meetings/<int:meeting_id>/attendance": "...xxxx",
    "/manage/meetings/<int:meeting_id>/cancel": "...xxxx",
    "/manage/meetings/<int:meeting_id>/decisions": "...xxxx",
    "/manage/meetings/<int:meeting_id>/edit": "...xxxx",
    "/manage/meetings/<int:meeting_id>/invite": "...xxxx",
    "/manage/meetings/<int:meeting_id>/items/<int:item_id>/minutes": "...xxxx",
    "/manage/meetings/<int:meeting_id>/minutes/<action>": "nnnxxxx",
    "/manage/meetings/<int:meeting_id>/minutes/summary": "...xxxx",
    "/manage/meetings/<int:meeting_id>/needs": "...xxxx",
    "/manage/meetings/<int:meeting_id>/poll/close": "nnnxxxx",
    "/manage/meetings/<int:meeting_id>/poll/new": "...xxxx",
    "/manage/meetings/<int:meeting_id>/poll/reopen": "nnnxxxx",
    "/manage/meetings/bodies/<int:body_id>/edit": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/lottery/new": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/meetings/new": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/members": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/members/<int:membership_id>/end": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/members/<int:membership_id>/public": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/members/from-list": "...xxxx",
    "/manage/meetings/bodies/<int:body_id>/series/new": "...xxxx",
    "/manage/meetings/bodies/new": "....xxx",
    "/manage/meetings/lottery/<int:lottery_id>/<action>": "nnnxxxx",
    "/manage/my-scores/<int:budget_id>": "xxxxxxx",
    "/manage/my-scores/<int:budget_id>/conflict": "xxxxxxx",
    "/manage/privacy-requests": ".xxxxxx",
    "/manage/processes/<int:process_id>/<any(publish, close, archive):action>": "...xxxx",
    "/manage/processes/<int:process_id>/categories": "...xxxx",
    "/manage/processes/<int:process_id>/edit": "...xxxx",
    "/manage/processes/<int:process_id>/entry": "...xxx.",
    "/manage/processes/<int:process_id>/feedback/apply": "...xxxx",
    "/manage/processes/<int:process_id>/feedback/settings": "...xxxx",
    "/manage/processes/<int:process_id>/moderation/<int:contribution_id>/approve": "...x.xx",
    "/manage/processes/<int:process_id>/moderation/<int:contribution_id>/hide": "...x.xx",
    "/manage/processes/<int:process_id>/phases": "...xxxx",
    "/manage/processes/<int:process_id>/stakeholders/assess/<int:actor_id>": "...xxxx",
    "/manage/processes/<int:process_id>/stakeholders/council": "...xxxx",
    "/manage/processes/<int:process_id>/stakeholders/coverage": "...xxxx",
    "/manage/processes/<int:process_id>/stakeholders/lists": "...xxxx",
    "/manage/processes/<int:process_id>/surveys/new": "...xxxx",
    "/manage/processes/<int:process_id>/themes": "...xxxx",
    "/manage/processes/<int:process_id>/translations": "...xxxx",
    "/manage/processes/new": "....xxx",
    "/manage/reasons/<int:template_id>": "..xxxxx",
    "/manage/reports/jobs": "....xxx",
    "/manage/reports/versions/<int:version_id>/publish": "...xxxx",
    "/manage/stakeholders/<int:actor_id>/edit": "...xxxx",
    "/manage/stakeholders/<int:actor_id>/erase": "...xxxx",
    "/manage/stakeholders/<int:actor_id>/memberships": "...xxxx",
    "/manage/stakeholders/<int:actor_id>/relations": "...xxxx",
    "/manage/stakeholders/coverage": "..xxxxx",
    "/manage/stakeholders/import": "....xxx",
    "/manage/stakeholders/memberships/<int:membership_id>/delete": "...xxxx",
    "/manage/stakeholders/new": "....xxx",
    "/manage/stakeholders/relations/<int:relation_id>/delete": "...xxxx",
    "/manage/stakeholders/types": "..xxxxx",
    "/manage/surveys/<int:survey_id>/<any(publish, close, copy):action>": "...xxxx",
    "/manage/surveys/<int:survey_id>/<any(questions, sections):kind>/<int:item_id>/<any(up, down, delete):action>": "...xxxx",  # noqa: E501
    "/manage/surveys/<int:survey_id>/answers/texts/<int:answer_id>/<any(approved, hidden):status>": "nnnxxxx",  # noqa: E501
    "/manage/surveys/<int:survey_id>/answers/texts/<int:answer_id>/promote": "nnnxxxx",
    "/manage/surveys/<int:survey_id>/edit": "...xxxx",
    "/manage/surveys/<int:survey_id>/entry": "...xxx.",
    "/manage/surveys/<int:survey_id>/invitations": "...xxxx",
    "/manage/surveys/<int:survey_id>/questions/<int:question_id>/edit": "...xxxx",
    "/manage/surveys/<int:survey_id>/questions/new": "...xxxx",
    "/manage/surveys/<int:survey_id>/sections/<int:section_id>/edit": "...xxxx",
    "/manage/surveys/<int:survey_id>/sections/new": "...xxxx",
    "/manage/surveys/<int:survey_id>/settings": "...xxxx",
    "/manage/themes/<int:theme_id>/answer": "...xxxx",
    "/manage/themes/<int:theme_id>/link": "...xxxx",
    "/manage/themes/<int:theme_id>/remove/<int:contribution_id>": "...xxxx",
    "/manage/users/": ".xxxxxx",
    "/manage/users/<int:user_id>": ".xxxxxx",
}
# fmt: on
#: The least an allowed POST must name to reach its view: form field → ``world_ids`` name (an
#: empty scoring grid names no member, and a grid without a member is "not found").
MINIMAL_FORM = {
    "/manage/budgets/<int:budget_id>/scoring": {"member": "membership_id"},
}
#: Notes on entries that look surprising but are intended:
#: - council ``x`` on .../stakeholders*: council access to assessments is opt-in per process
#:   (issue 13 #8); the demo process has not opted in.
#: - ``n`` on .../answers/texts/<answer_id>/promote: the first answer id is not a text answer.
#: - staff ``o`` on .../entry: staff members enter paper input for their areas.


def _staff_rules(app):
    return sorted(
        {r.rule: r for r in app.url_map.iter_rules() if r.rule.startswith("/manage")}.values(),
        key=lambda r: r.rule,
    )


@pytest.mark.berlin
def test_every_staff_route_has_a_row(demo_app_shared):
    app = demo_app_shared
    missing = [r.rule for r in _staff_rules(app) if "GET" in r.methods and r.rule not in EXPECTED]
    assert not missing, "add these staff routes to EXPECTED in tests/test_authz_matrix.py:\n" + (
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
    assert not missing, (
        "add these POST routes to EXPECTED_POST in tests/test_authz_matrix.py:\n"
        + ("\n".join(missing))
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
