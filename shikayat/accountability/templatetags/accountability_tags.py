from django import template
from django.utils.translation import gettext

from shikayat.accountability.selectors import is_accountability_officer

register = template.Library()


@register.filter
def may_review_accountability(user) -> bool:
    """Whether to show the accountability link (the pages check again)."""
    return is_accountability_officer(user)


@register.filter
def rank_label(rank) -> str:
    """Rank number → its name (an accused row keeps the rank as recorded)."""
    from shikayat.accounts.models import Rank

    return str(Rank(rank).label) if rank in Rank.values else "—"


@register.filter
def accused_text(description: str) -> str:
    """An accused's description as given, or, for the system's own words, in the reader's language."""
    from shikayat.accountability.accused import FROM_TEXT, NOT_NAMED

    return gettext(description) if description in (NOT_NAMED, FROM_TEXT) else description
