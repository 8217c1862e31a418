"""The choropleth of one indicator over all areas of a level, with its table alternative."""

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import and_, select

from participation.areas.models import Area
from participation.core.cache import cached_fragment
from participation.extensions import db
from participation.indicators.charts import choropleth_svg
from participation.indicators.mapshapes import project_shapes
from participation.indicators.models import Indicator, IndicatorValue
from participation.indicators.units import value_formatter


def level_map(area: Area, indicator: Indicator, period: str):
    """The choropleth over the level: one query (with geometry only when the shapes are new)."""
    value_join = and_(
        IndicatorValue.area_id == Area.id,
        IndicatorValue.indicator_id == indicator.id,
        IndicatorValue.period == period,
    )
    base = (
        select(Area.id, Area.name, IndicatorValue.value, IndicatorValue.suppressed)
        .outerjoin(IndicatorValue, value_join)
        .where(Area.level_id == area.level_id, Area.valid_to.is_(None))
        .order_by(Area.name)
    )
    heavy = []

    def shapes():
        heavy.extend(
            db.session.execute(
                base.add_columns(
                    Area.display_geometry, Area.min_lon, Area.min_lat, Area.max_lon, Area.max_lat
                )
            ).all()
        )
        if not heavy:
            return {}, 0.0
        bbox = (
            min(r[5] for r in heavy),
            min(r[6] for r in heavy),
            max(r[7] for r in heavy),
            max(r[8] for r in heavy),
        )
        return project_shapes([(r[0], r[4]) for r in heavy], bbox)

    # the projected outlines change only with the areas: cached per areas version
    paths, height = cached_fragment(("indicators.shapes", area.level_id), ["areas"], shapes)
    rows = [tuple(r[:4]) for r in heavy] if heavy else db.session.execute(base).all()
    if not rows:
        return Markup(""), [], []
    title = _(
        "%(indicator)s (%(period)s) in the areas of the level %(level)s",
        indicator=indicator.name,
        period=period,
        level=area.level.name,
    )
    desc = _(
        "Map: darker blue means a higher value. %(name)s is outlined in black. "
        "Hatched grey: no published value. The table below gives every value.",
        name=area.name,
    )
    label = value_formatter(indicator)
    svg, legend = choropleth_svg(
        [(r[0], r[1], r[2]) for r in rows],
        paths=paths,
        height=height,
        selected_id=area.id,
        title=title,
        description=desc,
        label=lambda v: label(v) if v is not None else _("not published"),
    )
    # 447 rows: format and link here once instead of a filter and url_for per row
    href = url_for("indicators.area_profile", area_id=0, indicator=indicator.code)
    head, tail = href.split("/0/", 1)
    table = [
        (
            r[1],
            label(r[2]) if r[2] is not None else _("not published") if r[3] else "–",
            r[0] == area.id,
            f"{head}/{r[0]}/{tail}",
        )
        for r in rows
    ]
    return svg, legend, table


def table_rows(table: list[tuple[str, str, bool, str]]) -> Markup:
    """The ``<tr>`` rows of the map's table alternative, built once in Python (447 rows)."""
    out = []
    for name, text, is_self, href in table:
        label = escape(name)
        cell = f"<strong>{label}</strong>" if is_self else f'<a href="{escape(href)}">{label}</a>'
        css = ' class="current"' if is_self else ""
        out.append(f'<tr{css}><td>{cell}</td><td class="num">{escape(text)}</td></tr>')
    return Markup("".join(out))
