"""Staff entering and editing the registers: one checker per register (every door — the officer's form, the
import, the admin's actions — passes it) and one action that writes a row.

Who: officers posted as station head, enquiry officer, front desk, complaint cell or supervisor, for the police
stations within the units they are posted to. Every problem is collected and returned at once, per field, in
the officer's language; nothing is written unless all of it is right."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.accounts.models import Role, User
from shikayat.complaints.attachments import sniff
from shikayat.complaints.permissions import active_postings
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.core.input import field_text
from shikayat.core.phones import normalise_mobile
from shikayat.jurisdictions.models import Unit
from shikayat.similar.normalise import skeleton

from . import identifiers
from .models import (
    BodyStatus,
    Gender,
    MissingPerson,
    PersonStatus,
    UnidentifiedBody,
    Vehicle,
    VehicleKind,
    VehicleStatus,
)

EDITING_ROLES = frozenset({Role.STATION_HEAD, Role.ENQUIRY_OFFICER, Role.FRONT_DESK, Role.COMPLAINT_CELL,
                           Role.SUPERVISOR})
REGISTERS = ("vehicles", "persons", "bodies")
MODELS = {"vehicles": Vehicle, "persons": MissingPerson, "bodies": UnidentifiedBody}
ADULT_AGE, OLDEST = 18, 120
PHOTO_MAX_BYTES = 5 * 1024 * 1024
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

# The columns of each register as the officer's form and the import name them (and in this order).
FIELDS = {
    "vehicles": ["station", "registration", "chassis", "engine", "kind", "make", "model", "colour", "year",
                 "stolen_on", "recovered_on", "fir_reference", "status", "owner_name", "owner_mobile"],
    "persons": ["station", "reference", "name", "age", "gender", "last_seen_place", "last_seen_on", "description",
                "status", "reporter_name", "reporter_mobile"],
    "bodies": ["station", "reference", "place_found", "found_on", "age_from", "age_to", "gender", "description",
               "clothing", "marks", "kept_at", "status"],
}


# --- who ------------------------------------------------------------------------------------------------------

def editing_units(user: User) -> list[Unit]:
    """The units whose stations `user` may enter rows for (empty: none)."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    return [p.unit for p in active_postings(user) if p.role in EDITING_ROLES]


def may_edit(user: User) -> bool:
    return bool(editing_units(user))


def stations_for(user: User):
    """The police stations (units with no units below them) within the user's postings."""
    units = editing_units(user)
    if not units:
        return Unit.objects.none()
    return (Unit.objects.within_any([u.path for u in units]).filter(is_active=True).exclude(children__is_active=True)
            .order_by("name_en"))


def in_scope(user: User, station: Unit) -> bool:
    return any(station.path.startswith(unit.path) for unit in editing_units(user))


def check_may_edit(user: User, station: Unit | None = None) -> None:
    if not may_edit(user):
        raise PermissionDenied(_("The registers are kept by station heads, enquiry officers, front-desk staff, "
                                 "complaint cells and supervisors; none of your postings is one of these."))
    if station is not None and not in_scope(user, station):
        raise PermissionDenied(_("%(station)s is not within the units you are posted to.")
                               % {"station": station.name_in()})


# --- reading one value ----------------------------------------------------------------------------------------

class Checker:
    """Reads the fields of one row, collecting a message per field."""

    def __init__(self, data: dict, *, actor: User, now: datetime):
        self.data, self.actor, self.now = data, actor, now
        self.errors: dict[str, list] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(self, field: str, max_length: int, *, required: bool = False, missing: str = "") -> str:
        value = field_text(self.data, field)
        if required and not value:
            self.fail(field, missing or _("This field is required."))
        elif len(value) > max_length:
            self.fail(field, _("At most %(max)d characters, please (this has %(count)d).")
                      % {"max": max_length, "count": len(value)})
        return value

    def number(self, field: str, low: int, high: int, *, required: bool = False, message: str = "") -> int | None:
        raw = self.data.get(field)
        value = "" if raw is None else str(raw).strip()
        value = value[:-2] if value.endswith(".0") else value
        if not value:
            if required:
                self.fail(field, message or _("This field is required."))
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            self.fail(field, message or _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})
            return None
        return int(value)

    def day(self, field: str, *, required: bool = False) -> date | None:
        raw = self.data.get(field)
        if isinstance(raw, datetime):
            value = raw.date()
        elif isinstance(raw, date):
            value = raw
        else:
            text = "" if raw is None else str(raw).strip()[:10]
            if not text:
                if required:
                    self.fail(field, _("Give the date, e.g. 2026-03-31."))
                return None
            value = None
            for layout in DATE_FORMATS:
                try:
                    value = datetime.strptime(text, layout).date()
                    break
                except ValueError:
                    continue
            if value is None:
                self.fail(field, _("Write the date as YYYY-MM-DD (e.g. 2026-03-31) or DD/MM/YYYY."))
                return None
        if value > timezone.localdate(self.now):
            self.fail(field, _("The date cannot be in the future."))
            return None
        return value

    def choice(self, field: str, choices, default: str = "") -> str:
        value = field_text(self.data, field).lower()
        if not value:
            if default:
                return default
            self.fail(field, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)})
            return ""
        for code, label in choices.choices:
            if value in (code, str(label).lower()):
                return code
        self.fail(field, _("“%(value)s” is not one of: %(choices)s.")
                  % {"value": value[:40], "choices": ", ".join(choices.values)})
        return ""

    def mobile(self, field: str) -> str:
        value = field_text(self.data, field)
        if not value:
            return ""
        try:
            return normalise_mobile(value)
        except InvalidInput as error:
            self.fail(field, str((error.fields.get("mobile") or [error.message])[0]))
            return ""

    def station(self) -> Unit | None:
        raw = self.data.get("station")
        if isinstance(raw, Unit):
            station = raw
        else:
            text = field_text(self.data, "station")
            if not text:
                self.fail("station", _("Choose the police station."))
                return None
            station = (Unit.objects.filter(code__iexact=text).first()
                       or Unit.objects.filter(name_en__iexact=text).first()
                       or (Unit.objects.filter(pk=int(text)).first() if text.isdigit() else None))
            if station is None:
                self.fail("station", _("There is no police station “%(station)s” (give its code or English name).")
                          % {"station": text[:60]})
                return None
        if station.children.filter(is_active=True).exists():
            self.fail("station", _("%(unit)s is not a police station; choose one of its stations.")
                      % {"unit": station.name_in()})
            return None
        if not in_scope(self.actor, station):
            self.fail("station", _("%(station)s is not within the units you are posted to.")
                      % {"station": station.name_in()})
            return None
        return station

    def done(self, cleaned: dict) -> dict:
        if self.errors:
            raise InvalidInput(_("Please correct the highlighted fields. Nothing has been saved."),
                               fields=self.errors)
        return cleaned


# --- the registers' rules -------------------------------------------------------------------------------------

def clean_vehicle(data: dict, *, actor: User, now: datetime) -> dict:
    c = Checker(data, actor=actor, now=now)
    row = {"station": c.station(), "registration": identifiers.shown(c.text("registration", 20)),
           "chassis": identifiers.shown(c.text("chassis", 40)), "engine": identifiers.shown(c.text("engine", 40)),
           "kind": c.choice("kind", VehicleKind), "make": c.text("make", 40, required=True),
           "model": c.text("model", 40), "colour": c.text("colour", 30),
           "year": c.number("year", 1950, now.year + 1), "stolen_on": c.day("stolen_on", required=True),
           "recovered_on": c.day("recovered_on"), "fir_reference": c.text("fir_reference", 60),
           "status": c.choice("status", VehicleStatus, default=VehicleStatus.STOLEN),
           "owner_name": c.text("owner_name", 120), "owner_mobile": c.mobile("owner_mobile")}
    row["registration_key"] = identifiers.key(row["registration"])
    row["chassis_key"], row["engine_key"] = identifiers.key(row["chassis"]), identifiers.key(row["engine"])
    if row["registration"] and len(row["registration_key"]) < 3:
        c.fail("registration", _("A registration number has letters and digits, e.g. LEA-1234."))
    if not row["registration_key"] and not row["chassis_key"]:
        c.fail("registration", _("Give the registration number or, for an unregistered vehicle, the chassis "
                                 "number."))
    if row["status"] == VehicleStatus.STOLEN and row["recovered_on"]:
        c.fail("recovered_on", _("A vehicle still stolen has no recovery date; set the status to recovered."))
    if row["status"] != VehicleStatus.STOLEN and not row["recovered_on"] and "recovered_on" not in c.errors:
        c.fail("recovered_on", _("Give the date the vehicle was recovered."))
    if row["recovered_on"] and row["stolen_on"] and row["recovered_on"] < row["stolen_on"]:
        c.fail("recovered_on", _("The vehicle cannot be recovered before it was stolen."))
    if row["stolen_on"]:
        row["natural_key"] = f"{row['registration_key'] or 'chassis:' + row['chassis_key']}:{row['stolen_on']}"
    return c.done(row)


def clean_person(data: dict, *, actor: User, now: datetime) -> dict:
    c = Checker(data, actor=actor, now=now)
    row = {"station": c.station(), "reference": c.text("reference", 60, required=True),
           "name": c.text("name", 120, required=True, missing=_("Give the person's name.")),
           "age": c.number("age", ADULT_AGE, OLDEST, required=True, message=_(
               "Give the age in years, from %(low)d to %(high)d. A missing child is reported with a missing-child "
               "alert instead.") % {"low": ADULT_AGE, "high": OLDEST}),
           "gender": c.choice("gender", Gender),
           "last_seen_place": c.text("last_seen_place", 200, required=True,
                                     missing=_("Describe where the person was last seen.")),
           "last_seen_on": c.day("last_seen_on", required=True), "description": c.text("description", 2000),
           "status": c.choice("status", PersonStatus, default=PersonStatus.MISSING),
           "reporter_name": c.text("reporter_name", 120), "reporter_mobile": c.mobile("reporter_mobile")}
    row["name_key"] = name_key(row["name"])
    if row["name"] and not row["name_key"].strip():
        c.fail("name", _("Write the name in letters (Urdu, Hindi or English)."))
    return c.done(row)


def clean_body(data: dict, *, actor: User, now: datetime) -> dict:
    c = Checker(data, actor=actor, now=now)
    row = {"station": c.station(), "reference": c.text("reference", 60, required=True),
           "place_found": c.text("place_found", 200, required=True,
                                 missing=_("Describe the place where the body was found.")),
           "found_on": c.day("found_on", required=True), "age_from": c.number("age_from", 0, OLDEST),
           "age_to": c.number("age_to", 0, OLDEST), "gender": c.choice("gender", Gender),
           "description": c.text("description", 2000), "clothing": c.text("clothing", 1000),
           "marks": c.text("marks", 1000),
           "kept_at": c.text("kept_at", 200, required=True, missing=_("Say where the body is kept.")),
           "status": c.choice("status", BodyStatus, default=BodyStatus.UNIDENTIFIED)}
    if row["age_from"] is not None and row["age_to"] is not None and row["age_from"] > row["age_to"]:
        c.fail("age_to", _("The apparent age range runs from the lower age to the higher one."))
    return c.done(row)


CLEANERS = {"vehicles": clean_vehicle, "persons": clean_person, "bodies": clean_body}


def name_key(name: str) -> str:
    """A name's consonant skeleton with a blank before and after each word, so that a search for a word's start
    is one `contains`: "Muhammad Aslam", "محمد اسلم" and "मोहम्मद असलम" are all " md slm "."""
    words = skeleton(name).split()
    return " " + " ".join(words) + " " if words else ""


def existing(register: str, row: dict):
    """The row already held under this one's natural key (None: a new one)."""
    if register == "vehicles":
        return Vehicle.objects.filter(natural_key=row["natural_key"]).first()
    return MODELS[register].objects.filter(station=row["station"], reference=row["reference"]).first()


def check_photo(photo) -> str | None:
    """The extension of an acceptable photo (JPEG or PNG by its first bytes, at most 5 MB), or InvalidInput."""
    if not photo:
        return None
    photo.seek(0)
    kind = sniff(photo.read(16))
    photo.seek(0)
    if kind is None or kind[0] not in ("image/jpeg", "image/png") or not 0 < photo.size <= PHOTO_MAX_BYTES:
        message = _("The photo must be a JPEG or PNG image of at most %(mb)d MB.") % {
            "mb": PHOTO_MAX_BYTES // (1024 * 1024)}
        raise InvalidInput(message, fields={"photo": [message]})
    return kind[1]


# --- writing --------------------------------------------------------------------------------------------------

def record(register: str, *, actor: User, data: dict, instance=None, photo=None, now: datetime | None = None):
    """Enter a new row, or change `instance`, after checking every field; a new row whose natural key is
    already held (the same vehicle and theft, the same station report) changes that row instead. The photo
    (missing persons and bodies) is stored with the row, in the same transaction."""
    now = now or clock.now()
    check_may_edit(actor)
    if instance is not None:
        check_may_edit(actor, instance.station)
    extension = check_photo(photo) if register != "vehicles" else None
    row = CLEANERS[register](data, actor=actor, now=now)
    target, replaced = _write(register, actor, row, instance, photo, extension, now)
    if replaced:  # the photo a new one replaced is removed once the row no longer names it
        transaction.on_commit(lambda: target.photo.storage.delete(replaced))
    return target


def _write(register: str, actor: User, row: dict, instance, photo, extension: str | None, now: datetime):
    """Write the checked row (the held one under its natural key, or a new one), with the photo; returns the row
    and the name of a photo it replaced. A stored photo whose row was not written is removed again."""
    saved_photo = None
    with transaction.atomic():
        held = existing(register, row)
        if held is not None and instance is None:
            check_may_edit(actor, held.station)
        if instance is not None and held is not None and held.pk != instance.pk:
            field = "registration" if register == "vehicles" else "reference"
            raise InvalidInput(_("Another entry already has this number."),
                               fields={field: [_("Another entry already has this number.")]})
        target = instance or held or MODELS[register](created_at=now, entered_by=actor)
        if target.pk is not None:
            target = MODELS[register].objects.select_for_update().get(pk=target.pk)
        for field, value in row.items():
            setattr(target, field, value)
        target.updated_at = now
        replaced = ""
        try:
            if extension:
                replaced = target.photo.name if target.photo else ""
                target.photo.save(f"{uuid.uuid4().hex}.{extension}", photo, save=False)
                saved_photo = target.photo.name
            target.save()
        except Exception:
            if saved_photo:
                target.photo.storage.delete(saved_photo)
            raise
    return target, replaced
