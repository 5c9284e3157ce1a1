"""Enquiry deadlines, part of the deadline sweep (deadlines/sweep.py): an
initial or regular enquiry whose report is late is marked once, charged in
the delay ledger to the enquiry officer, and the complaint is escalated to a
supervisor up the chain who is not barred from it (not accused, not junior,
not in the accused's units)."""

import logging
from datetime import datetime

from django.db import transaction

from shikayat.accounts.models import User
from shikayat.complaints import actions
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import OPEN
from shikayat.dashboards import rollup
from shikayat.deadlines.escalation import supervisor_above, supervisors_by_unit
from shikayat.deadlines.models import DelayEntry

from .accused import barred_officers
from .models import Enquiry, EnquiryKind

logger = logging.getLogger(__name__)
STAGES = {EnquiryKind.INITIAL: "initial_enquiry", EnquiryKind.REGULAR: "regular_enquiry"}


def enquiry_breaches(now: datetime, batch: int = 200) -> int:
    """Mark every enquiry overdue at `now` (once), charge it, escalate its complaint; how many were marked."""
    total = 0
    while True:
        with transaction.atomic():
            due = list(Enquiry.objects.filter(due_at__lte=now, reported_at__isnull=True, breached_at__isnull=True)
                       .select_related("complaint").order_by("due_at", "pk")
                       .select_for_update(skip_locked=True, of=("self",))[:batch])
            for enquiry in due:
                _breach(enquiry, now)
        total += len(due)
        if len(due) < batch:
            return total


def _breach(enquiry: Enquiry, now: datetime) -> None:
    enquiry.breached_at = now
    enquiry.save(update_fields=["breached_at"])
    complaint = enquiry.complaint
    if complaint.status not in OPEN:
        return
    entry, created = DelayEntry.objects.get_or_create(
        complaint=complaint, stage=STAGES[enquiry.kind], cycle_started_at=enquiry.ordered_at,
        defaults={"due_at": enquiry.due_at, "detected_at": now, "officer": enquiry.officer,
                  "unit": complaint.unit, "unit_path": complaint.unit_path})
    if created:
        rollup.delayed([(complaint.pk, enquiry.officer_id, complaint.unit_path, now)])
    try:
        with transaction.atomic():
            sop = complaint.category.effective_sop()
            officer = unbarred_supervisor(complaint, sop.enquiry_min_rank, supervisors_by_unit())
            actions.escalate(complaint, actor=SYSTEM, officer=officer, stage=STAGES[enquiry.kind], now=now)
    except Exception:  # logged; the breach stays recorded and the ledger shows it
        logger.exception("escalating the overdue enquiry %s failed", enquiry.pk)


def unbarred_supervisor(complaint: Complaint, rank: int, supervisors) -> User | None:
    """The nearest supervisor up the chain of at least `rank` (and of the
    accused's rank) who is not barred from the complaint (escalation.supervisor_above)."""
    chain = rollup.lineage(complaint.unit_path)
    officers = list(User.objects.filter(pk__in={uid for unit in chain for uid, _r in supervisors.get(unit, [])}))
    barred = barred_officers(complaint, officers) - {complaint.escalated_to_id}  # it still marks the ceiling
    allowed = {unit: [(uid, r) for uid, r in posted if uid not in barred] for unit, posted in supervisors.items()}
    officer_id = supervisor_above(complaint, max(rank, complaint.accused_rank or 0), allowed)
    return next((officer for officer in officers if officer.pk == officer_id), None)
