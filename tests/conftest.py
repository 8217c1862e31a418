"""Test fixtures (ARCHITECTURE.md §4).

Databases are built once per session **by running the migrations**, as templates: ``empty`` and
``berlin`` (Berlin's four area levels imported). Each test gets a fresh copy: a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL (``PARTICIPATION_TEST_DATABASE_URL``).
"""

import os
import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from harness import (  # noqa: F401  (registered once)
    _demo_app_once,
    demo_app,
    demo_app_shared,
    demo_template,
)
from hypothesis import settings as hypothesis_settings
from suite_order import _rank, _reads_the_database_url
from suite_speedups import _memoise_url_builders, _share_compiled_templates
from testclients import Client  # noqa: F401  (also used by tests/harness.py)

from participation import create_app
from participation.extensions import db

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"  # the bundled open data (gzip), see data/README.md
PG_URL = os.environ.get("PARTICIPATION_TEST_DATABASE_URL")

# In CI the hypothesis examples are derandomised (the same values every run), so whether a
# submission lands never depends on luck; local runs draw new values each time and keep finding
# new inputs (that is how the NUL-in-an-area-name 500 on PostgreSQL was found).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


if not os.environ.get("PARTICIPATION_TEST_COMPILE_EVERY_APP"):  # set it to compare
    _memoise_url_builders()
    _share_compiled_templates()


def pytest_collection_modifyitems(config, items):
    """The longest tests first (``LONGEST_FIRST``, ``tests/suite_order.py``); the rest keep
    their order.

    Whole files move together, so module-scoped fixtures are still set up once per worker.

    On the PostgreSQL run, tests that never get a database are left out (deselected, listed in
    the summary): every database of the tests comes from the ``databases`` fixture, so a test
    without it in its fixture closure (and whose file does not read the PostgreSQL URL itself)
    runs the same code on both runs; the SQLite run has already run it.
    """
    items.sort(key=lambda item: _rank(item.nodeid))
    if not PG_URL:
        return
    seen: dict[Path, bool] = {}
    keep, once = [], []
    for item in items:
        uses_db = "databases" in getattr(item, "fixturenames", ("databases",))
        if uses_db or _reads_the_database_url(Path(item.path), seen):
            keep.append(item)
        else:
            once.append(item)
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = keep


def _app_for(url: str, tmp: Path, **overrides):
    # uploads go to the test's own folder, not the checkout's instance/ (parallel workers)
    settings = {
        "MAIL_FILE_DIR": tmp / "mail",
        "INSTANCE_DIR": tmp,
        "SEED_DATA_DIR": DATA_DIR,
        **overrides,
    }
    return create_app("testing", SQLALCHEMY_DATABASE_URI=url, **settings)


def _upgrade(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="head")


def _seed_berlin(app) -> None:
    from participation.demo.areas import seed_berlin_areas

    with app.app_context():
        seed_berlin_areas(DATA_DIR)
        db.session.remove()
        db.engine.dispose()


class Databases:
    """Creates per-test databases from the session templates."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.templates: dict[str, str] = {}
        self._admin: sa.Engine | None = None

    @property
    def admin(self) -> sa.Engine:
        """One AUTOCOMMIT engine on the server's maintenance database, for the whole session.

        Its pooled connection is reused by every CREATE/DROP DATABASE: a new engine and a new
        connection per call (twice per test) cost a connection start-up each time.
        """
        if self._admin is None:
            self._admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_size=1)
        return self._admin

    def template(self, name: str) -> str:
        if name not in self.templates:
            # unique per run: parallel runs may share one PostgreSQL server
            db_name = f"tpl_{name}_{os.getpid()}"
            if name == "berlin":
                # the migrations ran for the empty template already: start from a copy of it
                # (the same schema; one migration run per session instead of two)
                url = self.clone(self.template("empty"), db_name)
            else:
                url = self._new_url(db_name)
            app = _app_for(url, self.workdir)
            if name == "berlin":
                _seed_berlin(app)
            else:
                _upgrade(app)
            with app.app_context():
                db.engine.dispose()
            self.templates[name] = url
        return self.templates[name]

    def _new_url(self, name: str) -> str:
        if PG_URL:
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            return sa.engine.make_url(PG_URL).set(database=name).render_as_string(False)
        return f"sqlite:///{self.workdir / (name + '.db')}"

    def clone(self, source: str, target: str) -> str:
        """A new database *target* with the content of the database at *source*."""
        if PG_URL:
            with self.admin.connect() as conn:
                template = sa.engine.make_url(source).database
                # PostgreSQL 15+ copies a template through the WAL by default; copying its files
                # is about twice as fast for the Berlin template (~20 MB), once per test.
                new_pg = conn.dialect.server_version_info >= (15,)
                strategy = " STRATEGY FILE_COPY" if new_pg else ""
                if target.startswith("tpl_"):  # a template name may be left from a crashed run
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target}"'))
                conn.execute(sa.text(f'CREATE DATABASE "{target}" TEMPLATE "{template}"{strategy}'))
            return sa.engine.make_url(PG_URL).set(database=target).render_as_string(False)
        path = self.workdir / f"{target}.db"
        shutil.copyfile(source[len("sqlite:///") :], path)
        return f"sqlite:///{path}"

    def copy(self, name: str) -> str:
        return self.clone(self.template(name), f"t_{uuid.uuid4().hex[:12]}")

    def drop(self, url: str) -> None:
        if PG_URL:
            with self.admin.connect() as conn:
                conn.execute(
                    sa.text(
                        f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)'
                    )
                )
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Databases:
    """Session-wide template databases."""
    databases = Databases(tmp_path_factory.mktemp("db"))
    yield databases
    if databases._admin is not None:
        databases._admin.dispose()


@pytest.fixture
def app(request, databases, tmp_path):
    """A fresh app and database; ``@pytest.mark.berlin`` starts with Berlin's areas."""
    template = "berlin" if request.node.get_closest_marker("berlin") else "empty"
    url = databases.copy(template)
    app = _app_for(url, tmp_path)
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture
def make_app(databases, tmp_path):
    """Factory: ``make_app(**config)`` → an extra app on a fresh empty database."""

    def factory(**overrides):
        return _app_for(databases.copy("empty"), tmp_path, **overrides)

    return factory


@pytest.fixture
def client(app):
    """Anonymous test client (a resident)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def create_user(app):
    """Factory: ``create_user(roles=["planner"], areas=["08"])`` → committed User."""
    from participation.accounts.services import create_user as make
    from participation.areas.models import Area

    def factory(
        email=None, name="Test Person", roles=("planner",), areas=(), password="secret-pw-123"
    ):
        area_objs = db.session.scalars(
            sa.select(Area).where(Area.code.in_(list(areas)), Area.valid_to.is_(None))
        ).all()
        user = make(
            email or f"{uuid.uuid4().hex[:8]}@example.org",
            name,
            password,
            roles=roles,
            areas=area_objs,
        )
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login(app):
    """Factory: ``login(user)`` → a test client logged in as *user*."""

    def factory(user):
        return app.test_client(user=user)

    return factory


@pytest.fixture
def area(app):
    """Factory: ``area("08")`` → the current area with that code."""
    from participation.areas.models import Area

    def factory(code):
        return db.session.scalar(sa.select(Area).where(Area.code == code, Area.valid_to.is_(None)))

    return factory


@pytest.fixture
def create_process(app, create_user, area):
    """Factory: ``create_process(areas=["08010213"], publish=True, **fields)`` → Process."""
    from participation.processes import services

    def factory(areas=("08010213",), publish=False, user=None, **fields):
        user = user or create_user(roles=["planner"])
        data = {
            "title": "Spielplatz Körnerpark",
            "summary": "Wie soll der Spielplatz aussehen?",
            "level": "consultation",
            "scope_influence": "Spielgeräte, Bänke, Schatten",
            "scope_decided": "Ort und Größe",
            "decision_by": "BVV-Ausschuss im April",
            "resources": "380.000 €",
            "contact_name": "Nesrin Yılmaz",
            "tools": ["pins", "ideas", "survey"],
        }
        data.update(fields)
        process = services.create_process(user, [area(c) for c in areas], **data)
        if publish and process.level != "information" and not process.phases:
            # publishing above Information needs a dated phase (issue 14)
            today = date.today()
            phase = services.PhaseInput("Beteiligung", today, today + timedelta(days=60))
            services.set_phases(process, [phase], user)
        if publish:
            services.publish_process(process, user)
        db.session.commit()
        return process

    return factory
