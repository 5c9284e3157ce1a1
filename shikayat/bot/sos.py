"""SOS in WhatsApp, at any step (engine.respond asks here before anything else): "SOS", "مدد", "मदद" (and a few
obvious variants) alone in a message, or a shared live location, raise an alert (shikayat.sos) and tell the
citizen at once the emergency helpline, their station's number and that the police were alerted. A repeat within
minutes updates the alert; location updates attach to it silently while the live location lasts.

Not SOS: a plain "help" (the menu's own word), SOS inside a longer sentence, and an ordinary shared location
(the complaint flows ask for one) unless an alert is current, when it is the alert's newest point."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from shikayat.information.models import Helpline
from shikayat.sos import actions

from . import words
from .turn import Turn

TRIGGERS = words._folded(
    "sos", "s o s", "sos sos", "sos sos sos", "madad", "madad karo", "help me", "bachao", "bachaao",
    "مدد", "مدد کریں", "مدد کرو", "بچاؤ", "بچاو", "मदद", "मदद करो", "मदद करें", "बचाओ",
)


def is_trigger(turn: Turn) -> bool:
    return turn.incoming.kind == "text" and words.clean(turn.text) in TRIGGERS


def is_live_location(turn: Turn) -> bool:
    return bool(turn.incoming.extra.get("live"))


def has_point(turn: Turn) -> bool:
    incoming = turn.incoming
    return incoming.kind == "location" and incoming.latitude is not None and incoming.longitude is not None


def intercept(turn: Turn) -> bool:
    """Raise, repeat or locate an SOS if this message is one; False leaves it to the steps."""
    trigger, live = is_trigger(turn), is_live_location(turn)
    if not trigger and not live:
        # While an alert is current, a shared point is its newest (the step waits); else the step's to read.
        return has_point(turn) and actions.add_location(_signal(turn, live=False)) is not None
    if live and not trigger and has_point(turn) and actions.add_location(_signal(turn, live=True)) is not None:
        return True  # a live location's update: kept quietly, no message for every point
    alert, _new = actions.raise_alert(_signal(turn, live=live))
    with translation.override(alert.language):
        turn.say(reply(alert))
    return True


def start(turn: Turn) -> None:
    """The menu's "SOS emergency" row (its description says it alerts the police now): the same alert as typing
    SOS, with the point of a live location if one comes later."""
    alert, _new = actions.raise_alert(_signal(turn, live=False))
    with translation.override(alert.language):
        turn.say(reply(alert))
    turn.to_menu()


def language_of(turn: Turn) -> str:
    """The conversation's language, else the script the SOS was written in."""
    if turn.conversation.language:
        return turn.conversation.language
    text = turn.text
    if any("\u0900" <= ch <= "\u097f" for ch in text):
        return "hi"
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return "ur"
    return "en"


def _signal(turn: Turn, live: bool) -> actions.Signal:
    incoming = turn.incoming
    point = has_point(turn)
    return actions.Signal(wa_id=incoming.wa_id, phone=incoming.phone or turn.conversation.mobile,
                          language=language_of(turn), at=incoming.at, live=live,
                          lat=incoming.latitude if point else None, lng=incoming.longitude if point else None)


def helpline_number() -> str:
    """SHIKAYAT_SOS_HELPLINE, else the first helpline listed (the force's emergency number: 15, 112)."""
    configured = settings.SHIKAYAT.get("SOS_HELPLINE", "")
    if configured:
        return configured
    first = Helpline.objects.filter(is_active=True).values_list("number", flat=True).first()
    return first or "15"


def reply(alert) -> str:
    lines = [_("🚨 The police have been alerted to your SOS."),
             _("For help now, call %(number)s.") % {"number": helpline_number()}]
    if alert.station is not None:
        station = alert.station.name_in()
        if alert.station.phone:
            lines.append(_("Your nearest police station, %(station)s: %(phone)s.")
                         % {"station": station, "phone": alert.station.phone})
        else:
            lines.append(_("Your nearest police station: %(station)s.") % {"station": station})
    if alert.lat is None:
        lines.append(_("Share your live location (📎 → Location → Share live location) so that the police can "
                       "find you."))
    return "\n".join(lines)
