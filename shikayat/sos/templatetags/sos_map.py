"""The SOS layer of the force's map, for any page that draws one: `{% sos_map_layer unit %}` beside the map's
include. Nothing at all for an officer with no call-centre scope (the console's own rule: fail closed)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from shikayat.calls import actions as calls

register = template.Library()


@register.inclusion_tag("sos/_map_layer.html", takes_context=True)
def sos_map_layer(context, unit, focus: str = "") -> dict:
    user = context["request"].user
    if not calls.scope_paths(user):
        return {"shown": False}
    return {"shown": True, "focus": focus,
            "url": f"{reverse('sos:map-alerts')}?{urlencode({'unit': unit.code})}"}
