"""Appeals and the question asked after closing, on WhatsApp.

After the status of the sender's own complaint that may still be appealed
(rejected, merged, or closed without their answer, within the SOP's days:
actions.appeal_window), the bot offers the appeal: 1, then the grounds in a
few words, and the complaint goes to the level above whoever decided.

The question "did the police action hold?" (shikayat/deadlines/followup.py)
is answered here too. Sent since the citizen last wrote, a "1" or "2" (yes /
no) at the menu answers it rather than choosing a service; a greeting, or
the complaint's status, asks it again while it is open. "No" asks what
happened (or "skip") and reopens the complaint on appeal.

Like feedback, only for the number WhatsApp vouches for, never a number typed
in chat."""

from django.utils.translation import gettext as _

from shikayat.complaints import actions, selectors
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import APPEALABLE, Status
from shikayat.core import dates
from shikayat.core.errors import DomainError, NotFound

from . import info, menu, words
from .replies import buttons
from .tracking import verified_mobile
from .turn import Turn

APPEAL_OFFER, APPEAL_GROUNDS = "appeal:offer", "appeal:grounds"
FOLLOWUP_CHOICE, FOLLOWUP_NOTE = "followup:choice", "followup:note"
MIN_GROUNDS = 10


def _citizen(turn: Turn) -> CitizenActor | None:
    mobile = verified_mobile(turn)
    return CitizenActor(mobile=mobile, credential="whatsapp") if mobile else None


def _answered_complaint(turn: Turn) -> Complaint | None:
    return Complaint.objects.filter(etag=turn.answers.get("etag", "")).first()


def after_status(turn: Turn, complaint: Complaint | None, lines: list[str]) -> bool:
    """After the status `lines` of the sender's own finished complaint: ask the open follow-up question, or offer
    the appeal while its window is open. False (nothing said) when neither applies."""
    citizen = _citizen(turn)
    if complaint is None or citizen is None:
        return False
    complaint = Complaint.objects.select_related("category").get(pk=complaint.pk)  # the status read only a few fields
    if complaint.complainant_mobile != citizen.mobile:
        return False
    if _followup_open(complaint):
        ask_followup(turn, complaint, lines)
        return True
    if complaint.status not in APPEALABLE:
        return False
    window = actions.appeal_window(complaint, turn.now)
    if not window.open:
        return False
    until = dates.isolate(dates.date_only(window.until))
    offer = _("You may appeal this decision to a senior officer until %(date)s. Reply 1 to appeal, or 0 for the "
              "menu.") % {"date": until}
    turn.say("\n\n".join([*lines, offer]), buttons([("appeal:yes", _("Appeal")), ("menu", _("Menu"))]))
    turn.go(APPEAL_OFFER, {"etag": complaint.etag})
    return True


def take_offer(turn: Turn) -> None:
    if turn.choice == "appeal:yes" or turn.number == 1 or turn.is_one_of(words.YES):
        turn.say(_("Please tell us in a few words why a senior officer should look at the decision again."))
        turn.go(APPEAL_GROUNDS)
    else:
        menu.show_menu(turn)


def take_grounds(turn: Turn) -> None:
    grounds = turn.text if turn.incoming.kind == "text" else ""
    if len(grounds) < MIN_GROUNDS:
        turn.say(_("Please write in a few words why you appeal (at least %(min)d characters).") % {"min": MIN_GROUNDS})
        return
    complaint, citizen = _answered_complaint(turn), _citizen(turn)
    try:
        if complaint is None or citizen is None:
            raise NotFound()
        complaint = actions.appeal(complaint, actor=citizen, grounds=grounds, channel="whatsapp", now=turn.now)
    except DomainError as error:
        turn.say(str(error.message or _("This complaint cannot be appealed now.")) + "\n\n" + info.footer())
        turn.to_menu()
        return
    turn.say(_("Your appeal is recorded. Complaint %(etag)s is reopened and is now with %(unit)s, with new "
               "deadlines.") % {"etag": complaint.etag_display, "unit": complaint.unit.name} + "\n\n" + info.footer())
    turn.to_menu()


# --- the question after closing ---------------------------------------------------------------------------------


def _followup_open(complaint: Complaint) -> bool:
    return (complaint.status == Status.CLOSED and complaint.followup_asked_at is not None
            and complaint.followup_answered_at is None)


def pending_followup(turn: Turn) -> Complaint | None:
    """The sender's complaint whose follow-up question is open, the one asked last."""
    citizen = _citizen(turn)
    return selectors.open_followup(citizen.mobile) if citizen is not None else None


def ask_pending_followup(turn: Turn) -> bool:
    """If one of the sender's complaints has an open follow-up question, ask it (a greeting)."""
    complaint = pending_followup(turn)
    if complaint is None:
        return False
    ask_followup(turn, complaint)
    return True


def ask_followup(turn: Turn, complaint: Complaint, lines: list[str] | None = None) -> None:
    question = _("Did the police action on complaint %(etag)s hold? Reply 1 for yes or 2 for no.") % {
        "etag": complaint.etag_display}
    turn.say("\n\n".join([*(lines or []), question]),
             buttons([("fu:yes", _("Yes, it held")), ("fu:no", _("No"))]))
    turn.go(FOLLOWUP_CHOICE, {"etag": complaint.etag})


def _yes_no(turn: Turn) -> bool | None:
    if turn.choice == "fu:yes":
        return True
    if turn.choice == "fu:no":
        return False
    return turn.yes_or_no()


def answers_followup(turn: Turn) -> bool:
    """At the menu: a yes / no (1 / 2) right after the question was sent answers it. True when it did."""
    answer = _yes_no(turn)
    if answer is None:
        return False
    complaint = pending_followup(turn)
    last = turn.conversation.last_message_at
    if complaint is None or (last is not None and complaint.followup_asked_at <= last):
        return False  # asked before the citizen last wrote: "1" is a menu choice
    turn.go(FOLLOWUP_CHOICE, {"etag": complaint.etag})
    _take_answer(turn, answer)
    return True


def take_followup_choice(turn: Turn) -> None:
    answer = _yes_no(turn)
    if answer is None:
        turn.say(_("Sorry, please reply 1 if the police action held or 2 if it did not."),
                 buttons([("fu:yes", _("Yes, it held")), ("fu:no", _("No"))]))
        return
    _take_answer(turn, answer)


def _take_answer(turn: Turn, held: bool) -> None:
    if held:
        record(turn, held=True)
        return
    turn.say(_("We are sorry. What happened? Tell us in a few words, or reply “skip”; your complaint will go to a "
               "senior officer."))
    turn.go(FOLLOWUP_NOTE)


def take_followup_note(turn: Turn) -> None:
    note = turn.text if turn.incoming.kind == "text" and not turn.is_one_of(words.SKIP) else ""
    record(turn, held=False, note=note)


def record(turn: Turn, *, held: bool, note: str = "") -> None:
    complaint, citizen = _answered_complaint(turn), _citizen(turn)
    try:
        if complaint is None or citizen is None:
            raise NotFound()
        complaint = actions.record_followup(complaint, actor=citizen, held=held, note=note, channel="whatsapp",
                                            now=turn.now)
    except DomainError:
        turn.say(_("This question has already been answered.") + "\n\n" + info.footer())
        turn.to_menu()
        return
    if held:
        text = _("Thank you. We have recorded that the police action on complaint %(etag)s held.")
    else:
        text = _("Complaint %(etag)s is reopened and is now with %(unit)s, with new deadlines.")
    turn.say(text % {"etag": complaint.etag_display, "unit": complaint.unit.name} + "\n\n" + info.footer())
    turn.to_menu()


HANDLERS = {APPEAL_OFFER: take_offer, APPEAL_GROUNDS: take_grounds, FOLLOWUP_CHOICE: take_followup_choice,
            FOLLOWUP_NOTE: take_followup_note}
