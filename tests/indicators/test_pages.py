"""Staff pages: the CSV upload (dry run, refusal, skip), the representation check with its
warning and suppression, and a goal's indicator (baseline, target, latest, trend)."""

import io

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.indicators.importer import import_aggregated, import_values
from participation.indicators.models import GoalIndicator, IndicatorValue
from participation.indicators.queries import latest_values, population, representation

pytestmark = pytest.mark.berlin
CSV = "PLR_ID;EW;ALO\n08010213;12288;7,5\n08010214;8524;\n99999999;1;1\n"


def upload(staff, **fields):
    data = {
        "area_column": "PLR_ID",
        "period": "2020",
        "mapping": "EW=population,ALO=unemployment",
        "level": "planungsraum",
        "aggregate_to": "",
        "prefix_length": "2",
        **fields,
    }
    data["file"] = (io.BytesIO(CSV.encode()), "werte.csv")
    return staff.post("/manage/indicators/", data=data, content_type="multipart/form-data")


def values() -> int:
    return db.session.scalar(select(func.count()).select_from(IndicatorValue))


def test_upload_dry_run_then_refusal_then_skip(catalogue, login, create_user):
    staff = login(create_user(roles=["planner"]))
    assert staff.get("/manage/indicators/").status_code == 200
    page = upload(staff, dry_run="y")
    text = page.get_data(as_text=True)
    assert "99999999" in text and "unbekannter Gebietsschlüssel" in text
    assert values() == 0
    page = upload(staff)  # not a dry run, bad row, no skip: all or nothing
    assert page.status_code == 422 and values() == 0
    assert "EW=population,ALO=unemployment" in page.get_data(as_text=True)  # input kept
    page = upload(staff, skip_bad_rows="y")
    assert page.status_code == 200 and values() == 4


def test_upload_bad_mapping_is_a_message_not_a_500(catalogue, login, create_user):
    staff = login(create_user(roles=["planner"]))
    page = upload(staff, mapping="EW=nonsense")
    assert page.status_code == 422
    assert "nonsense" in page.get_data(as_text=True)


def test_upload_needs_the_permission(catalogue, login, create_user, client):
    assert client.get("/manage/indicators/").status_code in (302, 401)
    council = login(create_user(roles=["council"]))
    assert council.get("/manage/indicators/").status_code == 403


def _responses(process, area, households: list[str | None]):
    from participation.surveys.models import ResponseArea, Survey, SurveyResponse

    survey = Survey(process_id=process.id, title={"de": "Befragung"}, demographics=True)
    db.session.add(survey)
    db.session.flush()
    for household in households:
        response = SurveyResponse(survey_id=survey.id, household=household, home_language="de")
        db.session.add(response)
        db.session.flush()
        db.session.add(
            ResponseArea(
                response_id=response.id, area_id=area.id, survey_id=survey.id, level_rank=4
            )
        )
    db.session.commit()


def test_representation_warns_and_suppresses(catalogue, create_process, area, login, create_user):
    import_aggregated(
        "ID,RES,SP,MIG\n08100101,1000,30,40\n",
        area_column="ID",
        period="2020",
        mapping={"RES": "population", "SP": "single_parents", "MIG": "migration_background"},
        weight_column="RES",
        target_level="bezirk",
    )
    where = area("08010213")
    process = create_process(areas=("08010213",), publish=True)
    _responses(process, where, ["single_parent"] * 2 + ["couple"] * 28 + [None] * 3)
    rows = {r.key: r for r in representation(process.id, where.id)}
    single = rows["single_parents"]
    assert str(single.respondents) == "< 5" and single.share is None  # suppressed, no share
    assert str(single.answered) == "30"
    assert single.population_share == pytest.approx(30.0)
    assert single.population_area == "Neukölln"  # the nearest area with a figure
    assert single.under_represented  # 2 of 30 (6.7 %) < half of 30 %
    other = rows["other_language"]
    assert str(other.respondents) == "0" and other.under_represented  # 0 of 33 vs 40 %
    page = login(create_user(roles=["planner"])).get(
        f"/manage/processes/{process.id}/representation?area={where.id}"
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Deutlich unterrepräsentiert" in text and "&lt; 5" in text
    assert ">2<" not in text


def test_representation_without_answers_gives_no_warning(catalogue, create_process):
    process = create_process(publish=True)
    rows = representation(process.id)
    assert all(not r.under_represented and r.share is None for r in rows)


def test_representation_needs_internal_access(create_process, client, area):
    process = create_process(publish=True)
    assert client.get(f"/manage/processes/{process.id}/representation").status_code in (302, 401)


def test_queries_for_reports(catalogue, area):
    import_values(
        "PLR_ID;ALO\n08010213;7,5\n",
        area_column="PLR_ID",
        period="2020",
        mapping={"ALO": "unemployment"},
        level_key="planungsraum",
    )
    import_values(
        "PLR_ID;ALO\n08010213;\n",
        area_column="PLR_ID",
        period="2021",
        mapping={"ALO": "unemployment"},
        level_key="planungsraum",
    )
    db.session.commit()
    where = area("08010213")
    assert population(where.id) == 12288
    (latest,) = latest_values(where.id, ["unemployment"])
    assert latest.period == "2021" and latest.suppressed and latest.value is None


def test_goal_indicator_baseline_target_latest_and_trend(catalogue, area, login, create_user):
    from participation.measures.models import Goal

    where = area("08")
    import_aggregated(
        "ID,RES,ALO,D\n08100101,1000,8,-1\n",
        area_column="ID",
        period="2020",
        mapping={"RES": "population", "ALO": "unemployment"},
        weight_column="RES",
        target_level="bezirk",
        changes={"D": "unemployment"},
        previous_period="2018",
    )
    goal = Goal(title="Weniger Arbeitslosigkeit in Neukölln", area_id=where.id)
    db.session.add(goal)
    db.session.commit()
    staff = login(create_user(roles=["planner"]))
    response = staff.post(
        f"/manage/goals/{goal.id}/indicator",
        data={
            "indicator": "unemployment",
            "area": "",
            "baseline_period": "2018",
            "baseline_value": "",
            "target_value": "6,5",
            "target_period": "2026",
        },
    )
    assert response.status_code == 303
    link = db.session.get(GoalIndicator, goal.id)
    assert link.target_value == 6.5
    page = staff.get(f"/manage/goals/{goal.id}/edit")  # the measures page shows the panel
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "9,0" in text  # baseline 2018 = 8 − (−1), an estimate
    assert "Schätzung" in text
    assert "6,5" in text and "8,0" in text  # target and latest
    assert 'class="chart trend"' in text and "<desc" in text
    bad = staff.post(
        f"/manage/goals/{goal.id}/indicator",
        data={"indicator": "unemployment", "target_value": "viel weniger"},
    )
    assert bad.status_code == 422 and "viel weniger" in bad.get_data(as_text=True)


def test_process_dashboard_links_the_representation_check(create_process, login, create_user):
    process = create_process(publish=True)
    page = login(create_user(roles=["planner"])).get(f"/manage/processes/{process.id}")
    assert page.status_code == 200
    assert f"/manage/processes/{process.id}/representation" in page.get_data(as_text=True)
