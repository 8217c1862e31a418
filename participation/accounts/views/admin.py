"""Admin pages: users and their roles and areas, the audit log."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.accounts import services
from participation.accounts.forms import (
    ROLE_LABELS,
    InviteForm,
    RolesForm,
)
from participation.accounts.models import User
from participation.accounts.views import bp
from participation.areas.models import Area
from participation.areas.queries import areas_by_level
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.models import AuditEntry
from participation.core.pagination import paginate
from participation.core.permissions import require
from participation.extensions import db


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
    entries = paginate(select(AuditEntry).order_by(AuditEntry.id.desc()), per_page=50)
    names = dict(db.session.execute(select(User.id, User.name)).all())
    return render("accounts/audit.html", entries=entries, names=names)
