"""Map of the answers to a "place on a map" question: grid cells, small cells suppressed.

Answers are counted per grid cell of about 250 × 250 m in SQL (``GROUP BY floor(lon / cell),
floor(lat / cell)``) and each cell is placed at its centre, never at a resident's exact point.
The cells form one distribution: :func:`participation.core.suppression.suppress_distribution`
hides counts below k ("< 5") and, where needed, a further cell ("×"), so that no hidden count can
be worked out from the question's published total.
"""

from sqlalchemy import func, select

from participation.core.suppression import suppress_distribution
from participation.extensions import db
from participation.surveys.aggregates import ResultFilter
from participation.surveys.models import SurveyAnswer

#: Cell size in degrees: about 270 m east–west and 280 m north–south in Berlin.
LON_CELL = 0.004
LAT_CELL = 0.0025


def answer_cells(question, flt: ResultFilter, k: int) -> dict:
    """GeoJSON FeatureCollection of the answer cells of *question* (counts suppressed below k)."""
    gx = func.floor(SurveyAnswer.lon / LON_CELL).label("gx")
    gy = func.floor(SurveyAnswer.lat / LAT_CELL).label("gy")
    stmt = flt.apply(
        select(gx, gy, func.count())
        .where(SurveyAnswer.question_id == question.id, SurveyAnswer.lon.is_not(None))
        .group_by(gx, gy)
        .order_by(gx, gy)
    )
    rows = db.session.execute(stmt).all()
    cells, total = suppress_distribution([n for _x, _y, n in rows], k)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [
                    round((float(x) + 0.5) * LON_CELL, 5),
                    round((float(y) + 0.5) * LAT_CELL, 5),
                ],
            },
            "properties": {"count": cell.shown, "label": str(cell)},
        }
        for (x, y, _n), cell in zip(rows, cells, strict=True)
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "total": total.shown,
        "total_label": str(total),
        "cell_m": 250,
    }
