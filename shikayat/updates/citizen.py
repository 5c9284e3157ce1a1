"""Listeners of the complaint core (complaints/hooks.py) that tell the complainant about its events.

Every step the complainant may see (and the field visit, without its findings) becomes a line in their words
and language (wording.py), sent on the channel they came by: WhatsApp complaints by WhatsApp; email complaints
by email, and SMS when a mobile is known; all others by SMS, and email when they gave one. Steps close together
share one message, a complaint sends at most a few a day, SMS waits out the night (queue.py, schedule.py), and
an address that said STOP hears nothing (stops.py). A step the complainant took themselves (or a machine channel
took for them) is not echoed back on the channel they took it by, where they were answered already, and what they
added themselves (information, files) is not told back at all. The acknowledgement of a new complaint stays with
intake."""

from shikayat.accounts.models import User
from shikayat.complaints import hooks, workflow
from shikayat.complaints.models import Complaint

from . import queue, stops
from .wording import TOLD_WITHOUT_NOTE, line

ORDER = 300  # after the deadlines' own listeners, before the dashboards' rollup (900, last)
# What the complainant adds themselves (on the page, by WhatsApp or email) is news to them only when an officer
# (the call centre, the front desk) added it for them.
OWN_ADDITIONS = frozenset({"add_information", "add_attachment"})


def routes(complaint: Complaint) -> list[tuple[str, str]]:
    """(channel, address) the complainant hears on; none without a known contact (anonymous, or none given)."""
    mobile, email = complaint.complainant_mobile, complaint.complainant_email
    if complaint.channel == "whatsapp":
        found = [("whatsapp", mobile)]
    elif complaint.channel == "email":
        found = [("email", email), ("sms", mobile)]
    else:
        found = [("sms", mobile), ("email", email)]
    return [(channel, address) for channel, address in found if address]


def stop_key(address: str) -> str:
    """How an address is kept in the STOP list: a mobile as stored (E.164), an email in lower case."""
    return address.strip().lower() if "@" in address else address


def tell_complainant(event: hooks.ActionEvent) -> None:
    """The step just taken, to the complainant (in the action's transaction)."""
    transition = workflow.TRANSITIONS.get(event.action)
    if transition is not None and not transition.public and event.action not in TOLD_WITHOUT_NOTE:
        return  # internal: nothing to read
    complaint = event.complaint
    by_officer = isinstance(event.actor, User)
    if event.action in OWN_ADDITIONS and not by_officer:
        return  # the complainant's own information or file: nothing new to them
    wanted = routes(complaint)
    if not by_officer:  # the complainant (or a machine channel for them) already has the answer there
        wanted = [(channel, address) for channel, address in wanted if channel != event.channel]
    quiet = stops.stopped({stop_key(address) for _channel, address in wanted})
    wanted = [(channel, address) for channel, address in wanted if stop_key(address) not in quiet]
    if not wanted:
        return
    # The timeline event perform() has just written for this step.
    written = event.timeline or complaint.events.filter(action=event.action).order_by("-id").first()
    said = line(written, complaint, complaint.language) if written is not None else None
    if said is None:
        return
    for channel, address in wanted:
        queue.add(complaint, channel, address, [said], at=event.at)


def register() -> None:
    """Register this module's listeners (called from UpdatesConfig.ready)."""
    hooks.register(tell_complainant, name="updates.citizen", order=ORDER)

