"""Who may see and do what. Views, the API and actions all call these.

An officer's scope is the subtree of each unit they hold an active posting
in; the roles they hold there decide which transitions they may take.
Confidential complaints are narrower: only the assignee, supervisors of
sufficient rank and the accountability branch in scope see them."""

from dataclasses import dataclass

from django.db.models import Q

from shikayat.accounts.models import Citizen, Posting, Role, User

from . import workflow
from .models import Complaint

CONFIDENTIAL_ROLES = frozenset({Role.SUPERVISOR, Role.ACCOUNTABILITY})


@dataclass(frozen=True)
class CitizenActor:
    """A complainant who has proved their mobile number (OTP, signed link, bot)."""

    mobile: str

    def __str__(self) -> str:
        return f"citizen {self.mobile}"


@dataclass(frozen=True)
class SystemActor:
    name: str = "system"

    def __str__(self) -> str:
        return self.name


SYSTEM = SystemActor()
Actor = User | CitizenActor | SystemActor


def active_postings(user: User) -> list[Posting]:
    cached = getattr(user, "_active_postings", None)
    if cached is None:
        cached = list(Posting.objects.active().filter(user=user).select_related("unit"))
        user._active_postings = cached
    return cached


def roles_for(actor: Actor, complaint: Complaint) -> set[str]:
    """Roles the actor holds over this complaint."""
    if isinstance(actor, SystemActor):
        return {workflow.SYSTEM}
    if isinstance(actor, CitizenActor):
        return {workflow.CITIZEN} if actor.mobile and actor.mobile == complaint.complainant_mobile else set()
    if not actor.is_active:
        return set()
    roles = {p.role for p in active_postings(actor) if complaint.unit_path.startswith(p.unit.path)}
    if complaint.assignee_id == actor.pk:
        roles.add(Role.ENQUIRY_OFFICER)
    if complaint.is_confidential and complaint.assignee_id != actor.pk and not roles & CONFIDENTIAL_ROLES:
        # Same rule as scope_filter: general roles never see confidential complaints.
        return set()
    return roles


def can_view(actor: Actor, complaint: Complaint) -> bool:
    return bool(roles_for(actor, complaint))


def can_take(actor: Actor, complaint: Complaint, transition: workflow.Transition) -> bool:
    roles = roles_for(actor, complaint)
    allowed = roles & transition.roles
    if not allowed:
        return False
    if allowed == {Role.ENQUIRY_OFFICER} and transition.assignee_only_for_enquiry_officer:
        return complaint.assignee_id == getattr(actor, "pk", None)
    return True


def available_transitions(actor: Actor, complaint: Complaint) -> list[workflow.Transition]:
    """The buttons to show: transitions allowed from this status for this actor."""
    return [t for t in workflow.actions_from(complaint.status) if can_take(actor, complaint, t)]


def scope_filter(user: User) -> Q:
    """Q selecting the complaints an officer may see in lists."""
    if not user.is_active:
        return Q(pk__in=[])
    postings = active_postings(user)
    general = Q(pk__in=[])
    confidential = Q(pk__in=[])
    for posting in postings:
        in_unit = Q(unit_path__startswith=posting.unit.path)
        general |= in_unit
        if posting.role in CONFIDENTIAL_ROLES:
            confidential |= in_unit
    return (Q(is_confidential=False) & general) | (Q(is_confidential=True) & confidential) | Q(assignee=user)


def scope_for_citizen(citizen: Citizen | CitizenActor) -> Q:
    return Q(complainant_mobile=citizen.mobile)


def may_intake(user: User, channel: str) -> bool:
    """Can this account register complaints arriving by `channel`?"""
    roles = {p.role for p in active_postings(user)}
    allowed = {
        Role.FRONT_DESK: {"front_desk", "post"},
        Role.CALL_CENTRE: {"call_centre", "sms", "email"},
        Role.COMPLAINT_CELL: {"front_desk", "post", "email", "sms", "call_centre", "portal_import"},
        Role.INTEGRATION: {"portal_import", "email", "sms", "whatsapp", "open311", "web"},
        Role.ADMIN: {"portal_import"},
    }
    return any(channel in allowed.get(role, set()) for role in roles)


CONTACT_ROLES = frozenset({Role.ENQUIRY_OFFICER, Role.CALL_CENTRE, Role.COMPLAINT_CELL, Role.SUPERVISOR})


def can_see_contact(actor: Actor, complaint: Complaint) -> bool:
    """Full mobile / email only for those who must reach the complainant."""
    return bool(roles_for(actor, complaint) & (CONTACT_ROLES | {workflow.CITIZEN}))
