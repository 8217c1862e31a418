"""Demo surveys for "Spielplatz Körnerpark": an open online survey with a few hundred responses
across Neukölln (mixed channels, so the results show suppression) and a small door-step survey
with invitation codes (representative sample)."""

import random

from shapely.geometry import Point, shape
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.accounts.models import User
from participation.areas.models import Area, AreaLevel
from participation.demo.surveys_data import INTRO_DE, INTRO_EN, QUESTIONS, TITLE, WISHES, _q
from participation.extensions import db
from participation.processes.models import Process
from participation.surveys.models import Survey
from participation.surveys.services import builder
from participation.surveys.services.invitations import generate_invitations
from participation.surveys.services.moderation import default_title, promote_answer, review_answer
from participation.surveys.services.responses import ParseContext, read_form, submit_response

DEMO_SLUG = "spielplatz-koernerpark"
CHANNELS = ["online"] * 70 + ["paper"] * 18 + ["doorstep"] * 10 + ["phone"] * 2


def _create(process, user, title, intro, questions, **settings) -> Survey:
    survey = builder.create_survey(process, user, title, intro)
    builder.save_section(
        survey,
        user,
        {"de": "Sie und der Spielplatz", "en": "You and the playground"},
        {},
        survey.sections[0],
    )
    builder.save_section(survey, user, {"de": "Ihre Wünsche", "en": "Your wishes"}, {})
    made = []
    for spec in questions:
        condition = spec.get("condition")
        made.append(
            builder.save_question(
                survey,
                user,
                builder.QuestionInput(
                    type=spec["type"],
                    text={"de": spec["de"], "en": spec["en"]},
                    help=spec.get("help", {}),
                    section_id=survey.sections[min(spec["section"], len(survey.sections) - 1)].id,
                    required=spec.get("required", False),
                    settings=spec.get("settings", {}),
                    options=[
                        builder.OptionInput(None, {"de": d, "en": e}) for d, e in spec["options"]
                    ],
                    condition_question_id=made[condition[0]].id if condition else None,
                    condition_value=condition[1] if condition else None,
                ),
            )
        )
    values = {
        "opens_at": None,
        "closes_at": None,
        "anonymous": True,
        "mode": "open",
        "demographics": False,
        "suppression_k": None,
        "results_public": False,
    }
    values.update(settings)
    builder.update_settings(survey, user, **values)
    builder.publish_survey(survey, user)
    return survey


def _planning_areas(rng) -> list[int]:
    """Neukölln's planning areas, weighted: most respondents live near the playground."""
    lowest = db.session.scalar(select(AreaLevel.rank).order_by(AreaLevel.rank.desc()))
    district = db.session.scalar(
        select(Area.path).where(Area.code == "08", Area.valid_to.is_(None))
    )
    areas = db.session.scalars(
        select(Area)
        .join(AreaLevel)
        .where(Area.valid_to.is_(None), AreaLevel.rank == lowest, Area.path.startswith(district))
    ).all()
    near = {"08010213": 30, "08010214": 18}
    pool = []
    for a in areas:
        pool += [a.id] * near.get(a.code, 1 if rng.random() < 0.6 else 0)
    return pool


def _random_point(rng, polygon):
    minx, miny, maxx, maxy = polygon.bounds
    while True:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(Point(x, y)):
            return x, y


def _answers(rng, questions, home_pool, polygons) -> MultiDict:
    q = {i: question for i, question in enumerate(questions)}
    form = MultiDict()
    if rng.random() < 0.9:
        form[q[0].field_name] = str(rng.choice(home_pool))
    form[q[1].field_name] = rng.choices(["1", "2", "3", "4", "5"], [20, 35, 25, 15, 5])[0]
    kids = rng.random() < 0.62
    form[q[2].field_name] = "1" if kids else "2"
    if kids:
        for code in rng.sample(["1", "2", "3", "4", "5"], rng.choice([1, 1, 2])):
            form.add(q[3].field_name, code)
    form[q[4].field_name] = rng.choices(["1", "2", "3", "4", "5"], [14, 30, 30, 20, 6])[0]
    wishes = rng.sample(["1", "2", "3", "4", "5", "6", "7"], rng.choice([1, 2, 3]))
    for code in wishes:
        form.add(q[5].field_name, code)
    if rng.random() < 0.05:
        form[q[5].field_name + "_other"] = "Ein Wasserspielplatz"
    if rng.random() < 0.7:
        for rank, code in enumerate(rng.sample(["1", "2", "3", "4", "5"], 3), start=1):
            form[f"{q[6].field_name}_{code}"] = str(rank)
    if rng.random() < 0.6:
        lon, lat = _random_point(rng, rng.choice(polygons))
        form[q[7].field_name + "_lon"], form[q[7].field_name + "_lat"] = str(lon), str(lat)
    form[q[8].field_name] = str(min(10, max(0, round(rng.gauss(5.5, 2.3)))))
    if rng.random() < 0.3:
        form[q[9].field_name] = rng.choice(WISHES)
    if rng.random() < 0.8:
        form["d_age_band"] = rng.choices(
            ["u18", "18_29", "30_44", "45_64", "65_79", "80p"], [3, 18, 42, 24, 10, 3]
        )[0]
        form["d_gender"] = rng.choices(["female", "male", "nonbinary", ""], [55, 38, 2, 5])[0]
        form["d_household"] = rng.choices(
            ["alone", "couple", "family", "single_parent", "shared", ""], [14, 12, 40, 16, 10, 8]
        )[0]
        form["d_home_language"] = rng.choices(
            ["de", "tr", "ar", "pl", "several", "other", ""], [52, 14, 9, 3, 12, 5, 5]
        )[0]
    return form


def seed_surveys() -> str:
    """Create the demo surveys with generated responses unless they exist."""
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return "demo surveys: no demo process"
    if db.session.scalar(select(Survey.id).where(Survey.process_id == process.id)):
        return "demo surveys present"
    rng = random.Random(2026)
    planner = db.session.scalar(select(User).where(User.email == "planung@example.org"))
    clerk = db.session.scalar(select(User).where(User.email == "erfassung@example.org"))
    survey = _create(
        process,
        planner,
        {"de": TITLE, "en": "Survey about the Körnerpark playground"},
        {"de": INTRO_DE, "en": INTRO_EN},
        QUESTIONS,
        demographics=True,
        results_public=True,
    )
    questions = survey.ordered_questions()
    ctx = ParseContext(survey)
    home_pool = _planning_areas(rng)
    polygons = [shape(a.geometry) for a in process.areas]
    texts = []
    for _ in range(340):
        channel = rng.choice(CHANNELS)
        result = read_form(survey, _answers(rng, questions, home_pool, polygons), ctx)
        staff = channel != "online"
        response, _dup = submit_response(
            survey,
            result,
            channel=channel,
            entered_by=clerk if staff else None,
            interviewer=clerk if channel in ("doorstep", "phone") else None,
        )
        texts += [a for a in response.answers if a.question_id == questions[9].id]
    distinct = list({a.value_text: a for a in texts}.values())
    for answer in distinct[:6]:
        review_answer(survey, answer, planner, "approved")
    if texts:
        promote_answer(survey, distinct[0], planner, default_title(distinct[0].value_text))
    lines = [f"demo survey: /surveys/{survey.id} ({survey.response_count} responses)"]
    lines.append(_doorstep_survey(process, planner, clerk, rng, home_pool))
    db.session.commit()
    return "\n".join(lines)


def _doorstep_survey(process, planner, clerk, rng, home_pool) -> str:
    """Aktivierende Befragung: invited households (codes), interviews at the door."""
    survey = _create(
        process,
        planner,
        {"de": "Aktivierende Befragung Glasower Straße", "en": "Door-step survey Glasower Straße"},
        {
            "de": "Wir besuchen ausgewählte Haushalte und fragen nach dem Leben im Kiez.",
            "en": "We visit selected households and ask about life in the neighbourhood.",
        },
        [
            QUESTIONS[0],
            QUESTIONS[4],
            QUESTIONS[8],
            _q(
                "single",
                "Würden Sie zu einem Treffen im Kiez kommen?",
                "Would you come to a neighbourhood meeting?",
                [("Ja", "Yes"), ("Vielleicht", "Maybe"), ("Nein", "No")],
            ),
        ],
        mode="representative",
        results_public=True,
    )
    codes = generate_invitations(survey, planner, 60, label="Stichprobe Glasower Straße")
    home, happy, safe, meet = survey.ordered_questions()
    ctx = ParseContext(survey)
    for i in range(34):
        form = MultiDict(
            {
                home.field_name: str(rng.choice(home_pool[:60])),
                happy.field_name: rng.choice("12345"),
                safe.field_name: str(rng.randint(2, 9)),
                meet.field_name: rng.choices(["1", "2", "3"], [30, 45, 25])[0],
            }
        )
        submit_response(
            survey,
            read_form(survey, form, ctx),
            channel="doorstep",
            invitation_code=codes[i].code if i < 28 else None,
            entered_by=clerk,
            interviewer=clerk,
        )
    return f"demo door-step survey: /surveys/{survey.id} ({len(codes)} invitation codes)"
