from django import template

from shikayat.channels import portal_import

register = template.Library()


@register.filter
def may_import(user) -> bool:
    """Whether to show the portal-imports link (the page itself checks again)."""
    return bool(getattr(user, "is_authenticated", False)) and portal_import.may_import(user)
