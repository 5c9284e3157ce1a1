"""What a lost-article report must hold, checked once for every door (web form, WhatsApp, admin): the kind's
identifier, the date, the place, the reporter. Every problem is collected and given in the reader's language."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput
from shikayat.core.input import FieldErrors, field_text, language_code
from shikayat.core.phones import normalise_mobile
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import leaf_units

from .models import Kind

MAX_AGE_DAYS = 730  # a loss older than two years is for the station, not an instant receipt
_PASSPORT = re.compile(r"[A-Z]{1,2}[0-9]{6,8}")
_VEHICLE = re.compile(r"(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{4,12}")


def identifier_key(text: str) -> str:
    """What identifiers are compared by: letters and digits only, upper case ("35202-1234567-1" → "3520212345671",
    "lea 1234" → "LEA1234")."""
    return "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum())[:40]


def luhn_ok(digits: str) -> bool:
    total = 0
    for n, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if n % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def id_number_problem(text: str) -> str:
    """A CNIC (13 digits) or Aadhaar (12 digits), dashes and spaces allowed."""
    digits = identifier_key(text)
    if not digits:
        return _("Please give the CNIC / identity number.")
    if not digits.isdigit() or len(digits) not in (12, 13):
        return _("A CNIC has 13 digits (e.g. 35202-1234567-1) and an Aadhaar number 12.")
    return ""


def identifier_problem(kind: str, text: str) -> str:
    """Why `text` cannot be the identifier of a lost article of this kind ("" when it can)."""
    key = identifier_key(text)
    if kind == Kind.OTHER:
        return _("The identifying number is too long (at most 40 characters).") if len(text) > 40 else ""
    if not key:
        return _("Please give the number that identifies it.")
    if kind == Kind.ID_CARD:
        return id_number_problem(text)
    if kind == Kind.PASSPORT and not _PASSPORT.fullmatch(key):
        return _("A passport number is one or two letters and 6 to 8 digits, e.g. AB1234567.")
    if kind == Kind.PHONE:
        if not key.isdigit() or len(key) != 15:
            return _("An IMEI has 15 digits (dial *#06# on another phone of yours, or see the box).")
        if not luhn_ok(key):
            return _("This IMEI is not valid: please check the digits.")
    if kind == Kind.VEHICLE and not _VEHICLE.fullmatch(key):
        return _("Give the registration number, e.g. LEA-1234 or UP22AB1234.")
    if kind == Kind.BANK and not (key.isdigit() and 4 <= len(key) <= 20):
        return _("Give only the last 4 digits of the card, or the cheque book's first cheque number.")
    if kind in (Kind.LICENCE, Kind.CERTIFICATE) and not 3 <= len(key) <= 30:
        return _("Give the number printed on it (3 to 30 letters and digits).")
    return ""


def found_date_problem(found_on: date | None, today: date) -> str:
    if found_on is None:
        return _("Please give the date it was found (e.g. 2026-03-01).")
    if found_on > today:
        return _("The date found cannot be in the future.")
    return ""


def date_problem(lost_on: date | None, today: date) -> str:
    if lost_on is None:
        return _("Please give the date of the loss (e.g. 2026-03-01).")
    if lost_on > today:
        return _("The date of the loss cannot be in the future.")
    if lost_on < today - timedelta(days=MAX_AGE_DAYS):
        return _("A loss more than two years ago cannot be reported here; please visit the police station.")
    return ""


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def find_station(code: str) -> Unit | None:
    return leaf_units().filter(code=code).first() if code else None


@dataclass
class CleanReport:
    fields: dict
    station: Unit | None


def clean_report(data: dict, *, today: date, channel: str) -> CleanReport:
    """A report's fields from any channel's raw input, or InvalidInput naming every problem."""
    errors = FieldErrors()
    kind = field_text(data, "kind")
    if kind not in Kind.values:
        errors.add("kind", _("Choose what was lost."))
    identifier = " ".join(field_text(data, "identifier").split())
    if kind in Kind.values and (problem := identifier_problem(kind, identifier)):
        errors.add("identifier", problem)
    description = field_text(data, "description")
    if len(description) > 500:
        errors.add("description", _("The description is too long (at most 500 characters)."))
    if kind == Kind.OTHER and not description:
        errors.add("description", _("Please describe the article."))
    lost_on = parse_date(data.get("lost_on"))
    if problem := date_problem(lost_on, today):
        errors.add("lost_on", problem)
    station_code, place = field_text(data, "station"), " ".join(field_text(data, "place").split())
    station = find_station(station_code)
    if station_code and station is None:
        errors.add("station", _("Unknown police station “%(code)s”.") % {"code": station_code[:32]})
    if not station_code and not place:
        errors.add("place", _("Choose the police station of the area, or say where it was lost."))
    if len(place) > 200:
        errors.add("place", _("The place is too long (at most 200 characters)."))
    lat, lng = _point(data, errors)
    name = " ".join(field_text(data, "name").split())
    if not name:
        errors.add("name", _("Please give your name."))
    elif len(name) > 150:
        errors.add("name", _("The name is too long (at most %(max)d characters).") % {"max": 150})
    id_number = field_text(data, "id_number")
    if problem := id_number_problem(id_number):
        errors.add("id_number", problem)
    mobile = ""
    try:
        mobile = normalise_mobile(field_text(data, "mobile"))
    except InvalidInput as error:
        errors.add("mobile", str(error.message))
    language = language_code(data, errors)
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))
    return CleanReport(station=station, fields={
        "kind": kind, "identifier": identifier, "identifier_key": identifier_key(identifier),
        "description": description, "place": place, "lat": lat, "lng": lng, "lost_on": lost_on,
        "reporter_name": name, "reporter_id_number": identifier_key(id_number), "mobile": mobile,
        "language": language, "channel": channel})


def _point(data: dict, errors: FieldErrors) -> tuple[Decimal | None, Decimal | None]:
    lat, lng = field_text(data, "lat"), field_text(data, "lng")
    if not lat and not lng:
        return None, None
    try:
        point = Decimal(lat).quantize(Decimal("0.000001")), Decimal(lng).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        point = None
    if point is None or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        errors.add("place", _("The location shared is not a valid point."))
        return None, None
    return point
