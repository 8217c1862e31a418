"""Form of the administrator's data subject request page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SubmitField
from wtforms.validators import Length, NumberRange, Optional

#: Ids above this do not exist (and would overflow SQLite's integer).
MAX_ID = 2**31 - 1


class PersonRequestForm(FlaskForm):
    """One person, found by e-mail address or by stakeholder actor id."""

    email = EmailField(_l("E-mail address"), validators=[Optional(), Length(max=254)])
    actor_id = IntegerField(
        _l("or: actor id in the stakeholder registry"),
        validators=[Optional(), NumberRange(min=1, max=MAX_ID)],
    )
    confirm = BooleanField(_l("Yes, erase this person's personal data for good"))
    find = SubmitField(_l("Show what is stored"))
    export = SubmitField(_l("Export (JSON)"))
    erase = SubmitField(_l("Erase (pseudonymise)"))
