"""The test client class, in a uniquely named module.

Every package has a ``conftest.py``; ``from conftest import …`` would pick whichever was
imported first, so shared test helpers import the client from here.
"""

from participation.accounts.testing import LoginClient


class Client(LoginClient):
    """Test client whose every request runs in its own app context; ``user=`` logs it in
    through a real device session (see ``participation.accounts.testing``).

    The fixture keeps an app context open for the test body; without this, requests would share
    its ``g`` (logged-in user) and database session, which hides missing commits.
    """

    def open(self, *args, **kwargs):
        ctx = self.application.app_context()
        ctx.push()
        try:
            return super().open(*args, **kwargs)
        finally:
            ctx.pop()


def copy_cookies(app, client, names=("session", "remember_token")):
    """A second browser holding copies of *client*'s cookies (a stolen or forgotten session)."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def logged_in(client) -> bool:
    """True when *client* reaches the staff start page (not the login redirect)."""
    return client.get("/manage/").status_code == 200
