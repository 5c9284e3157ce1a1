"""The one way pages show a date or a time (a builtin: no {% load %} needed): `{{ value|when }}` for a
moment, `{{ value|day }}` for a day. Both give <time dir="ltr" datetime="…">, isolated from the text around
it, so "04/12/2026 21:05" reads the same inside an Urdu sentence; nothing for an empty value (so
`|default:"—"` still works)."""

from django import template
from django.utils.html import format_html

from shikayat.core import dates

register = template.Library()


def _time(value, text: str, *, day: bool = False) -> str:
    if not value:
        return ""
    return format_html('<time datetime="{}" dir="ltr">{}</time>', dates.machine(value, day=day), text)


@register.filter
def when(value) -> str:
    """A date and time: 04/12/2026 21:05."""
    return _time(value, dates.stamp(value))


@register.filter
def day(value) -> str:
    """A day: 04/12/2026."""
    return _time(value, dates.date_only(value), day=True)
