"""Reads on the unit tree, including routing a place to a unit."""

import math
from decimal import Decimal

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


def unit_for_location(lat: Decimal | float, lng: Decimal | float) -> Unit | None:
    """The station whose area contains the point, else the nearest station."""
    lat, lng = float(lat), float(lng)
    stations = list(leaf_units().exclude(lat__isnull=True))
    for unit in stations:
        if unit.area and point_in_ring(lng, lat, unit.area):
            return unit
    if not stations:
        return None
    return min(stations, key=lambda u: haversine_km(lat, lng, float(u.lat), float(u.lng)))
