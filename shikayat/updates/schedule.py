"""When an update to the complainant may go: pure functions of the time given in (STYLE.md habit 6).

A new message waits the fold window, so that the steps an officer takes in a few minutes reach the citizen as one
message; no sooner than the daily cap allows (at most `per_day` messages about one complaint on one channel in
any 24 hours); and an SMS due in the quiet hours waits until they end."""

from datetime import datetime, timedelta, tzinfo

from .config import QuietHours

DAY = timedelta(hours=24)


def due_at(at: datetime, *, fold_minutes: int, earlier: list[datetime], per_day: int,
           quiet: QuietHours | None = None, zone: tzinfo | None = None) -> datetime:
    """When a new message about a step taken `at` goes. `earlier`: when the complaint's earlier update messages on
    this channel went (or are due); `quiet` and `zone` only for SMS."""
    due = at + timedelta(minutes=fold_minutes)
    due = within_cap(due, earlier, per_day)
    if quiet is not None:
        due = after_quiet(due, quiet, zone)
    return due


def within_cap(due: datetime, earlier: list[datetime], per_day: int) -> datetime:
    """`due`, or later: 24 hours after the `per_day`-th latest of `earlier` within a day of it (0: no cap)."""
    if per_day <= 0:
        return due
    recent = sorted(moment for moment in earlier if moment > due - DAY)
    if len(recent) < per_day:
        return due
    return max(due, recent[-per_day] + DAY)


def after_quiet(moment: datetime, quiet: QuietHours, zone: tzinfo) -> datetime:
    """`moment`, or the end of the quiet hours it falls in (local time in `zone`)."""
    local = moment.astimezone(zone)
    if local.time() not in quiet:
        return moment
    day = local.date()
    if quiet.start > quiet.end and local.time() >= quiet.start:  # the evening side of quiet hours over midnight
        day += timedelta(days=1)
    return datetime.combine(day, quiet.end, tzinfo=zone)
