"""Feedback-loop demo: a goal tree for Neukölln, a dozen measures in every status, decisions
with BVV paper numbers, themes, links from many demo pins and ideas — and some contributions left
unanswered, so the answered rate on the pages is honest."""

import random
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import func, select, update

from participation.accounts.models import User
from participation.areas.models import Area
from participation.contributions.models import Contribution
from participation.core.db import utcnow
from participation.demo.measures_data import DECISIONS, GOALS, MEASURES, REASONS
from participation.demo.process import DEMO_SLUG
from participation.extensions import db
from participation.measures.models import Measure, OutcomeChange
from participation.measures.services import goals, links, measures, outcome_writes, outcomes
from participation.measures.services import steps as measure_steps
from participation.processes.models import Process

#: Modules whose ``utcnow`` the demo clock moves (so the stories spread over the last weeks).
_CLOCKED = (measures, measure_steps, outcomes, outcome_writes, links)


@contextmanager
def _clock(days_ago: float):
    """Let the measures services write timestamps *days_ago* days in the past."""
    moment = utcnow() - timedelta(days=days_ago)
    saved = [m.utcnow for m in _CLOCKED]
    for module in _CLOCKED:
        module.utcnow = lambda: moment
    try:
        yield moment
    finally:
        for module, original in zip(_CLOCKED, saved, strict=True):
            module.utcnow = original


def seed_measures() -> str:
    """Add the feedback-loop demo to "spielplatz-koernerpark" unless measures exist already."""
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return "measures: no demo process"
    if db.session.scalar(select(func.count(Measure.id))):
        return "demo measures present"
    planner = db.session.scalar(select(User).where(User.email == "planung@example.org"))
    # The contributions demo answered two pins moments ago: place those answers before the
    # measures' stories, so every timeline reads in order.
    db.session.execute(update(OutcomeChange).values(created_at=utcnow() - timedelta(days=13)))
    areas = {
        a.code: a
        for a in db.session.scalars(
            select(Area).where(
                Area.code.in_(["08", "08010213", "08010214"]), Area.valid_to.is_(None)
            )
        )
    }
    made_goals: dict = {}
    for key, parent, code, title, indicator, baseline, target, deadline in GOALS:
        made_goals[key] = goals.create_goal(
            planner,
            parent=made_goals.get(parent),
            area=areas.get(code),
            title=title,
            indicator=indicator,
            baseline=baseline,
            target=target,
            deadline=deadline,
            target_groups=["Kinder", "Familien"] if key != "jugend" else ["Jugendliche"],
        )
    by_title = {
        c.title: c
        for c in db.session.scalars(
            select(Contribution).where(Contribution.process_id == process.id)
        )
    }
    body = _demo_body()
    from shapely.geometry import shape

    centre = shape(
        db.session.scalar(select(Area.geometry).where(Area.id == areas["08010213"].id))
    ).representative_point()
    rng = random.Random(2026)
    for n, (title, text, goal_keys, quick, unit, budget, linked, steps, why) in enumerate(MEASURES):
        with _clock(12 - n * 0.3):
            measure = measures.create_measure(
                planner,
                processes=[process],
                areas=[areas["08010213"]],
                goals=[made_goals[k] for k in goal_keys],
                title=title,
                description=text,
                quick_win=quick,
                responsible_unit=unit,
                budget_planned=budget,
                start_date=date.today() - timedelta(days=10),
                change_type="new",
                # spread around the park's centre so the map layer shows them apart
                lon=centre.x + rng.uniform(-0.0025, 0.0025),
                lat=centre.y + rng.uniform(-0.0015, 0.0015),
            )
        ids = [by_title[t].id for t in linked if t in by_title]
        if ids:
            with _clock(11 - n * 0.3):
                links.link_contributions(measure, ids, why, planner)
        for k, step in enumerate(steps):
            with _clock(8 - n * 0.3 - k * 1.5) as moment:
                if step.startswith("decide"):
                    fields = dict(DECISIONS[step])
                    if step == "decide_committee" and body is not None:
                        fields.pop("committee")
                    measure_steps.add_decision(
                        measure,
                        planner,
                        body=body if "committee" not in fields else None,
                        committee=fields.pop("committee", ""),
                        decided_on=moment.date(),
                        outcome="adopted",
                        **fields,
                    )
                else:
                    measures.change_status(measure, step, _explanation(step), planner)
        _milestones(measure, planner)
    _theme_and_answers(process, by_title, planner)
    db.session.commit()
    return f"demo measures: {len(MEASURES)} measures, {len(GOALS)} goals"


def _explanation(step: str) -> str:
    return REASONS.get(step) or {
        "under_review": "Das Straßen- und Grünflächenamt prüft Kosten und Standort.",
        "adopted": "Beschlossen. Die Umsetzung wird jetzt geplant.",
        "in_progress": "Die Arbeiten haben begonnen.",
        "completed": "Fertig – schauen Sie vorbei!",
    }.get(step, "")


def _milestones(measure, planner) -> None:
    if measure.status in ("in_progress", "completed"):
        measure_steps.add_milestone(
            measure,
            planner,
            title="Auftrag vergeben",
            description="Eine Fachfirma aus Neukölln hat den Auftrag.",
            done_on=date.today() - timedelta(days=4),
        )
        measure_steps.add_milestone(
            measure,
            planner,
            title="Einbau",
            description="Der Bereich ist während des Einbaus abgesperrt.",
            due_on=date.today() + timedelta(days=30),
            done_on=date.today() if measure.status == "completed" else None,
        )


def _theme_and_answers(process, by_title, planner) -> None:
    """A theme "Sicher am Abend" linked to the lighting measure; a few answers by hand."""
    light = db.session.scalar(select(Measure).where(Measure.title.startswith("Licht im")))
    dark = [
        by_title[t].id
        for t in (
            "Dunkler Durchgang zur Schierker Straße",
            "Ecke hinter dem Toilettenhäuschen",
            "Beleuchtung am Weg",
        )
        if t in by_title
    ]
    with _clock(7):
        theme = links.create_theme(
            process,
            planner,
            "Sicher am Abend",
            "Dunkle Wege und Ecken, die am Abend gemieden werden.",
            dark,
        )
    with _clock(6):
        links.link_theme(theme, light, "Mehr Licht macht die Wege abends sicherer.", planner)
    answers = [
        (
            "Hundewiese ohne Zaun",
            "not_taken_up",
            "Die Hundewiese gehört nicht zum Spielplatz und "
            "damit nicht zu diesem Verfahren. Wir haben Ihren Hinweis an das Ordnungsamt Neukölln "
            "weitergeleitet.",
        ),
        (
            "Scherben am Klettergerüst",
            "implemented",
            "Der Bereich wird jetzt jeden Morgen gereinigt.",
        ),
        ("Bücherschrank", "in_review", ""),
        ("Kiez-Gärtchen", "in_review", ""),
    ]
    for n, (title, status, reason) in enumerate(answers):
        if title in by_title:
            with _clock(5 - n):
                outcomes.answer_contributions([by_title[title].id], status, reason, planner)


def _demo_body():
    """The meetings demo's conference in Neukölln, when the meetings demo ran before."""
    try:
        from participation.meetings.models import Body
    except ImportError:  # pragma: no cover
        return None
    return db.session.scalar(select(Body).order_by(Body.id).limit(1))
