"""Incremental maintenance of DailyRollup and OpenCount.

Called inside the transaction of every action (complaints.actions.perform)
and of intake, so the aggregates commit or roll back with the change. Each
call is one or two UPSERTs (`INSERT … ON CONFLICT DO UPDATE SET x = x +
excluded.x`, the same SQL on PostgreSQL and SQLite)."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN, TERMINAL, Status

from .models import COUNTERS, DailyRollup, OpenCount


@dataclass(frozen=True)
class Snapshot:
    """The fields of a complaint the rollups need from before an action."""

    status: str
    unit_id: int
    first_contacted_at: datetime | None
    contact_due_at: datetime
    resolution_proposed_at: datetime | None
    report_due_at: datetime
    cycle_started_at: datetime


def snapshot(row: Complaint) -> Snapshot:
    return Snapshot(row.status, row.unit_id, row.first_contacted_at, row.contact_due_at,
                    row.resolution_proposed_at, row.report_due_at, row.cycle_started_at)


def local_day(at: datetime) -> date:
    return timezone.localdate(at)


def _hours(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() / 3600))


def changes(before: Snapshot, after: Complaint, action: str, at: datetime) -> Counter:
    """The counters one action adds to the day's rollup row of `after`'s unit."""
    add = Counter()
    if before.status not in TERMINAL and after.status in TERMINAL:
        add["disposed"] += 1
        add["resolve_hours_sum"] += _hours(after.received_at, at)
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
        add["contacted_in_time" if at <= before.contact_due_at else "contacted_late"] += 1
        add["contact_hours_sum"] += _hours(before.cycle_started_at, at)
    if action == "propose_resolution" and before.resolution_proposed_at is None:
        add["reported_in_time" if at <= before.report_due_at else "reported_late"] += 1
    return add


def _upsert(model, keys: tuple, counters: tuple, rows: dict[tuple, Counter]) -> None:
    if not rows:
        return
    table = model._meta.db_table
    columns = [model._meta.get_field(k).column for k in keys] + list(counters)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(rows))} "
           f"ON CONFLICT ({', '.join(columns[:len(keys)])}) DO UPDATE SET {sets}")
    params = [value for key, add in rows.items() for value in (*key, *(add[c] for c in counters))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _open_key(unit_id: int, row: Complaint, status: str) -> tuple:
    return (unit_id, row.category_id, status, local_day(row.received_at))


def apply(before: Snapshot, after: Complaint, action: str, at: datetime) -> None:
    """Record one action on `after` (already saved) whose state before was `before`."""
    add = changes(before, after, action, at)
    if add:
        key = (after.unit_id, local_day(at), after.category_id, after.channel)
        _upsert(DailyRollup, ("unit", "day", "category", "channel"), COUNTERS, {key: add})
    moves = defaultdict(Counter)
    if before.status in OPEN:
        moves[_open_key(before.unit_id, after, before.status)]["count"] -= 1
    if after.status in OPEN:
        moves[_open_key(after.unit_id, after, after.status)]["count"] += 1
    moves = {k: v for k, v in moves.items() if v["count"]}
    _upsert(OpenCount, ("unit", "category", "status", "received_day"), ("count",), moves)


def received(complaints: list[Complaint]) -> None:
    """Record newly registered complaints, aggregated per key (bulk intake)."""
    daily, open_now = defaultdict(Counter), defaultdict(Counter)
    for c in complaints:
        daily[(c.unit_id, local_day(c.received_at), c.category_id, c.channel)]["received"] += 1
        open_now[_open_key(c.unit_id, c, c.status)]["count"] += 1
    _upsert(DailyRollup, ("unit", "day", "category", "channel"), COUNTERS, daily)
    _upsert(OpenCount, ("unit", "category", "status", "received_day"), ("count",), open_now)


def rebuild(progress=lambda done, total: None) -> None:
    """Recount both tables from the complaints and their timelines (repairs)."""
    from .recount import recount_rows

    DailyRollup.objects.all().delete()
    OpenCount.objects.all().delete()
    daily, open_now = recount_rows(progress)
    _upsert_in_chunks(DailyRollup, ("unit", "day", "category", "channel"), COUNTERS, daily)
    _upsert_in_chunks(OpenCount, ("unit", "category", "status", "received_day"), ("count",), open_now)


def _upsert_in_chunks(model, keys, counters, rows: dict, size: int = 500) -> None:
    items = list(rows.items())
    for start in range(0, len(items), size):
        _upsert(model, keys, counters, dict(items[start:start + size]))


__all__ = ["Snapshot", "apply", "changes", "rebuild", "received", "snapshot", "Status"]
