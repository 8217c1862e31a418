"""Results: counts with suppression, samples never mixed silently, filters, cross-tables,
moderation of free text and promotion to a contribution."""

import html
import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import TextReview

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def row(page: str, label: str) -> str:
    """The table cells following a row header, as text."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert match, label
    text = html.unescape(re.sub(r"<[^>]+>", "|", match.group(1))).replace("\xa0", " ")
    return re.sub(r"\|+", "|", re.sub(r"\s*\|\s*", "|", text))


def fill(add_response, survey, question, counts: dict[str, int], **kwargs):
    for code, n in counts.items():
        for _ in range(n):
            add_response(survey, {question.field_name: code}, **kwargs)


def test_small_counts_are_hidden_with_complementary_suppression(
    create_survey, add_response, client
):
    survey = create_survey(
        questions=[{"type": "single", "options": ["Schaukel", "Rutsche", "Sandkasten"]}],
        results_public=True,
    )
    (q,) = survey.ordered_questions()
    fill(add_response, survey, q, {"1": 12, "2": 3, "3": 20})
    page = client.get(f"/surveys/{survey.id}/results", headers=EN).get_data(as_text=True)
    assert "|< 5|" in row(page, "Rutsche")
    # 12 would follow from 35 - 20 - (< 5)... no: it is withheld so that "Rutsche" stays hidden.
    assert "×" in row(page, "Schaukel") and "12" not in row(page, "Schaukel")
    assert "|20|57.1 %|" in row(page, "Sandkasten")
    assert "|35|100 %|" in row(page, "Total")


def test_too_few_answers_show_no_distribution(create_survey, add_response, client):
    survey = create_survey(questions=[{"type": "scale"}], results_public=True)
    (q,) = survey.ordered_questions()
    fill(add_response, survey, q, {"4": 3})
    page = client.get(f"/surveys/{survey.id}/results", headers=EN).get_data(as_text=True)
    assert "Fewer than 5 people answered this question" in page
    assert "Mean" not in page
    panel = client.get(f"/processes/{survey.process.slug}", headers=EN).get_data(as_text=True)
    assert "fewer than 5 answers" in panel and f"/surveys/{survey.id}" in panel


def test_public_results_only_when_published(create_survey, client, login):
    survey = create_survey(questions=[{"type": "short_text"}])
    assert client.get(f"/surveys/{survey.id}/results").status_code == 404
    draft = create_survey(questions=[{"type": "short_text"}], publish=False, results_public=True)
    assert client.get(f"/surveys/{draft.id}/results").status_code == 404


def test_samples_are_never_mixed_silently(create_survey, add_response, create_user, login):
    from participation.surveys.services.invitations import generate_invitations

    survey = create_survey(
        questions=[{"type": "single", "options": ["Ja", "Nein"]}], mode="representative"
    )
    (q,) = survey.ordered_questions()
    codes = [i.code for i in generate_invitations(survey, survey.creator, 6)]
    db.session.commit()
    for code in codes:
        add_response(survey, {q.field_name: "1"}, code=code)
    staff = create_user(roles=["staff"], areas=["08"])
    fill(add_response, survey, q, {"2": 7}, channel="doorstep", user=staff)
    client = login(create_user(roles=["council"]))
    page = client.get(f"/manage/surveys/{survey.id}/results", headers=EN).get_data(as_text=True)
    assert "Responses counted: 6" in page and "|6|100 %|" in row(page, "Ja")
    page = client.get(f"/manage/surveys/{survey.id}/results?sample=open", headers=EN).get_data(
        as_text=True
    )
    assert "Responses counted: 7" in page
    page = client.get(f"/manage/surveys/{survey.id}/results?sample=both", headers=EN).get_data(
        as_text=True
    )
    assert "Representative and open answers are combined here." in page
    assert "Responses counted: 13" in page
    assert "|7|" in row(page, "Door-step interview")


def test_area_filter_and_breakdown_with_suppression(
    create_survey, add_response, create_user, login, area
):
    survey = create_survey(
        questions=[
            {"type": "area", "settings": {"home": True}},
            {"type": "single", "options": ["gut", "schlecht"]},
        ],
        process=None,
    )
    home, opinion = survey.ordered_questions()
    koerner, glasower = area("08010213"), area("08010214")
    answers = (
        [(koerner, "1")] * 7 + [(koerner, "2")] * 6 + [(glasower, "1")] * 3 + [(glasower, "2")] * 9
    )
    for where, choice in answers:
        add_response(survey, {home.field_name: str(where.id), opinion.field_name: choice})
    client = login(survey.creator)
    page = client.get(
        f"/manage/surveys/{survey.id}/results?area={koerner.id}", headers=EN
    ).get_data(as_text=True)
    assert "Responses counted: 13" in page
    page = client.get(
        f"/manage/surveys/{survey.id}/results/breakdown?question={opinion.id}&by=level:4",
        headers=EN,
    ).get_data(as_text=True)
    # 2 x 2 with one small cell (Glasower Straße / gut = 3): any single other hidden cell could
    # be worked out from the totals, so all four inner cells are withheld; the totals stay.
    assert row(page, "Körnerpark") == "|×|(withheld)|×|(withheld)|13|"
    glasower_row = row(page, "Glasower Straße")
    assert glasower_row.startswith("|< 5|×|") and "9" not in glasower_row
    assert "|10|15|25|" in row(page, "Total")


def test_moderation_and_promotion_to_a_contribution(create_survey, add_response, login, client):
    from participation.contributions.models import Contribution

    survey = create_survey(
        questions=[{"type": "long_text", "text": "Was wünschen Sie sich?"}], results_public=True
    )
    (q,) = survey.ordered_questions()
    wish = add_response(survey, {q.field_name: "Mehr Schatten am Sandkasten, bitte!"}).answers[0]
    secret = add_response(survey, {q.field_name: "Herr Müller aus Nr. 5 ist laut"}).answers[0]
    for _ in range(4):
        add_response(survey, {q.field_name: "Bänke"})
    staff = login(survey.creator)
    page = staff.get(f"/manage/surveys/{survey.id}/answers/texts", headers=EN).get_data(
        as_text=True
    )
    assert "Mehr Schatten am Sandkasten" in page and "not reviewed yet" in page
    response = staff.post(
        f"/manage/surveys/{survey.id}/answers/texts/{wish.id}/approved",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and response.get_data(as_text=True).startswith(
        '<li class="card'
    )
    # approved by mistake: residents see it (and the page is cached now) …
    staff.post(f"/manage/surveys/{survey.id}/answers/texts/{secret.id}/approved")
    public = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Mehr Schatten am Sandkasten" in public and "Herr Müller" in public
    # … a moderator hides it: gone from the public page at once, not after the cache expires
    response = staff.post(f"/manage/surveys/{survey.id}/answers/texts/{secret.id}/hidden")
    assert response.status_code == 303
    assert db.session.get(TextReview, secret.id).status == "hidden"
    public = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Mehr Schatten am Sandkasten" in public and "Herr Müller" not in public
    assert "Bänke" not in public  # never reviewed: not quoted
    # Promote: the answer becomes a contribution with channel "survey" (the feedback loop).
    form = staff.get(f"/manage/surveys/{survey.id}/answers/texts/{wish.id}/promote")
    assert "Mehr Schatten am Sandkasten, bitte!" in form.get_data(as_text=True)
    response = staff.post(
        f"/manage/surveys/{survey.id}/answers/texts/{wish.id}/promote",
        data={"title": "Schatten am Sandkasten"},
    )
    assert response.status_code == 303
    contribution = db.session.scalar(select(Contribution))
    assert (contribution.kind, contribution.channel, contribution.source_ref) == (
        "survey_answer",
        "survey",
        f"survey_answer:{wish.id}",
    )
    assert (
        contribution.title == "Schatten am Sandkasten"
        and contribution.process_id == survey.process_id
    )
    assert "Mehr Schatten am Sandkasten, bitte!" in contribution.body
    assert db.session.get(TextReview, wish.id).contribution_id == contribution.id
    again = staff.post(
        f"/manage/surveys/{survey.id}/answers/texts/{wish.id}/promote",
        data={"title": "Nochmal"},
        headers=EN,
    )
    assert again.status_code == 422 and "already been turned into a contribution" in again.get_data(
        as_text=True
    )
    assert len(db.session.scalars(select(Contribution)).all()) == 1


def test_results_are_cached_briefly_and_refreshed(
    create_survey, add_response, client, app, login, area
):
    survey = create_survey(
        questions=[{"type": "single", "options": ["Ja", "Nein"]}], results_public=True
    )
    (q,) = survey.ordered_questions()
    home = area("08010213")
    fill(add_response, survey, q, {"1": 6}, area=home)
    url = f"/surveys/{survey.id}/results"
    by_area = f"/manage/surveys/{survey.id}/results?area={home.id}"
    staff = login(survey.creator)
    assert "|6|100 %|" in row(client.get(url, headers=EN).get_data(as_text=True), "Ja")
    assert "|6|100 %|" in row(staff.get(by_area, headers=EN).get_data(as_text=True), "Ja")
    fill(add_response, survey, q, {"1": 1}, area=home)
    # From the maintained counters the page is current at once, with an area filter too (the
    # per-area counters follow every response) …
    assert "|7|100 %|" in row(client.get(url, headers=EN).get_data(as_text=True), "Ja")
    assert "|7|100 %|" in row(staff.get(by_area, headers=EN).get_data(as_text=True), "Ja")
    # … and a stored page is not kept beyond ten times the cache time.
    app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 0
    assert "|7|100 %|" in row(staff.get(by_area, headers=EN).get_data(as_text=True), "Ja")


def test_who_took_part_from_the_grouped_scan_equals_counting_in_sql(
    create_survey, add_response, create_user, login, area
):
    """The tables added up from one grouped scan (per area too) equal the SQL count of each."""
    from participation.surveys.results import build, participation_tables

    survey = create_survey(
        questions=[
            {"type": "area", "settings": {"home": True}},
            {"type": "single", "options": ["gut", "schlecht"]},
        ],
        process=None,
    )
    survey.demographics = True
    db.session.commit()
    home, opinion = survey.ordered_questions()
    koerner, glasower = area("08010213"), area("08010214")
    plan = [(koerner, "online")] * 6 + [(koerner, "paper")] * 5 + [(glasower, "online")] * 7
    for i, (where, channel) in enumerate(plan):
        data = {home.field_name: str(where.id), opinion.field_name: "1"}
        data["d_age_band"] = ["18_29", "30_44", "65_79"][i % 3]
        add_response(survey, data, channel=channel, user=survey.creator)

    def tables(view):
        return [(t.key, [(r.key, str(r.cell)) for r in t.rows], str(t.total)) for t in view.tables]

    for args in ({}, {"area": str(koerner.id)}, {"area": str(koerner.id), "channel": "paper"}):
        view = build(survey, args)
        counted = participation_tables(survey, view.flt, survey.k, view.level)  # SQL per table
        assert tables(view) == [
            (t.key, [(r.key, str(r.cell)) for r in t.rows], str(t.total)) for t in counted
        ], args
    view = build(survey, {"area": str(koerner.id)})
    by_channel, by_age = view.tables[0], {t.key: t for t in view.tables}["age_band"]
    assert {r.key: str(r.cell) for r in by_channel.rows} == {"paper": "5", "online": "6"}
    assert {r.key: str(r.cell) for r in by_age.rows} == {
        "18_29": "< 5",
        "30_44": "< 5",
        "65_79": "< 5",
    }
    assert str(view.total) == "11"
