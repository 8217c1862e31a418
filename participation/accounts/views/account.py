"""The staff member's own account page: who am I, my roles, and "log out everywhere"."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from participation.accounts import services
from participation.accounts.views import bp
from participation.core.htmx import render
from participation.extensions import db


class LogoutEverywhereForm(FlaskForm):
    """Only the CSRF token: the button ends every session of this account."""


@bp.route("/manage/account", methods=["GET", "POST"])
@login_required
def account():
    """Name, e-mail, roles; a button that ends every session and remember cookie."""
    form = LogoutEverywhereForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        services.revoke_sessions(user, user, "logout_everywhere")
        db.session.commit()
        logout_user()
        flash(_("You have been logged out on all devices. Please log in again."), "success")
        return redirect(url_for("accounts.login"), 303)
    return render("accounts/account.html", form=form, user=current_user)
