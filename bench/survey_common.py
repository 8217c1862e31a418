"""Seeding helpers for the survey benchmarks: a 20-question survey built through the services,
and many responses inserted in bulk with exactly the rows the answer service writes (answers one
row per value, the respondent's area at every level, the maintained response counter): the
bulk insert is in :mod:`bench.survey_seed`."""

import uuid

import numpy as np

#: 20 questions of every countable type (the mix a real neighbourhood survey has).
SPEC = (
    [("single", 5)] * 6
    + [("multiple", 6)] * 4
    + [("scale5", 0)] * 2
    + [("scale10", 0)] * 2
    + [("number", 0)] * 2
    + [("ranking", 5), ("area", 0), ("map", 0), ("long_text", 0)]
)


def private_berlin_sqlite(workdir) -> str:
    """A fresh SQLite with the migrations and Berlin's areas in *workdir*.

    Not the shared template cache of ``bench.common``: benchmarks of several packages may run at
    the same time, and a template rebuilt by two processes at once ends up broken.
    """
    from bench.common import prepare_database

    url = f"sqlite:///{workdir / 'bench.db'}"
    prepare_database(url, berlin=True)
    return url


def make_survey(slug: str):
    """A published open survey with the 20 questions of SPEC on a Neukölln-wide process."""
    from bench.pins_common import make_process
    from participation.extensions import db
    from participation.surveys.services import builder

    process = make_process(["08"], slug)
    planner = process_creator(process)
    survey = builder.create_survey(
        process, planner, {"de": f"Befragung {slug}"}, {"de": "Lasttest"}
    )
    section = survey.sections[0].id
    for n, (kind, options) in enumerate(SPEC, start=1):
        settings = {}
        key = kind
        if kind == "scale5":
            key, settings = "scale", {"min": 1, "max": 5}
        elif kind == "scale10":
            key, settings = "scale", {"min": 0, "max": 10}
        elif kind == "number":
            settings = {"min": 0, "max": 120, "integer": True}
        elif kind == "area":
            settings = {"home": True, "within": "district"}
        elif kind == "multiple":
            settings = {"allow_other": True}
        builder.save_question(
            survey,
            planner,
            builder.QuestionInput(
                type=key,
                text={"de": f"Frage {n}"},
                section_id=section,
                settings=settings,
                options=[builder.OptionInput(None, {"de": f"Antwort {i}"}) for i in range(options)],
            ),
        )
    builder.update_settings(
        survey,
        planner,
        opens_at=None,
        closes_at=None,
        anonymous=True,
        mode="open",
        demographics=True,
        suppression_k=None,
        results_public=True,
    )
    builder.publish_survey(survey, planner)
    db.session.commit()
    return survey, planner


def process_creator(process):
    """The planner who created *process*."""
    from participation.accounts.models import User
    from participation.extensions import db

    return db.session.get(User, process.created_by_id)


def _area_chains(survey):
    """Planning areas of the process's district with their chains ``[(area_id, rank), …]``."""
    from participation.surveys.questions.place import area_groups
    from participation.surveys.services.responses import area_chain

    ids = [i for _g, items in area_groups(survey.process, None, "district") for i, _n in items]
    return ids, {i: area_chain(i) for i in ids}


def _map_points(survey, rng, n: int):
    """Points inside the process areas with their lowest-level area (same lookup as the form)."""
    from participation.areas import lookup

    boxes = [a.bbox for a in survey.process.areas]
    lo = np.min([b[:2] for b in boxes], axis=0)
    hi = np.max([b[2:] for b in boxes], axis=0)
    lons, lats = rng.uniform(lo[0], hi[0], n * 3), rng.uniform(lo[1], hi[1], n * 3)
    found = lookup.locate_many(lons, lats)
    keys = list(found)
    lowest, top = found[keys[-1]], found[keys[0]]
    inside = (lowest >= 0) & np.isin(top, [a.id for a in survey.process.areas])
    return lons[inside].round(5), lats[inside].round(5), lowest[inside]


def scratch_postgres(admin_url: str, prefix: str = "bench_survey"):
    """A new PostgreSQL database (migrations + Berlin's areas) on *admin_url*, dropped after."""
    from bench.pins_common import scratch_postgres as scratch

    return scratch(admin_url, prefix)


def unique_slug(prefix: str) -> str:
    """A process slug that does not collide between runs."""
    return f"{prefix}-{uuid.uuid4().hex[:6]}"
