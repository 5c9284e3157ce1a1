"""Every change to a call record, one function each: the console starts a call on a look-up, links the
complaints registered or looked at, and closes it with purpose and outcome; the complaint cell marks a call
for review. The telephone system's events are in telephony.py."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.complaints import permissions
from shikayat.complaints.models import Complaint
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied

from .models import Call, CallComplaint, Direction, Outcome, Purpose, State

AGENT_ROLES = frozenset({Role.CALL_CENTRE, Role.COMPLAINT_CELL})
# Who reads the call centre's figures, and who marks calls for quality review.
FIGURE_ROLES = AGENT_ROLES
REVIEW_ROLES = frozenset({Role.COMPLAINT_CELL})
CALLBACK_WITHIN = timedelta(hours=24)
LIVE = (State.RINGING, State.OPEN)


def _paths(user: User, roles: frozenset) -> list[str]:
    return sorted({p.unit.path for p in permissions.active_postings(user) if p.role in roles})


def scope_paths(user: User) -> list[str]:
    """Units (materialised paths) whose calls this officer may see on the call-centre dashboard."""
    return _paths(user, FIGURE_ROLES) if user.is_authenticated else []


def may_review(user: User) -> bool:
    return user.is_authenticated and bool(_paths(user, REVIEW_ROLES))


def agent_path(user: User) -> str:
    """The unit a call taken by this agent counts under: their call-centre (or complaint cell) posting."""
    paths = _paths(user, AGENT_ROLES)
    return paths[0] if paths else ""


def in_scope(queryset, paths: list[str]):
    if not paths:
        return queryset.none()
    match = Q()
    for path in paths:
        match |= Q(unit_path__startswith=path)
    return queryset.filter(match)


def live_calls(agent: User):
    """The agent's calls still ringing or in progress, newest first."""
    return Call.objects.filter(agent=agent, state__in=LIVE).order_by("-started_at", "-id")


def current_call(agent: User) -> Call | None:
    """The call the console is on: the agent's newest call in progress."""
    return live_calls(agent).filter(state=State.OPEN).first()


def start_call(*, agent: User, caller: str, now: datetime | None = None, answers: Call | None = None) -> Call:
    """The agent looked `caller` (E.164) up: the call already ringing or in progress with that number is
    taken (answered), otherwise a new call starts now. `answers`: the call whose call-back this is."""
    now = now or clock.now()
    with transaction.atomic():
        if answers is None:
            live = live_calls(agent).select_for_update().filter(caller=caller, direction=Direction.INBOUND).first()
            if live is not None:
                if live.state == State.RINGING:
                    live.state, live.answered_at = State.OPEN, live.answered_at or now
                    live.save(update_fields=["state", "answered_at"])
                return live
        elif answers.callback_due is None or answers.callback_done_at is not None or answers.caller != caller:
            raise InvalidInput(_("That call has no call-back waiting for this number."))
        else:
            live = live_calls(agent).filter(answers=answers).first()
            if live is not None:
                return live
        return Call.objects.create(caller=caller, agent=agent, unit_path=agent_path(agent), state=State.OPEN,
                                   direction=Direction.CALLBACK if answers else Direction.INBOUND,
                                   started_at=now, answered_at=now, answers=answers)


def link_complaint(call: Call, complaint: Complaint, kind: str, now: datetime | None = None) -> CallComplaint:
    """Record that this call registered or looked at the complaint (registering outranks looking)."""
    link, created = CallComplaint.objects.get_or_create(call=call, complaint=complaint,
                                                        defaults={"kind": kind, "at": now or clock.now()})
    if not created and kind == CallComplaint.Kind.REGISTERED and link.kind != kind:
        link.kind = kind
        link.save(update_fields=["kind"])
    return link


def close_call(call_id: int, *, agent: User, purpose: str, outcome: str, note: str = "",
               now: datetime | None = None) -> Call:
    """The agent's one click at the end of a call: why the citizen rang and what came of it. "Call-back
    needed" puts the caller on the call-backs due (within CALLBACK_WITHIN); a call-back closed answers its
    call's."""
    now = now or clock.now()
    errors = {}
    if purpose not in Purpose.values:
        errors["purpose"] = [_("Choose why the citizen called.")]
    if outcome not in Outcome.values or outcome == Outcome.ABANDONED:
        errors["outcome"] = [_("Choose what came of the call.")]
    if errors:
        raise InvalidInput(_("The call is not closed: say why the citizen called and what came of it."),
                           fields=errors)
    with transaction.atomic():
        call = Call.objects.select_for_update().filter(pk=call_id, agent=agent).first()
        if call is None:
            raise NotFound(_("No call of yours with that number."))
        if call.state == State.CLOSED:
            raise InvalidInput(_("This call is already closed."))
        call.state, call.purpose, call.outcome, call.note = State.CLOSED, purpose, outcome, note[:500]
        call.closed_at = now
        call.answered_at = call.answered_at or now
        call.ended_at = call.ended_at or now
        call.callback_due = now + CALLBACK_WITHIN if outcome == Outcome.CALL_BACK else None
        call.save()
        if call.answers_id and outcome != Outcome.DROPPED:
            Call.objects.filter(pk=call.answers_id, callback_done_at__isnull=True).update(callback_done_at=now)
    return call


def mark_for_review(call_id: int, *, by: User, reason: str, now: datetime | None = None) -> Call:
    """A quality supervisor of the complaint cell puts a call on the review list, with the reason."""
    if not may_review(by):
        raise PermissionDenied(_("Only the complaint cell marks calls for review."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say what to review in this call."), fields={"reason": [_("This field is required.")]})
    with transaction.atomic():
        call = in_scope(Call.objects.select_for_update(), _paths(by, REVIEW_ROLES)).filter(pk=call_id).first()
        if call is None:
            raise NotFound(_("No call with that number in your jurisdiction."))
        call.review_requested_by, call.review_requested_at = by, now or clock.now()
        call.review_reason = reason[:500]
        call.save(update_fields=["review_requested_by", "review_requested_at", "review_reason"])
    return call
