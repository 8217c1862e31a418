"""The route fuzzer's machinery (``test_fuzz_routes.py``): hostile values, the field names the
application knows, the requests for every rule, and sending them with a session."""

import functools
import importlib
import inspect
import pkgutil
import re
import traceback
from pathlib import Path
from urllib.parse import quote

import harness
from hypothesis import strategies as st

import participation

world_ids = harness.world_ids

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = [
    "²",
    "¹²³",
    "٣",
    "99999999999999999999",
    "-99999999999999999999999",
    "-1",
    "0",
    "NaN",
    "Infinity",
    "1e999",
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "\x1b[31m",
    "Header\r\nBcc: x@example.net",
    "\u202e\u2028",
    "1,2,²",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{}",
    "[]",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10),
    st.text(alphabet="0123456789²³¹⁴٠١٢३", min_size=1, max_size=25),
)
#: Raw percent-escapes that are not valid UTF-8 once decoded.
BAD_UTF8 = ["%ff", "%c3%28", "%ed%a0%80", "%fe%fe%ff", "%80abc"]
GENERIC_FIELDS = {
    "page", "area", "category", "status", "zoom", "level", "q", "type", "kind", "section",
    "saved", "question", "edit", "process", "interviewer", "channel", "sample", "code", "next",
    "bbox", "new", "state", "label", "id", "back", "format", "year", "from", "to", "sort", "lang",
    "token", "email", "password", "title", "body", "reason", "lon", "lat", "idempotency_key",
}  # fmt: skip
#: Actions that end the session or wipe the data the later requests need: sent last.
LATE = re.compile(r"logout|sign_out|delete|erase|remove|forget|deactivate|revoke|archive|close")


def _form_field_names() -> set[str]:
    """Every field name of every WTForms form in the application."""
    from wtforms import Form
    from wtforms.fields.core import UnboundField

    names: set[str] = set()
    for info in pkgutil.walk_packages(participation.__path__, "participation."):
        if not info.name.endswith(("forms", ".forms")) and ".forms." not in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Form):
                for attr, value in vars(obj).items():
                    if isinstance(value, UnboundField):
                        names.add(attr)
                for base in obj.__mro__:
                    for attr, value in vars(base).items():
                        if isinstance(value, UnboundField):
                            names.add(attr)
    return names


def _template_field_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        names.update(re.findall(r'name="([A-Za-z_][\w-]{0,40})"', path.read_text()))
    return names


FIELDS = sorted(GENERIC_FIELDS | _template_field_names() | _form_field_names())


def _path_values(rule, ids: dict, hostile: str | None = None) -> dict[str, str] | None:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters.get(arg)
        kind = type(converter).__name__ if converter else "UnicodeConverter"
        if kind == "AnyConverter":
            values[arg] = sorted(getattr(converter, "items", None) or ["x"])[0]
            continue
        if hostile is not None:
            values[arg] = hostile
        elif arg in ids:
            values[arg] = str(ids[arg])
        elif "Integer" in kind or "Int" in kind:
            values[arg] = "1"
        else:
            values[arg] = "x"
    return values


def _build_path(rule, values: dict[str, str]) -> str:
    """Fill *rule* with raw values (quoted, so hostile strings reach the router as sent)."""
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(arg) + r">", quote(value, safe=""), path)
    return path


@functools.lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    """*value* percent-encoded (memoised: the same values go into every request of a run)."""
    return quote(value, safe="")


def _encode(names, values, offset: int, extra_bad: str) -> str:
    """``name=value&…`` with hostile values (rotating), repeated params and invalid UTF-8."""
    parts = [
        f"{_quoted(name)}={_quoted(values[(i + offset) % len(values)])}"
        for i, name in enumerate(names)
    ]
    parts.append(f"page={extra_bad}&area=1&area=%C2%B2&{extra_bad}={extra_bad}")
    return "&".join(parts)


_INPUT_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]{1,60})"')


def _rules(app) -> list:
    """Every non-static rule; actions that end the session or delete come last."""
    rules = [
        r
        for r in app.url_map.iter_rules()
        if not r.rule.startswith(("/static", "/__test__")) and r.endpoint != "static"
    ]
    rules.sort(key=lambda r: (bool(LATE.search(r.endpoint)), r.rule))
    return rules


def _requests(app, values: list[str]):
    """Yield ``(method, path, offset)`` for every rule (GET and/or POST)."""
    ids = world_ids(app)
    for n, rule in enumerate(_rules(app)):
        path = _build_path(rule, _path_values(rule, ids))
        if "GET" in rule.methods:
            yield "GET", path, n
        if "POST" in rule.methods:
            yield "POST", path, n


def _hostile_paths(app, values: list[str]):
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.rule.startswith("/static") or "GET" not in rule.methods:
            continue
        for value in values[:2]:
            yield "GET", _build_path(rule, _path_values(rule, {}, hostile=value)), 0


def _send(client, token, method, path, query, body=None):
    """One request; returns ``(response or None, problem line or None)``."""
    try:
        if method == "GET":
            response = client.get(path + ("?" + query if query else ""))
        else:
            body = (body or "") + "&csrf_token=" + token
            response = client.post(
                path + ("?" + query if query else ""),
                data=body.encode(),
                content_type="application/x-www-form-urlencoded",
                headers={"X-CSRFToken": token},
            )
        response.get_data()  # a streamed body (CSV export) fails inside the generator
        response.close()
    except Exception:  # noqa: BLE001  (TESTING propagates view errors: that is a 500)
        return None, f"{method} {path[:120]} raised:\n{traceback.format_exc(limit=-3)}"
    if response.status_code >= 500:
        return response, f"{method} {path[:120]} → {response.status_code}"
    return response, None


def _signed_out(response) -> bool:
    """A signed-in session was sent to the login page: a request before ended the session."""
    return 300 <= response.status_code < 400 and "/login" in response.headers.get("Location", "")


def fuzz(app, client, token, values, requests, sign_in=None) -> tuple[list[str], dict[str, int]]:
    """Send *requests*; a POST gets the field names its GET page showed plus a rotating slice
    of every known field name. Returns the problems and a count of status classes.

    *sign_in* (``() -> (client, token)``) is given for a signed-in session: a POST with
    hostile fields can end it ("log out on all devices" on ``/manage/account`` accepts any
    valid form), after which every later request would test the login redirect only. When a
    response sends the session to the login page, it signs in again (counted as
    ``"sign-ins"``) and a GET is sent again, so each page is fuzzed as the role.
    """
    problems, statuses = [], {}
    page_fields: dict[str, list[str]] = {}
    names_sorted = sorted(GENERIC_FIELDS)
    for method, path, n in requests:
        bad = BAD_UTF8[n % len(BAD_UTF8)]
        query = _encode(names_sorted, values, n, bad)
        body = None
        if method == "POST":
            names = page_fields.get(path, [])
            names += [FIELDS[(n * 37 + i) % len(FIELDS)] for i in range(24)]
            body = _encode(list(dict.fromkeys(names)), values, n + 1, bad)
            query = ""
        response, problem = _send(client, token, method, path, query, body)
        if sign_in is not None and response is not None and _signed_out(response):
            client, token = sign_in()
            statuses["sign-ins"] = statuses.get("sign-ins", 0) + 1
            if method == "GET" and not problem:
                response, problem = _send(client, token, method, path, query, body)
        if method == "GET" and response is not None and response.mimetype == "text/html":
            text = response.get_data().decode("utf-8", "replace")
            page_fields[path] = [f for f in _INPUT_NAME.findall(text) if f != "csrf_token"]
        if response is not None:
            key = f"{method} {response.status_code}"
            statuses[key] = statuses.get(key, 0) + 1
        if problem:
            problems.append(problem)
    return problems, statuses
