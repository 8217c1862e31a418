"""The staff member's own account page: who am I, the devices logged in, and the buttons that end
one device, all other devices, or every session ("log out everywhere")."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from participation.accounts import services, sessions
from participation.accounts.views import bp
from participation.core.htmx import render
from participation.extensions import db


class LogoutEverywhereForm(FlaskForm):
    """Only the CSRF token: the buttons on the account page carry nothing else."""


@bp.route("/manage/account", methods=["GET", "POST"])
@login_required
def account():
    """Name, e-mail, the devices logged in; a button that ends every session (this one too)."""
    form = LogoutEverywhereForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        services.revoke_sessions(user, user, "logout_everywhere")
        db.session.commit()
        logout_user()
        flash(_("You have been logged out on all devices. Please log in again."), "success")
        return redirect(url_for("accounts.login"), 303)
    user = current_user._get_current_object()
    return render(
        "accounts/account.html",
        form=form,
        user=user,
        devices=sessions.active_sessions(user),
        current_id=getattr(user.current_session, "id", None),
    )


@bp.route("/manage/account/devices/<int:device_id>/revoke", methods=["POST"])
@login_required
def revoke_device(device_id: int):
    """End one of the user's own device sessions (another user's id ends nothing)."""
    if not LogoutEverywhereForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if device_id == getattr(user.current_session, "id", None):
        # this device's own row: that is plain "Abmelden"
        sessions.end_current_session(user)
        db.session.commit()
        logout_user()
        flash(_("You are logged out."), "success")
        return redirect(url_for("accounts.login"), 303)
    if sessions.end_device(user, device_id):
        flash(_("The device was logged out."), "success")
    else:  # a second click, or a stale page: say so, change nothing
        flash(_("This device was no longer logged in."), "info")
    db.session.commit()
    return redirect(url_for("accounts.account"), 303)


@bp.route("/manage/account/devices/revoke-others", methods=["POST"])
@login_required
def revoke_other_devices():
    """ "Auf allen anderen Geräten abmelden": every session of this account but this one ends."""
    if not LogoutEverywhereForm().validate_on_submit():
        abort(400)
    count = sessions.end_other_sessions(current_user._get_current_object())
    db.session.commit()
    flash(
        ngettext(
            "%(num)d other device was logged out.", "%(num)d other devices were logged out.", count
        ),
        "success",
    )
    return redirect(url_for("accounts.account"), 303)
