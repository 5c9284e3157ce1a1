"""Reads on the unit tree, including routing a place to a unit."""

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from shikayat.core.refcache import reference

from .models import Unit


def point_in_ring(lng: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: is (lng, lat) inside the closed polygon `ring`?"""
    inside = False
    count = len(ring)
    for i in range(count):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % count][0], ring[(i + 1) % count][1]
        if (y1 > lat) != (y2 > lat):
            x_cross = (x2 - x1) * (lat - y1) / (y2 - y1) + x1
            if lng < x_cross:
                inside = not inside
    return inside


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlng = rlat2 - rlat1, math.radians(lng2 - lng1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlng / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def leaf_units():
    """Units with no active children: the police stations / thanas."""
    return Unit.objects.filter(is_active=True, children__isnull=True).select_related("level")


@dataclass(frozen=True)
class UnitTable:
    """The whole unit tree, read once per reference-cache period (core.refcache: cleared on any save of a unit
    or level): intake and routing look units up here instead of in the database. The Unit objects are shared:
    read them, never change them."""

    by_id: dict[int, Unit]  # every unit, active or not, with its level
    active_by_code: dict[str, Unit]
    root: Unit | None  # the top of the force: the first active unit without a parent
    stations: tuple[Unit, ...]  # leaf_units() in path order
    # Stations with an area and a point, the deepest first (a beat's area within its thana's), then in path order.
    stations_with_areas: tuple[Unit, ...] = ()


def _load_unit_table() -> UnitTable:
    units = list(Unit.objects.select_related("level").order_by("path"))
    parents = {unit.parent_id for unit in units if unit.parent_id is not None}
    roots = sorted((unit for unit in units if unit.parent_id is None and unit.is_active), key=lambda unit: unit.pk)
    stations = tuple(unit for unit in units if unit.is_active and unit.pk not in parents)
    with_areas = sorted((unit for unit in stations if unit.area and unit.lat is not None),
                        key=lambda unit: -unit.depth)  # stable: path order within a depth
    return UnitTable(by_id={unit.pk: unit for unit in units},
                     active_by_code={unit.code: unit for unit in units if unit.is_active},
                     root=roots[0] if roots else None,
                     stations=stations, stations_with_areas=tuple(with_areas))


def unit_table() -> UnitTable:
    return reference.get(("unit-table",), _load_unit_table)


def stations_with_coordinates() -> list[Unit]:
    """Active police stations with a latitude and longitude, in path order (cached with the unit tree)."""
    return [unit for unit in unit_table().stations if unit.lat is not None and unit.lng is not None]


def unit_for_location(lat: Decimal | float, lng: Decimal | float) -> Unit | None:
    """The station whose area contains the point (where areas overlap, the deepest: a beat before the thana
    around it), else the nearest station. The map's station look-up (web/lodge_views.py) is this function."""
    lat, lng = float(lat), float(lng)
    table = unit_table()
    for unit in table.stations_with_areas:
        if point_in_ring(lng, lat, unit.area):
            return unit
    stations = [unit for unit in table.stations if unit.lat is not None]
    if not stations:
        return None
    return min(stations, key=lambda u: haversine_km(lat, lng, float(u.lat), float(u.lng)))


def _folded(text: str) -> str:
    """Lower-case words separated by single spaces, padded with one space each side: “Gulberg, LAHORE.” →
    “ gulberg lahore ”. Marks (Urdu and Hindi vowel signs) stay inside their words."""
    kept = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " " for ch in text.casefold())
    return f" {' '.join(kept.split())} "


def _load_area_names() -> tuple[tuple[Unit, tuple[str, ...]], ...]:
    table = unit_table()
    stations = {unit.pk for unit in table.stations}
    return tuple((unit, tuple(_folded(name) for name in (unit.name_en, unit.name_ur, unit.name_hi) if name))
                 for unit in table.active_by_code.values() if unit.parent_id is not None and unit.pk not in stations)


def area_named_in(*texts: str) -> Unit | None:
    """The unit above the police stations that an address names by its name in any language (“Main Boulevard,
    Gulberg, Lahore” → the Lahore district). Read from the top down, level by level: a level where exactly one
    unit (below the one found so far) is named goes one step deeper; where two are (“from Lahore to Multan”), the
    search stops with what it has. None when no place is named. The texts are read in turn; the first that names
    a place decides. Station names are left out: many repeat across districts ("Civil Lines", "Saddar")."""
    areas = reference.get(("area-names",), _load_area_names)
    for text in texts:
        if not text or not text.strip():
            continue
        words = _folded(text)
        named = [unit for unit, names in areas if any(name in words for name in names if name.strip())]
        found = None
        for depth in sorted({unit.level.depth for unit in named}):
            here = [unit for unit in named
                    if unit.level.depth == depth and (found is None or unit.path.startswith(found.path))]
            if len(here) > 1:
                break
            found = here[0] if here else found
        if found is not None:
            return found
    return None
