"""The unit tree: level names as data, subtree scope, moves keep paths right."""

import pytest
from django.core.exceptions import ValidationError

from shikayat.jurisdictions.models import Unit, UnitLevel
from shikayat.jurisdictions.selectors import point_in_ring, unit_for_location

from .factories import build_levels, unit


def test_subtree_of_a_district_is_everything_below_it(force):
    codes = set(Unit.objects.subtree_of(force.units["dA"]).values_list("code", flat=True))
    assert codes == {"DA", "CA", "SA1", "SA2"}
    assert force.units["sA1"].is_within(force.units["dA"]) and not force.units["sB1"].is_within(force.units["dA"])


def test_moving_a_circle_rewrites_its_stations_paths(force):
    circle = force.units["cA"]
    circle.parent = force.units["dB"]
    circle.save()
    station = Unit.objects.get(code="SA1")
    assert station.path.startswith(force.units["dB"].path)
    assert set(Unit.objects.subtree_of(force.units["dB"]).values_list("code", flat=True)) >= {"CA", "SA1", "SA2"}


def test_levels_are_data_per_force(db):
    up = build_levels("up")
    UnitLevel.objects.filter(scheme="up", depth=4).update(name_en="Thana", name_hi="थाना")
    zone = unit("BLY-Z", up["province"])
    assert zone.level.scheme == "up"
    assert UnitLevel.objects.get(scheme="up", depth=4).name_in("hi") == "थाना"


def test_a_unit_must_sit_one_level_below_its_parent(force):
    levels = {lvl.code: lvl for lvl in UnitLevel.objects.filter(scheme="test")}
    wrong = Unit(code="X1", level=levels["station"], parent=force.units["dA"], name_en="X")
    with pytest.raises(ValidationError):
        wrong.full_clean()
    loop = force.units["dA"]
    loop.parent = force.units["sA1"]
    with pytest.raises(ValidationError):
        loop.full_clean()


def test_routing_by_area_then_nearest(force):
    station = force.units["sB1"]
    station.area = [[71.0, 30.0], [71.45, 30.0], [71.45, 30.25], [71.0, 30.25]]
    station.save()
    assert point_in_ring(71.2, 30.1, station.area) and not point_in_ring(72, 30.1, station.area)
    assert unit_for_location(30.24, 71.44) == station  # inside SB1's area, though SB2 is as close
    assert unit_for_location(31.59, 74.41) == force.units["sA2"]


def test_names_follow_the_active_language(force):
    from django.utils import translation

    with translation.override("ur"):
        assert force.units["dA"].name == "DA ur"
    with translation.override("hi"):
        assert force.units["dA"].name == "DA hi"
