"""Enquiry deadlines, part of the deadline sweep (deadlines/sweep.py): an
initial or regular enquiry whose report is late is marked once, charged in
the delay ledger to the enquiry officer, and the complaint is escalated to a
supervisor up the chain who is not barred from it (not accused, not junior,
not in the accused's units).

Like the sweep's other steps: due enquiries read through their partial index
(enquiry_due_idx), claimed a batch at a time with SKIP LOCKED, marked and
charged set-based (one UPDATE, one INSERT … SELECT whose unique key drops a
second charge); the supervisors are read once per sweep. Each escalation is
the workflow's action, in its own savepoint."""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import connection, transaction

from shikayat.accounts.models import User
from shikayat.complaints import actions
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, BarPath
from shikayat.complaints.workflow import OPEN
from shikayat.dashboards import rollup
from shikayat.deadlines.escalation import supervisor_above, supervisors_by_unit
from shikayat.deadlines.models import DelayEntry, Outcome
from shikayat.deadlines.rules import category_rules

from .accused import barred_among, barred_officers, postings_of
from .models import Accused, Bar, Enquiry, EnquiryKind

logger = logging.getLogger(__name__)
STAGES = {EnquiryKind.INITIAL: "initial_enquiry", EnquiryKind.REGULAR: "regular_enquiry"}
OPEN_STATUSES = sorted(OPEN)

# The enquiries just marked, charged to their officer at the complaint's unit, if the complaint is still open.
_STAGE_OF_KIND = " ".join(f"WHEN '{kind}' THEN '{stage}'" for kind, stage in STAGES.items())
LEDGER_SQL = (
    f"INSERT INTO {DelayEntry._meta.db_table} (complaint_id, stage, cycle_started_at, due_at, detected_at, "
    f"officer_id, unit_id, unit_path, explanation, outcome) "
    f"SELECT e.complaint_id, CASE e.kind {_STAGE_OF_KIND} END, e.ordered_at, e.due_at, %s, e.officer_id, "
    f"c.unit_id, c.unit_path, '', %s "
    f"FROM {Enquiry._meta.db_table} e JOIN {Complaint._meta.db_table} c ON c.id = e.complaint_id "
    f"WHERE e.id IN ({{ids}}) AND c.status IN ({', '.join(['%s'] * len(OPEN_STATUSES))}) ON CONFLICT DO NOTHING "
    f"RETURNING complaint_id, officer_id, unit_path, detected_at"
)


def enquiry_breaches(now: datetime, batch: int = 200) -> int:
    """Mark every enquiry overdue at `now` (once), charge it, escalate its complaint; how many were marked."""
    total, chain = 0, None
    while True:
        with transaction.atomic():
            due = list(Enquiry.objects.filter(due_at__lte=now, reported_at__isnull=True, breached_at__isnull=True)
                       .order_by("due_at", "pk").select_for_update(skip_locked=True)
                       .values_list("pk", "complaint_id", "kind")[:batch])
            if due:
                ids = [pk for pk, _complaint, _kind in due]
                Enquiry.objects.filter(pk__in=ids).update(breached_at=now)
                _charge(ids, now)
                chain = chain or _Chain()
                found = Complaint.objects.filter(pk__in={c for _pk, c, _kind in due},
                                                 status__in=OPEN_STATUSES).in_bulk()
                barring = _Barring(found, chain)
                for _pk, complaint_id, kind in due:
                    if complaint_id in found:
                        _escalate(found[complaint_id], STAGES[kind], now, chain, barring)
        total += len(due)
        if len(due) < batch:
            return total


def _charge(ids: list[int], now: datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute(LEDGER_SQL.format(ids=", ".join(["%s"] * len(ids))),
                       [now, Outcome.PENDING, *ids, *OPEN_STATUSES])
        written = cursor.fetchall()
    rollup.delayed(written)  # only the entries actually written: a second charge adds nothing


class _Chain:
    """What escalating needs, read once per sweep: supervisors by unit, their user rows and postings, the SOPs'
    ranks."""

    def __init__(self):
        self.supervisors = supervisors_by_unit()
        self.officers = User.objects.in_bulk({uid for posted in self.supervisors.values() for uid, _r in posted})
        self.postings = postings_of(list(self.officers.values()))
        self.rules = category_rules()


class _Barring:
    """accused.barred_officers for a batch's complaints: their accused and bars read in two queries."""

    def __init__(self, complaints: dict[int, Complaint], chain: _Chain):
        self.chain, self.accused, self.bars = chain, {}, {}
        for complaint_id, officer_id in Accused.objects.filter(complaint_id__in=complaints, officer__isnull=False
                                                               ).values_list("complaint_id", "officer_id"):
            self.accused.setdefault(complaint_id, set()).add(officer_id)
        for complaint_id, path, subtree in Bar.objects.filter(complaint_id__in=complaints).values_list(
                "complaint_id", "path", "subtree"):
            self.bars.setdefault(complaint_id, []).append(BarPath(path, subtree))

    def __call__(self, complaint: Complaint, officers: list[User]) -> set[int]:
        return barred_among(complaint, officers, self.accused.get(complaint.pk, set()),
                            self.bars.get(complaint.pk, []), self.chain.postings)


def _escalate(complaint: Complaint, stage: str, now: datetime, chain: _Chain, barring: _Barring) -> None:
    try:
        with transaction.atomic():
            rule = chain.rules[complaint.category_id]  # none without an SOP: logged, like any failure here
            officer = unbarred_supervisor(complaint, rule.enquiry_min_rank, chain.supervisors, chain.officers,
                                          barring)
            actions.escalate(complaint, actor=SYSTEM, officer=officer, stage=stage, now=now)
    except Exception:  # logged; the breach stays recorded and the ledger shows it
        logger.exception("escalating the overdue enquiry of complaint %s failed", complaint.pk)


def unbarred_supervisor(complaint: Complaint, rank: int, supervisors, users: dict[int, User] | None = None,
                        barring: Callable[[Complaint, list[User]], set[int]] = barred_officers) -> User | None:
    """The nearest supervisor up the chain of at least `rank` (and of the
    accused's rank) who is not barred from the complaint (escalation.supervisor_above).
    `users`: the supervisors' rows by id, and `barring`: barred_officers from what was read already, when the
    caller (the sweep) has read them for many complaints."""
    chain = rollup.lineage(complaint.unit_path)
    wanted = {uid for unit in chain for uid, _r in supervisors.get(unit, [])}
    officers = ([users[uid] for uid in sorted(wanted) if uid in users] if users is not None
                else list(User.objects.filter(pk__in=wanted)))
    barred = barring(complaint, officers) - {complaint.escalated_to_id}  # it still marks the ceiling
    allowed = {unit: [(uid, r) for uid, r in posted if uid not in barred] for unit, posted in supervisors.items()}
    officer_id = supervisor_above(complaint, max(rank, complaint.accused_rank or 0), allowed)
    return next((officer for officer in officers if officer.pk == officer_id), None)
