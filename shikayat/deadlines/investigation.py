"""The investigation stage after an FIR: linking an FIR to a complaint (the core's "Link FIR" action) starts the
investigation of the case, due within the SOP's investigation_days (a priority complaint's share of it, like
every deadline); the "challan / final report submitted" action, with the report's number and date, ends it.

The deadline sweep (sweep.py) reminds the holder before the deadline, and once it has passed marks the
investigation missed, charges the delay ledger to the complaint's officer and unit and escalates the
complaint (while it is open) to a supervisor up the chain, as for the contact and report deadlines: running
investigations are read through their partial index (investigation_due_idx), a batch at a time claimed with
SKIP LOCKED, marked with one UPDATE and charged with one INSERT … SELECT whose unique key drops a second
charge; each escalation is the workflow's action, in its own savepoint.

The core does not know of this: the investigation opens in a listener of link_fir (listeners.py), and the
ending action is a named action registered with complaints.handlers."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.complaints import actions, hooks, sla
from shikayat.complaints.actions import perform, required_text
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, Actor
from shikayat.complaints.workflow import OPEN
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, TransitionNotAllowed
from shikayat.dashboards import rollup
from shikayat.notifications.outbox import enqueue_many

from .models import DelayEntry, Investigation, Outcome, ReportKind, Stage
from .rules import reminder_leads

logger = logging.getLogger(__name__)
MAX_NUMBER = 40
ACTION = "submit_final_report"


# -- starting and ending ------------------------------------------------------

def running(complaint: Complaint) -> Investigation | None:
    """The complaint's investigation that has not ended, if any."""
    return Investigation.objects.filter(complaint_id=complaint.pk, ended_at__isnull=True).first()


def start_on_fir(event: hooks.ActionEvent) -> dict:
    """hooks listener ("changing", link_fir): the FIR's investigation starts with its deadline; a corrected
    FIR number on a running investigation keeps the deadline it has. The deadline goes into the event (the
    complainant is told it)."""
    row = event.complaint
    found = running(row)
    if found is not None:
        found.fir_number = row.fir_number
        found.save(update_fields=["fir_number"])
    else:
        sop = row.category.effective_sop()
        found = Investigation.objects.create(
            complaint=row, fir_number=row.fir_number, started_at=event.at,
            due_at=sla.investigation_due(sop, event.at, hooks.working_calendar(), row.priority))
    return {"investigation_due": found.due_at.isoformat()}


def _report_date(value, today: date) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = str(value or "").strip()
        value = parse_date(text) if text else None
        if value is None and text:
            try:
                value = datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                value = None
    if value is None:
        message = _("Give the date of the challan or final report, e.g. 05/12/2026.")
        raise InvalidInput(message, fields={"date": [message]})
    if value > today:
        message = _("The date of the challan or final report cannot be in the future.")
        raise InvalidInput(message, fields={"date": [message]})
    return value


def submit_final_report(complaint: Complaint, *, actor: Actor, kind: str, number: str, report_date,
                        note: str = "", channel: str = "web", now: datetime | None = None) -> Complaint:
    """The challan (charge sheet) or final report of the case submitted to the court: the investigation
    ends. Refused without its kind, number and date, or when no investigation is running."""
    now = now or clock.now()
    problems = {}
    if kind not in ReportKind.values:
        problems["kind"] = [_("Choose challan or final report.")]
    try:
        number = required_text(number, "number", _("Give the number of the challan or final report."),
                               limit=MAX_NUMBER)
    except InvalidInput as error:
        problems.update(error.fields)
    try:
        when = _report_date(report_date, timezone.localdate(now))
    except InvalidInput as error:
        problems.update(error.fields)
    note = (note or "").strip()
    if len(note) > actions.MAX_TEXT:
        problems["note"] = [_("Too long (at most %(max)d characters).") % {"max": actions.MAX_TEXT}]
    if problems:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=problems)

    def change(row: Complaint, target: str, at: datetime) -> dict:
        found = running(row)
        if found is None:
            raise TransitionNotAllowed(_("No investigation is running on this complaint: link its FIR first."))
        found.report_kind, found.report_number, found.report_date = kind, number, when
        found.note, found.ended_at = note, at
        found.ended_by = actor if isinstance(actor, User) else None
        found.save(update_fields=["report_kind", "report_number", "report_date", "note", "ended_at", "ended_by"])
        # A missed deadline's ledger entry stops counting hours late.
        DelayEntry.objects.filter(complaint_id=row.pk, stage=Stage.INVESTIGATION, cycle_started_at=found.started_at,
                                  completed_at__isnull=True).update(completed_at=at)
        return {"kind": kind, "number": number, "date": when.isoformat(), "fir_number": found.fir_number,
                "late": found.breached_at is not None}

    return perform(complaint, ACTION, actor=actor, channel=channel, now=now, note=note, change=change)


# -- what the pages show --------------------------------------------------------

@dataclass(frozen=True)
class StageView:
    investigation: Investigation
    late: bool
    time_left: timedelta | None


def stage_of(complaint: Complaint, now: datetime) -> StageView | None:
    """The latest investigation of the complaint as the officer's and the citizen's pages show it."""
    found = Investigation.objects.filter(complaint_id=complaint.pk).order_by("-started_at", "-pk").first()
    if found is None:
        return None
    left = found.due_at - now if found.ended_at is None else None
    late = (found.ended_at or now) > found.due_at
    return StageView(found, late, left)


# -- the sweep's part -----------------------------------------------------------

LEDGER_SQL = (
    f"INSERT INTO {DelayEntry._meta.db_table} (complaint_id, stage, cycle_started_at, due_at, detected_at, "
    f"officer_id, unit_id, unit_path, explanation, outcome) "
    f"SELECT i.complaint_id, %s, i.started_at, i.due_at, %s, c.assignee_id, c.unit_id, c.unit_path, '', %s "
    f"FROM {Investigation._meta.db_table} i JOIN {Complaint._meta.db_table} c ON c.id = i.complaint_id "
    f"WHERE i.id IN ({{ids}}) ON CONFLICT DO NOTHING "
    f"RETURNING complaint_id, officer_id, unit_path, detected_at"
)


def _pending() -> Q:
    """Running and not yet found missed: the partial index's condition."""
    return Q(ended_at__isnull=True, breached_at__isnull=True)


def investigation_breaches(sweep) -> int:
    """Mark every investigation overdue at `sweep.now` (once), charge it to the complaint's officer and unit,
    and escalate its complaint if open; how many were marked."""
    total = 0
    while True:
        with transaction.atomic():
            due = list(Investigation.objects.filter(_pending(), due_at__lte=sweep.now)
                       .order_by("due_at", "pk").select_for_update(skip_locked=True)
                       .values_list("pk", "complaint_id")[:sweep.batch])
            if due:
                ids = [pk for pk, _complaint in due]
                Investigation.objects.filter(pk__in=ids).update(breached_at=sweep.now)
                _charge(ids, sweep.now)
                for complaint in Complaint.objects.filter(pk__in={c for _pk, c in due},
                                                          status__in=sorted(OPEN)).order_by("pk"):
                    _escalate(sweep, complaint)
        total += len(due)
        if len(due) < sweep.batch:
            return total


def _charge(ids: list[int], now: datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute(LEDGER_SQL.format(ids=", ".join(["%s"] * len(ids))),
                       [Stage.INVESTIGATION, now, Outcome.PENDING, *ids])
        written = cursor.fetchall()
    rollup.delayed(written)  # only the entries actually written: a second charge adds nothing


def _escalate(sweep, complaint: Complaint) -> None:
    """One step up the SOP's ladder (its next step's rank, else its last's); a scheduled escalation of another
    missed stage stays scheduled. Without a ladder the ledger entry stands alone."""
    rule = sweep.rules.get(complaint.category_id)
    if rule is None or not rule.ladder:
        return
    step = rule.ladder[min(complaint.escalation_level, len(rule.ladder) - 1)]
    try:
        with transaction.atomic():
            officer = sweep.supervisor(complaint, step.rank)
            actions.escalate(complaint, actor=SYSTEM, officer=officer, stage=Stage.INVESTIGATION,
                             next_at=complaint.next_escalation_at, now=sweep.now)
    except Exception:  # logged; the breach stays recorded and the ledger shows it
        logger.exception("escalating the overdue investigation of complaint %s failed", complaint.pk)


def investigation_reminders(sweep) -> int:
    """Remind the holder (or, unassigned, the unit's office) once before the investigation's deadline."""
    from .sweep import StageFields, _reminder_messages

    leads = reminder_leads(sweep.rules, Stage.INVESTIGATION)
    if not leads:
        return 0
    longest = max(leads)
    window = Q(pk__in=[])
    for lead, category_ids in leads.items():
        window |= Q(complaint__category_id__in=category_ids, due_at__lte=sweep.now + lead)
    base = Investigation.objects.filter(_pending(), window, reminded_at__isnull=True, due_at__gt=sweep.now,
                                        due_at__lte=sweep.now + longest)
    fields = StageFields(Stage.INVESTIGATION, "due_at", "ended_at", "breached_at", "reminded_at",
                         "investigation_due_soon")
    total, cursor = 0, None
    while True:
        with transaction.atomic():
            after = Q() if cursor is None else Q(due_at__gt=cursor[0]) | Q(due_at=cursor[0], pk__gt=cursor[1])
            claimed = list(base.filter(after).order_by("due_at", "pk").select_for_update(skip_locked=True, of=("self",))
                           .values_list("pk", "complaint_id", "due_at", "complaint__etag", "started_at",
                                        "complaint__assignee_id", "complaint__unit_id", "complaint__unit_path",
                                        "complaint__category_id")[:sweep.batch])
            if not claimed:
                return total
            Investigation.objects.filter(pk__in=[row[0] for row in claimed]).update(reminded_at=sweep.now)
            enqueue_many(_reminder_messages(fields, [row[1:] for row in claimed]))
        total += len(claimed)
        cursor = claimed[-1][2], claimed[-1][0]
        if len(claimed) < sweep.batch:
            return total
