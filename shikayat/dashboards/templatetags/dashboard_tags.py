from django import template

from shikayat.deadlines.ledger import scope_paths

register = template.Library()


@register.filter
def may_see_dashboard(user) -> bool:
    """Whether to show the dashboard link (the page checks again)."""
    return bool(getattr(user, "is_authenticated", False)) and bool(scope_paths(user))


@register.filter
def counter(values: dict, name: str):
    return values.get(name, 0)
