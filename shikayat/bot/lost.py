"""Reporting a lost document or article in chat: kind → its number → when → where (police station by name or a
shared location) → name → CNIC → confirm, then the same lost.actions.report_lost the web uses, and the receipt
number with the link to its PDF at once. The mobile is the WhatsApp number Meta vouches for, never one typed."""

import re
from datetime import date, timedelta

from django.utils.translation import gettext as _

from shikayat.core.errors import DomainError
from shikayat.lost import actions, rules
from shikayat.lost.models import Kind

from . import confirming, info, menu, places, words
from .replies import buttons, choice_list, location_request
from .turn import Turn

PREFIX = "lost:"
_DAY = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
TODAY = words._folded("today", "aaj", "آج", "आज")
YESTERDAY = words._folded("yesterday", "kal", "کل", "कल")


def start(turn: Turn) -> None:
    """The menu's entry: what was lost."""
    if not turn.incoming.phone:
        turn.say(_("Sorry, we cannot give a receipt without your WhatsApp number. Please report the loss on the "
                   "website."))
        menu.show_menu(turn)
        return
    turn.go(PREFIX + "kind", {})
    ask_kind(turn)


def ask_kind(turn: Turn) -> None:
    lines = [_("What have you lost? Choose from the list, or reply with its number:")]
    lines += [f"{n}. {label}" for n, (_code, label) in enumerate(Kind.choices, start=1)]
    turn.say("\n".join(lines), choice_list(_("What was lost"), [(f"kind:{code}", str(label))
                                                                 for code, label in Kind.choices]))


def ask_identifier(turn: Turn) -> None:
    prompts = {
        Kind.ID_CARD: _("Please type the number of the lost CNIC / identity card, e.g. 35202-1234567-1."),
        Kind.PASSPORT: _("Please type the passport number, e.g. AB1234567."),
        Kind.LICENCE: _("Please type the driving licence number."),
        Kind.PHONE: _("Please type the phone's IMEI (15 digits: on the box or the bill)."),
        Kind.VEHICLE: _("Please type the vehicle's registration number, e.g. LEA-1234."),
        Kind.BANK: _("Please type only the last 4 digits of the card, or the first cheque number."),
        Kind.CERTIFICATE: _("Please type the certificate's roll or registration number."),
    }
    kind = turn.answers["kind"]
    if kind == Kind.OTHER:
        turn.say(_("Please describe the article (e.g. brown leather wallet with a key)."))
    else:
        turn.say(prompts[kind])


def ask_when(turn: Turn) -> None:
    turn.say(_("When did you lose it? Type the date, e.g. 15-03-2026, or tap a button."),
             buttons([("today", _("Today")), ("yesterday", _("Yesterday"))]))


def ask_where(turn: Turn) -> None:
    turn.say(_("Where did you lose it? Type the name of the police station of the area, or share the location "
               "(📎 → Location)."), location_request())


def ask_name(turn: Turn) -> None:
    turn.say(_("Please type your full name as on your CNIC."))


def ask_id_number(turn: Turn) -> None:
    turn.say(_("Please type your CNIC / identity number, e.g. 35202-1234567-1."))


def ask_confirmation(turn: Turn) -> None:
    a = turn.answers
    lines = [_("Please check your report:"), _("Lost: %(kind)s") % {"kind": Kind(a["kind"]).label}]
    if a.get("identifier"):
        lines.append(_("Number: %(number)s") % {"number": a["identifier"]})
    if a.get("description"):
        lines.append(_("Description: %(text)s") % {"text": a["description"]})
    lines += [_("Date lost: %(date)s") % {"date": a["lost_on"]},
              _("Police station: %(station)s") % {"station": a["station_name"]},
              _("Name: %(name)s") % {"name": a["name"]}, _("CNIC: %(id)s") % {"id": a["id_number"]},
              "", _("Shall we record it and give you the receipt? Reply 1 for yes or 2 for no.")]
    turn.say("\n".join(lines), confirming.yes_no(_("Yes, record it")))


def _typed(turn: Turn) -> str:
    return " ".join(turn.text.split()) if turn.incoming.kind == "text" else ""


def take_kind(turn: Turn) -> None:
    codes = Kind.values
    chosen = next((code for n, code in enumerate(codes, start=1)
                   if turn.number == n or turn.choice == f"kind:{code}"), None)
    if chosen is None:
        turn.say(_("Sorry, please reply with a number from 1 to %(n)d.") % {"n": len(codes)})
        ask_kind(turn)
        return
    turn.answers["kind"] = chosen
    turn.go(PREFIX + "identifier")
    ask_identifier(turn)


def take_identifier(turn: Turn) -> None:
    text, kind = _typed(turn), turn.answers["kind"]
    if kind == Kind.OTHER:
        if not 3 <= len(text) <= 500:
            turn.say(_("Please describe the article in a few words (at most 500 characters)."))
            return
        turn.answers["description"] = text
    else:
        if problem := rules.identifier_problem(kind, text):
            turn.say(problem)
            return
        turn.answers["identifier"] = text
    turn.go(PREFIX + "when")
    ask_when(turn)


def parse_day(turn: Turn) -> date | None:
    today = actions.today(turn.now)
    if turn.choice == "today" or turn.is_one_of(TODAY):
        return today
    if turn.choice == "yesterday" or turn.is_one_of(YESTERDAY):
        return today - timedelta(days=1)
    match = _DAY.fullmatch(words.clean(turn.text).replace(" ", "-")) if turn.incoming.kind == "text" else None
    if not match:
        return None
    a, b, c = (int(part) for part in match.groups())
    year, month, day = (a, b, c) if a > 31 else (c, b, a)  # 2026-03-15 or 15-03-2026
    try:
        return date(year, month, day)
    except ValueError:
        return None


def take_when(turn: Turn) -> None:
    lost_on = parse_day(turn)
    if lost_on is None:
        turn.say(_("Sorry, we did not understand the date. Please type it as day-month-year, e.g. 15-03-2026."))
        return
    if problem := rules.date_problem(lost_on, actions.today(turn.now)):
        turn.say(problem)
        return
    turn.answers["lost_on"] = lost_on.isoformat()
    turn.go(PREFIX + "where")
    ask_where(turn)


def take_where(turn: Turn) -> None:
    incoming = turn.incoming
    if incoming.kind == "location" and incoming.latitude is not None and incoming.longitude is not None:
        station, outside = places.nearest_station(incoming.latitude, incoming.longitude)
        if outside or station is None:
            turn.say(places.outside_message(), location_request())
            return
        turn.answers.update(lat=str(incoming.latitude), lng=str(incoming.longitude))
    elif turn.choice.startswith("unit:") or (incoming.kind == "text" and len(turn.text) >= 2):
        typed = turn.choice.removeprefix("unit:") if turn.choice.startswith("unit:") else turn.text
        station = places.one_station(turn, places.find_stations(typed), typed)
        if station is None:
            return
    else:
        turn.say(_("Sorry, we expected a location or the name of a police station."))
        ask_where(turn)
        return
    turn.answers.update(station=station.code, station_name=station.name_in())
    turn.go(PREFIX + "name")
    ask_name(turn)


def take_name(turn: Turn) -> None:
    name = _typed(turn)
    if not 2 <= len(name) <= 150:
        turn.say(_("Please type your full name (at most 150 characters)."))
        return
    turn.answers["name"] = name
    turn.go(PREFIX + "id_number")
    ask_id_number(turn)


def take_id_number(turn: Turn) -> None:
    text = _typed(turn)
    if problem := rules.id_number_problem(text):
        turn.say(problem)
        return
    turn.answers["id_number"] = text
    turn.go(PREFIX + "confirm")
    ask_confirmation(turn)


def take_confirmation(turn: Turn) -> None:
    confirming.take(turn, submit, _("Sorry, please reply 1 to record the report or 2 to cancel it."),
                    _("Yes, record it"))


def submit(turn: Turn) -> None:
    a = turn.answers
    data = {"kind": a["kind"], "identifier": a.get("identifier", ""), "description": a.get("description", ""),
            "lost_on": a["lost_on"], "station": a["station"], "lat": a.get("lat", ""), "lng": a.get("lng", ""),
            "name": a["name"], "id_number": a["id_number"], "mobile": turn.incoming.phone,
            "language": turn.conversation.language or "en"}
    try:
        report = actions.report_lost(channel="whatsapp", data=data, client=f"wa:{turn.incoming.wa_id}", now=turn.now)
    except DomainError as error:
        reasons = [str(message) for messages in getattr(error, "fields", {}).values() for message in messages]
        turn.say(_("Sorry, your report could not be recorded: %(reason)s") % {
            "reason": " ".join(reasons) or str(error.message)})
        menu.show_menu(turn)
        return
    turn.say(_("Your report is recorded. Receipt number: *%(number)s*. Download the receipt (PDF): %(url)s\n"
               "Anyone can check it with the QR code on it. It records the loss; it is not an FIR.")
             % {"number": report.number, "url": actions.receipt_link(report)} + "\n\n" + info.footer())
    turn.to_menu()


HANDLERS = {PREFIX + "kind": take_kind, PREFIX + "identifier": take_identifier, PREFIX + "when": take_when,
            PREFIX + "where": take_where, PREFIX + "name": take_name, PREFIX + "id_number": take_id_number,
            PREFIX + "confirm": take_confirmation}
