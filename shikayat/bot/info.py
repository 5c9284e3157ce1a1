"""The information services. Their content is admin-editable data in three
languages (shikayat.information); this module only chooses which rows to
show and lays them out for a chat."""

from django.utils.translation import gettext as _

from shikayat.complaints.links import public_url
from shikayat.core import dates
from shikayat.information.models import Helpline, InfoTopic, MissingChildAlert, MostWanted

from . import applying, lodging, places
from .replies import buttons, location_request
from .turn import Turn

LISTED = 10  # most wanted / alerts shown in one reply
OFFICES_STATE, MISSING_STATE, VERIFICATION_STATE = "offices:location", "missing:choice", "verification:choice"


def footer() -> str:
    return _("Send another number for a service, or 0 for the menu.")


def topic_text(code: str) -> str:
    """The topic's title and body in the active language."""
    topic = InfoTopic.objects.filter(code=code, is_active=True).first()
    if topic is None:
        return _("This information is not available at the moment. Please try again later.")
    return f"*{topic.title_in()}*\n\n{topic.body_in()}"


def show_topic(turn: Turn, code: str) -> None:
    turn.say(topic_text(code) + "\n\n" + footer())


def show_helplines(turn: Turn) -> None:
    lines = [_("*Helpline numbers*"), ""]
    for helpline in Helpline.objects.filter(is_active=True):
        description = helpline.description_in()
        lines.append(f"*{helpline.number}* – {helpline.name_in()}" + (f": {description}" if description else ""))
    if len(lines) == 2:
        lines.append(_("In an emergency call 15."))
    turn.say("\n".join([*lines, "", footer()]))


def ask_for_offices(turn: Turn) -> None:
    turn.say(_("Share your location (📎 → Location) to see the police stations nearest to you, or type the name "
               "of a police station."), location_request())
    turn.go(OFFICES_STATE)


def find_offices(turn: Turn) -> None:
    incoming = turn.incoming
    if incoming.kind == "location" and incoming.latitude is not None and incoming.longitude is not None:
        nearest = places.stations_by_distance(incoming.latitude, incoming.longitude)[:3]
        if not nearest or places.outside_force(nearest[0][1]):
            turn.say(places.outside_message(), location_request())
            return
        found = nearest
    elif incoming.kind == "text" and len(turn.text) >= 2:
        found = [(unit, None) for unit in places.find_stations(turn.text)[:3]]
        if not found:
            turn.say(_("We found no police station called “%(name)s”. Please check the name, or share your "
                       "location.") % {"name": turn.text[:40]}, location_request())
            return
    else:
        turn.say(_("Please share your location, or type the name of a police station."), location_request())
        return
    turn.say("\n\n".join([places.describe(unit, km) for unit, km in found] + [footer()]))
    turn.to_menu()


def show_most_wanted(turn: Turn) -> None:
    rows = list(MostWanted.objects.filter(is_active=True)[:LISTED])
    if not rows:
        turn.say(_("No one is on the most wanted list at the moment.") + "\n\n" + footer())
        return
    lines = [_("*Most wanted*")]
    for person in rows:
        reward = "\n" + _("Reward: %(reward)s") % {"reward": person.reward} if person.reward else ""
        lines.append(f"*{person.name_in()}*\n{person.details_in()}{reward}")
    lines.append(_("If you have information, call 15 or tell the nearest police station. Your identity is kept "
                   "secret."))
    turn.say("\n\n".join([*lines, footer()]))


def offer_missing_child(turn: Turn) -> None:
    turn.say(_("*Missing child*\n1. Report a missing child\n2. See the current alerts"),
             buttons([("mc:report", _("Report missing child")), ("mc:alerts", _("Current alerts")),
                      ("menu", _("Menu"))]))
    turn.go(MISSING_STATE)


def missing_child_choice(turn: Turn) -> None:
    choice, number = turn.choice, turn.number
    if choice == "mc:report" or number == 1:
        lodging.start(turn, "missing_child")
    elif choice == "mc:alerts" or number == 2:
        show_alerts(turn)
        turn.to_menu()
    else:
        turn.say(_("Please reply 1 to report a missing child or 2 to see the current alerts."))
        offer_missing_child(turn)


def show_alerts(turn: Turn) -> None:
    alerts = list(MissingChildAlert.objects.filter(is_active=True)[:LISTED])
    if not alerts:
        turn.say(_("There are no missing child alerts at the moment.") + "\n\n" + footer())
        return
    lines = [_("*Missing children: please help*")]
    for alert in alerts:
        facts = [_("Age: %(age)s") % {"age": alert.age} if alert.age is not None else "",
                 _("Last seen: %(place)s") % {"place": alert.place_shown},
                 dates.isolate(dates.date_only(alert.last_seen_at))]
        details = alert.details_in()
        contact = _("Information: %(number)s") % {"number": alert.contact} if alert.contact else ""
        lines.append("\n".join(line for line in [f"*{alert.name_shown}*", ", ".join(f for f in facts if f), details,
                                                 contact] if line))
    lines.append(_("If you have seen one of these children, call 15 at once."))
    turn.say("\n\n".join([*lines, footer()]))


def offer_verification(turn: Turn) -> None:
    """Certificates and verification (admin-editable topic "verification"):
    apply here with photos of the documents, or report a delayed one as a
    complaint."""
    text = topic_text("verification") + "\n\n" + _(
        "Reply 1 to apply here on WhatsApp with photos of your documents, 2 to report a delayed verification, or 0 "
        "for the menu. You can also apply online at %(url)s, and see an application's status by sending its "
        "E-tag here at the menu.") % {"url": public_url("/services/")}
    turn.say(text, verification_buttons())
    turn.go(VERIFICATION_STATE)


def verification_buttons() -> dict:
    return buttons([("ver:apply", _("Apply here")), ("ver:report", _("Report a delay")), ("menu", _("Menu"))])


def verification_choice(turn: Turn) -> None:
    if turn.choice == "ver:apply" or turn.number == 1:
        applying.start(turn)
    elif turn.choice == "ver:report" or turn.number == 2:
        lodging.start(turn, "verification")
    else:
        turn.say(_("Please reply 1 to apply, 2 to report a delayed verification, or 0 for the menu."),
                 verification_buttons())


HANDLERS = {OFFICES_STATE: find_offices, MISSING_STATE: missing_child_choice,
            VERIFICATION_STATE: verification_choice}
