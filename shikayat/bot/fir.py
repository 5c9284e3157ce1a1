"""A copy of one's FIR on WhatsApp: police station (typed name, bot/places.py) → FIR number and year → the link to
the PDF, or the same neutral refusal as on the web (firs/copies.py). The mobile is the number WhatsApp gives us,
never one typed in chat, so no one-time code is needed here."""

import re

from django.utils.translation import gettext as _

from shikayat.core.errors import DomainError
from shikayat.core.i18n import current_lang
from shikayat.firs import copies
from shikayat.jurisdictions.selectors import leaf_units

from . import info, places
from .tracking import verified_mobile
from .turn import Turn

PREFIX = "fir:"
STATION, NUMBER = PREFIX + "station", PREFIX + "number"
_NUMBER_YEAR = re.compile(r"^\s*(\d{1,9})\s*(?:/|-|\s|,)\s*(\d{2}|\d{4})\s*$")


def start(turn: Turn) -> None:
    if not verified_mobile(turn):
        turn.say(_("FIR copies on WhatsApp need the number WhatsApp gives us with your message. Please ask on the "
                   "web site or at the police station."))
        turn.to_menu()
        return
    turn.say(_("Copy of your FIR. Please type the name of the police station where the FIR was registered."))
    turn.go(STATION, {})


def take_station(turn: Turn) -> None:
    if turn.choice.startswith("unit:"):
        stations = list(leaf_units().filter(code=turn.choice[5:]))
    else:
        stations = places.find_stations(turn.text) if turn.incoming.kind == "text" else []
    unit = places.one_station(turn, stations, turn.text)
    if unit is None:
        return
    turn.say(_("Police station %(station)s. Now type the FIR number and year, e.g. 123/2024.")
             % {"station": unit.name_in()})
    turn.go(NUMBER, {"unit": unit.code})


def take_number(turn: Turn) -> None:
    match = _NUMBER_YEAR.match(turn.text if turn.incoming.kind == "text" else "")
    if match is None:
        turn.say(_("Please type the FIR number and year like 123/2024, or 0 for the menu."))
        return
    number, year = int(match[1]), int(match[2])
    year = year + 2000 if year < 100 else year
    unit = leaf_units().filter(code=turn.answers.get("unit", "")).first()
    try:
        copy = copies.request_copy(unit=unit, year=year, number=number, mobile=verified_mobile(turn),
                                   channel="whatsapp", client=f"wa:{turn.incoming.wa_id}", language=current_lang())
    except DomainError as error:
        turn.say(str(error.message) + "\n\n" + info.footer())
        turn.to_menu()
        return
    turn.say(_("Your copy of FIR %(fir)s (copy number %(copy)s) is ready. Open it here within %(hours)d hours: "
               "%(link)s") % {"fir": copy.fir.display_number, "copy": copy.number,
                              "hours": int(copies.conf.get("SHIKAYAT_FIR_COPY_LINK_HOURS")),
                              "link": copies.download_url(copy)})
    turn.to_menu()


HANDLERS = {STATION: take_station, NUMBER: take_number}
