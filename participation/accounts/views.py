"""Login, logout, password reset, and the admin pages for users, roles and the audit log."""

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash

from participation.accounts import services
from participation.accounts.forms import (
    ROLE_LABELS,
    ForgotForm,
    InviteForm,
    LoginForm,
    RolesForm,
    SetPasswordForm,
)
from participation.accounts.models import User
from participation.areas.models import Area
from participation.areas.queries import areas_by_level
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.models import AuditEntry
from participation.core.params import int_arg, parse_int
from participation.core.permissions import require
from participation.core.web import safe_next
from participation.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__)
# A fixed hash to compare against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = "scrypt:32768:8:1$abcdefghijklmnop$" + "0" * 128


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
            check_password_hash(_DUMMY_HASH, form.password.data)
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
    """Log out and return to the start page."""
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


@bp.route("/manage/users/", methods=["GET", "POST"])
@login_required
def users():
    """User list with roles, and the invitation form."""
    require("users.manage")
    form = InviteForm()
    form.areas.choices = areas_by_level(max_rank=3)
    if form.validate_on_submit():
        areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data))).all()
        try:
            services.invite_user(
                form.email.data, form.name.data, form.roles.data, areas, current_user
            )
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The invitation was sent to %(email)s.", email=form.email.data), "success")
            return redirect_after_post("accounts.users")
    all_users = db.session.scalars(select(User).order_by(User.name)).all()
    return render(
        "accounts/users.html",
        form=form,
        users=all_users,
        role_labels=ROLE_LABELS,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    """Change a user's roles, areas and active flag."""
    require("users.manage")
    user = db.get_or_404(User, user_id)
    form = RolesForm()
    form.areas.choices = areas_by_level(max_rank=3)
    if request.method == "GET":
        form.roles.data = sorted(user.role_keys)
        form.areas.data = sorted({r.area_id for r in user.roles if r.area_id})
        form.active.data = user.active
    if form.validate_on_submit():
        areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data))).all()
        try:
            services.update_user(user, form.roles.data, areas, form.active.data, current_user)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The roles were saved."), "success")
            return redirect_after_post("accounts.users")
    return render(
        "accounts/edit_user.html", form=form, user=user, status=422 if form.errors else 200
    )


@bp.route("/manage/audit")
@login_required
def audit_log():
    """The latest audit entries."""
    require("audit.view")
    page = int_arg("page", 1, min=1, max=10_000)
    entries = db.paginate(
        select(AuditEntry).order_by(AuditEntry.id.desc()), page=page, per_page=50, error_out=False
    )
    names = dict(db.session.execute(select(User.id, User.name)).all())
    return render("accounts/audit.html", entries=entries, names=names)


from participation.accounts import account  # noqa: E402, F401  (the account page, same blueprint)
