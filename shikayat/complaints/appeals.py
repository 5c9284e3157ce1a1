"""Appeals: against which decision, until when, and to which unit.

A citizen may appeal a rejection, a merger as duplicate, or a closing without
their confirmation, within the SOP's `appeal_days` of the decision. After a
closing they confirmed, the follow-up question ("did the police action
hold?", actions.record_followup) is the way back, whenever it is asked.

The appeal goes one level above whoever decided: the unit above the posting
under which the officer who approved the rejection, merged the complaint or
closed it (for a satisfied closing: approved the resolution) took that step,
read from the timeline; without one, the unit above the complaint's. Units
that are inactive or barred from a complaint against police (its handling
rules' bars) are passed over, upwards.

Pure reads: the actions (actions.appeal, actions.record_followup) call them
under the complaint's row lock."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting
from shikayat.categories.models import SOP
from shikayat.core import dates
from shikayat.core.errors import TransitionNotAllowed
from shikayat.jurisdictions.models import Unit

from . import permissions
from .models import Complaint, ComplaintEvent
from .permissions import is_barred_path
from .workflow import APPEALABLE, Status

# The step that decided each appealable status; a satisfied closing is decided by the approved resolution.
DECIDING = {Status.REJECTED: ("approve_rejection",), Status.MERGED: ("mark_duplicate",),
            Status.CLOSED: ("close_without_confirmation", "confirm_satisfied")}
UNCONFIRMED_CLOSE = "close_without_confirmation"
DEFAULT_APPEAL_DAYS = SOP._meta.get_field("appeal_days").default


class AppealWindow(NamedTuple):
    """Whether the complaint may be appealed now; until when (None when it never may); and, when not, why
    (a translated sentence for the citizen)."""

    open: bool
    until: datetime | None
    reason: str


def decision(complaint: Complaint) -> ComplaintEvent | None:
    """The step that put the complaint into its present (appealable) status."""
    if complaint.status not in APPEALABLE:
        return None
    return (complaint.events.filter(action__in=DECIDING[complaint.status], to_status=complaint.status)
            .order_by("-at", "-id").select_related("actor").first())


def _local_date(moment: datetime) -> str:
    return dates.isolate(dates.date_only(moment))


def window(complaint: Complaint, now: datetime) -> AppealWindow:
    """The complaint's appeal window at `now` (see the module docstring)."""
    if complaint.status not in APPEALABLE:
        if complaint.status == Status.WITHDRAWN:
            return AppealWindow(False, None, _("A withdrawn complaint cannot be appealed."))
        return AppealWindow(False, None, _("The complaint is still open: there is no decision to appeal yet."))
    decided = decision(complaint)
    if complaint.status == Status.CLOSED and (decided is None or decided.action != UNCONFIRMED_CLOSE):
        return AppealWindow(False, None, _(
            "You confirmed that you were satisfied, so this complaint cannot be appealed. If the police action did "
            "not hold, answer “no” when we ask you about it."))
    decided_at = complaint.closed_at or (decided.at if decided else now)
    sop = complaint.category.effective_sop()
    until = decided_at + timedelta(days=sop.appeal_days if sop is not None else DEFAULT_APPEAL_DAYS)
    if now > until:
        return AppealWindow(False, until, _("The time to appeal ended on %(date)s.") % {"date": _local_date(until)})
    return AppealWindow(True, until, "")


def refuse_outside(complaint: Complaint, now: datetime) -> None:
    """TransitionNotAllowed with the window's reason unless the complaint may be appealed at `now`."""
    found = window(complaint, now)
    if not found.open:
        code = "appeal_window_closed" if found.until else "appeal_not_possible"
        raise TransitionNotAllowed(found.reason, code=code)


def decider_event(complaint: Complaint) -> ComplaintEvent | None:
    """The officer's step being appealed: the decision, or for a satisfied closing the approved resolution."""
    decided = decision(complaint)
    if decided is not None and decided.action == "confirm_satisfied":
        return (complaint.events.filter(action="approve_resolution").order_by("-at", "-id")
                .select_related("actor").first())
    return decided


def decider_unit(complaint: Complaint, event: ComplaintEvent | None) -> Unit | None:
    """The unit of the posting the deciding officer acted under: one over the complaint's unit, in the role the
    timeline recorded (any role if none matches), the nearest first, active postings before ended ones."""
    if event is None or event.actor_id is None:
        return None
    postings = [p for p in Posting.objects.filter(user_id=event.actor_id).select_related("unit")
                if complaint.unit_path.startswith(p.unit.path)]
    if not postings:
        return None
    in_role = [p for p in postings if p.role == event.actor_role] or postings
    return max(in_role, key=lambda p: (p.is_active, len(p.unit.path))).unit


def unit_above(complaint: Complaint, start: Unit) -> Unit:
    """The nearest active unit above `start` that the complaint's handling does not bar (the top unit when
    `start` is the top). TransitionNotAllowed when every unit above is barred."""
    rules = permissions.handling_rules(complaint.handling)
    bars = rules.bars(complaint) if rules is not None else []
    above = start.ancestors(include_self=False)[::-1] or [start]
    for unit in above:
        if unit.is_active and not is_barred_path(unit.path, bars):
            return unit
    raise TransitionNotAllowed(_("No unit above the one that decided may take this complaint."),
                               code="appeal_no_unit")


def appeal_unit(complaint: Complaint) -> tuple[Unit, ComplaintEvent | None]:
    """Where the appeal goes, and the step appealed against."""
    event = decider_event(complaint)
    return unit_above(complaint, decider_unit(complaint, event) or complaint.unit), event


def refuse_unless_followup_open(complaint: Complaint) -> None:
    """The follow-up question may be answered once, after it was asked, while the complaint stays closed."""
    if (complaint.status != Status.CLOSED or complaint.followup_asked_at is None
            or complaint.followup_answered_at is not None):
        raise TransitionNotAllowed(_("There is no open question about this complaint: it was answered already, or "
                                     "not asked."), code="followup_not_open")
