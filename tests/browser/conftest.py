"""Browser tests: a live server on 127.0.0.1 with the demo data, driven by Debian's Chromium.

Every request the browser makes is checked: anything not on 127.0.0.1 fails the test (resident
pages must make no third-party requests). Map tiles point to a local blank tile. axe-core is served
by the test server (not injected inline), so the app's CSP stays on during the tests.
"""

import logging
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from participation import create_app
from participation.extensions import db

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
DATA_DIR = ROOT / "data"
CHROMIUM = os.environ.get("PARTICIPATION_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
DEMO_PASSWORD = "demo-passwort-2026"
# 1×1 transparent PNG used as map tile so that no request leaves the machine.
logging.getLogger("werkzeug").setLevel(logging.WARNING)
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def pytest_addoption(parser):
    """``--screenshots``: write docs/screenshots/*.png (only when asked, e.g. ``make screenshots``).

    Without it the browser tests leave the tracked images alone, so a normal run changes no file.
    """
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="save the README screenshots to docs/screenshots/",
    )


def _add_test_routes(app):
    axe = (HERE / "vendor" / "axe.min.js").read_bytes()

    @app.route("/__test__/axe.min.js")
    def axe_js():
        # cacheable: the sweeps add it to a few hundred pages; from the browser's cache Chromium
        # also keeps the compiled script instead of fetching and compiling ~500 kB each time
        return (
            axe,
            200,
            {"Content-Type": "application/javascript", "Cache-Control": "max-age=86400"},
        )

    @app.route("/__test__/tiles/<int:z>/<int:x>/<int:y>.png")
    def tile(z, x, y):
        return BLANK_PNG, 200, {"Content-Type": "image/png"}


@pytest.fixture(scope="session")
def live_server(databases, tmp_path_factory, pytestconfig):
    """Base URL of a threaded server with Berlin areas and every package's demo data.

    The app itself is ``pytestconfig.live_app`` (the page sweep enumerates its routes).
    """
    tmp = tmp_path_factory.mktemp("live")
    url = databases.copy("berlin")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_FILE_DIR=tmp / "mail",
        SEED_DATA_DIR=DATA_DIR,
        WTF_CSRF_ENABLED=True,
        SESSION_PROTECTION="strong",
        RATELIMIT_ENABLED=False,
        TILE_URL="/__test__/tiles/{z}/{x}/{y}.png",
        INSTANCE_DIR=tmp,
    )
    _add_test_routes(app)
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        from participation.demo import areas, seed

        # the copy holds Berlin's areas already: the demo's area step would only re-read and
        # compare all four levels (as in tests/harness.py: the same database, 40 % less seeding)
        patch.setattr(areas, "seed_berlin_areas", lambda data_dir=None: "")
        seed()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base
    pytestconfig.live_app = app
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian package, never a downloaded build)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium'")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


def _page(browser, live_server, **context_args):
    context = browser.new_context(base_url=live_server, locale="de-DE", **context_args)
    # how long a step may wait before it fails (a passing test never waits for it): with two
    # workers, each a live server and a Chromium, on two cores, a mail-sending POST or the 657
    # areas as JSON sometimes took over 10 s on a loaded machine
    context.set_default_timeout(20000)
    page = context.new_page()
    page.foreign_requests = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host not in ("127.0.0.1", "localhost"):
            page.foreign_requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    return context, page


@pytest.fixture
def phone_page(browser, live_server):
    """A page in a phone-sized context (390×844, touch), German locale."""
    context, page = _page(
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield page
    assert page.foreign_requests == [], f"third-party requests: {page.foreign_requests}"
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    """A page in a laptop-sized context (1280×800)."""
    context, page = _page(browser, live_server, viewport={"width": 1280, "height": 800})
    yield page
    assert page.foreign_requests == [], f"third-party requests: {page.foreign_requests}"
    context.close()


@pytest.fixture
def page_factory(browser, live_server):
    """Factory: ``page_factory(viewport=…, java_script_enabled=False, …)`` → a page in a German
    context of its own with the same third-party guard; checked and closed after the test."""
    made = []

    def factory(**context_args):
        context, page = _page(browser, live_server, **context_args)
        made.append((context, page))
        return page

    yield factory
    for context, page in made:
        context.close()
        assert page.foreign_requests == [], f"third-party requests: {page.foreign_requests}"


@pytest.fixture
def staff_login():
    """``staff_login(page, email)``: log the page's context in with the demo password."""

    def login(page, email):
        page.goto("/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url("**/manage/**")

    return login


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: no axe-core WCAG 2.1 A/AA violations on the current page."""

    def check(page, exclude=None):
        # A click may have started a navigation the caller did not wait for: axe injected into
        # a document that is being replaced finds no <head> ("reading 'appendChild'").
        page.wait_for_load_state("load")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(url="/__test__/axe.min.js")
        options = {
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        }
        context = {"exclude": exclude} if exclude else "document"
        result = page.evaluate(
            "([ctx, opts]) => axe.run(ctx === 'document' ? document : ctx, opts)",
            [context, options],
        )
        problems = [
            f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        assert problems == [], f"accessibility violations on {page.url}:\n" + "\n".join(problems)

    return check


@pytest.fixture
def screenshot(request):
    """``screenshot(page, name)``: save docs/screenshots/<name>.png (with ``--screenshots``)."""
    wanted = request.config.getoption("--screenshots", default=False)

    def take(page, name, full_page=True):
        if not wanted:
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return take
