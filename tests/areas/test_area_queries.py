"""One "areas grouped by level" for every form; the staff list of processes filtered in SQL."""

import pytest

from participation.areas.queries import areas_by_level
from participation.processes.queries import area_choices, managed_processes

pytestmark = pytest.mark.berlin


def test_areas_grouped_by_level_in_level_order_with_scope_and_within(area):
    groups = areas_by_level(max_rank=2)
    assert list(groups) == ["Bezirk", "Prognoseraum"]
    assert (area("08").id, "Neukölln") in groups["Bezirk"] and len(groups["Bezirk"]) == 12
    names = [name for _id, name in groups["Bezirk"]]
    assert names == sorted(names)
    inside = areas_by_level(within=[area("08").path], value=str)
    assert inside["Bezirk"] == [(str(area("08").id), "Neukölln")]
    assert all(len(options) > 0 for options in inside.values()) and len(inside) == 4
    assert areas_by_level(scope=[]) == {}


def test_area_choices_follow_the_users_scope(create_user, area):
    manager = create_user(roles=["manager"], areas=["08"])
    choices = area_choices(manager)
    assert choices["Bezirk"] == [(area("08").id, "Neukölln")]
    assert len(area_choices(create_user(roles=["planner"]))["Bezirk"]) == 12


def test_managed_processes_only_those_entirely_in_the_managers_areas(create_process, create_user):
    neukoelln = create_process(areas=("08010213",), title="Spielplatz Körnerpark")
    both = create_process(areas=("08010213", "05"), title="Radweg Spandau–Neukölln")
    spandau = create_process(areas=("05",), title="Spandauer Ufer")
    manager = create_user(roles=["manager"], areas=["08"])
    assert managed_processes(manager) == [neukoelln]
    planner = create_user(roles=["planner"])
    assert managed_processes(planner) == [spandau, both, neukoelln]
    assert managed_processes(create_user(roles=["council"])) == []
