"""Flask extensions, created unbound; :func:`participation.create_app` calls ``init_app``."""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from participation.core.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
# Limits are keyed by client address in memory only; nothing is stored with content (no IPs).
limiter = Limiter(key_func=get_remote_address)
htmx = HTMX()
