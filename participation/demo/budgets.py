"""Area budget demo: Kiezkasse Körnerpark 2027 (10,000 €, three criteria) administered by the
Sozialraumkonferenz — a dozen applications in every state, scores by the conference members, an
allocation decided in the conference, two funded projects with spending and a use report — and
a small residents' vote (Kiezkasse Glasower Straße) with online and paper ballots."""

from datetime import date, timedelta

from shapely.geometry import shape
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.budgets import services
from participation.budgets.models import Budget
from participation.demo.budgets_data import APPLICATIONS, CRITERIA, REASONS
from participation.demo.budgets_extra import (
    _criteria_decision,
    _member_account,
    demo_photo,
    seed_budget_extras,
)
from participation.extensions import db
from participation.meetings.models import Body, Meeting
from participation.meetings.services import record_decision
from participation.processes.models import Process
from participation.stakeholders.models import Actor


def _points(area, n):
    """*n* points spread inside the area (deterministic)."""
    geom = shape(area.geometry)
    minx, miny, maxx, maxy = geom.bounds
    points, i = [], 0
    while len(points) < n and i < 2000:
        i += 1
        x = minx + (maxx - minx) * ((i * 0.618) % 1)
        y = miny + (maxy - miny) * ((i * 0.382) % 1)
        from shapely.geometry import Point

        if geom.contains(Point(x, y)):
            points.append((round(x, 6), round(y, 6)))
    return points


def seed_budgets() -> str:
    """Add the budget demo once."""
    if db.session.scalar(select(func.count(Budget.id))):
        return "demo budgets present"
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    area = db.session.scalar(select(Area).where(Area.code == "08010213", Area.valid_to.is_(None)))
    body = db.session.scalar(select(Body).where(Body.name == "Sozialraumkonferenz Körnerpark"))
    process = db.session.scalar(select(Process).where(Process.slug == "spielplatz-koernerpark"))
    if not (manager and area and body):
        return "budgets demo skipped (users, area or conference missing)"
    today = date.today()
    budget = services.create_budget(
        manager,
        area,
        process=process,
        title="Kiezkasse Körnerpark 2027",
        period="2027",
        description=(
            "Die Kiezkasse fördert kleine Projekte von Nachbarinnen, Initiativen und Vereinen im "
            "Körnerkiez: Feste, Bänke, Lernhilfe. Die Sozialraumkonferenz bewertet alle Anträge "
            "nach den veröffentlichten Kriterien und entscheidet in ihrer Sitzung."
        ),
        amount=10000,
        funding_source="Bezirksamt Neukölln, Kiezkassen (Haushaltstitel 54010)",
        pillar="quartiersbudget",
        allocation_mode="body",
        body=body,
        max_per_application=3000,
        applicant_types=["resident", "initiative", "club"],
        opens_on=today - timedelta(days=60),
        closes_on=today + timedelta(days=21),
    )
    for name, description, weight in CRITERIA:
        services.save_criterion(
            budget, manager, name=name, description=description, weight=weight, scale_max=5
        )
    services.set_tiers(
        budget,
        manager,
        [
            (500, "Quartiersmanagement Körnerpark"),
            (5000, "Sozialraumkonferenz Körnerpark"),
            (None, "Bezirksverordnetenversammlung Neukölln"),
        ],
    )
    actors = {a.name: a for a in db.session.scalars(select(Actor))}
    points = _points(area, len(APPLICATIONS))
    made = []
    for (title, who, kind, org, text, lines, fate), (lon, lat) in zip(
        APPLICATIONS, points, strict=False
    ):
        if fate == "refused":
            continue  # commercial firms may not apply here: the form refuses them
        app, _token = services.submit_application(
            budget,
            title=title,
            description=text,
            applicant_name=who,
            applicant_type=kind,
            applicant_actor_id=actors[org].id if org in actors else None,
            target_groups="Nachbarschaft",
            when_text="2027",
            lon=lon,
            lat=lat,
            cost_lines=lines,
            email=f"antrag{len(made) + 1}@demo.example.org",
            consent=True,
        )
        made.append((app, fate))
    for app, fate in made:
        if fate == "not_eligible":
            services.check_eligibility(app, manager, False, REASONS["not_eligible"])
        elif fate == "withdrawn":
            services.withdraw_application(app)  # the applicant withdrew on the tracking page
        elif fate != "submitted":
            services.check_eligibility(app, manager, True)
    db.session.flush()
    members = services.voting_members(budget)
    conflicts = services.conflicts_for(budget)
    self_scoring = _member_account(budget, members, conflicts)
    for app, fate in made:
        if app.status != "eligible":
            continue
        for n, member in enumerate(members):
            if (app.id, member.id) in conflicts:
                continue
            if member is self_scoring and fate == "eligible":
                continue  # still open: she scores these herself under "Meine Bewertungen"
            for k, criterion in enumerate(budget.criteria):
                base = {"funded": 4, "partly": 3, "not_funded": 2, "eligible": 3}[fate]
                services.set_score(
                    app, member, criterion, min(5, max(0, base + (n + k) % 3 - 1)), manager
                )
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.body_id == body.id, Meeting.starts_at < func.now())
        .order_by(Meeting.starts_at.desc())
    ) or db.session.scalar(select(Meeting).where(Meeting.body_id == body.id))
    decision = None
    if meeting is not None:
        decision = record_decision(
            meeting,
            manager,
            outcome="adopted",
            votes_yes=7,
            votes_no=0,
            votes_abstain=1,
            text=(
                "Vergabe aus der Kiezkasse Körnerpark 2027 nach der Punktwertung: Hoffest "
                "Selkestraße 600 €, Hausaufgabenhilfe 2.200 €, Bänke Jonasstraße 1.500 € "
                "(statt 2.400 €); Sprachcafé und Graffiti-Workshop nicht gefördert."
            ),
        )
    grants, reasons = {}, {}
    for app, fate in made:
        if fate == "funded":
            grants[app.id] = app.amount_requested
        elif fate == "partly":
            grants[app.id], reasons[app.id] = 1500, "Gefördert werden zwei statt drei Bänke."
        elif fate == "not_funded":
            grants[app.id], reasons[app.id] = 0, REASONS["not_funded"]
    if decision is not None:
        services.allocate(budget, manager, grants, decision=decision, reasons=reasons)
        funded = [a for a, fate in made if fate == "funded"]
        services.add_spending(
            funded[0], manager, amount=350, spent_on=today - timedelta(days=20), note="Zeltmiete"
        )
        services.add_spending(
            funded[0],
            manager,
            amount=180,
            spent_on=today - timedelta(days=19),
            note="Musikanlage und Schminkfarben",
        )
        services.add_spending(
            funded[0],
            manager,
            amount=70,
            spent_on=today - timedelta(days=5),
            kind="payback",
            note="Nicht verbrauchte Mittel zurückgezahlt",
        )
        services.submit_use_report(
            funded[0],
            "Rund 120 Nachbarinnen und Nachbarn kamen, der Flohmarkt war voll. "
            "Kinderschminken übernahm eine Nachbarin ehrenamtlich.",
            {
                funded[0].cost_lines[0].id: 350,
                funded[0].cost_lines[1].id: 180,
                funded[0].cost_lines[2].id: 0,
            },
            [
                (demo_photo("fest"), "Weißes Zelt im Hinterhof, davor Tische mit Kuchen"),
                (demo_photo("flohmarkt"), "Flohmarktstände mit Kisten voller Bücher und Spielzeug"),
            ],
        )
        services.add_spending(
            funded[1],
            manager,
            amount=900,
            spent_on=today - timedelta(days=10),
            note="Honorare Oktober und November",
        )
        _criteria_decision(budget, manager, meeting)
    glasow = _vote_budget(manager, today)
    db.session.flush()
    extra = seed_budget_extras(manager, area, today)
    return f"budgets: {budget.title} ({len(made)} applications), {glasow}, {extra}"


def _vote_budget(manager, today) -> str:
    """A residents' vote with knapsack ballots, online and on paper."""
    area = db.session.scalar(select(Area).where(Area.code == "08010214", Area.valid_to.is_(None)))
    if area is None:
        return "no vote budget"
    budget = services.create_budget(
        manager,
        area,
        title="Kiezkasse Glasower Straße 2027",
        period="2027",
        amount=3000,
        description="Die Nachbarschaft entscheidet selbst: jede Stimme zählt.",
        funding_source="Bezirksamt Neukölln, Kiezkassen",
        pillar="quartiersbudget",
        allocation_mode="vote",
        body=None,
        applicant_types=["resident", "initiative", "club"],
        opens_on=today - timedelta(days=40),
        closes_on=today - timedelta(days=1),
        vote_opens_on=today - timedelta(days=1),
        vote_closes_on=today + timedelta(days=13),
        ballot_kind="knapsack",
        vote_access="browser",
    )
    budget.opens_on, budget.closes_on = today - timedelta(days=40), today + timedelta(days=1)
    points = _points(area, 4)
    apps = []
    for (title, cost), (lon, lat) in zip(
        [
            ("Tauschregal im Hausflur", 400),
            ("Sommerfest Glasower Straße", 1500),
            ("Fahrradreparatur-Treff", 900),
            ("Blumenbeete am Spielplatz", 800),
        ],
        points,
        strict=False,
    ):
        app, _t = services.submit_application(
            budget,
            title=title,
            description=f"{title}: ein Projekt aus der Nachbarschaft.",
            applicant_name="Nachbarschaft Glasower Straße",
            applicant_type="initiative",
            lon=lon,
            lat=lat,
            cost_lines=[("Kosten", cost)],
        )
        services.check_eligibility(app, manager, True)
        apps.append(app)
    budget.closes_on = today - timedelta(days=1)
    db.session.flush()
    for i in range(23):
        choice = [apps[i % 4].id] + ([apps[(i + 1) % 4].id] if i % 3 == 0 else [])
        services.cast_ballot(budget, choice, browser_token=f"demo-browser-{i}")
    services.enter_paper_ballots(budget, manager, [[apps[1].id], [apps[1].id, apps[0].id]])
    return f"{budget.title} (vote, 25 ballots)"
