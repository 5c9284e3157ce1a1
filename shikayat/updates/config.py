"""The settings of the complainant's updates (SHIKAYAT in config/settings/base.py, each with an env override),
read and checked in one place: a bad value fails at start (system check updates.E001) and again, naming the
setting, wherever it is read."""

import re
from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

QUIET = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}
# setting name -> environment variable, for the messages that name them
ENV = {"UPDATE_FOLD_MINUTES": "SHIKAYAT_UPDATE_FOLD_MINUTES", "UPDATES_PER_DAY": "SHIKAYAT_UPDATES_PER_DAY",
       "SMS_QUIET_HOURS": "SHIKAYAT_SMS_QUIET_HOURS",
       "NAME_OFFICERS_TO_CITIZENS": "SHIKAYAT_NAME_OFFICERS_TO_CITIZENS"}
DEFAULTS = {"UPDATE_FOLD_MINUTES": 5, "UPDATES_PER_DAY": 4, "SMS_QUIET_HOURS": "21:00-08:00",
            "NAME_OFFICERS_TO_CITIZENS": False}


@dataclass(frozen=True)
class QuietHours:
    """SMS updates due from `start` until `end` (local time, TIME_ZONE) wait for `end`; may span midnight."""

    start: time
    end: time

    def __contains__(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True)
class UpdateSettings:
    fold_minutes: int  # events this close to the first are told in one message
    per_day: int  # update messages per complaint and channel in any 24 hours (0: no cap)
    quiet: QuietHours | None  # SMS only; None: SMS at any hour
    name_officers: bool  # name the officer to the citizen, not only their rank and unit


def _problem(name: str, value, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"SHIKAYAT[{name!r}] (env {ENV[name]}) must be {expected}, not {value!r}.")


def _whole(name: str, value, top: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if not 0 <= number <= top:
        raise _problem(name, value, f"a whole number from 0 to {top}")
    return number


def quiet_hours(value) -> QuietHours | None:
    """"21:00-08:00" → QuietHours; "" → None."""
    text = str(value or "").strip()
    if not text:
        return None
    match = QUIET.match(text)
    if not match:
        raise _problem("SMS_QUIET_HOURS", value, 'a range of local times such as "21:00-08:00", or empty')
    hours = [int(part) for part in match.groups()]
    quiet = QuietHours(time(hours[0], hours[1]), time(hours[2], hours[3]))
    if quiet.start == quiet.end:
        raise _problem("SMS_QUIET_HOURS", value, "a range that starts and ends at different times, or empty")
    return quiet


def _flag(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in TRUE | FALSE:
        raise _problem(name, value, "true or false")
    return text in TRUE


READERS = {
    "UPDATE_FOLD_MINUTES": lambda value: _whole("UPDATE_FOLD_MINUTES", value, 24 * 60),
    "UPDATES_PER_DAY": lambda value: _whole("UPDATES_PER_DAY", value, 1000),
    "SMS_QUIET_HOURS": quiet_hours,
    "NAME_OFFICERS_TO_CITIZENS": lambda value: _flag("NAME_OFFICERS_TO_CITIZENS", value),
}


def read(name: str):
    """One setting, parsed; ImproperlyConfigured names it when it is bad."""
    return READERS[name](settings.SHIKAYAT.get(name, DEFAULTS[name]))


def current() -> UpdateSettings:
    """The settings as they are now (tests change them)."""
    return UpdateSettings(fold_minutes=read("UPDATE_FOLD_MINUTES"), per_day=read("UPDATES_PER_DAY"),
                          quiet=read("SMS_QUIET_HOURS"), name_officers=read("NAME_OFFICERS_TO_CITIZENS"))


def problems() -> list[str]:
    """Every bad setting, each named (empty: all sound)."""
    found = []
    for name in READERS:
        try:
            read(name)
        except ImproperlyConfigured as error:
            found.append(str(error))
    return found
