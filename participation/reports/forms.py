"""Form for asking for a council report: a process, or an area over a period, and a language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional

from participation.core.forms import SelectField
from participation.reports.models import LANGUAGES


class ReportForm(FlaskForm):
    """What to report on; the service checks the combination (process, or area with period)."""

    process_id = SelectField(
        _l("Process"), choices=[], validators=[Optional()], validate_choice=False
    )
    area_id = SelectField(
        _l("Or an area (with a period)"), choices=[], validators=[Optional()], validate_choice=False
    )
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Until"), validators=[Optional()])
    language = SelectField(_l("Language of the report"), choices=list(LANGUAGES.items()))
