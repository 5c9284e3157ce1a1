from django import template
from django.utils.translation import gettext

from shikayat.deadlines.ledger import scope_paths

register = template.Library()


@register.filter
def may_see_dashboard(user) -> bool:
    """Whether to show the dashboard link (the page checks again)."""
    return bool(getattr(user, "is_authenticated", False)) and bool(scope_paths(user))


@register.filter
def counter(values: dict, name: str):
    return values.get(name, 0)


@register.filter
def hours_band(bounds) -> str:
    """A median's band, e.g. “8–12 hours”, or “3–5 days” from two days up."""
    if not bounds:
        return "—"
    low, below = bounds
    if low >= 48 and (below is None or below % 24 == 0):
        if below is None:
            return gettext("%(n)s+ days") % {"n": low // 24}
        return gettext("%(low)s–%(high)s days") % {"low": low // 24, "high": below // 24}
    if below is None:
        return gettext("%(n)s+ hours") % {"n": low}
    return gettext("%(low)s–%(high)s hours") % {"low": low, "high": below}


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value}%"
