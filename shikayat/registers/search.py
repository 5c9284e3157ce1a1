"""The public searches, one rule for every door (web page, JSON API, WhatsApp).

Each search counts against SHIKAYAT["REGISTER_SEARCH_RATE"] per client (request_client(request) on the web,
"wa:<id>" in WhatsApp) and answers at most SHIKAYAT["REGISTER_RESULTS_MAX"] rows, as plain dicts that carry
only what the public may see: never an owner's or reporter's name or number, and never a body's photo (a
family asks at the station, whose number the answer gives). Identifiers match exactly or, from
SHIKAYAT["REGISTER_PARTIAL_MIN"] characters, as part of the number; a shorter query is refused so the register
cannot be listed by trying "1", "2", …"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.core import ratelimit
from shikayat.core.errors import InvalidInput
from shikayat.similar.normalise import skeleton

from . import identifiers
from .models import BodyStatus, MissingPerson, PersonStatus, UnidentifiedBody, Vehicle

SEARCH_REFUSED = gettext_lazy("Too many searches from your connection. Please wait a minute and try again.")
NAME_MIN = 3


def partial_min() -> int:
    return int(settings.SHIKAYAT.get("REGISTER_PARTIAL_MIN", 4))


def results_max() -> int:
    return int(settings.SHIKAYAT.get("REGISTER_RESULTS_MAX", 10))


def count_search(client: str) -> None:
    """Count one search by `client`; RateLimited (429) past the rate."""
    ratelimit.check("register-search", client, ratelimit.rate("REGISTER_SEARCH_RATE"), SEARCH_REFUSED)


def _station(unit) -> dict:
    return {"station": unit.name_in(), "station_phone": unit.phone or ""}


# --- vehicles -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    rows: list[dict]
    more: bool  # more rows matched than are shown


def search_vehicles(query: str, *, client: str, limit: int | None = None) -> Found:
    """Vehicles whose registration, chassis or engine number is `query` (exact matches first) or contains it.
    `query` is read by identifiers.key: any case, spaces and dashes, Urdu / Hindi digits and letter names."""
    count_search(client)
    key = identifiers.key(query)
    if len(key) < partial_min():
        message = _("Type at least %(count)d letters or digits of the registration, chassis or engine number.") % {
            "count": partial_min()}
        raise InvalidInput(message, fields={"q": [message]})
    limit = limit or results_max()
    exact = Q(registration_key=key) | Q(chassis_key=key) | Q(engine_key=key)
    partial = Q(registration_key__contains=key) | Q(chassis_key__contains=key) | Q(engine_key__contains=key)
    found = list(Vehicle.objects.filter(exact).select_related("station")[:limit + 1])
    seen = {v.pk for v in found}
    if len(found) <= limit:
        more = Vehicle.objects.filter(partial).exclude(pk__in=seen).select_related("station")
        found += list(more[:limit + 1 - len(found)])
    return Found([public_vehicle(v, exact=v.pk in seen) for v in found[:limit]], more=len(found) > limit)


def public_vehicle(vehicle: Vehicle, *, exact: bool = False) -> dict:
    """What anyone may read of a vehicle (no owner)."""
    return {"registration": vehicle.registration, "chassis": vehicle.chassis, "engine": vehicle.engine,
            "kind": vehicle.get_kind_display(), "make": vehicle.make, "model": vehicle.model,
            "colour": vehicle.colour, "year": vehicle.year, "status": vehicle.status,
            "status_label": vehicle.get_status_display(), "stolen_on": vehicle.stolen_on,
            "recovered_on": vehicle.recovered_on, "fir_reference": vehicle.fir_reference, "exact": exact,
            **_station(vehicle.station)}


# --- missing persons ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonQuery:
    name: str = ""
    area: str = ""
    age_from: int | None = None
    age_to: int | None = None
    gender: str = ""


def _area(queryset, area: str, *fields: str):
    """Rows whose place (any of `fields`) or police station's name (any language) mentions `area`."""
    condition = Q(station__name_en__icontains=area) | Q(station__name_ur__icontains=area) | Q(
        station__name_hi__icontains=area)
    for field in fields:
        condition |= Q(**{f"{field}__icontains": area})
    return queryset.filter(condition)


def _check_ages(low: int | None, high: int | None) -> None:
    if low is not None and high is not None and low > high:
        message = _("The age range runs from the lower age to the higher one.")
        raise InvalidInput(message, fields={"age_to": [message]})


def search_persons(query: PersonQuery, *, client: str, limit: int | None = None) -> Found:
    """Missing adults (not yet traced) by name — in any of the three scripts, each word matching the start of a
    word of the name —, area, age range and gender. A name or an area is needed."""
    count_search(client)
    name, area = query.name.strip(), query.area.strip()
    words = skeleton(name).split()
    if len(name) < NAME_MIN and len(area) < NAME_MIN:
        message = _("Type at least %(count)d letters of a name or of an area.") % {"count": NAME_MIN}
        raise InvalidInput(message, fields={"name": [message]})
    if name and not words:
        message = _("Type the name in letters (Urdu, Hindi or English).")
        raise InvalidInput(message, fields={"name": [message]})
    _check_ages(query.age_from, query.age_to)
    rows = MissingPerson.objects.filter(status=PersonStatus.MISSING).select_related("station")
    for word in words:
        rows = rows.filter(name_key__contains=f" {word}")
    if area:
        rows = _area(rows, area, "last_seen_place")
    if query.age_from is not None:
        rows = rows.filter(age__gte=query.age_from)
    if query.age_to is not None:
        rows = rows.filter(age__lte=query.age_to)
    if query.gender:
        rows = rows.filter(gender=query.gender)
    limit = limit or results_max()
    found = list(rows[:limit + 1])
    return Found([public_person(p) for p in found[:limit]], more=len(found) > limit)


def public_person(person: MissingPerson) -> dict:
    """What anyone may read of a missing person: no reporter, the station to contact."""
    return {"id": person.pk, "name": person.name, "age": person.age, "gender": person.gender,
            "gender_label": person.get_gender_display(), "last_seen_place": person.last_seen_place,
            "last_seen_on": person.last_seen_on, "description": person.description,
            "has_photo": bool(person.photo), **_station(person.station)}


# --- unidentified bodies --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BodyQuery:
    area: str = ""
    found_from: date | None = None
    found_to: date | None = None
    gender: str = ""
    age_from: int | None = None
    age_to: int | None = None
    marks: str = ""


def search_bodies(query: BodyQuery, *, client: str, limit: int | None = None) -> Found:
    """Unidentified bodies by area or station, the dates found, gender, apparent age (ranges that overlap) and
    words of the marks, clothing or description. Never a photo: the answer says which station to ask."""
    count_search(client)
    area, marks = query.area.strip(), query.marks.strip()
    given = [area, marks, query.found_from, query.found_to, query.gender, query.age_from, query.age_to]
    if not any(value not in ("", None) for value in given):
        message = _("Give an area, the dates, or something else to search by.")
        raise InvalidInput(message, fields={"area": [message]})
    if area and len(area) < NAME_MIN or marks and len(marks) < NAME_MIN:
        message = _("Type at least %(count)d letters.") % {"count": NAME_MIN}
        raise InvalidInput(message, fields={"area" if area and len(area) < NAME_MIN else "marks": [message]})
    if query.found_from and query.found_to and query.found_from > query.found_to:
        message = _("The first date must come before the last one.")
        raise InvalidInput(message, fields={"found_to": [message]})
    _check_ages(query.age_from, query.age_to)
    rows = UnidentifiedBody.objects.filter(status=BodyStatus.UNIDENTIFIED).select_related("station")
    if area:
        rows = _area(rows, area, "place_found")
    if query.found_from:
        rows = rows.filter(found_on__gte=query.found_from)
    if query.found_to:
        rows = rows.filter(found_on__lte=query.found_to)
    if query.gender:
        rows = rows.filter(gender=query.gender)
    if query.age_from is not None:
        rows = rows.filter(Q(age_to__isnull=True) | Q(age_to__gte=query.age_from))
    if query.age_to is not None:
        rows = rows.filter(Q(age_from__isnull=True) | Q(age_from__lte=query.age_to))
    for word in marks.split()[:5]:
        rows = rows.filter(Q(marks__icontains=word) | Q(clothing__icontains=word) | Q(description__icontains=word))
    limit = limit or results_max()
    found = list(rows[:limit + 1])
    return Found([public_body(b) for b in found[:limit]], more=len(found) > limit)


def public_body(body: UnidentifiedBody) -> dict:
    """What anyone may read of an unidentified body: no photo, only where to ask to see it."""
    return {"reference": body.reference, "place_found": body.place_found, "found_on": body.found_on,
            "age_from": body.age_from, "age_to": body.age_to, "gender": body.gender,
            "gender_label": body.get_gender_display(), "description": body.description,
            "clothing": body.clothing, "marks": body.marks, "kept_at": body.kept_at,
            "photo_on_request": bool(body.photo), **_station(body.station)}
