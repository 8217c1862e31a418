"""About forty pins and ideas for the demo process, online and typed in from paper cards."""

import random
import secrets
from datetime import timedelta

from shapely.geometry import Point, shape
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.contributions.models import Contribution, Support
from participation.contributions.moderation import hide_contribution
from participation.contributions.services import create_contribution, set_status
from participation.contributions.tokens import browser_hash
from participation.core.db import utcnow
from participation.demo.contributions_data import HIDDEN_REASON, HIDDEN_TITLE, ITEMS
from participation.demo.process import DEMO_SLUG
from participation.extensions import db
from participation.processes.models import Process


def seed_contributions() -> str:
    """Add the demo contributions to "spielplatz-koernerpark" unless it has some already."""
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return "contributions: no demo process"
    if db.session.scalar(
        select(func.count(Contribution.id)).where(Contribution.process_id == process.id)
    ):
        return "demo contributions present"
    rng = random.Random(2026)
    clerk = db.session.scalar(select(User).where(User.email == "erfassung@example.org"))
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    moderator = db.session.scalar(select(User).where(User.email == "moderation@example.org"))
    areas = {a.code: a for a in process.areas}
    shapes = {
        code: shape(db.session.scalar(select(Area.geometry).where(Area.id == a.id)))
        for code, a in areas.items()
    }
    categories = {c.key: c for c in process.categories}
    now = utcnow()
    made = []
    for n, (cat, code, title, body, channel, supporters) in enumerate(ITEMS):
        lon = lat = None
        if code and (n % 4 != 3 or cat != "idea"):  # some ideas stay without a pin
            lon, lat = _random_point(shapes[code], rng)
        contribution = create_contribution(
            process,
            kind="pin" if lon is not None else "idea",
            channel=channel,
            title=title,
            body=body,
            category=categories.get(cat),
            lon=lon,
            lat=lat,
            area=areas.get(code) if lon is None else None,
            entered_by=clerk if channel != "online" else None,
        )
        contribution.created_at = now - timedelta(days=19 - n * 0.45, hours=rng.randint(0, 10))
        contribution.needs_review = False
        for _i in range(supporters):
            db.session.add(
                Support(
                    contribution_id=contribution.id,
                    token_hash=browser_hash(contribution.id, secrets.token_hex(8)),
                )
            )
        contribution.support_count = supporters
        made.append(contribution)
    by_title = {c.title: c for c in made}
    hide_contribution(by_title[HIDDEN_TITLE], moderator, HIDDEN_REASON)
    set_status(by_title["Dunkler Durchgang zur Schierker Straße"], "in_review", "", manager)
    set_status(
        by_title["Rutsche seit Monaten gesperrt"],
        "implemented",
        "Die Rutsche wurde im Oktober repariert und ist wieder offen.",
        manager,
    )
    db.session.commit()
    return f"demo contributions: {len(made)}"


def _random_point(polygon, rng: random.Random) -> tuple[float, float]:
    """A point inside *polygon*, away from the edge so it is clearly inside."""
    inner = polygon.buffer(-0.0003)
    target = inner if not inner.is_empty else polygon
    minx, miny, maxx, maxy = target.bounds
    while True:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if target.contains(Point(x, y)):
            return round(x, 6), round(y, 6)
