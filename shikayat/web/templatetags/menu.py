"""The signed-in officer's header menu (web/menu.py)."""

from django import template

from shikayat.web.menu import header_menu

register = template.Library()


@register.simple_tag
def officer_menu(user) -> list[dict]:
    """The officer's entries and groups of entries, as the header shows them."""
    return header_menu(user)
