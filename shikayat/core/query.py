"""Reading the query parameters of an officer's list, dashboard, ledger or
export — the same for a page, the API and a download: each parameter into a
typed value, every problem collected under the parameter's name (FieldErrors),
so a bad filter is a 400 naming it and never a 500.

Nothing read here reaches the database or date arithmetic unchecked: no NUL
byte (PostgreSQL refuses it in text), no lone surrogate (it cannot be encoded),
no number beyond a bigint or a period, no date outside FIRST_YEAR..LAST_YEAR
(so `now - timedelta(days=…)` and time zone conversions cannot overflow)."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .errors import InvalidInput
from .input import FieldErrors

MAX_ID = 2**63 - 1  # the largest bigint: a primary key or a counter column
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_DAYS = 36_500  # a period or an age in days: a hundred years
TRUE = ("1", "true", "on", "yes")


def readable(text: str) -> bool:
    """False for text no database column can hold: a NUL byte or a lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def in_range(moment: datetime | date) -> bool:
    return FIRST_YEAR <= moment.year <= LAST_YEAR


class Query:
    """The parameters of one request (a QueryDict or a plain dict), read one at
    a time. Each reader returns a clean value, or the empty value after adding
    the problem to `errors` under the parameter's name; `check()` raises one
    InvalidInput naming them all."""

    def __init__(self, data: Mapping | None, errors: FieldErrors | None = None):
        self.data = data if data is not None else {}
        self.errors = errors if errors is not None else FieldErrors()

    def add(self, key: str, message: str) -> None:
        self.errors.add(key, message)

    def given(self, key: str) -> bool:
        value = self.data.get(key)
        return value is not None and str(value).strip() != ""

    def text(self, key: str, *, max_length: int = 200) -> str:
        """The stripped text ("" when missing, unreadable or too long)."""
        value = self.data.get(key)
        if value is None:
            return ""
        value = str(value).strip()
        if not readable(value):
            self.add(key, _("This contains a character that cannot be used here (such as a NUL byte); type it "
                            "again."))
            return ""
        if len(value) > max_length:
            self.add(key, _("At most %(max)d characters.") % {"max": max_length})
            return ""
        return value

    def choice(self, key: str, choices: Iterable[str], message: str, *, default: str = "") -> str:
        """One of `choices` (`default` when missing or not one of them; `message` then names the problem)."""
        value = self.text(key, max_length=64)
        if not value:
            return default
        if value not in set(choices):
            self.add(key, message)
            return default
        return value

    def number(self, key: str, *, maximum: int = MAX_ID, message: str | None = None,
               default: int | None = None) -> int | None:
        """A whole number from 0 to `maximum` written in ASCII digits (`default` when missing or bad)."""
        value = self.text(key, max_length=40)
        if not value:
            return default
        if not (value.isascii() and value.isdigit()):
            self.add(key, message or _("Give a whole number, e.g. 30."))
            return default
        number = int(value)
        if number > maximum:
            self.add(key, _("Give a number no larger than %(max)s.") % {"max": maximum})
            return default
        return number

    def period(self, key: str, periods: Iterable[int], message: str, *, default: int) -> int:
        """A number of days that must be one of `periods`."""
        periods = tuple(periods)
        days = self.number(key, maximum=MAX_DAYS, message=message, default=default)
        if days not in periods:
            self.add(key, message)
            return default
        return days

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        return value is True or self.text(key, max_length=8).lower() in TRUE

    def moment(self, key: str, *, end_of_day: bool = False) -> datetime | None:
        """A day ("2026-11-23": its start, or its end with `end_of_day`) or a
        moment ("2026-11-23T10:00", "…+05:00"), aware; None when missing or bad."""
        value = self.text(key, max_length=40)
        if not value:
            return None
        try:
            day = parse_date(value)
            moment = None if day is not None else parse_datetime(value)
        except ValueError:  # well formed but impossible: 2026-13-45, an offset of +99:00
            day = moment = None
        if day is not None:
            moment = datetime.combine(day, time.max if end_of_day else time.min)
        if moment is None:
            self.add(key, _("Give a date like 2026-11-23."))
            return None
        if not in_range(moment):
            self.add(key, _("Give a date between the years %(first)s and %(last)s.")
                     % {"first": FIRST_YEAR, "last": LAST_YEAR})
            return None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def month(self, key: str) -> date | None:
        """"2026-11" → date(2026, 11, 1); None when missing or bad."""
        value = self.text(key, max_length=20)
        if not value:
            return None
        parts = value.split("-")
        if len(parts) == 2 and all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
            year, month = int(parts[0]), int(parts[1])
            if 1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR:
                return date(year, month, 1)
        self.add(key, _("Give the month like 2026-11."))
        return None

    def check(self, message: str | None = None) -> None:
        """Raise InvalidInput naming every bad parameter, if any."""
        if self.errors:
            raise InvalidInput(message or _("Please correct the filters."), fields=dict(self.errors))
