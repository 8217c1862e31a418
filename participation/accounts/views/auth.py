"""Login, logout and password reset (invitation and reset links)."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash

from participation.accounts import services
from participation.accounts.forms import (
    ForgotForm,
    LoginForm,
    SetPasswordForm,
)
from participation.accounts.models import User
from participation.accounts.views import bp
from participation.core.htmx import render
from participation.core.params import parse_int
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


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login: the session's user, if the session has not been revoked since it began.

    Runs on every request (session or remember cookie). The id is ``"<id>:<generation>"``; a
    bare ``"<id>"`` (older sessions) only counts while the generation is still 0.
    """
    ident, _sep, generation = str(user_id).partition(":")
    number, gen = parse_int(ident), parse_int(generation or "0")
    if number is None or gen is None:
        return None
    user = db.session.get(User, number)
    if user is None or (user.session_generation or 0) != gen:
        return None
    return user


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
    """Log out and return to the start page.

    The session generation goes up, so a copy of this session or of the remember cookie (a
    shared computer, a stolen cookie) stops working too — which also ends the account's sessions
    on other devices, the price of not storing one row per session (issue 13 #6).
    """
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        services.revoke_sessions(user, user, "logout")
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
