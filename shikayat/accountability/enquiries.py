"""The state of a complaint's enquiries, read and changed inside the
complaint actions (complaints/actions.py, accountability/actions.py)."""

from datetime import datetime

from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.complaints import sla
from shikayat.complaints.models import Complaint
from shikayat.core.errors import TransitionNotAllowed
from shikayat.deadlines.calendar import working_calendar

from .models import PROVED_FINDINGS, Decision, Enquiry, EnquiryKind, Proceedings


def current(complaint: Complaint) -> Enquiry | None:
    """The latest enquiry of the complaint's present cycle."""
    return (Enquiry.objects.filter(complaint=complaint, ordered_at__gte=complaint.cycle_started_at)
            .order_by("-ordered_at", "-pk").first())


def open_enquiry(complaint: Complaint, kind: str, officer: User, ordered_by, at: datetime) -> Enquiry:
    sop = complaint.category.effective_sop()
    hours = sop.initial_enquiry_hours if kind == EnquiryKind.INITIAL else sop.regular_enquiry_hours
    return Enquiry.objects.create(
        complaint=complaint, kind=kind, officer=officer,
        ordered_by=ordered_by if isinstance(ordered_by, User) else None, ordered_at=at,
        due_at=sla.add_hours(at, hours, working_calendar()),
    )


def enquiry_for_assignee(complaint: Complaint, officer: User, actor, at: datetime) -> Enquiry:
    """Marking a complaint against police opens its initial enquiry; marking
    it again while an enquiry runs hands that enquiry to the new officer."""
    enquiry = current(complaint)
    if enquiry is None:
        return open_enquiry(complaint, EnquiryKind.INITIAL, officer, actor, at)
    if enquiry.is_running:
        enquiry.officer = officer
        enquiry.save(update_fields=["officer"])
    return enquiry


def require_running(complaint: Complaint) -> Enquiry:
    enquiry = current(complaint)
    if enquiry is None or not enquiry.is_running:
        raise TransitionNotAllowed(_("No enquiry is running on this complaint: mark it to an officer for the "
                                     "initial enquiry, or order a regular enquiry."), code="no_running_enquiry")
    return enquiry


def require_initial_reported(complaint: Complaint) -> Enquiry:
    enquiry = current(complaint)
    if enquiry is None or enquiry.kind != EnquiryKind.INITIAL or enquiry.reported_at is None:
        raise TransitionNotAllowed(_("The initial enquiry's report must be submitted first."),
                                   code="initial_report_required")
    if enquiry.decision in (Decision.FILED, Decision.REGULAR):
        raise TransitionNotAllowed(_("The initial enquiry has already been decided: %(decision)s.")
                                   % {"decision": enquiry.get_decision_display()}, code="already_decided")
    return enquiry


def require_regular_reported(complaint: Complaint) -> Enquiry:
    enquiry = current(complaint)
    if enquiry is None or enquiry.kind != EnquiryKind.REGULAR:
        raise TransitionNotAllowed(_("Findings are recorded on a regular enquiry; none has been ordered."),
                                   code="no_regular_enquiry")
    if enquiry.reported_at is None:
        raise TransitionNotAllowed(_("A finding needs the enquiry report: the enquiry officer must submit it "
                                     "first."), code="enquiry_report_required")
    return enquiry


def concluded(complaint: Complaint) -> tuple[bool, str]:
    """Whether the enquiries have reached an outcome the complainant can be told, and if not, why."""
    enquiry = current(complaint)
    if enquiry is None:
        return False, _("no enquiry has been held yet")
    if enquiry.kind == EnquiryKind.INITIAL:
        if enquiry.decision == Decision.FILED:
            return True, ""
        return False, _("the initial enquiry has not been decided")
    if enquiry.reported_at is None:
        return False, _("the regular enquiry's report has not been submitted")
    allegations = list(enquiry.allegations.all())
    if any(not allegation.finding for allegation in allegations):
        return False, _("not every allegation has a finding")
    proved = [allegation for allegation in allegations if allegation.finding in PROVED_FINDINGS]
    if any(not allegation.proceedings.exists() for allegation in proved):
        return False, _("departmental proceedings have not been recommended on every proved allegation")
    if Proceedings.objects.filter(allegation__in=proved, outcome="").exists():
        return False, _("the outcome of the departmental proceedings has not been recorded")
    return True, ""


def outcome_informed(complaint: Complaint) -> bool:
    return complaint.events.filter(action="inform_outcome", at__gte=complaint.cycle_started_at).exists()
