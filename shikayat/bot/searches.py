"""Public searches on WhatsApp: stolen and recovered vehicles, missing persons, unidentified bodies.

The same searches as the web page (shikayat/registers/search.py: the same minimum lengths, the same rate per
sender, the same public fields: no owner or reporter, never a body's photo), with at most RESULTS rows in a
reply. After the results the citizen may search again, or send 0 for the menu."""

from django.utils.translation import gettext as _

from shikayat.core import dates
from shikayat.core.errors import InvalidInput
from shikayat.core.ratelimit import RateLimited
from shikayat.registers import search

from .replies import buttons, fit
from .turn import Turn

CHOICE, VEHICLE, PERSON, BODY = "search:choice", "search:vehicle", "search:person", "search:body"
RESULTS = 3
DETAIL_CHARS = 200


def client(turn: Turn) -> str:
    return f"wa:{turn.incoming.wa_id}"


def again() -> str:
    return _("Send another search, or 0 for the menu.")


def start(turn: Turn) -> None:
    """The small choice: vehicle, missing person or unidentified body."""
    turn.say("\n".join([_("*Public searches*"), _("What would you like to search?"), "",
                        "1. " + _("Stolen or recovered vehicle"), "2. " + _("Missing person"),
                        "3. " + _("Unidentified body")]),
             buttons([("search:vehicle", _("Vehicle")), ("search:person", _("Missing person")),
                      ("search:body", _("Unidentified body"))]))
    turn.go(CHOICE, {})


def choose(turn: Turn) -> None:
    choice, number = turn.choice, turn.number
    if choice == "search:vehicle" or number == 1:
        turn.say(_("Type the registration, chassis or engine number, or at least 4 of its letters and digits, "
                   "e.g. LEA-1234."))
        turn.go(VEHICLE, {})
    elif choice == "search:person" or number == 2:
        turn.say(_("Type the name of the missing person (in Urdu, Hindi or English letters), or the area where "
                   "they were last seen."))
        turn.go(PERSON, {})
    elif choice == "search:body" or number == 3:
        turn.say(_("Type the area or the police station where the body was found, or an identifying mark "
                   "(e.g. tattoo)."))
        turn.go(BODY, {})
    else:
        turn.say(_("Please reply 1, 2 or 3, or 0 for the menu."))


def _run(turn: Turn, find) -> None:
    """Run the search with the text typed; say what it found, or why not."""
    text = turn.text if turn.incoming.kind == "text" else ""
    try:
        found = find(text)
    except RateLimited as error:
        turn.say(str(error.message) + "\n\n" + _("Send 0 for the menu."))
        turn.to_menu()
        return
    except InvalidInput as error:
        turn.say(str(error.message) + "\n" + again())
        return
    if not found.rows:
        turn.say(_("Nothing in the register matches “%(query)s”.") % {"query": fit(text, 40)} + "\n\n" + again())
        return
    blocks = [describe(row) for row in found.rows[:RESULTS]]
    if found.more or len(found.rows) > RESULTS:
        blocks.append(_("More entries match. Please search more precisely, or use the website."))
    turn.say("\n\n".join([*blocks, again()]))


def _station(row: dict) -> str:
    return f"{row['station']} ({row['station_phone']})" if row["station_phone"] else row["station"]


def describe(row: dict) -> str:
    """One result in a few lines, in the active language."""
    if "registration" in row:
        vehicle = ", ".join(str(part) for part in [f"{row['make']} {row['model']}".strip(), row["colour"],
                                                   row["year"]] if part)
        lines = [f"*{row['registration'] or row['chassis']}* – {row['status_label']}",
                 f"{row['kind']}: {vehicle}",
                 _("Stolen on %(date)s") % {"date": dates.isolate(dates.date_only(row["stolen_on"]))}]
        if row["recovered_on"]:
            lines.append(_("Recovered on %(date)s") % {"date": dates.isolate(dates.date_only(row["recovered_on"]))})
        if row["fir_reference"]:
            lines.append(_("FIR: %(number)s") % {"number": row["fir_reference"]})
        lines.append(_("Police station: %(station)s") % {"station": _station(row)})
        if not row["exact"]:
            lines.append(_("(part of a number matches: check the whole number)"))
        return "\n".join(lines)
    if "last_seen_place" in row:
        lines = [f"*{row['name']}* – " + _("%(age)d years, %(gender)s") % {"age": row["age"],
                                                                           "gender": row["gender_label"]},
                 _("Last seen: %(place)s, %(date)s") % {"place": row["last_seen_place"],
                                                        "date": dates.isolate(dates.date_only(row["last_seen_on"]))}]
        if row["description"]:
            lines.append(fit(row["description"], DETAIL_CHARS))
        lines.append(_("If you have seen this person, call %(station)s or 15.") % {"station": _station(row)})
        return "\n".join(lines)
    ages = ""
    if row["age_from"] is not None or row["age_to"] is not None:
        ages = ", " + _("about %(low)s–%(high)s years") % {"low": row["age_from"] if row["age_from"] is not None
                                                          else "?",
                                                          "high": row["age_to"] if row["age_to"] is not None else "?"}
    lines = [f"*{row['place_found']}* – {dates.isolate(dates.date_only(row['found_on']))}",
             f"{row['gender_label']}{ages}"]
    for label, value in ((_("Marks"), row["marks"]), (_("Clothing"), row["clothing"])):
        if value:
            lines.append(f"{label}: {fit(value, DETAIL_CHARS)}")
    lines.append(_("Kept at: %(place)s") % {"place": row["kept_at"]})
    lines.append(_("To see the photo, ask at %(station)s police station.") % {"station": _station(row)})
    return "\n".join(lines)


def find_vehicle(turn: Turn) -> None:
    _run(turn, lambda text: search.search_vehicles(text, client=client(turn), limit=RESULTS))


def find_person(turn: Turn) -> None:
    def find(text: str):
        found = search.search_persons(search.PersonQuery(name=text), client=client(turn), limit=RESULTS)
        if found.rows or len(text.strip()) < search.NAME_MIN:
            return found
        # Not a name on the register: perhaps the area they were last seen in (counted as a second search).
        return search.search_persons(search.PersonQuery(area=text), client=client(turn), limit=RESULTS)

    _run(turn, find)


def find_body(turn: Turn) -> None:
    def find(text: str):
        found = search.search_bodies(search.BodyQuery(area=text), client=client(turn), limit=RESULTS)
        if found.rows or len(text.strip()) < search.NAME_MIN:
            return found
        return search.search_bodies(search.BodyQuery(marks=text), client=client(turn), limit=RESULTS)

    _run(turn, find)


HANDLERS = {CHOICE: choose, VEHICLE: find_vehicle, PERSON: find_person, BODY: find_body}
