"""Repeats are a signal: one person's third complaint about one matter, or five complaints about one place in a
week, make a HotSpot row for the complaint cell of the district (written by the intake listener from the
candidates the duplicate search read anyway: no further search)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.db import connection

from .models import HotSpotKind
from .search import TEXT_PERSON, TEXT_PLACE, Probe, Scanned, _near

REPEAT_AT = 3  # the third complaint of one person about one matter
PLACE_AT = 5  # five complaints about one place …
PLACE_DAYS = 7  # … in a week
REPEAT_DAYS = 90


def _same_person(probe: Probe, row: dict) -> bool:
    return bool(probe.mobile and row["mobile"] == probe.mobile
                or probe.id_number and row["id_number"] == probe.id_number)


def repeat_group(probe: Probe, scanned: list[Scanned]) -> list[dict]:
    """The person's earlier complaints about the same matter: similar text, or the same category at the same
    station, within REPEAT_DAYS."""
    since = probe.received_at - timedelta(days=REPEAT_DAYS)
    return [item.row for item in scanned if _same_person(probe, item.row) and item.row["received_at"] >= since
            and (item.score >= TEXT_PERSON or item.row["category_id"] == probe.category_id
                 and item.row["station_id"] == probe.station_id)]


def place_group(probe: Probe, scanned: list[Scanned]) -> list[dict]:
    """Earlier complaints about the same place in the week before: the same station and within the radius of the
    point (or, without a point, similar text)."""
    since = probe.received_at - timedelta(days=PLACE_DAYS)
    found = []
    for item in scanned:
        row = item.row
        if row["station_id"] != probe.station_id or row["received_at"] < since:
            continue
        if _near(probe, row) if probe.cell else item.score >= TEXT_PLACE:
            found.append(row)
    return found


def _week_start(moment: datetime):
    day = moment.date()
    return day - timedelta(days=day.weekday())


def flags(probe: Probe, scanned: list[Scanned]) -> list[tuple[str, str, object, list[dict]]]:
    """(kind, key, window start, earlier rows) of each hot spot this complaint makes or adds to."""
    found = []
    repeat = repeat_group(probe, scanned)
    if len(repeat) + 1 >= REPEAT_AT:
        first = min(repeat, key=lambda row: (row["received_at"], row["complaint_id"]))
        found.append((HotSpotKind.REPEAT.value, f"c{first['complaint_id']}", first["received_at"].date(), repeat))
    place = place_group(probe, scanned)
    if len(place) + 1 >= PLACE_AT:
        first = min(place, key=lambda row: (row["received_at"], row["complaint_id"]))
        where = probe.cell or f"c{first['complaint_id']}"
        found.append((HotSpotKind.PLACE.value, f"s{probe.station_id}:{where}", _week_start(first["received_at"]),
                      place))
    return found


UPSERT = {
    "postgresql": (
        "INSERT INTO similar_hotspot (kind, key, window_start, unit_id, complaint_ids, count, first_at, last_at) "
        "VALUES {values} ON CONFLICT (kind, key, window_start) DO UPDATE SET "
        "complaint_ids = (SELECT jsonb_agg(DISTINCT x.value ORDER BY x.value) FROM jsonb_array_elements("
        "similar_hotspot.complaint_ids || EXCLUDED.complaint_ids) x), "
        "count = (SELECT count(DISTINCT x.value) FROM jsonb_array_elements("
        "similar_hotspot.complaint_ids || EXCLUDED.complaint_ids) x), "
        "first_at = LEAST(similar_hotspot.first_at, EXCLUDED.first_at), "
        "last_at = GREATEST(similar_hotspot.last_at, EXCLUDED.last_at)", "(%s, %s, %s, %s, %s::jsonb, %s, %s, %s)"),
    "sqlite": (
        "INSERT INTO similar_hotspot (kind, key, window_start, unit_id, complaint_ids, count, first_at, last_at) "
        "VALUES {values} ON CONFLICT (kind, key, window_start) DO UPDATE SET "
        "complaint_ids = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(similar_hotspot."
        "complaint_ids) UNION SELECT value FROM json_each(excluded.complaint_ids) ORDER BY value)), "
        "count = (SELECT count(*) FROM (SELECT value FROM json_each(similar_hotspot.complaint_ids) UNION "
        "SELECT value FROM json_each(excluded.complaint_ids))), "
        "first_at = min(similar_hotspot.first_at, excluded.first_at), "
        "last_at = max(similar_hotspot.last_at, excluded.last_at)", "(%s, %s, %s, %s, %s, %s, %s, %s)"),
}


def record(probes: list[Probe], scanned: dict[int | None, list[Scanned]]) -> None:
    """Create or extend the hot spots the registered complaints make: one upsert for the whole batch (none when
    there are no hot spots), merging the complaint ids of a spot that already exists."""
    spots: dict[tuple, dict] = {}
    for probe in probes:
        for kind, key, window_start, rows in flags(probe, scanned[probe.complaint_id]):
            spot = spots.setdefault((kind, key, window_start), {
                "station": probe.station_id, "ids": set(), "first_at": probe.received_at,
                "last_at": probe.received_at})
            spot["ids"] |= {row["complaint_id"] for row in rows} | {probe.complaint_id}
            spot["first_at"] = min([spot["first_at"], *(row["received_at"] for row in rows)])
            spot["last_at"] = max(spot["last_at"], probe.received_at)
    if not spots:
        return
    at, day = connection.ops.adapt_datetimefield_value, connection.ops.adapt_datefield_value
    sql, row = UPSERT["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    params = [value for (kind, key, window_start), spot in spots.items() for value in (
        kind, key, day(window_start), spot["station"], json.dumps(sorted(spot["ids"])), len(spot["ids"]),
        at(spot["first_at"]), at(spot["last_at"]))]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(values=", ".join([row] * len(spots))), params)
