"""{% map_tiles_url %}: the force's own tile server for the map (SHIKAYAT_MAP_TILES_URL), or nothing."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles_url() -> str:
    return settings.SHIKAYAT.get("MAP_TILES_URL", "")
