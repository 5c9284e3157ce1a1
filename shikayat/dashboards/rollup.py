"""Incremental maintenance of the rollup tables (see models).

Called inside the transaction of every action (complaints.actions.perform),
of intake and of the sweep's missed deadlines: the changes are gathered in a
Batch and appended as one PendingChange row, which commits or rolls back with
the action. fold() takes pending rows oldest first (SKIP LOCKED, so folds run
side by side), adds them up, and applies the sum with one UPSERT per table
(`INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x`, the same SQL on
PostgreSQL and SQLite, naming only the counters that change) before deleting
them, all in one transaction: each change is counted exactly once. The
worker folds every few seconds; the dashboards fold before they read."""

import json
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN, TERMINAL, Status
from shikayat.core import replica
from shikayat.core.inserts import prepared
from shikayat.jurisdictions.models import path_ids

from . import periods
from .models import (
    BANDS,
    CONTACT_BANDS,
    COUNTERS,
    RESOLVE_BANDS,
    CategoryDaily,
    ChannelDaily,
    DailyRollup,
    OfficerOpen,
    OfficerRollup,
    OpenCount,
    PendingChange,
)


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
    followup_held: bool | None = None


def snapshot(row: Complaint) -> Snapshot:
    return Snapshot(row.status, row.unit_id, row.unit_path, row.assignee_id, row.first_contacted_at,
                    row.contact_due_at, row.resolution_proposed_at, row.report_due_at, row.cycle_started_at,
                    row.followup_held)


def local_day(at: datetime) -> date:
    return timezone.localdate(at)


def lineage(unit_path: str) -> list[int]:
    """The unit and every unit above it, from its materialised path (`/1/7/42/`)."""
    return path_ids(unit_path)


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


def appeals(add: Counter, action: str, appealed: bool, *, answered: bool, held: bool | None) -> None:
    """Appeals, those upheld (closed again on the citizen's confirmation after an appeal: `appealed`), and
    the follow-up question's answers (`answered` by this action, "yes" when `held`)."""
    if action == "appeal":
        add["appeals"] += 1
    if action == "confirm_satisfied" and appealed:
        add["appeals_upheld"] += 1
    if answered:
        add["action_held" if held else "action_not_held"] += 1


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
    appeals(add, action, after.appealed_at is not None,
            answered=before.followup_held is None and after.followup_held is not None, held=after.followup_held)
    if action == "log_contact" and before.first_contacted_at is None:
        contacted(add, at <= before.contact_due_at, hours_between(before.cycle_started_at, at))
    if action == "propose_resolution" and before.resolution_proposed_at is None:
        add["reported_in_time" if at <= before.report_due_at else "reported_late"] += 1
    return add


def _upsert_sql(model, keys: tuple, rows: dict[tuple, Counter]) -> list[tuple[str, list]]:
    """Statements adding `rows` ({key: counters}) to the table, naming only the counters some row
    changes (the others keep their default of 0 on insert). Keys are written in sorted order, so two
    transactions touching the same rows (a province's row is shared by all its stations) lock them in
    the same order and cannot deadlock."""
    rows = {k: v for k, v in rows.items() if any(v.values())}
    if not rows:
        return []
    touched = {k for v in rows.values() for k, n in v.items() if n}
    counters = [c for c in (COUNTERS if model in (DailyRollup, OfficerRollup) else ("received", "disposed", "count"))
                if c in touched]
    table = model._meta.db_table
    columns = [model._meta.get_field(k).column for k in keys] + counters
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    items = sorted(rows.items())
    size = max(1, 20_000 // len(columns))  # parameters per statement stay under SQLite's limit
    return [(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(chunk))} "
             f"ON CONFLICT ({', '.join(columns[:len(keys)])}) DO UPDATE SET {sets}",
             [value for key, add in chunk for value in (*key, *(add[c] for c in counters))])
            for chunk in (items[start:start + size] for start in range(0, len(items), size))]


def _execute(statements: list[tuple[str, list]]) -> None:
    """Run the upserts; on PostgreSQL a small batch goes as one statement (data-modifying WITH
    clauses, run in the order written), one round trip for every table an action touches."""
    if not statements:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(statements) > 1 and sum(len(p) for _s, p in statements) < 30_000:
            sql = "WITH " + ", ".join(f"w{i} AS ({s})" for i, (s, _p) in enumerate(statements)) + " SELECT 1"
            cursor.execute(sql, [value for _s, params in statements for value in params])
            return
        for sql, params in statements:
            cursor.execute(sql, params)


MIX = ("received", "disposed")  # the counters kept per category and per channel


@dataclass
class Batch:
    """Changes to every rollup table, keyed like their rows, gathered before one write."""

    daily: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # (unit, day)
    by_category: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # (unit, day, category)
    by_channel: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # (unit, day, channel)
    officers: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # (officer, day)
    open_now: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # (unit, status, received, due)
    held: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # (officer, received, due)

    def flow(self, unit_path: str, day: date, category_id: int, channel: str, add: Counter) -> None:
        """Counters of one day, for the unit and each unit above it."""
        mix = Counter({c: add[c] for c in MIX if add[c]})
        for unit_id in lineage(unit_path):
            self.daily[(unit_id, day)].update(add)
            if mix:
                self.by_category[(unit_id, day, category_id)].update(mix)
                self.by_channel[(unit_id, day, channel)].update(mix)

    def officer(self, officer_id: int | None, day: date, add: Counter) -> None:
        if officer_id:
            self.officers[(officer_id, day)].update(add)

    def open(self, *, unit_path: str, status: str, assignee_id: int | None, received_at: datetime,
             due_at: datetime, n: int) -> None:
        """Count an open complaint in (n=+1) or out of (n=-1) its units' and its officer's open rows."""
        self.open_days(unit_path, status, assignee_id, local_day(received_at), local_day(due_at), n)

    def open_days(self, unit_path: str, status: str, assignee_id: int | None, received_day: date, due_day: date,
                  n: int) -> None:
        for unit_id in lineage(unit_path):
            self.open_now[(unit_id, status, received_day, due_day)]["count"] += n
        if assignee_id:
            self.held[(assignee_id, received_day, due_day)]["count"] += n

    def tables(self) -> dict:
        """{model: (key fields, rows)} in the order they are written."""
        return {DailyRollup: (("unit", "day"), self.daily),
                CategoryDaily: (("unit", "day", "category"), self.by_category),
                ChannelDaily: (("unit", "day", "channel"), self.by_channel),
                OfficerRollup: (("officer", "day"), self.officers),
                OpenCount: (("unit", "status", "received_day", "due_day"), self.open_now),
                OfficerOpen: (("officer", "received_day", "due_day"), self.held)}

    def upsert(self) -> None:
        """Add every change to the rollup tables now (first forgetting the league's stored totals of the days
        changed: the day before today only when a fold runs late)."""
        periods.forget({kind: min(day for _owner, day in rows) for kind, rows in
                        (("unit", self.daily), ("officer", self.officers)) if rows})
        _execute([statement for model, (keys, rows) in self.tables().items()
                  for statement in _upsert_sql(model, keys, rows)])

    def replay(self, changes: dict) -> None:
        """Add one PendingChange (Changes' form), expanded to every unit above."""
        for unit_path, day, category_id, channel, add in changes.get("f", ()):
            self.flow(unit_path, date.fromisoformat(day), category_id, channel, Counter(add))
        for officer_id, day, add in changes.get("o", ()):
            self.officer(officer_id, date.fromisoformat(day), Counter(add))
        for unit_path, status, assignee_id, received_day, due_day, n in changes.get("n", ()):
            self.open_days(unit_path, status, assignee_id, date.fromisoformat(received_day),
                           date.fromisoformat(due_day), n)


class Changes:
    """What one transaction changes, as it happened to the complaint's own unit (fold() adds the units
    above): kept this small because every action pays for appending it."""

    def __init__(self):
        self.flows, self.officers, self.opens = [], [], []

    def flow(self, unit_path: str, day: date, category_id: int, channel: str, add: Counter) -> None:
        self.flows.append([unit_path, day.isoformat(), category_id, channel, {c: n for c, n in add.items() if n}])

    def officer(self, officer_id: int | None, day: date, add: Counter) -> None:
        if officer_id:
            self.officers.append([officer_id, day.isoformat(), {c: n for c, n in add.items() if n}])

    def open(self, *, unit_path: str, status: str, assignee_id: int | None, received_at: datetime,
             due_at: datetime, n: int) -> None:
        self.opens.append([unit_path, status, assignee_id, local_day(received_at).isoformat(),
                           local_day(due_at).isoformat(), n])

    def write(self) -> None:
        """Append the changes for the next fold (nothing when there are none)."""
        changes = {key: rows for key, rows in (("f", self.flows), ("o", self.officers), ("n", self.opens)) if rows}
        if changes:  # one plain INSERT, prepared: no model instance, no RETURNING (every action pays for this line)
            cast = "::jsonb" if connection.vendor == "postgresql" else ""
            with connection.cursor() as cursor, prepared(connection):
                cursor.execute(f"INSERT INTO {PendingChange._meta.db_table} (changes) VALUES (%s{cast})",
                               [json.dumps(changes, separators=(",", ":"))])


def apply(before: Snapshot, after: Complaint, action: str, at: datetime) -> None:
    """Record one action on `after` (already saved) whose state before was `before`."""
    recorded = Changes()
    add = changes(before, after, action, at)
    day = local_day(at)
    if add:
        recorded.flow(after.unit_path, day, after.category_id, after.channel, add)
        recorded.officer(before.assignee_id or after.assignee_id, day, add)
    if before.status in OPEN:
        recorded.open(unit_path=before.unit_path, status=before.status, assignee_id=before.assignee_id,
                   received_at=after.received_at, due_at=before.report_due_at, n=-1)
    if after.status in OPEN:
        recorded.open(unit_path=after.unit_path, status=after.status, assignee_id=after.assignee_id,
                   received_at=after.received_at, due_at=after.report_due_at, n=+1)
    recorded.write()


def received(complaints: list[Complaint]) -> None:
    """Record newly registered complaints, aggregated per key (bulk intake)."""
    recorded = Changes()
    for c in complaints:
        recorded.flow(c.unit_path, local_day(c.received_at), c.category_id, c.channel, Counter(received=1))
        recorded.open(unit_path=c.unit_path, status=c.status, assignee_id=c.assignee_id, received_at=c.received_at,
                   due_at=c.report_due_at, n=+1)
    recorded.write()


def delayed(entries: list[tuple]) -> None:
    """Record new delay-ledger entries: (complaint_id, officer_id, unit_path, detected_at) each, or with the
    complaint's category_id and channel after them when the caller has them (no query then). Counted per
    unit, day, category and channel, and per officer and day: one short pending change for a whole batch."""
    if not entries:
        return
    if any(len(entry) < 6 for entry in entries):
        kinds = {pk: (category_id, channel) for pk, category_id, channel in Complaint.objects.filter(
            pk__in=[e[0] for e in entries]).values_list("pk", "category_id", "channel")}
        entries = [(*entry[:4], *kinds[entry[0]]) for entry in entries]
    flows, officers = Counter(), Counter()
    for _complaint_id, officer_id, unit_path, detected_at, category_id, channel in entries:
        day = local_day(detected_at)
        flows[unit_path, day, category_id, channel] += 1
        officers[officer_id, day] += 1
    recorded = Changes()
    for (unit_path, day, category_id, channel), n in flows.items():
        recorded.flow(unit_path, day, category_id, channel, Counter(delays=n))
    for (officer_id, day), n in officers.items():
        recorded.officer(officer_id, day, Counter(delays=n))
    recorded.write()


def fold(limit: int = 5000) -> int:
    """Add up to `limit` pending changes, oldest first, to the rollup tables; how many were folded."""
    with transaction.atomic():
        pending = list(PendingChange.objects.order_by("pk").select_for_update(skip_locked=True)
                       .values_list("pk", "changes")[:limit])
        if not pending:
            return 0
        batch = Batch()
        for _pk, changes in pending:
            batch.replay(changes)
        batch.upsert()
        PendingChange.objects.filter(pk__in=[pk for pk, _changes in pending]).delete()
    return len(pending)


def fold_pending(limit: int = 5000) -> int:
    """Fold until nothing is pending (what others are folding right now is theirs to finish)."""
    total = 0
    while True:
        done = fold(limit)
        total += done
        if done < limit:
            return total


def fold_for_reading() -> None:
    """fold_pending() on the primary before a page's figures, then, if it folded anything and the page reads from a
    replica (core.replica.reads()), wait a moment for the replica to have it too (else the page reads the primary).
    The folded rows are the worker's, not the viewer's: folding does not count as the request's own write."""
    with replica.primary():
        folded = fold_pending()
    if folded:
        replica.catch_up()


def rebuild(progress=lambda done, total: None) -> None:
    """Recount every table from the complaints, their timelines and the delay ledger (repairs).
    On PostgreSQL, actions wait for the rebuild to commit (the pending table is locked)."""
    from .recount import recount

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {PendingChange._meta.db_table} IN EXCLUSIVE MODE")
        batch = recount(progress)
        periods.forget_all()
        PendingChange.objects.all().delete()
        for model in batch.tables():
            model.objects.all().delete()
        batch.upsert()


__all__ = ["Batch", "Changes", "Snapshot", "apply", "changes", "delayed", "fold", "fold_pending", "rebuild", "received",
           "snapshot", "Status"]
