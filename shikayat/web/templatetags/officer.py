"""Small display helpers for the officer pages."""

from datetime import datetime, timedelta

from django import template
from django.utils.translation import gettext as _

from shikayat.complaints import workflow
from shikayat.complaints.inbox import DUE_SOON

register = template.Library()


def _span(delta: timedelta) -> str:
    hours = int(abs(delta).total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    minutes = int(abs(delta).total_seconds() // 60) % 60
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}


@register.simple_tag
def time_left(due: datetime | None, now: datetime) -> str:
    """"5 h 10 min left" or "2 d 3 h overdue"."""
    if due is None:
        return ""
    delta = due - now
    if delta.total_seconds() < 0:
        return _("%(span)s overdue") % {"span": _span(delta)}
    return _("%(span)s left") % {"span": _span(delta)}


@register.simple_tag
def due_class(due: datetime | None, now: datetime, done: bool = False) -> str:
    """CSS class for a deadline: overdue (red), near-due (amber), or nothing."""
    if due is None or done:
        return ""
    if due < now:
        return "overdue"
    if due - now < DUE_SOON:
        return "near-due"
    return ""


@register.filter
def age_days(received: datetime, now: datetime) -> int:
    return max(0, (now - received).days)


@register.filter
def officer_status(status: str) -> str:
    """A status in the officers' words ("Awaiting the complainant's feedback", not the citizen's "your")."""
    return workflow.officer_status_label(status)
