"""Participation in social-space planning: the application factory."""

import importlib
import logging
from pathlib import Path

from flask import Flask

from config import DEV_SECRET_KEY, config_for

ROOT = Path(__file__).resolve().parent.parent

#: Domain packages in dependency order (ARCHITECTURE.md §1). Each has ``views.bp``; optional
#: ``cli.py`` defines ``cli`` (a click group), ``permissions.py`` registers permissions and
#: ``tasks.py`` adds jobs to ``participation.scheduler.JOBS``.
MODULES = [
    "core",
    "accounts",
    "areas",
    "processes",
    "contributions",
    "stakeholders",
    "surveys",
    "meetings",
    "measures",
    "budgets",
    "indicators",
    "reports",
    "api",
    "operations",
]


def create_app(config: str | type | None = None, **overrides) -> Flask:
    """Create the app: config from the environment, *config* class/name, then *overrides*."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config if isinstance(config, type) else config_for(config))
    app.config.update(overrides)
    if app.config["ENV_NAME"] == "production" and app.config["SECRET_KEY"] in (
        DEV_SECRET_KEY,
        None,
        "",
    ):
        raise RuntimeError("Refusing to start: set PARTICIPATION_SECRET_KEY for production.")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][10:]).parent.mkdir(parents=True, exist_ok=True)
    app.logger.setLevel(logging.INFO)

    # SQLite: WAL, busy timeout, BEGIN IMMEDIATE before writes (engine events in core/db.py)
    import participation.core.db  # noqa: F401
    from participation.core.params import BoundedIntConverter

    # Before any blueprint adds its rules: every <int:...> in the app is bounded (issue 13 #4).
    app.url_map.converters["int"] = BoundedIntConverter
    _init_extensions(app)
    _register_modules(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind *n* trusted proxies, take client address, scheme and host from their headers.

    Without it every resident behind the load balancer shares its address, so one rate limit.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    from participation.core import cache, i18n, mail, web
    from participation.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"

    app.request_class = web.Request  # no NUL in form values (PostgreSQL refuses them)
    app.session_interface = web.SessionInterface()  # signing serializer built once (issue 15)
    app.after_request(web.security_headers)
    from participation.core import logsafe

    logsafe.install()  # request logs: no client addresses, no tokens (issue 13 #11)
    from participation.operations.logjson import configure_logging

    configure_logging(app)  # PARTICIPATION_LOG_FORMAT=json: one JSON object per line
    app.after_request(mail.deliver_after_request)
    web.register_error_handlers(app)

    from participation.core.templating import register_template_helpers

    register_template_helpers(app)


def _register_modules(app: Flask) -> None:
    from participation import cli

    for name in MODULES:
        # models (for migrations), permissions, and scheduled jobs register themselves on import
        for part in ("models", "permissions", "tasks"):
            try:
                importlib.import_module(f"participation.{name}.{part}")
            except ModuleNotFoundError as exc:
                if exc.name != f"participation.{name}.{part}":
                    raise
        views = importlib.import_module(f"participation.{name}.views")
        app.register_blueprint(views.bp)
    cli.register(app, MODULES)
