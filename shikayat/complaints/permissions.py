"""Who may see and do what. Views, the API and actions all call these.

An officer's scope is the subtree of each unit they hold an active posting
in; the roles they hold there decide which transitions they may take.
Confidential complaints are narrower: only the assignee, supervisors of
sufficient rank and the accountability branch in scope see them."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.accounts.models import Citizen, Posting, Rank, Role, User
from shikayat.categories.models import SOP

from . import hooks, workflow
from .models import Complaint

CONFIDENTIAL_ROLES = frozenset({Role.SUPERVISOR, Role.ACCOUNTABILITY})
AGAINST_POLICE, GENDER = "against_police", "gender"  # categories.Handling, copied onto Complaint.handling


@dataclass(frozen=True)
class CitizenActor:
    """A complainant who has proved their mobile number. `credential` names the
    proof (see CREDENTIALS); the timeline records it with every action taken."""

    mobile: str
    credential: str = ""

    def __str__(self) -> str:
        return f"citizen {self.mobile}"


# How a citizen proved who they are, recorded on the timeline ("credential" in an event's data).
CREDENTIALS = {
    "otp": gettext_lazy("one-time code to the complainant's mobile"),
    "sms_link": gettext_lazy("link sent by SMS to the complainant's mobile"),
    "email_link": gettext_lazy("link sent to the complainant's email"),
    "whatsapp_link": gettext_lazy("link sent by WhatsApp to the complainant's number"),
    "whatsapp": gettext_lazy("the complainant's WhatsApp number"),
    "sms": gettext_lazy("an SMS from the complainant's mobile"),
    "email": gettext_lazy("email from the complainant's address"),
}


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
    if complaint.is_confidential:
        # Same rules as scope_filter: general roles never see confidential complaints, the women officers'
        # cell sees the gender-harassment ones, and the accused, their juniors and barred units see none.
        cell = Role.WOMEN_CELL in roles and complaint.handling == GENDER
        if complaint.assignee_id != actor.pk and not roles & CONFIDENTIAL_ROLES and not cell:
            return set()
        if is_barred(actor, complaint):
            return set()
    return roles


def ancestor_paths(path: str) -> list[str]:
    """`/1/7/42/` → [`/1/`, `/1/7/`, `/1/7/42/`]."""
    parts = [part for part in path.strip("/").split("/") if part]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]


@dataclass(frozen=True)
class BarPath:
    """A unit barred from a complaint against police: `path` alone, or with everything below it (`subtree`)."""

    path: str
    subtree: bool


def is_barred_path(path: str, bars: list[BarPath]) -> bool:
    return any(path.startswith(bar.path) if bar.subtree else path == bar.path for bar in bars)


def is_barred(user: User, complaint: Complaint) -> bool:
    """Against police: the accused officers, anyone junior to the most senior
    of them, and officers posted in a barred unit (the accused's unit and
    below, and as many units above it as the SOP says) never see or handle it."""
    if complaint.handling != AGAINST_POLICE:
        return False
    if complaint.accused_rank is not None and (user.rank or 0) < complaint.accused_rank:
        return True
    cache = complaint.__dict__.setdefault("_barred", {})
    if user.pk not in cache:
        rules = handling_rules(complaint.handling)  # shikayat.accountability provides them (hooks.provide_handling)
        bars = rules.bars(complaint)
        cache[user.pk] = (
            any(is_barred_path(p.unit.path, bars) for p in active_postings(user))
            or rules.is_named(complaint, user)
        )
    return cache[user.pk]


# Handlings whose rules bar officers: without their rules nothing may be routed, shown or marked (fail closed).
BARRING_HANDLINGS = frozenset({AGAINST_POLICE})


def handling_rules(handling: str) -> hooks.HandlingRules | None:
    """The rules a special handling adds (hooks.provide_handling), None for a plain one; ImproperlyConfigured
    for a barring handling whose rules no installed feature provides."""
    rules = hooks.handling_rules(handling)
    if rules is None and handling in BARRING_HANDLINGS:
        raise ImproperlyConfigured(f"No rules provided for complaints handled as {handling!r} "
                                   "(hooks.provide_handling, in the feature's AppConfig.ready()).")
    return rules


def can_view(actor: Actor, complaint: Complaint) -> bool:
    return bool(roles_for(actor, complaint))


def can_take(actor: Actor, complaint: Complaint, transition: workflow.Transition) -> bool:
    if transition.handling is not None and complaint.handling != transition.handling:
        return False
    roles = roles_for(actor, complaint)
    allowed = roles & transition.roles
    if not allowed:
        return False
    if allowed == {Role.ENQUIRY_OFFICER} and transition.assignee_only_for_enquiry_officer:
        return complaint.assignee_id == getattr(actor, "pk", None)
    if transition.action in workflow.CLOSING_DECISIONS:
        return closing_refusal(actor, complaint, transition) is None
    return True


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def closing_refusal(actor: Actor, complaint: Complaint, transition: workflow.Transition) -> Refusal | None:
    """Why `actor` may not take this closing decision (workflow.CLOSING_DECISIONS), in the reader's language, or
    None. Never the officer who proposed it or to whom the complaint is marked (his own work goes to another
    officer), and only within the SOP's closing authority: a role it admits, at or above its rank."""
    if not isinstance(actor, User) or not roles_for(actor, complaint) & transition.roles:
        return None  # not his decision at all: the role check says so
    if actor.pk in (complaint.proposed_by_id, complaint.assignee_id):
        return Refusal("second_officer_required", _(
            "“%(action)s” must be taken by another officer: you proposed this or it is marked to you, and no "
            "officer approves his own work.") % {"action": transition.label})
    rank, closing_roles = closing_authority(complaint)
    if (actor.rank or 0) < rank or not roles_for(actor, complaint) & transition.roles & closing_roles:
        return Refusal("closing_authority", _(
            "The SOP for this category lets only these officers, of rank %(rank)s or above, take “%(action)s”: "
            "%(authority)s.")
            % {"authority": _closing_label(complaint), "rank": Rank(rank).label, "action": transition.label})
    return None


def closing_authority(complaint: Complaint) -> tuple[int, frozenset]:
    """(lowest rank, roles) of the complaint's closing authority; a category without an SOP has the defaults."""
    return (complaint.category.effective_sop() or SOP()).closing_authority()  # SOP(): the fields' defaults


def _closing_label(complaint: Complaint) -> str:
    return (complaint.category.effective_sop() or SOP()).get_closing_role_display()


def available_transitions(actor: Actor, complaint: Complaint) -> list[workflow.Transition]:
    """The buttons to show: transitions allowed from this status for this actor (nothing that moves a complaint
    held until its accused is identified)."""
    held = workflow.NOT_WHILE_ACCUSED_PENDING if complaint.accused_pending else frozenset()
    return [t for t in workflow.actions_from(complaint.status)
            if t.action not in held and can_take(actor, complaint, t)]


def scope_filter(user: User) -> Q:
    """Q selecting the complaints an officer may see in lists."""
    if not user.is_active:
        return Q(pk__in=[])
    postings = active_postings(user)
    general = Q(pk__in=[])
    confidential = Q(assignee=user)
    for posting in postings:
        in_unit = Q(unit_path__startswith=posting.unit.path)
        general |= in_unit
        if posting.role in CONFIDENTIAL_ROLES:
            confidential |= in_unit
        elif posting.role == Role.WOMEN_CELL:
            confidential |= in_unit & Q(handling=GENDER)
    return (Q(is_confidential=False) & (general | Q(assignee=user))) | (
        Q(is_confidential=True) & confidential & ~barred_filter(user))


def barred_filter(user: User) -> Q:
    """Q selecting the complaints against police `user` is barred from (see is_barred)."""
    paths = [p.unit.path for p in active_postings(user)]
    prefixes = sorted({prefix for path in paths for prefix in ancestor_paths(path)})
    named_or_barred = handling_rules(AGAINST_POLICE).named_or_barred_filter(user, paths, prefixes)
    return Q(handling=AGAINST_POLICE) & (Q(accused_rank__gt=user.rank or 0) | named_or_barred)


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
    return bool(roles_for(actor, complaint) & (CONTACT_ROLES | {workflow.CITIZEN})) and can_see_identity(
        actor, complaint)


def sees_sealed_identities(user: User) -> bool:
    """Whether any of the officer's postings is in SEALED_IDENTITY_ROLES."""
    return any(p.role in settings.SHIKAYAT["SEALED_IDENTITY_ROLES"] for p in active_postings(user))


def identity_filter(user: User) -> Q:
    """Q selecting the complaints whose complainant the officer may see (lists and search): those not
    sealed, and sealed ones under a posting in SEALED_IDENTITY_ROLES (the same rule as can_see_identity)."""
    sealed_roles = set(settings.SHIKAYAT["SEALED_IDENTITY_ROLES"])
    visible = Q(identity_sealed=False)
    for posting in active_postings(user) if user.is_active else []:
        if posting.role in sealed_roles:
            visible |= Q(unit_path__startswith=posting.unit.path)
    if Role.ENQUIRY_OFFICER in sealed_roles and user.is_active:
        visible |= Q(assignee=user)
    return visible


def can_see_identity(actor: Actor, complaint: Complaint) -> bool:
    """A sealed identity (name, contact, ID number, address) is shown only to
    the complainant and to SEALED_IDENTITY_ROLES; the system still messages them."""
    if not complaint.identity_sealed or isinstance(actor, SystemActor):
        return True
    roles = roles_for(actor, complaint)
    return bool(roles & ({workflow.CITIZEN} | set(settings.SHIKAYAT["SEALED_IDENTITY_ROLES"])))
