"""Budget demo, second part: a conference member who scores herself ("Meine Bewertungen"), a
criteria change by a decision of the conference, use-report photos, the city-wide split of the
Neukölln Kiezkassen and a vote with printed invitation codes."""

from datetime import timedelta
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import select

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.areas.models import Area, AreaLevel
from participation.budgets import services
from participation.budgets.services.members import link_account
from participation.demo.users import DEMO_PASSWORD
from participation.extensions import db
from participation.meetings.services import record_decision

MEMBER_EMAIL = "mitglied-skk@example.org"


def _member_account(budget, members, conflicts):
    """A staff account for the first voting member without a conflict: she scores herself."""
    conflicted = {m for (_a, m) in conflicts}
    seat = next((m for m in members if m.id not in conflicted), members[0] if members else None)
    if seat is None:
        return None
    user = db.session.scalar(select(User).where(User.email == MEMBER_EMAIL)) or create_user(
        MEMBER_EMAIL, f"Mitglied der Sozialraumkonferenz ({seat.actor.name})", DEMO_PASSWORD
    )
    link_account(budget, seat, None, user.email)
    return seat


def _criteria_decision(budget, manager, meeting) -> None:
    """After the freeze the conference clarified a criterion: shown in the public history."""
    if meeting is None or len(budget.criteria) < 3:
        return
    decision = record_decision(
        meeting,
        manager,
        outcome="adopted",
        votes_yes=8,
        votes_no=0,
        votes_abstain=0,
        text="Das Kriterium „Machbarkeit“ wird präzisiert: Ort und Genehmigungen müssen geklärt "
        "sein. Gewichtung und Skala bleiben.",
    )
    criterion = budget.criteria[2]
    services.save_criterion(
        budget,
        manager,
        criterion,
        decision=decision,
        name=criterion.name,
        description="Ist der Plan realistisch, der Kostenplan nachvollziehbar, der Ort geklärt "
        "und liegt eine nötige Genehmigung vor?",
        weight=criterion.weight,
        scale_max=criterion.scale_max,
    )


def demo_photo(kind: str) -> BytesIO:
    """A simple drawn picture (no real people) standing in for an applicant's photo."""
    image = Image.new("RGB", (1200, 800), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, 1200, 800), fill=(120, 170, 90))
    if kind == "fest":
        draw.polygon([(300, 520), (600, 260), (900, 520)], fill=(250, 250, 250))
        draw.rectangle((380, 560, 820, 600), fill=(150, 100, 60))
        for x in range(400, 800, 90):
            draw.ellipse((x, 520, x + 60, 560), fill=(230, 170, 90))
    else:
        for i, x in enumerate(range(120, 1100, 240)):
            draw.rectangle((x, 480, x + 180, 600), fill=(160 + i * 15, 110, 70))
            draw.rectangle((x + 20, 440, x + 160, 480), fill=(90, 120 + i * 20, 200))
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    out.seek(0)
    return out


def _split(manager) -> str:
    """Neukölln's Kiezkassen: 120,000 € over its Bezirksregionen by population."""
    district = db.session.scalar(select(Area).where(Area.code == "08", Area.valid_to.is_(None)))
    level = db.session.scalar(select(AreaLevel).where(AreaLevel.key == "bezirksregion"))
    if district is None or level is None:
        return "no split"
    areas = db.session.scalars(
        select(Area)
        .where(
            Area.path.startswith(district.path),
            Area.level_id == level.id,
            Area.valid_to.is_(None),
        )
        .order_by(Area.code)
    ).all()
    if len(areas) < 2:
        return "no split"
    pot = 120_000
    minimum = min(4_000, pot // len(areas))
    split = services.split_pot(
        manager,
        title="Kiezkassen Neukölln 2027",
        period="2027",
        pot=pot,
        areas=areas,
        min_per_area=minimum,
        max_per_area=max(15_000, -(-pot // len(areas))),
    )
    return f"split over {len(split.shares)} areas"


def _code_vote(manager, area, today) -> str:
    """A representative vote with printed invitation codes (a few already used)."""
    neighbour = db.session.scalar(
        select(Area)
        .where(
            Area.parent_id == area.parent_id,
            Area.code.not_in(["08010213", "08010214"]),
            Area.valid_to.is_(None),
        )
        .order_by(Area.code)
    )
    if neighbour is None:
        return "no code vote"
    budget = services.create_budget(
        manager,
        neighbour,
        title=f"Kiezkasse {neighbour.name} 2027",
        period="2027",
        amount=2500,
        description="Ausgeloste Haushalte bekommen einen Code per Post und stimmen ab.",
        funding_source="Bezirksamt Neukölln, Kiezkassen",
        pillar="quartiersbudget",
        allocation_mode="vote",
        body=None,
        applicant_types=["resident", "initiative", "club"],
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=1),
        vote_opens_on=today,
        vote_closes_on=today + timedelta(days=20),
        ballot_kind="approval",
        vote_access="codes",
    )
    from participation.demo.budgets import _points

    apps = []
    for (title, cost), (lon, lat) in zip(
        [("Hochbeete am Spielplatz", 700), ("Kiezchor-Probenraum", 900), ("Bücherzelle", 600)],
        _points(neighbour, 3),
        strict=False,
    ):
        app, _t = services.submit_application(
            budget,
            title=title,
            description=f"{title}: ein Vorschlag aus der Nachbarschaft.",
            applicant_name=f"Nachbarschaft {neighbour.name}",
            applicant_type="initiative",
            lon=lon,
            lat=lat,
            cost_lines=[("Kosten", cost)],
        )
        services.check_eligibility(app, manager, True)
        apps.append(app)
    budget.closes_on = today - timedelta(days=1)
    codes = services.create_codes(budget, manager, 200)
    for i, code in enumerate(codes[:17]):
        services.cast_ballot(budget, [apps[i % 3].id] + ([apps[0].id] if i % 4 else []), code=code)
    return f"{budget.title} (200 codes, 17 used)"


def seed_budget_extras(manager, area, today) -> str:
    """The city-wide split and the code vote."""
    return f"{_split(manager)}, {_code_vote(manager, area, today)}"
