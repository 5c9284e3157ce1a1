"""The deadline sweep, run by the worker every minute or so.

1. Breaches: a contact or report deadline that passed with the stage not
   done is marked on the complaint once per cycle and charged in the delay
   ledger to the officer and unit holding the complaint at that moment; the
   first step of the SOP's escalation ladder is scheduled.
2. Escalations whose time has come climb one step (actions.escalate).
3. Reminders before each deadline, once per stage and cycle, to the officer
   holding the complaint or, while it is unassigned, to its unit's complaint
   cell and supervisors.
4. The investigation after an FIR (investigation.py): reminded before its deadline; once missed, marked,
   charged and escalated like the steps above.
5. The citizen's feedback time running out: to the call centre's call-back
   queue, and the call-backs checked once (feedback.py); closed complaints
   asked once whether the police action held (followup.py).

Each query reads only what is due, through partial indexes (see
Complaint.Meta), in keyset order and batches of `batch`. Rows are claimed
with SELECT … FOR UPDATE SKIP LOCKED and re-checked under the lock, so a
second sweep running at the same time takes other rows; the marker columns
and the ledger's unique (complaint, stage, cycle) make a second pass a no-op.
Breaches and reminders are written a batch per short transaction (set-based:
one claim, one update, one insert); an escalation, which goes through the
workflow's action like any other state change, takes one per complaint."""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When

from shikayat.accounts.models import User
from shikayat.categories.models import Category
from shikayat.complaints import actions, permissions, sla
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import OPEN
from shikayat.core import clock
from shikayat.dashboards import rollup
from shikayat.jurisdictions.models import Unit, path_ids
from shikayat.notifications.outbox import enqueue_many

from . import notices
from .calendar import working_calendar
from .escalation import Supervisors, supervisor_above, supervisors_by_unit
from .models import DelayEntry, Outcome, Stage
from .rules import CategoryRule, category_rules, reminder_leads

OPEN_STATUSES = sorted(OPEN)
ESCALATIONS_PER_TRANSACTION = 20
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StageFields:
    stage: str
    due: str
    done: str
    breached: str
    reminded: str
    template: str


STAGES = {
    Stage.CONTACT: StageFields(Stage.CONTACT, "contact_due_at", "first_contacted_at", "contact_breached_at",
                               "contact_reminded_at", "contact_due_soon"),
    Stage.REPORT: StageFields(Stage.REPORT, "report_due_at", "resolution_proposed_at", "report_breached_at",
                              "report_reminded_at", "report_due_soon"),
}


@dataclass
class Sweep:
    now: datetime
    batch: int
    rules: dict[int, CategoryRule]
    calendar: sla.Calendar | None
    supervisors: Supervisors | None = None  # loaded when the first escalation is due
    officers: dict[int, User] = field(default_factory=dict)

    def supervisor(self, complaint: Complaint, rank: int) -> User | None:
        """The officer to escalate to (see escalation.supervisor_above); supervisors are read once per sweep."""
        if self.supervisors is None:
            self.supervisors = supervisors_by_unit()
            ids = {user_id for posted in self.supervisors.values() for user_id, _rank in posted}
            self.officers = User.objects.in_bulk(ids)
        if complaint.handling == "against_police":
            from shikayat.accountability.sweep import unbarred_supervisor

            return unbarred_supervisor(complaint, rank, self.supervisors)
        return self.officers.get(supervisor_above(complaint, rank, self.supervisors))


def run_sweep(now: datetime | None = None, batch: int = 500) -> dict:
    """Find every missed deadline, escalation and reminder due at `now` and
    act on it once. Safe to run twice or at the same time in two workers.
    Returns counts: reminded, contact_breaches, report_breaches, escalated, enquiry_breaches,
    service_breaches, permit_breaches (permissions with a step past due: charged), feedback_lapses (to the
    call-back queue), callback_breaches (call-backs not made in
    time: charged), followups (complaints asked whether the action held) and investigation_breaches (the
    investigations after an FIR overdue: charged and escalated; their reminders count in `reminded`)."""
    sweep = Sweep(now=now or clock.now(), batch=max(1, batch), rules=category_rules(), calendar=working_calendar())
    counts = Counter()
    counts["contact_breaches"] = _breaches(sweep, STAGES[Stage.CONTACT])
    counts["report_breaches"] = _breaches(sweep, STAGES[Stage.REPORT])
    counts["escalated"] = _escalations(sweep)
    from .investigation import investigation_breaches, investigation_reminders

    counts["investigation_breaches"] = investigation_breaches(sweep)
    counts["reminded"] = sum(_reminders(sweep, STAGES[stage]) for stage in (Stage.CONTACT, Stage.REPORT))
    counts["reminded"] += investigation_reminders(sweep)
    from .feedback import callback_checks, feedback_lapses
    from .followup import send_followups

    counts["feedback_lapses"] = feedback_lapses(sweep)
    counts["callback_breaches"] = callback_checks(sweep)
    counts["followups"] = send_followups(sweep.now, sweep.batch)
    from shikayat.accountability.sweep import enquiry_breaches

    counts["enquiry_breaches"] = enquiry_breaches(sweep.now, sweep.batch)
    from shikayat.services.sweep import service_breaches

    counts["service_breaches"] = service_breaches(sweep.now, sweep.batch)
    from shikayat.permits.sweep import permit_breaches

    counts["permit_breaches"] = permit_breaches(sweep.now, sweep.batch)
    return {key: counts[key] for key in ("reminded", "contact_breaches", "report_breaches", "escalated",
                                         "enquiry_breaches", "service_breaches", "permit_breaches",
                                         "feedback_lapses",
                                         "callback_breaches", "followups", "investigation_breaches")}


def _pending(fields: StageFields) -> Q:
    """Stage not done and not yet found missed, in an open complaint: the partial index's condition."""
    return Q(status__in=OPEN_STATUSES, **{f"{fields.done}__isnull": True, f"{fields.breached}__isnull": True})


def _after(field: str, cursor: tuple | None) -> Q:
    if cursor is None:
        return Q()
    return Q(**{f"{field}__gt": cursor[0]}) | Q(**{field: cursor[0], "pk__gt": cursor[1]})


def _claim(qs, order_field: str, batch: int, *columns) -> list[tuple]:
    return list(qs.order_by(order_field, "pk").select_for_update(skip_locked=True)
                .values_list("pk", order_field, *columns)[:batch])


# -- 1. breaches ------------------------------------------------------------

def _breaches(sweep: Sweep, fields: StageFields) -> int:
    total, cursor = 0, None
    due = Q(**{f"{fields.due}__lte": sweep.now})
    while True:
        with transaction.atomic():
            rows = _claim(Complaint.objects.filter(_pending(fields), due, _after(fields.due, cursor)), fields.due,
                          sweep.batch, "category_id", "channel", "next_escalation_at", "escalation_level")
            if not rows:
                return total
            mark_and_charge([row[0] for row in rows], sweep.now, column=fields.breached, stage=fields.stage,
                            due=fields.due, next_at=_first_steps(sweep, rows),
                            kinds={row[0]: (row[2], row[3]) for row in rows})
        total += len(rows)
        cursor = rows[-1][1], rows[-1][0]
        if len(rows) < sweep.batch:
            return total


def _first_steps(sweep: Sweep, rows: list[tuple]) -> dict[int, datetime]:
    """next_escalation_at of each claimed (pk, due, category_id, channel, next_escalation_at, escalation_level)
    that gets one: the ladder's next step counted from this missed deadline, unless one is scheduled."""
    steps = {}
    for pk, due, category_id, _channel, scheduled, level in rows:
        rule = sweep.rules.get(category_id)
        if scheduled is None and rule is not None and level < len(rule.ladder):
            steps[pk] = sla.add_hours(due, rule.ladder[level].hours_after_breach, sweep.calendar)
    return steps


# PostgreSQL: mark the claimed complaints and charge the ledger in one statement — the UPDATE's RETURNING feeds
# the INSERT (no second read of the rows), the ids and times travel as two arrays (a 500-item IN list is parsed
# placeholder by placeholder, batch after batch), and what was charged comes back with what the rollup needs.
MARK_SQL = f"""
WITH marked AS (
    UPDATE {Complaint._meta.db_table} AS c SET {{column}} = %(now)s,
        next_escalation_at = COALESCE(s.next_at, c.next_escalation_at)
    FROM unnest(%(ids)s::bigint[], %(next)s::timestamptz[]) AS s(id, next_at) WHERE c.id = s.id
    RETURNING c.id, c.cycle_started_at, c.{{due}} AS due, {{officer}} AS officer_id, c.unit_id, c.unit_path,
              c.category_id, c.channel
), charged AS (
    INSERT INTO {DelayEntry._meta.db_table} (complaint_id, stage, cycle_started_at, due_at, detected_at, officer_id,
                                             unit_id, unit_path, explanation, outcome)
    SELECT id, %(stage)s, cycle_started_at, due, %(now)s, officer_id, unit_id, unit_path, '', %(pending)s
    FROM marked WHERE id = ANY(%(charge)s::bigint[]) ON CONFLICT DO NOTHING
    RETURNING complaint_id, officer_id, unit_path, detected_at
)
SELECT charged.complaint_id, charged.officer_id, charged.unit_path, charged.detected_at, marked.category_id,
       marked.channel
FROM charged JOIN marked ON marked.id = charged.complaint_id
"""


def mark_and_charge(ids: list[int], now: datetime, *, column: str, stage: str, due: str,
                    charge_ids: list[int] | None = None, to_officer: bool = True,
                    next_at: dict[int, datetime] | None = None, kinds: dict[int, tuple[int, str]]) -> None:
    """Set `column` to `now` on the claimed complaints `ids` (and next_escalation_at where `next_at` has one),
    and charge `stage`, missed at the column `due`, to those of `charge_ids` (default: all): a ledger entry each,
    charged to the complaint's unit and, if `to_officer`, its officer as they stand. The ledger's unique key
    drops a second charge; the dashboards' rollup counts only the entries written. `kinds`: each complaint's
    (category_id, channel), as claimed."""
    charged = ids if charge_ids is None else charge_ids
    next_at = next_at or {}
    if connection.vendor == "postgresql":
        sql = MARK_SQL.format(column=column, due=due, officer="c.assignee_id" if to_officer else "NULL::bigint")
        with connection.cursor() as cursor:
            cursor.execute(sql, {"now": now, "ids": ids, "next": [next_at.get(pk) for pk in ids], "stage": stage,
                                 "pending": Outcome.PENDING, "charge": charged})
            rollup.delayed(cursor.fetchall())
        return
    if charged:
        charge(stage, due, charged, now, to_officer=to_officer, kinds=kinds)
    values = {column: now}
    if next_at:
        values["next_escalation_at"] = Case(*[When(pk=pk, then=Value(at)) for pk, at in next_at.items()],
                                            default=F("next_escalation_at"), output_field=DateTimeField())
    Complaint.objects.filter(pk__in=ids).update(**values)


LEDGER_SQL = (
    f"INSERT INTO {DelayEntry._meta.db_table} (complaint_id, stage, cycle_started_at, due_at, detected_at, "
    f"officer_id, unit_id, unit_path, explanation, outcome) "
    f"SELECT id, %s, cycle_started_at, {{due}}, %s, {{officer}}, unit_id, unit_path, '', %s "
    f"FROM {Complaint._meta.db_table} WHERE id IN ({{ids}}) ON CONFLICT DO NOTHING "
    f"RETURNING complaint_id, officer_id, unit_path, detected_at"
)


def charge(stage: str, due: str, ids: list[int], now: datetime, *, to_officer: bool = True,
           kinds: dict[int, tuple[int, str]] | None = None) -> None:
    """A ledger entry per complaint for `stage` missed at its column `due`, charged to its unit and (unless
    not `to_officer`) its officer as they stand (read under the row lock). INSERT … SELECT: no round trip
    of the rows through Python; the unique constraint drops a second charge. `kinds`: each complaint's
    (category_id, channel) when the caller has them, for the dashboards' rollup (else it reads them)."""
    sql = LEDGER_SQL.format(due=due, officer="assignee_id" if to_officer else "NULL",
                            ids=", ".join(["%s"] * len(ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [stage, now, Outcome.PENDING, *ids])
        written = cursor.fetchall()
    # Only the entries actually written: a second charge adds nothing.
    rollup.delayed([(*entry, *kinds[entry[0]]) for entry in written] if kinds else written)


# -- 2. escalations ---------------------------------------------------------

def _escalations(sweep: Sweep) -> int:
    """Claim due escalations a few at a time (locks held for a few dozen milliseconds); each goes
    through the escalate action in its own savepoint, so one that fails leaves the others done."""
    total, cursor, size = 0, None, min(sweep.batch, ESCALATIONS_PER_TRANSACTION)
    while True:
        with transaction.atomic():
            rows = list(Complaint.objects.filter(Q(next_escalation_at__lte=sweep.now),
                                                 _after("next_escalation_at", cursor))
                        .order_by("next_escalation_at", "pk").select_for_update(skip_locked=True)[:size])
            for row in rows:
                try:
                    total += _escalate_one(sweep, row)
                except Exception:  # logged; the complaint is tried again by the next sweep
                    logger.exception("escalating complaint %s failed", row.pk)
        if len(rows) < size:
            return total
        cursor = rows[-1].next_escalation_at, rows[-1].pk


def _late_stage(row: Complaint) -> StageFields | None:
    """The stage whose missed deadline still stands (contact before report)."""
    for fields in STAGES.values():
        if getattr(row, fields.breached) is not None and getattr(row, fields.done) is None:
            return fields
    return None


def _escalate_one(sweep: Sweep, row: Complaint) -> int:
    """One claimed complaint (locked, re-read under the lock) up its ladder; 1 if escalated to an officer."""
    late = _late_stage(row) if row.status in OPEN else None
    rule = sweep.rules.get(row.category_id)
    if late is None or rule is None or row.escalation_level >= len(rule.ladder):
        # Done in time after all, closed, or at the end of the ladder: nothing more to climb.
        Complaint.objects.filter(pk=row.pk).update(next_escalation_at=None)
        return 0
    missed_at, ladder = getattr(row, late.due), rule.ladder

    def time_of(index: int) -> datetime:
        return sla.add_hours(missed_at, ladder[index].hours_after_breach, sweep.calendar)

    # Every step whose time has come is climbed at once (the worker may have been stopped a while).
    index = row.escalation_level
    while index + 1 < len(ladder) and time_of(index + 1) <= sweep.now:
        index += 1
    officer = sweep.supervisor(row, ladder[index].rank)
    actions.escalate(row, actor=SYSTEM, officer=officer, stage=late.stage, level=index + 1,
                     next_at=time_of(index + 1) if index + 1 < len(ladder) else None, now=sweep.now)
    return 1 if officer is not None else 0


# -- 3. reminders -----------------------------------------------------------

def _reminders(sweep: Sweep, fields: StageFields) -> int:
    leads = reminder_leads(sweep.rules, fields.stage)
    if not leads:
        return 0
    window = Q(**{f"{fields.due}__gt": sweep.now}) & _within_lead(fields, sweep.now, leads)
    base = Complaint.objects.filter(_pending(fields), window, **{f"{fields.reminded}__isnull": True})
    total, cursor = 0, None
    while True:
        with transaction.atomic():
            rows = _claim(base.filter(_after(fields.due, cursor)), fields.due, sweep.batch,
                          "etag", "cycle_started_at", "assignee_id", "unit_id", "unit_path", "category_id")
            if not rows:
                return total
            Complaint.objects.filter(pk__in=[row[0] for row in rows]).update(**{fields.reminded: sweep.now})
            enqueue_many(_reminder_messages(fields, rows))
        total += len(rows)
        cursor = rows[-1][1], rows[-1][0]
        if len(rows) < sweep.batch:
            return total


def _within_lead(fields: StageFields, now: datetime, leads: dict[timedelta, list[int]]) -> Q:
    """Due within its category's lead time; the index reads the range of the longest lead."""
    longest = max(leads)
    if len(leads) == 1:
        return Q(**{f"{fields.due}__lte": now + longest})
    query = Q(pk__in=[])
    for lead, category_ids in leads.items():
        query |= Q(category_id__in=category_ids, **{f"{fields.due}__lte": now + lead})
    return Q(**{f"{fields.due}__lte": now + longest}) & query


def _confidential(category: Category) -> bool:
    sop = category.effective_sop()
    return bool(sop and sop.confidential)


def _reminder_messages(fields: StageFields, rows: list[tuple]) -> list:
    users = User.objects.in_bulk({row[4] for row in rows if row[4]})
    units = Unit.objects.in_bulk({row[5] for row in rows})
    categories = Category.objects.in_bulk({row[7] for row in rows})
    offices: dict[int, list[User]] = {}
    messages = []
    for pk, due_at, etag, cycle, assignee, unit_id, path, category_id in rows:
        if assignee in users:
            recipients = [users[assignee]]
        else:
            if unit_id not in offices:
                offices[unit_id] = notices.unit_office(path_ids(path))
            recipients = offices[unit_id]
            if _confidential(categories[category_id]):
                # Confidential: only those who may see it (never the accused, their juniors, general roles).
                complaint = Complaint.objects.get(pk=pk)
                recipients = [officer for officer in recipients if permissions.can_view(officer, complaint)]
        for officer in recipients:
            lang = notices.language_of(officer)
            context = {"etag": etags.display(etag), "category": categories[category_id].name_in(lang),
                       "unit": units[unit_id].name_in(lang), "due": notices.local_stamp(due_at),
                       "url": notices.officer_page(etag)}
            key = f"{etag}:{fields.stage}-due-soon:{cycle.timestamp():.0f}"
            for message in notices.to_officer(officer, fields.template, key, context):
                message.complaint_id = pk
                messages.append(message)
    return messages
