"""Demo staff accounts, one per role; the password is documented in the README."""

from sqlalchemy import select

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.areas.models import Area
from participation.extensions import db

DEMO_PASSWORD = "demo-passwort-2026"
DEMO_USERS = [
    ("admin@example.org", "Alex Admin", ["admin"], []),
    ("planung@example.org", "Petra Planung", ["planner"], []),
    ("qm-neukoelln@example.org", "Nesrin Yılmaz (QM Neukölln)", ["manager", "staff"], ["08"]),
    ("qm-spandau@example.org", "Sven Schulz (QM Spandau)", ["manager"], ["05"]),
    ("moderation@example.org", "Mo Moderation", ["moderator"], []),
    ("rat@example.org", "Rita Rat (BVV Neukölln)", ["council"], []),
    ("erfassung@example.org", "Erik Erfassung", ["staff"], ["08"]),
]


def seed_users() -> str:
    """Create the demo accounts that do not exist yet."""
    made = 0
    for email, name, roles, area_codes in DEMO_USERS:
        if db.session.scalar(select(User).where(User.email == email)):
            continue
        areas = db.session.scalars(
            select(Area).where(Area.code.in_(area_codes), Area.valid_to.is_(None))
        ).all()
        create_user(email, name, DEMO_PASSWORD, roles=roles, areas=areas)
        made += 1
    db.session.commit()
    return f"demo users: {made} created (password {DEMO_PASSWORD})"
