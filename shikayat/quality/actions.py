"""The complaint cell grades a closed complaint's disposal; a poor grade is charged to the officer who
disposed of it in the delay ledger, as a missed deadline is (and counts in the dashboards' and league tables'
"delays" like one)."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.complaints import permissions
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from shikayat.dashboards import rollup
from shikayat.deadlines.models import DelayEntry, Stage

from .models import CHECKS, Grade, QualityReview, Reason

MAX_REMARKS = 2000


def may_grade(user: User, complaint: Complaint) -> bool:
    """The complaint cell over the complaint's unit (district or CPO) grades it, never another role."""
    return Role.COMPLAINT_CELL in permissions.roles_for(user, complaint)


def _checked(grade: str, checks: dict[str, bool | None], remarks: str) -> str:
    errors = {}
    if grade not in Grade.values:
        errors["grade"] = [_("Choose good, adequate or poor.")]
    for name, _label in CHECKS:
        if checks.get(name) not in (True, False):
            errors[name] = [_("Answer yes or no.")]
    text = (remarks or "").strip()
    if grade == Grade.POOR and not text:
        errors["remarks"] = [_("Say why the disposal was poor: the officer is charged with it.")]
    elif len(text) > MAX_REMARKS:
        errors["remarks"] = [_("Too long (at most %(max)d characters).") % {"max": MAX_REMARKS}]
    if errors:
        raise InvalidInput(_("Please correct the grade."), fields=errors)
    return text


@transaction.atomic
def grade_disposal(complaint: Complaint, *, actor: User, grade: str, checks: dict[str, bool | None],
                   remarks: str = "", now: datetime | None = None) -> QualityReview:
    """Grade the latest closing of `complaint` (good / adequate / poor, with the four checks answered).
    The complaint cell over its unit only; a closing once; never the officer who disposed of it."""
    now = now or clock.now()
    row = Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
    if row is None or not permissions.can_view(actor, row):
        raise NotFound(_("No such complaint in your jurisdiction."))
    if not may_grade(actor, row):
        raise PermissionDenied(_("Only the complaint cell over this complaint's unit grades the quality of its "
                                 "disposal."))
    if row.status != Status.CLOSED:
        raise TransitionNotAllowed(_("Only a closed complaint's disposal is graded."))
    review = (QualityReview.objects.select_for_update()
              .filter(complaint=row, cycle_started_at=row.cycle_started_at).first())
    if review is not None and review.grade:
        raise TransitionNotAllowed(_("This disposal has already been graded."))
    if actor.pk == (review.officer_id if review else row.assignee_id):
        raise PermissionDenied(_("Nobody grades their own disposal."))
    text = _checked(grade, checks, remarks)
    if review is None:  # a closing the sample left out: the cell chose to grade it
        review = QualityReview(complaint=row, cycle_started_at=row.cycle_started_at, reason=Reason.CHOSEN,
                               closed_at=row.closed_at or now, officer_id=row.assignee_id, unit_id=row.unit_id,
                               unit_path=row.unit_path)
    review.grade, review.remarks, review.graded_by, review.graded_at = grade, text, actor, now
    for name, _label in CHECKS:
        setattr(review, name, checks[name])
    review.save()
    if grade == Grade.POOR:
        _charge(row, review, now)
    return review


def _charge(complaint: Complaint, review: QualityReview, now: datetime) -> None:
    """The poor grade in the delay ledger, charged to the officer and unit that disposed of it (no hours late:
    the closing was on time or its delays are charged already; the grade is the charge)."""
    entry, created = DelayEntry.objects.get_or_create(
        complaint=complaint, stage=Stage.QUALITY, cycle_started_at=review.cycle_started_at,
        defaults={"due_at": review.closed_at, "detected_at": now, "completed_at": review.closed_at,
                  "officer_id": review.officer_id, "unit_id": review.unit_id, "unit_path": review.unit_path})
    if created:
        rollup.delayed([(complaint.pk, entry.officer_id, entry.unit_path, now, complaint.category_id,
                         complaint.channel)])
