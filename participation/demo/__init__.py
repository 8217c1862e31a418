"""``flask seed-demo``: real Berlin areas, demo users for each role, a demo process in Neukölln.

Development only. Each step is a function in ``STEPS``; packages add their own demo content as a
module in this folder and a line in ``STEPS`` (in dependency order).
"""

from flask import current_app

from participation.core.models import AppState
from participation.extensions import db

SEED_KEY = "demo.seeded"


class SeedRefused(RuntimeError):
    """The demo cannot be seeded here; ``str(error)`` is one line for the command line."""


def seed(force: bool = False) -> str:
    """Load the demo data once; returns a summary line.

    :raises SeedRefused: in production.
    :raises participation.core.datafiles.DataFileMissing: when a data file is missing; checked
        before any step runs, so nothing is written.
    """
    if current_app.config["ENV_NAME"] == "production":
        raise SeedRefused("seed-demo creates users with known passwords: not in production")
    if db.session.get(AppState, SEED_KEY) and not force:
        return "demo data present already (use --force to seed again)"
    from participation.demo import areas, contributions, process, users

    # fail fast with one line naming the file, before the first step writes anything
    areas.berlin_files(current_app.config["SEED_DATA_DIR"])

    steps = [areas.seed_berlin_areas, users.seed_users, process.seed_process]
    steps.append(contributions.seed_contributions)
    from participation.demo import stakeholders

    steps.append(stakeholders.seed_stakeholders)
    from participation.demo import surveys

    steps.append(surveys.seed_surveys)
    from participation.demo import closed_process

    steps.append(closed_process.seed_closed_process)
    from participation.demo import experience

    steps.append(experience.seed_translations)
    from participation.demo import experience_surveys

    steps.append(experience_surveys.seed_survey_translations)
    from participation.demo import meetings

    steps.append(meetings.seed_meetings)
    from participation.demo import measures  # after meetings (uses its bodies when present)

    steps.append(measures.seed_measures)
    from participation.demo import budgets  # after measures (funded projects become measures)

    steps.append(budgets.seed_budgets)
    from participation.demo import indicators  # after budgets/measures (links a demo goal)

    steps.append(indicators.seed_indicators)
    from participation.demo import reports  # last: reports on everything seeded above

    steps.append(reports.seed_reports)
    from participation.demo import api  # after reports: OParl shows the published report

    steps.append(api.seed_open_data)
    lines = [step() for step in steps]
    state = db.session.get(AppState, SEED_KEY) or AppState(key=SEED_KEY, value="1")
    db.session.add(state)
    db.session.commit()
    return "\n".join(line for line in lines if line)
