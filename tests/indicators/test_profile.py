"""The area profile: numbers against a hand computation, suppression of every participation
figure, the choropleth's legend and table, internal flags kept internal, bounded queries."""

import re

import pytest
from sqlalchemy import event

from participation.contributions.services import create_contribution
from participation.extensions import db
from participation.indicators.importer import import_values

pytestmark = pytest.mark.berlin

#: Körnerpark 12,288 residents, Glasower Straße 8,524, Flughafenstraße 9,668 (berlin template).
VALUES = "PLR_ID;ALO;MIG\n08010213;10;40\n08010214;20;\n08010211;;55\n"


@pytest.fixture
def values(catalogue):
    report = import_values(
        VALUES,
        area_column="PLR_ID",
        period="2020",
        mapping={"ALO": "unemployment", "MIG": "migration_background"},
        level_key="planungsraum",
    )
    assert report.applied
    db.session.commit()


def text_of(response) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def participation_table(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(
        r"\s+",
        " ",
        html[html.index('id="part-h"') : html.index("</table>", html.index('id="part-h"'))],
    )


def test_key_figures_beside_the_city_mean_match_a_hand_computation(values, client, area):
    page = client.get(f"/areas/{area('08010213').id}/profile")
    assert page.status_code == 200
    text = text_of(page)
    # weighted by residents over the areas with a published value (the empty one is left out)
    mean = (10 * 12288 + 20 * 8524) / (12288 + 8524)  # 14.0957…
    assert f"{mean:.1f}".replace(".", ",") + " %" in text
    assert "10,0 %" in text
    # a share of all residents is shown beside the absolute number: 40 % of 12,288 ≈ 4,920
    assert "4.920" in text
    assert "12.288" in text


def test_suppressed_value_is_not_published_never_zero(values, client, area):
    text = text_of(
        client.get(f"/areas/{area('08010214').id}/profile?indicator=migration_background")
    )
    row = re.search(r"Glasower Straße (\S+ \S+)", text.split("Die Karte als Tabelle")[-1])
    assert row and row.group(1) == "nicht veröffentlicht"
    assert not re.search(r"(?<![\d.])0,0 %", text)


def test_choropleth_has_a_legend_a_table_and_text_alternatives(values, client, area):
    page = client.get(f"/areas/{area('08010213').id}/profile?indicator=unemployment")
    html = page.get_data(as_text=True)
    svg = html[html.index('class="chart choropleth"') :]
    assert "<title" in svg and "<desc" in svg and 'role="img"' in html
    assert "#d7191c" not in html and "red" not in svg.split("</svg>")[0]  # no traffic lights
    assert html.count('class="swatch q') == 2  # two distinct values → two classes
    assert "Körnerpark: 10,0\u00a0%" in svg  # tooltip per area
    assert "Flughafenstraße" in text_of(page)  # the table alternative lists every area


def test_every_participation_figure_is_suppressed(values, client, create_process, area):
    process = create_process(areas=("08010213",), publish=True)
    where = area("08010213")
    for i in range(2):
        create_contribution(process, kind="idea", channel="online", title=f"Idee {i}", area=where)
    for i in range(6):
        create_contribution(
            process,
            kind="idea",
            channel="paper",
            title=f"Karte {i}",
            area=where,
            entered_by=process.created_by if hasattr(process, "created_by") else None,
        )
    db.session.commit()
    table = participation_table(client.get(f"/areas/{where.id}/profile"))
    assert "&lt; 5" in table
    # two online ideas: neither the 2 nor the 6 from which it could be worked out (total 8)
    cells = re.findall(r'<td class="num">([^<]*)</td>', table)
    assert "2" not in cells and "6" not in cells and "×" in cells
    assert cells.count("0") == 3  # surveys, meetings, budgets: nothing yet (0 is not disclosive)


def test_internal_flags_only_on_the_staff_view(values, client, login, create_user, area):
    glasower = area("08010214")  # 20 % unemployment vs a mean of 14.1 %: needs attention
    public = client.get(f"/areas/{glasower.id}/profile?indicator=unemployment")
    assert 'class="attention"' not in public.get_data(as_text=True)
    assert client.get(f"/manage/areas/{glasower.id}/profile").status_code in (302, 401)
    staff = login(create_user(roles=["planner"]))
    internal = staff.get(f"/manage/areas/{glasower.id}/profile?indicator=unemployment")
    assert internal.status_code == 200
    assert 'class="attention"' in internal.get_data(as_text=True)
    resident_view = staff.get(f"/manage/areas/{area('08010213').id}/profile")
    assert 'class="attention"' not in resident_view.get_data(as_text=True)


def test_district_values_shown_for_a_planning_area_with_their_source(catalogue, client, area):
    from participation.indicators.importer import import_aggregated

    import_aggregated(
        "ID,RES,CP\n08100101,1000,30\n08100102,1000,50\n",
        area_column="ID",
        period="2020",
        mapping={"RES": "population", "CP": "child_poverty"},
        weight_column="RES",
        target_level="bezirk",
    )
    db.session.commit()
    text = text_of(client.get(f"/areas/{area('08010213').id}/profile"))
    assert "40,0 %" in text and "Neukölln" in text


HOSTILE = ["<script>alert(1)</script>", "x" * 5000, "%00", "population' OR 1=1--", "ünicode"]


def test_hostile_indicator_argument(values, client, area):
    where = area("08010213").id
    for arg in HOSTILE:
        page = client.get(f"/areas/{where}/profile", query_string={"indicator": arg})
        assert page.status_code == 200
        assert "<script>alert" not in page.get_data(as_text=True)
    assert client.get("/areas/999999/profile").status_code == 404


def test_profile_cache_miss_runs_at_most_8_queries(values, client, area, app):
    where = area("08010213").id
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = client.get(f"/areas/{where}/profile?indicator=migration_background")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert page.status_code == 200
    assert len(statements) <= 8, statements


def test_cached_profile_shows_a_new_import_at_once(values, client, area):
    where = area("08010213").id
    assert "10,0 %" in text_of(client.get(f"/areas/{where}/profile"))
    assert "10,0 %" in text_of(client.get(f"/areas/{where}/profile"))  # from the page cache
    import_values(
        "PLR_ID;ALO\n08010213;12,5\n",
        area_column="PLR_ID",
        period="2020",
        mapping={"ALO": "unemployment"},
        level_key="planungsraum",
    )
    db.session.commit()
    text = text_of(client.get(f"/areas/{where}/profile"))
    assert "12,5 %" in text and "10,0 %" not in text
