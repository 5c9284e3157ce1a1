"""The signed-in officer's header menu (web/menu.py)."""

from django import template

from shikayat.web.menu import officer_menu as _officer_menu

register = template.Library()


@register.simple_tag
def officer_menu(user) -> list[dict]:
    return _officer_menu(user)
