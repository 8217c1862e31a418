"""Defect 4: odd numbers in URLs, query strings and forms give 404/400 or a default, never 500."""

import pytest
from werkzeug.routing import Map, Rule

from participation.core.params import MAX_INT, BoundedIntConverter, int_list, parse_int

ODD = ["²", "٣", "99999999999999999999", "1" * 5000, "-1", "NaN", "1e3"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("²", None),
        ("٣", None),
        ("99999999999999999999", None),
        ("1" * 5000, None),
        ("-1", None),
        ("NaN", None),
        ("", None),
        ("1_0", None),
        ("+5", None),
        (str(MAX_INT), MAX_INT),
        (str(MAX_INT + 1), None),
        (None, None),
        (["1"], None),
    ],
)
def test_parse_int(raw, expected):
    assert parse_int(raw) == expected


def test_int_list_skips_junk():
    assert int_list("3,²,5,99999999999999999999,,x") == [3, 5]


def test_converter_refuses_unicode_and_huge_ids():
    urls = Map([Rule("/a/<int:i>", endpoint="a")], converters={"int": BoundedIntConverter})
    adapter = urls.bind("localhost")
    assert adapter.match("/a/42") == ("a", {"i": 42})
    from werkzeug.exceptions import NotFound

    for raw in ["99999999999999999999", "٣", "1" * 5000, str(MAX_INT + 1)]:
        with pytest.raises(NotFound):
            adapter.match(f"/a/{raw}")


def test_every_int_rule_uses_the_bounded_converter(app):
    for rule in app.url_map.iter_rules():
        for conv in (rule._converters or {}).values():
            if conv.__class__.__name__.endswith("IntegerConverter"):
                pytest.fail(f"{rule.rule} uses werkzeug's unbounded int converter")


def test_huge_ids_in_paths_are_404(client):
    for path in ["/areas/99999999999999999999", "/surveys/99999999999999999999"]:
        assert client.get(path).status_code == 404, path


@pytest.mark.berlin
def test_odd_query_numbers_on_resident_pages(client, pin_process):
    process = pin_process()
    for raw in ODD:
        for url in [
            f"/processes/{process.slug}/contributions?area={raw}&page={raw}&category={raw}",
            f"/processes/{process.slug}?area={raw}",
            f"/processes/{process.slug}/contributions.geojson?zoom={raw}",
        ]:
            response = client.get(url, query_string=None)
            assert response.status_code < 500, (url, response.status_code)


@pytest.mark.berlin
def test_odd_numbers_in_survey_answers(client, create_survey, answer):
    survey = create_survey(
        questions=[
            {"type": "scale", "settings": {"min": 1, "max": 5}},
            {"type": "area"},
            {"type": "ranking", "options": ["Bänke", "Schatten", "Wasser"]},
        ]
    )
    scale, area_q, ranking = survey.ordered_questions()
    option = ranking.options[0]
    for raw in ODD:
        data = {
            scale.field_name: raw,
            area_q.field_name: raw,
            f"{ranking.field_name}_{option.id}": raw,
        }
        response = answer(client, survey, data)
        assert response.status_code < 500, (raw, response.status_code)


@pytest.mark.berlin
def test_odd_numbers_on_staff_pages(login, create_user, create_survey, pin_process):
    survey = create_survey(questions=[{"type": "scale", "settings": {"min": 1, "max": 5}}])
    admin = login(create_user(roles=["admin"]))
    process = pin_process()
    for raw in ODD:
        for url in [
            f"/manage/surveys/{survey.id}/results?area={raw}&level={raw}",
            f"/manage/surveys/{survey.id}/entry?saved={raw}&interviewer={raw}",
            f"/manage/surveys/{survey.id}/questions/new?type=scale&section={raw}",
            f"/manage/stakeholders/?type={raw}&area={raw}&page={raw}",
            f"/manage/stakeholders/network?area={raw}",
            f"/manage/stakeholders/types?edit={raw}",
            f"/manage/processes/{process.id}/entry?saved={raw}",
            f"/manage/audit?page={raw}",
        ]:
            response = admin.get(url)
            assert response.status_code < 500, (url, response.status_code)
