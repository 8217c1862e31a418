"""Route fuzzer (issue 13, "the harness"): every rule in ``app.url_map`` × every session → no 5xx.

The rules are read from the app at run time, so routes that other packages add are covered the
day they land. For each rule and each session (resident and the demo staff accounts, one per
role, in and outside their areas) the fuzzer sends

* a GET with real ids in the path and hostile values for every query parameter a page reads,
* a POST (valid CSRF token, so the view runs) with hostile values for every form field name the
  application knows (all WTForms fields, every ``name="…"`` in the templates, a generic set),
  once url-encoded with invalid UTF-8 escapes and repeated parameters,
* and, as a resident, GETs with hostile values in the path parameters themselves.

Values come from hypothesis strategies (superscript and other Unicode digits, 25-digit numbers,
negatives, NaN/Infinity, empty, 10,000 characters, control characters, CR/LF, invalid UTF-8
percent-escapes). One dense example per session (every request carries a hostile value in every
parameter) keeps the cost at one request per rule and method; every run draws new values. A
failure lists every route that answered 5xx (or raised) with the request.

All sessions share one app and one demo database (templates compiled once); each session's
writes are rolled back after it (``harness.rolled_back``), so a session that archived the demo
process or cancelled its meeting leaves nothing behind for the next. A staff session stays
signed in throughout: when a POST ends it ("log out on all devices" accepts any valid form), the
fuzzer signs in again and resends the page (before, every staff session was a resident from
``/manage/account`` on, so most staff pages were only ever fuzzed as the login redirect).
"""

import functools

import harness
import pytest
from fuzz_requests import (  # the machinery (tests/fuzz_requests.py)
    FIELDS,
    HOSTILE,
    _build_path,
    _hostile_paths,
    _path_values,
    _requests,
    fuzz,
    hostile_text,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

SESSIONS, client_for, world_ids = harness.SESSIONS, harness.client_for, harness.world_ids

SETTINGS = settings(
    max_examples=1,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.berlin
@pytest.mark.parametrize("session_name", list(SESSIONS))
@SETTINGS
@given(values=st.lists(hostile_text, min_size=12, max_size=12))
def test_no_route_answers_5xx(demo_app_shared, session_name, values):
    """One app and database for the module; each session's writes are rolled back after it."""
    app = demo_app_shared
    values = [*values, *HOSTILE]  # the named classes are always in, hypothesis adds the rest
    client, token = client_for(app, session_name)
    requests = list(_requests(app, values))
    sign_in = None
    if session_name == "anonymous":
        requests += list(_hostile_paths(app, values))
    else:
        sign_in = functools.partial(client_for, app, session_name)
    with harness.rolled_back(app):
        problems, statuses = fuzz(app, client, token, values, requests, sign_in)
    assert not problems, f"{len(problems)} of {len(requests)} requests failed:\n" + "\n".join(
        problems[:40]
    )
    # the POSTs reached the views (a valid CSRF token): not every one answered 400
    posts = sum(v for k, v in statuses.items() if k.startswith("POST"))
    assert statuses.get("POST 400", 0) < posts / 2, statuses
    if sign_in is not None:
        # signed in throughout: only the few POSTs that end the session needed a new sign-in
        assert statuses.get("sign-ins", 0) <= 5, statuses


@pytest.mark.berlin
def test_fuzzer_requests_every_rule(demo_app_shared):
    """Each non-static rule gets at least one request (new packages are covered automatically)."""
    app = demo_app_shared
    sent = {path for _m, path, _n in _requests(app, HOSTILE)}
    ids = world_ids(app)
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/static") or not rule.methods & {"GET", "POST"}:
            continue
        assert _build_path(rule, _path_values(rule, ids)) in sent, rule.rule
    assert {"title", "email", "csrf_token"} <= set(FIELDS)
