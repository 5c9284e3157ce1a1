"""Incremental maintenance of DailyRollup, OfficerRollup and OpenCount.

Called inside the transaction of every action (complaints.actions.perform),
of intake and of the sweep's missed deadlines, so the aggregates commit or
roll back with the change. Each call is at most three UPSERTs (`INSERT … ON
CONFLICT DO UPDATE SET x = x + excluded.x`, the same SQL on PostgreSQL and
SQLite), each writing the unit's row and its ancestors' rows at once."""

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN, TERMINAL, Status

from .models import BANDS, CONTACT_BANDS, COUNTERS, RESOLVE_BANDS, DailyRollup, OfficerRollup, OpenCount

DAILY_KEY = ("unit", "day", "category", "channel")
OFFICER_KEY = ("officer", "day")
OPEN_KEY = ("unit", "category", "status", "received_day")


@dataclass(frozen=True)
class Snapshot:
    """The fields of a complaint the rollups need from before an action."""

    status: str
    unit_id: int
    unit_path: str
    assignee_id: int | None
    first_contacted_at: datetime | None
    contact_due_at: datetime
    resolution_proposed_at: datetime | None
    report_due_at: datetime
    cycle_started_at: datetime


def snapshot(row: Complaint) -> Snapshot:
    return Snapshot(row.status, row.unit_id, row.unit_path, row.assignee_id, row.first_contacted_at,
                    row.contact_due_at, row.resolution_proposed_at, row.report_due_at, row.cycle_started_at)


def local_day(at: datetime) -> date:
    return timezone.localdate(at)


def lineage(unit_path: str) -> list[int]:
    """The unit and every unit above it, from its materialised path (`/1/7/42/`)."""
    return [int(part) for part in unit_path.strip("/").split("/") if part]


def hours_between(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() / 3600))


def band(hours: int) -> int:
    """Index of the band (see models.BANDS) that `hours` falls in."""
    return bisect_right(BANDS, hours)


def contacted(add: Counter, in_time: bool, hours: int) -> None:
    add["contacted_in_time" if in_time else "contacted_late"] += 1
    add["contact_hours_sum"] += hours
    add[CONTACT_BANDS[band(hours)]] += 1


def disposed(add: Counter, hours: int) -> None:
    add["disposed"] += 1
    add["resolve_hours_sum"] += hours
    add[RESOLVE_BANDS[band(hours)]] += 1


def changes(before: Snapshot, after: Complaint, action: str, at: datetime) -> Counter:
    """The counters one action adds to the day's rollup rows of `after`'s unit."""
    add = Counter()
    if before.status not in TERMINAL and after.status in TERMINAL:
        disposed(add, hours_between(after.received_at, at))
    if action == "reopen":
        add["reopened"] += 1
        add["dissatisfied"] += 1
    if action == "confirm_satisfied":
        add["satisfied"] += 1
    if action in ("reopen", "confirm_satisfied") and after.satisfaction_rating:
        add["rating_sum"] += after.satisfaction_rating
        add["rating_count"] += 1
    if action == "escalate":
        add["escalations"] += 1
    if action == "log_contact" and before.first_contacted_at is None:
        contacted(add, at <= before.contact_due_at, hours_between(before.cycle_started_at, at))
    if action == "propose_resolution" and before.resolution_proposed_at is None:
        add["reported_in_time" if at <= before.report_due_at else "reported_late"] += 1
    return add


def _upsert(model, keys: tuple, counters: tuple, rows: dict[tuple, Counter]) -> None:
    """Add `rows` ({key: counters}) to the table. Keys are written in sorted order, so two
    transactions touching the same rows (a province's row is shared by all its stations) lock
    them in the same order and cannot deadlock."""
    if not rows:
        return
    table = model._meta.db_table
    columns = [model._meta.get_field(k).column for k in keys] + list(counters)
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    items = sorted(rows.items())
    size = max(1, 20_000 // len(columns))  # parameters per statement stay under SQLite's limit
    with connection.cursor() as cursor:
        for start in range(0, len(items), size):
            chunk = items[start:start + size]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(chunk))} "
                f"ON CONFLICT ({', '.join(columns[:len(keys)])}) DO UPDATE SET {sets}",
                [value for key, add in chunk for value in (*key, *(add[c] for c in counters))])


def _write(daily: dict, officers: dict, open_now: dict) -> None:
    _upsert(DailyRollup, DAILY_KEY, COUNTERS, {k: v for k, v in daily.items() if +v})
    _upsert(OfficerRollup, OFFICER_KEY, COUNTERS, {k: v for k, v in officers.items() if +v})
    _upsert(OpenCount, OPEN_KEY, ("count",), {k: v for k, v in open_now.items() if v["count"]})


def add_daily(rows: dict, unit_path: str, day: date, category_id: int, channel: str, add: Counter) -> None:
    for unit_id in lineage(unit_path):
        rows[(unit_id, day, category_id, channel)].update(add)


def add_open(rows: dict, unit_path: str, category_id: int, status: str, received_day: date, n: int) -> None:
    for unit_id in lineage(unit_path):
        rows[(unit_id, category_id, status, received_day)]["count"] += n


def apply(before: Snapshot, after: Complaint, action: str, at: datetime) -> None:
    """Record one action on `after` (already saved) whose state before was `before`."""
    daily, officers, open_now = defaultdict(Counter), defaultdict(Counter), defaultdict(Counter)
    add = changes(before, after, action, at)
    day = local_day(at)
    if add:
        add_daily(daily, after.unit_path, day, after.category_id, after.channel, add)
        holder = before.assignee_id or after.assignee_id
        if holder:
            officers[(holder, day)].update(add)
    received_day = local_day(after.received_at)
    if before.status in OPEN:
        add_open(open_now, before.unit_path, after.category_id, before.status, received_day, -1)
    if after.status in OPEN:
        add_open(open_now, after.unit_path, after.category_id, after.status, received_day, +1)
    _write(daily, officers, open_now)


def received(complaints: list[Complaint]) -> None:
    """Record newly registered complaints, aggregated per key (bulk intake)."""
    daily, open_now = defaultdict(Counter), defaultdict(Counter)
    for c in complaints:
        day = local_day(c.received_at)
        add_daily(daily, c.unit_path, day, c.category_id, c.channel, Counter(received=1))
        add_open(open_now, c.unit_path, c.category_id, c.status, day, +1)
    _write(daily, {}, open_now)


def delayed(entries: list[tuple]) -> None:
    """Record new delay-ledger entries: (complaint_id, officer_id, unit_path, detected_at) each."""
    if not entries:
        return
    kinds = {pk: (category_id, channel) for pk, category_id, channel in Complaint.objects.filter(
        pk__in=[e[0] for e in entries]).values_list("pk", "category_id", "channel")}
    daily, officers = defaultdict(Counter), defaultdict(Counter)
    for complaint_id, officer_id, unit_path, detected_at in entries:
        day = local_day(detected_at)
        add_daily(daily, unit_path, day, *kinds[complaint_id], Counter(delays=1))
        if officer_id:
            officers[(officer_id, day)]["delays"] += 1
    _write(daily, officers, {})


def rebuild(progress=lambda done, total: None) -> None:
    """Recount every table from the complaints, their timelines and the delay ledger (repairs)."""
    from .recount import recount_rows

    DailyRollup.objects.all().delete()
    OfficerRollup.objects.all().delete()
    OpenCount.objects.all().delete()
    daily, officers, open_now = recount_rows(progress)
    _write(daily, officers, open_now)


__all__ = ["Snapshot", "apply", "changes", "delayed", "rebuild", "received", "snapshot", "Status"]
