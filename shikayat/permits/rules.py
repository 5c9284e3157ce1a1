"""The SOP's deadlines for one application and who may take each step: pure reads, used by the actions, the
sweep, the pages and the demo alike."""

from dataclasses import dataclass
from datetime import datetime

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints import sla
from shikayat.complaints.sla import Calendar
from shikayat.jurisdictions.models import Unit

from .models import PermitApplication, PermitKind, PermitSOP

# The district is the level of the tree at this depth (Punjab and Uttar Pradesh alike: province/zone, region/range,
# district): its supervisor (the DPO / SP) decides, its special branch reports.
DISTRICT_DEPTH = 2
# The police stations are the level below the circles in both: an application names one (an outpost's or a beat's
# venue is its station's), and the station's SHO reports on it.
STATION_DEPTH = 4
STEP_ROLES = {"station": Role.STATION_HEAD, "branch": Role.SPECIAL_BRANCH, "decision": Role.SUPERVISOR}


def sop_for(kind: str) -> PermitSOP:
    """The kind's SOP; a kind the admin has not set up yet runs on the defaults (3 working days' notice, …)."""
    found = PermitSOP.objects.filter(kind=kind).first()
    return found or PermitSOP(kind=kind)


@dataclass(frozen=True)
class Deadlines:
    earliest_start: datetime  # the event may not start before this (the SOP's minimum notice)
    station_due_at: datetime
    branch_due_at: datetime
    decision_due_at: datetime


def deadlines(sop: PermitSOP, received_at: datetime, calendar: Calendar | None) -> Deadlines:
    """Each step's due time counted from the application, in working hours when a calendar is given."""
    return Deadlines(
        earliest_start=sla.add_hours(received_at, 24 * sop.min_notice_days, calendar),
        station_due_at=sla.add_hours(received_at, sop.station_hours, calendar),
        branch_due_at=sla.add_hours(received_at, sop.branch_hours, calendar),
        decision_due_at=sla.add_hours(received_at, sop.decision_hours, calendar))


def stations():
    return Unit.objects.filter(is_active=True, level__depth=STATION_DEPTH)


def district_of(station: Unit) -> Unit | None:
    return next((u for u in station.ancestors() if u.level.depth == DISTRICT_DEPTH), None)


def next_due(application: PermitApplication) -> datetime:
    """The earliest due time among the steps still awaited."""
    times = [application.decision_due_at]
    if application.station_reported_at is None:
        times.append(application.station_due_at)
    if application.branch_reported_at is None:
        times.append(application.branch_due_at)
    return min(times)


def may_take(user, application: PermitApplication, step: str) -> bool:
    """The station's head reports for his station, the special branch for its district; a supervisor posted at
    the district (or above it: the RPO, the IGP) decides. A circle officer supervises below the district: not his."""
    if not isinstance(user, User) or not user.is_active:
        return False
    district_path = application.district.path
    for posting in Posting.objects.active().filter(user=user, role=STEP_ROLES[step]).select_related("unit"):
        if step == "station" and application.station_path.startswith(posting.unit.path):
            return True
        if step in ("branch", "decision") and district_path.startswith(posting.unit.path):
            return True
    return False


def kinds() -> list[tuple[str, str]]:
    return list(PermitKind.choices)
