"""Login, logout and password reset (invitation and reset links)."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash

from participation.accounts import services, sessions
from participation.accounts.forms import (
    ForgotForm,
    LoginForm,
    SetPasswordForm,
)
from participation.accounts.models import User
from participation.accounts.views import bp
from participation.core.htmx import render
from participation.core.web import safe_next
from participation.extensions import db, limiter, login_manager

# A fixed hash to compare against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = "scrypt:32768:8:1$abcdefghijklmnop$" + "0" * 128


def _dummy_hash() -> str:
    """The fixed hash in the configured method (a real account's check costs the same)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    if method == "scrypt":
        return _DUMMY_HASH
    return f"{method}$abcdefghijklmnop$" + "0" * 64  # tests: a cheap method, see config.py


# The id Flask-Login keeps in the session and remember cookie: the device session's token.
login_manager.id_attribute = "session_cookie_id"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login: the user of this device's session token, if that session is still valid.

    Runs on every request of a logged-in user (session or remember cookie): one indexed query.
    Ids of the older ``"<id>:<generation>"`` form match no row, so they are anonymous.
    """
    return sessions.load_session_user(str(user_id))


bp.after_app_request(sessions.touch_after_request)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Staff login (rate limited)."""
    if current_user.is_authenticated:
        return redirect(url_for("processes.staff_home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        # Exactly one scrypt per attempt, whether the account exists, is inactive or has no
        # password yet: the answer time must not tell which (issue 13 #11).
        if user is None or not user.password_hash:
            check_password_hash(_dummy_hash(), form.password.data)
            correct = False
        else:
            correct = user.check_password(form.password.data)
        if correct and user.active:
            sessions.start_session(user, request.user_agent.string, bool(form.remember.data))
            login_user(user, remember=form.remember.data)
            services.record_login(user)
            db.session.commit()
            return redirect(
                safe_next(request.args.get("next"), url_for("processes.staff_home")), 303
            )
        form.password.errors.append(_("E-mail or password is not correct."))
    return render("accounts/login.html", form=form, status=422 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out this device and return to the start page.

    Its session row is deleted, so a copy of this session or of its remember cookie (a shared
    computer, a stolen cookie) stops working too; the account's other devices stay logged in.
    """
    if current_user.is_authenticated:
        sessions.end_current_session(current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("processes.home"), 303)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Request a reset link by e-mail."""
    form = ForgotForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account exists for this address, we have sent a link to it."), "success")
        return redirect(url_for("accounts.login"), 303)
    return render("accounts/forgot.html", form=form, status=422 if form.errors else 200)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a password from an invitation or reset link."""
    user = services.user_from_token(token)
    if user is None:
        flash(_("This link is no longer valid. Please ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.change_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password was set. You can log in now."), "success")
        return redirect(url_for("accounts.login"), 303)
    return render(
        "accounts/set_password.html", form=form, user=user, status=422 if form.errors else 200
    )
