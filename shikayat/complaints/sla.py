"""Deadlines from the SOP and the time a complaint was given in. Pure
functions: the clock and the working-day calendar are always passed in.

Hours are calendar hours unless a `Calendar` is given: then hours falling on
a weekend day or a holiday (whole local days) do not count, so a deadline of
8 hours given in at 20:00 on the eve of a holiday falls at 04:00 on the day
after it. The force's calendar is provided through hooks.provide_calendar (by shikayat.deadlines)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from shikayat.categories.models import SOP

UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class Calendar:
    """Days on which the deadline clock stops. `weekend_days` are Python
    weekday numbers (Monday 0 … Sunday 6); `holidays` are local dates."""

    tz: tzinfo
    weekend_days: frozenset[int] = frozenset()
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self):
        if len(self.weekend_days) >= 7:
            raise ValueError("A calendar needs at least one working weekday.")

    @property
    def is_trivial(self) -> bool:
        return not self.weekend_days and not self.holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend_days and day not in self.holidays


def _local_midnight_after(moment: datetime, tz: tzinfo) -> datetime:
    """The next local midnight strictly after `moment`, as UTC."""
    local = moment.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)


def add_hours(start: datetime, hours: float, calendar: Calendar | None = None) -> datetime:
    """`start` plus `hours` of deadline time: every hour counts without a
    calendar; with one, only hours on working days count."""
    if calendar is None or calendar.is_trivial:
        return start + timedelta(hours=hours)
    left = timedelta(hours=hours)
    moment = start.astimezone(UTC)
    # Ten years of consecutive non-working days would mean a broken calendar.
    for _ in range(3660):
        boundary = _local_midnight_after(moment, calendar.tz)
        if calendar.is_working_day(moment.astimezone(calendar.tz).date()):
            if left <= boundary - moment:
                return (moment + left).astimezone(start.tzinfo)
            left -= boundary - moment
        moment = boundary
    raise ValueError("The working-day calendar has no working day within ten years.")


@dataclass(frozen=True)
class Deadlines:
    contact_due_at: datetime
    report_due_at: datetime


def stage_hours(sop: SOP, hours: int, priority: int = 0) -> int:
    """A stage's window in whole hours: the SOP's, or for a priority complaint (Complaint.priority) the SOP's
    priority_percent of it, never under one hour."""
    if not priority:
        return hours
    return max(1, hours * sop.priority_percent // 100)


def deadlines_for(sop: SOP, given_at: datetime, calendar: Calendar | None = None, priority: int = 0) -> Deadlines:
    return Deadlines(
        contact_due_at=add_hours(given_at, stage_hours(sop, sop.contact_hours, priority), calendar),
        report_due_at=add_hours(given_at, stage_hours(sop, sop.report_hours, priority), calendar),
    )


def investigation_due(sop: SOP, fir_linked_at: datetime, calendar: Calendar | None = None,
                      priority: int = 0) -> datetime:
    """When the investigation of a case registered on the complaint must end (challan or final report)."""
    return add_hours(fir_linked_at, stage_hours(sop, sop.investigation_days * 24, priority), calendar)


def feedback_due(sop: SOP, asked_at: datetime, calendar: Calendar | None = None) -> datetime:
    return add_hours(asked_at, sop.feedback_hours, calendar)


def time_left(due_at: datetime | None, now: datetime) -> timedelta | None:
    return None if due_at is None else due_at - now


def is_contact_overdue(complaint, now: datetime) -> bool:
    return complaint.first_contacted_at is None and complaint.is_open and complaint.contact_due_at < now


def is_report_overdue(complaint, now: datetime) -> bool:
    return complaint.resolution_proposed_at is None and complaint.is_open and complaint.report_due_at < now


def reminder_lead(window_hours: float, reminder_hours: float, fraction: float) -> timedelta:
    """How long before a deadline the holder is reminded: `reminder_hours`,
    but never more than `fraction` of the stage's window, so a 4-hour SOP is
    not reminded when it has barely started."""
    return timedelta(hours=min(reminder_hours, window_hours * fraction))
