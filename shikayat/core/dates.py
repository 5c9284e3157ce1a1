"""Dates and times as every reader sees them, in the local time zone (TIME_ZONE): day/month/year and the
24-hour clock in all three languages (the formats are config/formats/<lang>/formats.py). Pages use the
`when` and `day` filters (core/templatetags/dates.py, a template builtin), which wrap the text in a
left-to-right <time> so that an Urdu sentence does not reorder it; plain-text messages use `stamp` and
`date_only` (wrapped in `isolate` when written into a right-to-left text; messages.render isolates what
it fills in)."""

from datetime import date, datetime

from django.utils import timezone, translation

# Unicode's first-strong isolate and its end: the text between takes its own direction and leaves the
# sentence around it alone (a date has no strong letter, so it reads left to right).
FSI, PDI = "\u2068", "\u2069"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# The one convention of config/formats/<lang>/formats.py (DATETIME_FORMAT "d/m/Y H:i", DATE_FORMAT "d/m/Y", the
# same in every language: tests/test_dates.py holds them equal), written with strftime: an inbox page prints a
# hundred of them, and Django's formats.date_format looks the format up and parses it anew for each one
# (1.5 ms of CPU per inbox page).
STAMP, DAY = "%d/%m/%Y %H:%M", "%d/%m/%Y"


def stamp(value: datetime | None) -> str:
    """"04/12/2026 21:05" (local time), or "" for none."""
    return _local(value).strftime(STAMP) if value else ""


def date_only(value: date | datetime | None) -> str:
    """"04/12/2026" (the local day of a datetime), or "" for none."""
    if not value:
        return ""
    return (_local(value) if isinstance(value, datetime) else value).strftime(DAY)


def machine(value: date | datetime, *, day: bool = False) -> str:
    """The ISO form for a <time datetime="…"> attribute: the moment, or (`day`) its local day."""
    if isinstance(value, datetime):
        return _local(value).date().isoformat() if day else _local(value).isoformat(timespec="minutes")
    return value.isoformat()


def isolate(text: str) -> str:
    """`text` set apart from the right-to-left sentence it is put into (in Urdu; unchanged otherwise), so that
    "04/12/2026 21:05", an English name or an E-tag keep their order and their punctuation."""
    return f"{FSI}{text}{PDI}" if text and translation.get_language_bidi() else text
