"""Login, password and user administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from participation.accounts.models import ROLES
from participation.core.forms import SelectMultipleField

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "planner": _l("Planner"),
    "manager": _l("Neighbourhood manager"),
    "moderator": _l("Moderator"),
    "council": _l("Council member"),
    "staff": _l("Staff (enters paper input)"),
}


class LoginForm(FlaskForm):
    """Staff login."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Stay logged in on this device"))


class ForgotForm(FlaskForm):
    """Ask for a password reset link."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])


class SetPasswordForm(FlaskForm):
    """Choose a new password (reset or invitation)."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, message=_l("Use at least 10 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class InviteForm(FlaskForm):
    """Invite a staff member; they set their own password."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    roles = SelectMultipleField(_l("Roles"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    areas = SelectMultipleField(_l("Areas (for neighbourhood managers and staff)"), coerce=int)


class RolesForm(FlaskForm):
    """Change a user's roles, areas and active flag."""

    roles = SelectMultipleField(_l("Roles"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    areas = SelectMultipleField(_l("Areas (for neighbourhood managers and staff)"), coerce=int)
    active = BooleanField(_l("Account active"))
