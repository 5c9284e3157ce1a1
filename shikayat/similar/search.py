"""Finding the complaints a new one is possibly the same as.

Candidates come only from indexed narrow sets (Fingerprint's indexes): the same mobile or ID number in the last
PERSON_DAYS, the same police station or the 3×3 cells (~1 km square) around the incident point in the last
PLACE_DAYS; newest first, at most CAP; never one merged into another. Each is then scored: the text's trigram
similarity, pg_trgm's measure over the trigram hashes each fingerprint stores (in SQL on PostgreSQL, intarray
comparing two sorted integer arrays; in Python on SQLite and for batches: the same figure), and the keys in
common, and `verdict` says whether it is a likely duplicate and why. One table is read: no join, no text."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status

from . import normalise
from .models import Fingerprint, Reason

PERSON_DAYS = 90
PLACE_DAYS = 14
CAP = 200
CELL_DEGREES = 0.003  # ~330 m of latitude
RADIUS_KM = 0.5
# Text score (pg_trgm similarity of the skeletons) that makes a likely duplicate, by what else is shared.
TEXT_PERSON = 0.3  # the same complainant: a loosely similar retelling (or the same category)
TEXT_PLACE = 0.55  # the same station or point: clearly similar text (other matters of one week score up to ~0.5)
TEXT_NEAR_CATEGORY = 0.3  # within the radius and the same category


@dataclass
class Probe:
    """What is searched with: a fingerprint's fields (a registered complaint's, or a form's not yet lodged)."""

    skeleton: str
    mobile: str
    id_number: str
    station_id: int
    cell: str
    lat: float | None
    lng: float | None
    category_id: int
    received_at: datetime
    complaint_id: int | None = None
    hashes: list[int] = field(default_factory=list)  # normalise.gram_hashes(skeleton), computed when not given
    grams: frozenset = field(default=frozenset())

    def __post_init__(self):
        if not self.hashes:
            self.hashes = normalise.gram_hashes(self.skeleton)
        self.grams = frozenset(self.hashes)


@dataclass(frozen=True)
class Match:
    other_id: int
    reasons: tuple[str, ...]
    score: float
    is_confidential: bool
    station_id: int
    received_at: datetime
    category_id: int
    same_person: bool


def cell_of(lat: float | None, lng: float | None) -> str:
    if lat is None or lng is None:
        return ""
    return f"{math.floor(lat / CELL_DEGREES)}:{math.floor(lng / CELL_DEGREES)}"


def _cells_around(cell: str) -> list[str]:
    if not cell:
        return []
    y, x = map(int, cell.split(":"))
    return [f"{y + dy}:{x + dx}" for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def fingerprint_of(complaint: Complaint) -> Fingerprint:
    lat = float(complaint.lat) if complaint.lat is not None else None
    lng = float(complaint.lng) if complaint.lng is not None else None
    skeleton = normalise.skeleton(complaint.description)[:4000]
    return Fingerprint(
        complaint_id=complaint.pk, skeleton=skeleton, grams=normalise.gram_hashes(skeleton),
        mobile=complaint.complainant_mobile or "", id_number=_id_key(complaint.complainant_id_number),
        station_id=complaint.incident_unit_id or complaint.unit_id, cell=cell_of(lat, lng), lat=lat, lng=lng,
        category_id=complaint.category_id, is_confidential=complaint.is_confidential,
        received_at=complaint.received_at, merged=complaint.status == Status.MERGED)


def _id_key(raw: str) -> str:
    return "".join(ch for ch in normalise.normalise(raw or "") if ch.isalnum()).upper()


def probe_of(row: Fingerprint) -> Probe:
    return Probe(skeleton=row.skeleton, mobile=row.mobile, id_number=row.id_number, station_id=row.station_id,
                 cell=row.cell, lat=row.lat, lng=row.lng, category_id=row.category_id,
                 received_at=row.received_at, complaint_id=row.complaint_id, hashes=list(row.grams))


FIELDS = ("complaint_id", "mobile", "id_number", "station_id", "cell", "lat", "lng", "category_id",
          "is_confidential", "received_at")
COLUMNS = ", ".join(f"f.{name}" for name in FIELDS)
# pg_trgm's similarity() over the stored hashes: shared / (both − shared), 0 when either has none. The probe's
# hashes and their count are the two parameters.
SCORE_SQL = ("(SELECT CASE WHEN t.n = 0 THEN 0.0 ELSE t.i::float8 / (icount(f.grams) + t.n - t.i) END "
             "FROM (SELECT icount(f.grams & %s::integer[]) AS i, %s::integer AS n) AS t)")


def _rows(probes: list[Probe], *, score_in_sql: bool, first: tuple[str, list] | None = None) -> list[dict]:
    """The candidates of every probe, newest first, capped: one statement over Fingerprint's indexes and nothing
    else (raw SQL: the ORM's compiling of this query cost more than running it), merged complaints left out; the
    candidates' hashes when they are scored in Python. `first`: a
    statement (sql, params) to run before; for one probe on PostgreSQL in the same round trip (a data-modifying
    WITH, whose rows this read does not see: a batch's members must see each other, so they get two)."""
    earliest, latest = min(p.received_at for p in probes), max(p.received_at for p in probes)
    person_since, place_since = earliest - timedelta(days=PERSON_DAYS), earliest - timedelta(days=PLACE_DAYS)
    mobiles = sorted({p.mobile for p in probes if p.mobile})
    ids = sorted({p.id_number for p in probes if p.id_number})
    stations = sorted({p.station_id for p in probes})
    cells = sorted({c for p in probes for c in _cells_around(p.cell)})
    at = connection.ops.adapt_datetimefield_value

    def within(column: str, values: list, since) -> tuple[str, list]:
        return f"(f.{column} IN ({', '.join(['%s'] * len(values))}) AND f.received_at >= %s)", [*values, at(since)]

    arms = [within("station_id", stations, place_since)]
    if mobiles:
        arms.append(within("mobile", mobiles, person_since))
    if ids:
        arms.append(within("id_number", ids, person_since))
    if cells:
        arms.append(within("cell", cells, place_since))
    if score_in_sql:
        score, params = ", " + SCORE_SQL, [probes[0].hashes, len(probes[0].hashes)]
    else:
        score, params = ", f.grams", []
    own = [p.complaint_id for p in probes if p.complaint_id]
    skip = " AND f.complaint_id <> %s" if len(own) == 1 else ""
    quote = connection.ops.quote_name
    sql = (f"SELECT {COLUMNS}{score} FROM {quote(Fingerprint._meta.db_table)} f "
           f"WHERE ({' OR '.join(arm for arm, _ in arms)}) AND f.received_at <= %s "
           f"AND NOT f.merged{skip} ORDER BY f.received_at DESC LIMIT %s")
    params += [value for _, values in arms for value in values]
    params += [at(latest), *own[:1 if skip else 0], CAP * len(probes)]
    with connection.cursor() as cursor:
        if first is not None and connection.vendor == "postgresql" and len(probes) == 1:
            sql, params = f"WITH written AS ({first[0]}) {sql}", [*first[1], *params]
        elif first is not None:
            cursor.execute(*first)
        cursor.execute(sql, params)
        found = cursor.fetchall()
    names = (*FIELDS, "score") if score_in_sql else (*FIELDS, "grams")
    rows = [dict(zip(names, values, strict=True)) for values in found]
    if connection.vendor == "sqlite":  # SQLite hands datetimes back as text, the hashes as JSON
        for row in rows:
            row["received_at"] = _aware(row["received_at"])
            row["grams"] = json.loads(row["grams"] or "[]")
    return rows


def _aware(value):
    from django.utils.dateparse import parse_datetime

    moment = parse_datetime(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _near(probe: Probe, row: dict) -> bool:
    if probe.lat is None or row["lat"] is None:
        return False
    if probe.cell and row["cell"] in _cells_around(probe.cell):
        return _distance_km(probe.lat, probe.lng, row["lat"], row["lng"]) <= RADIUS_KM
    return False


def _distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lng2 - lng1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def verdict(probe: Probe, row: dict, score: float) -> tuple[str, ...] | None:
    """Why `row` is likely the same as `probe` (reasons), or None."""
    person = []
    if probe.mobile and row["mobile"] == probe.mobile:
        person.append(Reason.MOBILE.value)
    if probe.id_number and row["id_number"] == probe.id_number:
        person.append(Reason.ID_NUMBER.value)
    place_window = row["received_at"] >= probe.received_at - timedelta(days=PLACE_DAYS)
    near = place_window and _near(probe, row)
    station = place_window and row["station_id"] == probe.station_id
    category = row["category_id"] == probe.category_id
    place = [Reason.PLACE.value] if near else [Reason.STATION.value] if station else []
    if person and (score >= TEXT_PERSON or category):
        return (*person, *place, *([Reason.CATEGORY.value] if category else []))
    if place and score >= TEXT_PLACE:
        return (*place, *([Reason.CATEGORY.value] if category else []))
    if near and category and score >= TEXT_NEAR_CATEGORY:
        return (*place, Reason.CATEGORY.value)
    return None


def _earlier(probe: Probe, row: dict) -> bool:
    """Only earlier complaints are candidates (in a batch, the later one names the earlier)."""
    if probe.complaint_id is None:
        return True
    return (row["received_at"], row["complaint_id"]) < (probe.received_at, probe.complaint_id)


def _relevant(probe: Probe, row: dict) -> bool:
    if probe.mobile and row["mobile"] == probe.mobile or probe.id_number and row["id_number"] == probe.id_number:
        return True
    return row["received_at"] >= probe.received_at - timedelta(days=PLACE_DAYS) and (
        row["station_id"] == probe.station_id or bool(probe.cell) and row["cell"] in _cells_around(probe.cell))


@dataclass(frozen=True)
class Scanned:
    """A candidate of a probe as read (row: FIELDS) with its text score."""

    row: dict
    score: float


def scan(probes: Iterable[Probe], first: tuple[str, list] | None = None) -> dict[int | None, list[Scanned]]:
    """Every earlier candidate of each probe (keyed by its complaint id) with its text score: one candidate
    query for all of them; the text scored in SQL for a single probe on PostgreSQL, else in Python. `first`: a
    statement to run before it (see _rows)."""
    probes = list(probes)
    if not probes:
        return {}
    in_sql = connection.vendor == "postgresql" and len(probes) == 1
    rows = _rows(probes, score_in_sql=in_sql, first=first)
    grams: dict[int, frozenset] = {}
    found: dict[int | None, list[Scanned]] = {}
    for probe in probes:
        found[probe.complaint_id] = seen = []
        for row in rows:
            if row["complaint_id"] == probe.complaint_id or not _earlier(probe, row) or not _relevant(probe, row):
                continue
            if in_sql:
                score = float(row["score"])
            else:
                if row["complaint_id"] not in grams:
                    grams[row["complaint_id"]] = frozenset(row["grams"])
                score = normalise.similarity(probe.grams, grams[row["complaint_id"]])
            seen.append(Scanned(row, score))
    return found


def likely(probe: Probe, scanned: list[Scanned]) -> list[Match]:
    """The likely duplicates among a probe's candidates, best first."""
    hits = []
    for item in scanned:
        row = item.row
        reasons = verdict(probe, row, item.score)
        if reasons is None:
            continue
        person = Reason.MOBILE.value in reasons or Reason.ID_NUMBER.value in reasons
        hits.append(Match(other_id=row["complaint_id"], reasons=reasons, score=round(item.score, 2),
                          is_confidential=row["is_confidential"],
                          station_id=row["station_id"], received_at=row["received_at"],
                          category_id=row["category_id"], same_person=person))
    hits.sort(key=lambda m: (-m.score, -m.received_at.timestamp()))
    return hits


def matches(probes: Iterable[Probe]) -> dict[int | None, list[Match]]:
    """The likely duplicates of each probe (keyed by its complaint id), best first."""
    probes = list(probes)
    scanned = scan(probes)
    return {probe.complaint_id: likely(probe, scanned[probe.complaint_id]) for probe in probes}
