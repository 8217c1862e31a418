"""Pages of the indicators package: the public area profile (``public.py``), the staff profile
with the representation check (``internal.py``), the import page and goals' indicators
(``manage.py``)."""

from flask import Blueprint

bp = Blueprint("indicators", __name__)

from participation.indicators.goals import goal_panel  # noqa: E402
from participation.indicators.views import internal, manage, public  # noqa: E402, F401
from participation.measures.panels import register_goal_panel  # noqa: E402

register_goal_panel(goal_panel)


@bp.app_template_filter("indicator_value")
def indicator_value(value, indicator=None) -> str:
    """Format an indicator value in the user's locale with its unit: ``7,5 %``, ``12.288``."""
    from participation.indicators.units import value_formatter

    return "" if value is None else value_formatter(indicator)(value)


@bp.app_template_global("polarity_label")
def polarity_label(code: str) -> str:
    """How to read a higher value of an indicator, in words."""
    from participation.indicators.units import POLARITY_LABELS

    return str(POLARITY_LABELS.get(code, code))


@bp.app_template_global("map_rows")
def map_rows(table) -> str:
    """Rows of the choropleth's table alternative (:func:`.mapview.table_rows`)."""
    from participation.indicators.mapview import table_rows

    return table_rows(table)


def representation_panel(process):
    """Link to the representation check on the staff dashboard of a process."""
    from flask import render_template
    from markupsafe import Markup

    from participation.core.permissions import can

    if not can("indicators.view_internal", process):
        return None
    return Markup(render_template("indicators/manage/_process_panel.html", process=process))


from participation.processes.panels import register_manage_panel  # noqa: E402

register_manage_panel(representation_panel)
