"""The delay ledger's writes: closing an entry when its stage is finally
done, and a supervisor's review (explanation and show-cause outcome).
Entries themselves are written by the sweep (sweep.py)."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied

from .models import DelayEntry, Outcome

MAX_EXPLANATION = 5000
# Who sees the ledger of a subtree, and who of them may record outcomes.
VIEW_ROLES = frozenset({Role.SUPERVISOR, Role.STATION_HEAD, Role.ACCOUNTABILITY, Role.COMPLAINT_CELL})
REVIEW_ROLES = frozenset({Role.SUPERVISOR, Role.ACCOUNTABILITY})


def stage_done(complaint, stage: str, at: datetime) -> None:
    """The stage missed in this cycle is done now: hours late stop here.
    Called by the actions (log_contact, propose_resolution) in their transaction."""
    DelayEntry.objects.filter(complaint_id=complaint.pk, stage=stage, cycle_started_at=complaint.cycle_started_at,
                              completed_at__isnull=True).update(completed_at=at)


def scope_paths(user: User, roles=VIEW_ROLES) -> list[str]:
    """Unit paths whose subtrees the user's postings in `roles` cover."""
    from shikayat.complaints.permissions import active_postings

    if not user.is_active:
        return []
    return sorted({p.unit.path for p in active_postings(user) if p.role in roles})


def may_review(user: User, entry: DelayEntry) -> bool:
    """Supervisors and the accountability branch over the entry's unit; never the officer charged."""
    if entry.officer_id == user.pk:
        return False
    return any(entry.unit_path.startswith(path) for path in scope_paths(user, REVIEW_ROLES))


def record_outcome(entry: DelayEntry, *, actor: User, outcome: str, explanation: str,
                   now: datetime | None = None) -> DelayEntry:
    """Record the officer's explanation for a missed deadline and what was
    decided (explanation accepted, warning, show-cause notice, departmental
    action recommended, exonerated)."""
    errors = {}
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        errors["outcome"] = [_("Choose what was decided.")]
    text = (explanation or "").strip()
    if not text:
        errors["explanation"] = [_("Please record the officer's explanation and the reasons for the decision.")]
    elif len(text) > MAX_EXPLANATION:
        errors["explanation"] = [_("Too long (at most %(max)d characters).") % {"max": MAX_EXPLANATION}]
    if errors:
        raise InvalidInput(_("Please correct the review."), fields=errors)
    now = now or clock.now()
    with transaction.atomic():
        row = DelayEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if row is None or not any(row.unit_path.startswith(path) for path in scope_paths(actor)):
            raise NotFound(_("No such ledger entry in your jurisdiction."))
        if not may_review(actor, row):
            raise PermissionDenied(_("Only a supervisor or the accountability branch over this unit may record the "
                                     "outcome, and never for their own delay."))
        row.outcome, row.explanation, row.reviewed_by, row.reviewed_at = outcome, text, actor, now
        row.save(update_fields=["outcome", "explanation", "reviewed_by", "reviewed_at"])
    return row
