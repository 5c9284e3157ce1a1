from django import template

from shikayat.updates import notices

register = template.Library()


@register.simple_tag
def unread_updates(user) -> int:
    """How many of the officer's notices are unread (the header's count)."""
    return notices.unread_count(user) if getattr(user, "is_authenticated", False) else 0
