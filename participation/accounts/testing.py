"""A test client logged in through a real device session (tests and ``bench/``).

Flask-Login's ``FlaskLoginClient(user=…)`` writes ``user.get_id()`` into the session, which is
not a session token here, so such a client is anonymous. This one starts a device session (a
``user_sessions`` row, committed) and stores its token, exactly as the login form does.
"""

from flask import current_app, has_app_context
from flask.testing import FlaskClient

from participation.extensions import db


class LoginClient(FlaskClient):
    """``app.test_client(user=user)``: logged in as *user* on a device of its own.

    ``client.user_id`` is the user's id; ``fresh_login=False`` marks the session not fresh.
    """

    def __init__(self, *args, **kwargs):
        user = kwargs.pop("user", None)
        fresh = kwargs.pop("fresh_login", True)
        super().__init__(*args, **kwargs)
        self.user_id = None
        if user is not None:
            self.user_id = user.id
            token = self._start_session(user.id)
            with self.session_transaction() as sess:
                sess["_user_id"] = token
                sess["_fresh"] = fresh

    def _start_session(self, user_id: int) -> str:
        from participation.accounts.models import User
        from participation.accounts.sessions import start_session

        if has_app_context() and current_app._get_current_object() is self.application:
            # the test's own database session (its objects stay usable)
            return self._commit_new(db.session.get(User, user_id), start_session)
        with self.application.app_context():
            return self._commit_new(db.session.get(User, user_id), start_session)

    @staticmethod
    def _commit_new(user, start_session) -> str:
        token = start_session(user, "Werkzeug test client")
        db.session.commit()
        return token
