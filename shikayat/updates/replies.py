"""STOP and START as a channel hears them (the WhatsApp bot, email intake; the SMS gateway's commands may use the
same): turn the address's updates off or on and say so, in the citizen's language."""

from shikayat.complaints.models import Complaint
from shikayat.core.i18n import LANGS
from shikayat.notifications.messages import render

from . import stops

ANSWERS = {"stop": "updates_stopped", "start": "updates_started"}


def script_language(text: str) -> str:
    """ur or hi when the text is written in Urdu or Hindi script, else ""."""
    if any("\u0600" <= ch <= "\u06ff" for ch in text or ""):
        return "ur"
    if any("\u0900" <= ch <= "\u097f" for ch in text or ""):
        return "hi"
    return ""


def language_for(address: str, said: str = "", known: str = "") -> str:
    """The citizen's language: the one they chose (`known`), else the script they wrote STOP in, else that of
    their latest complaint from this mobile or email, else English."""
    if known in LANGS:
        return known
    found = script_language(said)
    if found:
        return found
    latest = (Complaint.objects.filter(complainant_email__iexact=address) if "@" in address
              else Complaint.objects.filter(complainant_mobile=address)).order_by("-received_at").only(
                  "language").first()
    return latest.language if latest and latest.language in LANGS else "en"


def switch(word: str, address: str, channel: str) -> None:
    """Turn updates to `address` off ("stop") or on ("start")."""
    if word == "stop":
        stops.stop(address, channel)
    else:
        stops.start(address)


def answer(word: str, lang: str) -> str:
    """The confirmation of "stop" or "start" in `lang`."""
    return render(ANSWERS[word], lang, {})
