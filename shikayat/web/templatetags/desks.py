"""Which desks (call centre, front desk) the signed-in officer may open, for the nav."""

from django import template

from shikayat.web.desk_views import desk_access as _desk_access

register = template.Library()


@register.simple_tag
def desk_access(user) -> dict:
    return _desk_access(user)
