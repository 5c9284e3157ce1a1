from django import template

from shikayat.complaints import etag as etags
from shikayat.deadlines.ledger import scope_paths

register = template.Library()


@register.filter
def may_see_ledger(user) -> bool:
    """Whether to show the delay-ledger link (the pages check again)."""
    return bool(getattr(user, "is_authenticated", False)) and bool(scope_paths(user))


@register.filter
def etag(code: str) -> str:
    return etags.display(code)
