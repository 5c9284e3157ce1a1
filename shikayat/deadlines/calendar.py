"""The force's working-day calendar: weekend days from the settings
(SHIKAYAT["WEEKEND_DAYS"]) and holidays from the admin. Loaded once and
cached in the process (cleared when a holiday is saved; 60 s otherwise)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from shikayat.complaints.sla import Calendar
from shikayat.core.refcache import reference

from .models import Holiday


def weekend_days() -> frozenset[int]:
    """SHIKAYAT["WEEKEND_DAYS"]: weekday numbers, Monday 0 … Sunday 6 (e.g. "6" or "4,6")."""
    raw = settings.SHIKAYAT.get("WEEKEND_DAYS") or []
    try:
        days = frozenset(int(str(day).strip()) for day in raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"SHIKAYAT_WEEKEND_DAYS must be weekday numbers 0-6, not {raw!r}") from error
    if not days <= set(range(7)) or len(days) == 7:
        raise ImproperlyConfigured(f"SHIKAYAT_WEEKEND_DAYS must be some of 0-6 (Monday 0), not {raw!r}")
    return days


def _load() -> Calendar | None:
    calendar = Calendar(tz=ZoneInfo(settings.TIME_ZONE), weekend_days=weekend_days(),
                        holidays=frozenset(Holiday.objects.values_list("date", flat=True)))
    return None if calendar.is_trivial else calendar


def working_calendar() -> Calendar | None:
    """The calendar deadlines are counted in; None means calendar hours."""
    return reference.get("working-calendar", _load)
