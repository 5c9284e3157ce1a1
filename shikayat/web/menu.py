"""The officers' header menu: every page a signed-in officer's postings let them use, and only those. Each
entry asks the same question its page asks before it opens (the page still checks again), so a role's menu and
its pages cannot disagree; a new officer page is a new line here, naming the group the header folds it under."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shikayat.accountability.selectors import is_accountability_officer
from shikayat.accounts.models import Role, User
from shikayat.calls.actions import scope_paths as call_scope
from shikayat.channels import portal_status
from shikayat.channels.portal_import import may_import
from shikayat.complaints import permissions, workflow
from shikayat.deadlines.ledger import scope_paths
from shikayat.firs import access as firs
from shikayat.information.alerts import may_report
from shikayat.lost import actions as lost
from shikayat.open311.review import cell_paths as open311_cell_paths
from shikayat.quality.selectors import cell_paths
from shikayat.registers.entries import EDITING_ROLES as REGISTER_ROLES
from shikayat.services import actions as services
from shikayat.similar.selectors import cell_paths as similar_cell_paths

from .desk_views import desk_access

# Who works the review of pending cases: the offices that mark and approve, and the branches that watch them.
REVIEW_ROLES = workflow.STATION | {Role.ACCOUNTABILITY, Role.WOMEN_CELL}
# Who works applications for permission (shikayat/permits): the station's report, the special branch's, the decision.
PERMIT_ROLES = {Role.STATION_HEAD, Role.SPECIAL_BRANCH, Role.SUPERVISOR}


@dataclass(frozen=True)
class Group:
    """A heading the header folds entries under, named the way an officer thinks of a part of the day."""
    code: str
    label: str


SUPERVISION = Group("supervision", _("Supervision"))
DESK = Group("desk", _("Desk and calls"))
REGISTERS = Group("registers", _("Registers and requests"))
REPORTS = Group("reports", _("Reports"))
ADMINISTRATION = Group("administration", _("Administration"))
GROUPS = [SUPERVISION, DESK, REGISTERS, REPORTS, ADMINISTRATION]


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    url_name: str
    allowed: Callable[[User, set[str]], bool]
    group: Group | None = None  # None: a link of its own in the header, outside every group


def _posted(user: User, roles: set[str]) -> bool:
    return bool(roles)


def _desk(user: User, roles: set[str]) -> bool:
    return desk_access(user)["front_desk"]


def _call_centre(user: User, roles: set[str]) -> bool:
    return desk_access(user)["call_centre"]


ENTRIES = [
    # The officer's inbox: the page they land on and come back to all day, so never behind a heading.
    Entry("complaints", _("Complaints"), "web:officer-complaints", _posted),
    # Zainab Alert: the most time-critical form in the system is one click from every page of those who issue it,
    # so it is never folded into a group.
    Entry("missing_child_new", _("Report a missing child"), "information:missing-child-new",
          lambda user, roles: may_report(user)),
    Entry("review", _("Pending review"), "reports:review", lambda user, roles: bool(roles & REVIEW_ROLES),
          SUPERVISION),
    Entry("ledger", _("Delay ledger"), "deadlines:ledger", lambda user, roles: bool(scope_paths(user)), SUPERVISION),
    Entry("quality", _("To grade"), "quality:to-grade", lambda user, roles: bool(cell_paths(user)), SUPERVISION),
    Entry("hot_spots", _("Hot spots"), "similar:hot-spots", lambda user, roles: bool(similar_cell_paths(user)),
          SUPERVISION),
    Entry("accountability", _("Accountability"), "accountability:officers",
          lambda user, roles: is_accountability_officer(user), SUPERVISION),
    Entry("access_log", _("Access log"), "accountability:access-log",
          lambda user, roles: is_accountability_officer(user), SUPERVISION),
    Entry("front_desk", _("Front desk"), "web:front-desk", _desk, DESK),
    Entry("call_centre", _("Call centre"), "web:call-centre", _call_centre, DESK),
    Entry("callbacks", _("Feedback call-backs"), "web:call-centre-callbacks", _call_centre, DESK),
    Entry("calls", _("Call-centre dashboard"), "calls:dashboard", lambda user, roles: bool(call_scope(user)), DESK),
    Entry("services", _("Service requests"), "services:console",
          lambda user, roles: bool(roles & (services.STAFF_ROLES | services.VERIFY_ROLES)), REGISTERS),
    Entry("lost", _("Lost-article reports"), "lost:station-list", lambda user, roles: bool(roles & lost.STAFF_ROLES),
          REGISTERS),
    Entry("firs", _("FIR register"), "firs:register", lambda user, roles: firs.may_see(user), REGISTERS),
    Entry("permits", _("Permissions"), "permits:inbox", lambda user, roles: bool(roles & PERMIT_ROLES), REGISTERS),
    Entry("registers", _("Vehicles, missing persons, bodies"), "registers:officer-home",
          lambda user, roles: bool(roles & REGISTER_ROLES), REGISTERS),
    Entry("missing_child_alerts", _("Missing-child alerts"), "information:officer-alerts",
          lambda user, roles: may_report(user), REGISTERS),
    Entry("dashboard", _("Dashboard"), "dashboards:dashboard", lambda user, roles: bool(scope_paths(user)), REPORTS),
    Entry("imports", _("Imports"), "channels:imports", lambda user, roles: may_import(user), ADMINISTRATION),
    # What has not reached the portals complaints came from yet (API or disposal files): the complaint cell's.
    Entry("portals", _("Portal write-back"), "channels:portals", lambda user, roles: portal_status.may_see(user),
          ADMINISTRATION),
    Entry("open311", _("Open311 requests to check"), "open311-review:list",
          lambda user, roles: bool(open311_cell_paths(user)), ADMINISTRATION),
    Entry("admin", _("Site administration"), "admin:index", lambda user, roles: user.is_staff, ADMINISTRATION),
    # The officer's own sign-in (two-step codes): everyone's, so a link of its own.
    Entry("security", _("Security"), "web:security", lambda user, roles: True),
]


def officer_menu(user: User) -> list[dict]:
    """The entries this officer may use, in order: {"code", "label", "url", "group"} (the group's code, or None)."""
    if not (user.is_authenticated and user.is_active):
        return []
    roles = {p.role for p in permissions.active_postings(user)}
    return [{"code": e.code, "label": e.label, "url": reverse(e.url_name), "group": e.group and e.group.code}
            for e in ENTRIES if e.allowed(user, roles)]


def header_menu(user: User) -> list[dict]:
    """The officer's entries as the header shows them, in ENTRIES' order: an entry of its own where it stands, a
    group where its first entry stands, as {"code", "label", "entries"}. A group with a single entry gives way to
    that entry (a heading over one link is a click for nothing); a group with none is not shown."""
    labels = {group.code: group.label for group in GROUPS}
    items, groups = [], {}
    for entry in officer_menu(user):
        code = entry["group"]
        if code is None:
            items.append(entry)
        elif code in groups:
            groups[code]["entries"].append(entry)
        else:
            groups[code] = {"code": code, "label": labels[code], "entries": [entry]}
            items.append(groups[code])
    return [item["entries"][0] if len(item.get("entries", ())) == 1 else item for item in items]
