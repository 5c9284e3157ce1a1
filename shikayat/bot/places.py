"""Police stations for a shared location or a typed name."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import haversine_km, leaf_units

from . import words
from .replies import choice_list, location_request


def max_distance_km() -> float:
    return float(settings.SHIKAYAT.get("BOT_MAX_DISTANCE_KM", 100))


def stations_by_distance(lat: float, lng: float) -> list[tuple[Unit, float]]:
    """Stations with coordinates, nearest first, with their distance in km."""
    stations = leaf_units().exclude(lat__isnull=True).exclude(lng__isnull=True)
    return sorted(((unit, haversine_km(lat, lng, float(unit.lat), float(unit.lng))) for unit in stations),
                  key=lambda pair: pair[1])


def outside_force(nearest_km: float) -> bool:
    return nearest_km > max_distance_km()


def nearest_station(lat: float, lng: float) -> tuple[Unit | None, bool]:
    """(nearest station, whether the point is outside the force's area).
    Without stations that have coordinates nothing can be judged: (None, False)."""
    ranked = stations_by_distance(lat, lng)
    if not ranked:
        return None, False
    unit, km = ranked[0]
    return unit, outside_force(km)


def outside_message() -> str:
    return _("This location is more than %(km)d km from every police station of this force, so we cannot take it. "
             "Please share the location of the incident within our area, or type the name of the police "
             "station.") % {"km": max_distance_km()}


def find_stations(text: str) -> list[Unit]:
    """Stations whose code or name (any language) is the text, else contains it."""
    typed = " ".join(text.split())
    stations = leaf_units().order_by("name_en")
    exact = [unit for unit in stations.filter(Q(code__iexact=typed) | Q(name_en__iexact=typed) |
                                              Q(name_ur=typed) | Q(name_hi=typed))]
    if exact or len(words.clean(typed)) < 2:
        return exact
    return list(stations.filter(Q(name_en__icontains=typed) | Q(name_ur__contains=typed) |
                                Q(name_hi__contains=typed))[:11])


def describe(unit: Unit, km: float | None = None) -> str:
    lines = [f"*{unit.name_in()}*"]
    if km is not None:
        lines[0] += " – " + _("%(km).1f km away") % {"km": km}
    lines += [line for line in (unit.address, _("Phone: %(phone)s") % {"phone": unit.phone} if unit.phone else "")
              if line]
    if unit.lat is not None and unit.lng is not None:
        lines.append(f"https://maps.google.com/?q={unit.lat},{unit.lng}")
    return "\n".join(lines)


def one_station(turn, stations: list[Unit], typed: str, skip: bool = False) -> Unit | None:
    """The station when exactly one matches what was typed; else the citizen
    is asked to choose among several, type more, or check the name."""
    if len(stations) == 1:
        return stations[0]
    if 1 < len(stations) <= 10:
        turn.say(_("Several police stations match. Which one?"),
                 choice_list(_("Police stations"), [(f"unit:{unit.code}", unit.name_in()) for unit in stations]))
    elif stations:
        turn.say(_("Too many police stations match “%(name)s”. Please type more of the name.") % {"name": typed[:40]})
    elif skip:
        turn.say(_("We found no police station called “%(name)s”. Please check the name, share the location, or "
                   "send “skip”.") % {"name": typed[:40]}, location_request())
    else:
        turn.say(_("We found no police station called “%(name)s”. Please check the name, or share your "
                   "location.") % {"name": typed[:40]}, location_request())
    return None
