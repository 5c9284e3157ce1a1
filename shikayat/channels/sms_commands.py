"""What each SMS command does (read by sms_parse.py, answered by sms.py): everything a citizen can do on
the web after lodging, from a basic phone.

Who acts: the gateway is authenticated (sms.check_gateway) and posts the sender's number as the mobile
network gave it. As the WhatsApp bot acts for the number WhatsApp vouches for, an SMS acts for the complaints
lodged with the number it came from — the same proof as the web's one-time code, which is itself an SMS to
that number — and the timeline records it (CitizenActor credential "sms"). A number written in the text
proves nothing and is never used. (A gateway whose numbers can receive messages with a forged sender, as on
some international routes to long numbers, must not be connected.)

Which complaint: the E-tag the command names (sms_parse.named_etag), which must be one lodged with the
sender's number — any other gets the same "not found" as an E-tag that does not exist, within the tracking
limits (ratelimit.tracking) —, or, without one, the only complaint the command can apply to; with several,
the reply lists their E-tags and how to name one. Bad input gets a reply saying what is wrong and changes
nothing. Appeals and the question after closing call the core's `appeal`, `appeal_window` and
`record_followup` where the installed core has them; without them APPEAL gets the help reply."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import NoReturn

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _

from shikayat.complaints import actions, intake, permissions, selectors
from shikayat.complaints import etag as etags
from shikayat.complaints.links import tracking_url
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import Status
from shikayat.core import ratelimit
from shikayat.core.errors import DomainError, InvalidInput, NotFound
from shikayat.notifications.models import OutboxMessage
from shikayat.updates import stops

from .models import InboundMessage
from .sms_parse import SHOWN, Command, Named, guess_language, named_etag, rating_and_words

log = logging.getLogger("shikayat.channels.sms")
CHANNEL = "sms"
Outcome = InboundMessage.Outcome
# The questions we text a complainant that a bare 1 or 2 answers: the core's request for feedback on a proposed
# resolution, and the question some days after closing (shikayat/deadlines/followup.py).
RECENT = 200  # a sender's complaints looked at, newest first
LISTED = 5  # E-tags named in one reply
APPEAL_LOOKS_AT = 20  # a sender's latest complaints whose appeal window is read when no E-tag is given


@dataclass(frozen=True)
class Answer:
    """What became of a command, and the reply to queue."""

    outcome: str
    template: str = ""  # the reply ("" with `sent`, or when nobody can be answered)
    context: dict = field(default_factory=dict)
    complaint: Complaint | None = None
    detail: str = ""  # for InboundMessage.detail; "" = the reply's text says it
    sent: OutboxMessage | None = None  # the action's own message to the sender, which answers them instead


class Refused(Exception):
    """Stop here and reply with `answer`."""

    def __init__(self, answer: Answer):
        super().__init__(answer.template)
        self.answer = answer


class Sender:
    """The mobile an SMS came from, the language to answer in, and the complaints lodged with that number."""

    def __init__(self, mobile: str, script: str, now: datetime):
        self.mobile, self.script, self.now = mobile, script, now

    @cached_property
    def language(self) -> str:
        """The message's script (sms_parse.guess_language); for Latin letters (English or Roman Urdu), the language of
        the sender's latest complaint, which every other message to them is in, else English."""
        if self.script != "en":
            return self.script
        latest = next(iter(self.complaints), None)
        return latest.language if latest is not None and latest.language in ("ur", "hi") else "en"

    @cached_property
    def complaints(self) -> list[Complaint]:
        rows = Complaint.objects.filter(complainant_mobile=self.mobile).order_by("-received_at", "-id")
        return list(rows.only("id", "etag", "status", "language", "received_at", "closed_at", "category_id",
                              "complainant_mobile", "followup_asked_at", "followup_answered_at")[:RECENT])

    @cached_property
    def own(self) -> frozenset[str]:
        return frozenset(complaint.etag for complaint in self.complaints)

    @property
    def citizen(self) -> CitizenActor:
        return CitizenActor(mobile=self.mobile, credential="sms")

    def keywords(self) -> dict:
        """The keywords replies suggest, in the reply's language (the configured complaint keyword written in
        its script, else the first one)."""
        configured = settings.SHIKAYAT["SMS_KEYWORDS"]
        complaint_keyword = next((k for k in configured if guess_language(k) == self.language), configured[0])
        return {"complaint_keyword": complaint_keyword,
                **{f"{kind}_keyword": shown[self.language] for kind, shown in SHOWN.items()}}

    def keyword(self, kind: str) -> str:
        return SHOWN[kind][self.language]


def run(command: Command, sender: Sender) -> Answer:
    """Carry out one command for `sender` (in the caller's transaction and reply language)."""
    try:
        return HANDLERS[command.kind](command, sender)
    except Refused as refused:
        return refused.answer


# --- help, STOP and START -----------------------------------------------------------------------------------


def show_help(command: Command, sender: Sender) -> Answer:
    return Answer(Outcome.REJECTED, "sms_help", sender.keywords(), detail=_("Not understood; help sent."))


def stop(command: Command, sender: Sender) -> Answer:
    """Works from any number, with complaints or none: it is about the number."""
    stops.stop(sender.mobile, CHANNEL)
    return Answer(Outcome.UPDATES_STOPPED, "sms_stopped", sender.keywords())


def start(command: Command, sender: Sender) -> Answer:
    stops.start(sender.mobile)
    return Answer(Outcome.UPDATES_STARTED, "sms_started", sender.keywords())


# --- lodging and status ---------------------------------------------------------------------------------------


def lodge(command: Command, sender: Sender) -> Answer:
    """A new complaint with no place: it goes to the top of the force's complaint cell, which routes it."""
    data = {"category": settings.SHIKAYAT["SMS_INTAKE_CATEGORY"], "description": command.rest,
            "mobile": sender.mobile, "name": _("SMS complainant"), "language": sender.language}
    try:
        complaint = intake.register_complaint(actor=permissions.SYSTEM, channel=CHANNEL, data=data, now=sender.now)
    except InvalidInput as error:
        reasons = " ".join([str(m) for messages in error.fields.values() for m in messages] or [str(error.message)])
        if "category" in error.fields:
            log.error("SMS intake: SHIKAYAT[\"SMS_INTAKE_CATEGORY\"] is not an active category: %s", reasons)
        return Answer(Outcome.REJECTED, "sms_not_registered", {"reason": reasons, **sender.keywords()},
                      detail=_("Not registered: %(reasons)s") % {"reasons": reasons})
    acknowledgement = OutboxMessage.objects.filter(complaint=complaint, channel=CHANNEL,
                                                   template="complaint_registered").first()
    return Answer(Outcome.COMPLAINT_CREATED, complaint=complaint, sent=acknowledgement)


def status(command: Command, sender: Sender) -> Answer:
    """STATUS <E-tag>; without one, the sender's open complaint (a list if several), else their latest."""
    if command.rest:
        named = named_etag(command.rest, sender.own)
        return _status_of(sender, etags.display(named.etag) if named.etag else command.rest)
    open_ = [complaint for complaint in sender.complaints if complaint.is_open]
    if len(open_) > 1:
        return Answer(Outcome.STATUS_REPLY, "sms_status_list", {"complaints": _listed(open_, with_status=True),
                                                                **sender.keywords()})
    chosen = open_[0] if open_ else next(iter(sender.complaints), None)
    if chosen is None:
        return Answer(Outcome.STATUS_REPLY, "sms_no_complaint", sender.keywords())
    return _status_of(sender, chosen.etag)


def _status_of(sender: Sender, raw_etag: str) -> Answer:
    try:
        found = selectors.public_status(raw_etag, sender.mobile, client=f"sms:{sender.mobile}")
    except ratelimit.RateLimited:
        return Answer(Outcome.STATUS_REPLY, "status_limited", sender.keywords(),
                      detail=_("Status asked for too often: refused for a while."))
    except (InvalidInput, NotFound):
        shown = raw_etag.strip()[:20] or "-"
        return Answer(Outcome.STATUS_REPLY, "status_not_found", {"etag": shown, **sender.keywords()},
                      detail=_("Status asked for %(etag)s: not found for this mobile.") % {"etag": shown})
    complaint = Complaint.objects.filter(etag=etags.normalise(found["etag"])).first()
    context = {"etag": found["etag"], "status": found["status_label"], "category": found["category"],
               "unit": found["unit"], "track_url": tracking_url(complaint.etag, sent_by="sms")}
    return Answer(Outcome.STATUS_REPLY, "status_reply", context, complaint,
                  detail=_("Status of %(etag)s sent.") % {"etag": found["etag"]})


# --- acting on a complaint ------------------------------------------------------------------------------------


def add_information(command: Command, sender: Sender) -> Answer:
    """INFO [E-tag] <text>: more details for an open complaint."""

    def example(etag: str) -> str:
        return _example(sender.keyword("info"), etag, _("your information"))

    named = named_etag(command.rest, sender.own)
    complaint = _choose(sender, named, lambda: [c for c in sender.complaints if c.is_open], example,
                        none=lambda: Answer(Outcome.REJECTED, "sms_no_open_complaint", sender.keywords()))
    if not complaint.is_open:
        _refuse("sms_not_open", {"etag": complaint.etag_display, "status": complaint.get_status_display()},
                complaint)
    sent = _act(sender, complaint, example(complaint.etag_display), lambda: actions.add_information(
        complaint, actor=sender.citizen, text=named.words, channel=CHANNEL, now=sender.now))
    return Answer(Outcome.INFORMATION_ADDED, "sms_information_added", {"etag": complaint.etag_display}, complaint,
                  sent=sent)


def answer(command: Command, sender: Sender) -> Answer:
    """1 or 2 (yes / no in any of the languages), with an optional E-tag: the answer to the last question we
    asked — the question after closing if that came last, else a proposed resolution."""
    satisfied = command.kind == "yes"
    named = named_etag(command.rest, sender.own)
    if not named.etag and not named.error:
        asked = _followup_asked_last(sender)
        if asked is not None:
            return _followup(sender, asked, satisfied, named.words)

    def example(etag: str) -> str:
        return _example("1", etag, "5") if satisfied else _example("2", etag, _("your reason"))

    complaint = _choose(sender, named, lambda: [c for c in sender.complaints
                                                if c.status == Status.AWAITING_FEEDBACK], example,
                        none=lambda: Answer(Outcome.REJECTED, "sms_nothing_awaiting", sender.keywords()))
    if complaint.status == Status.AWAITING_FEEDBACK:
        rating, comment = rating_and_words(named.words) if satisfied else (None, named.words)
        sent = _act(sender, complaint, example(complaint.etag_display), lambda: actions.record_feedback(
            complaint, actor=sender.citizen, satisfied=satisfied, rating=rating, comment=comment, channel=CHANNEL,
            now=sender.now))
        return Answer(Outcome.FEEDBACK_RECORDED, "complaint_closed" if satisfied else "complaint_reopened",
                      {"etag": complaint.etag_display}, complaint, sent=sent)
    if _followup_open(complaint):
        return _followup(sender, complaint, satisfied, named.words)
    _refuse("sms_not_awaiting", {"etag": complaint.etag_display, "status": complaint.get_status_display()},
            complaint)


def _followup(sender: Sender, complaint: Complaint, held: bool, note: str) -> Answer:
    example = _example("1", complaint.etag_display, "") + " / " + _example("2", complaint.etag_display,
                                                                            _("what happened"))
    sent = _act(sender, complaint, example, lambda: actions.record_followup(
        complaint, held=held, note=note, actor=sender.citizen, channel=CHANNEL, now=sender.now))
    # "No" reopens it on appeal, one level up.
    return Answer(Outcome.FOLLOWUP_RECORDED, "sms_followup_recorded" if held else "complaint_reopened",
                  {"etag": complaint.etag_display}, complaint, sent=sent)


def _followup_asked_last(sender: Sender) -> Complaint | None:
    """The complaint whose question after closing is open, when that question was asked after every proposed
    resolution still waiting for the sender's answer (asked when a supervisor approved it); else None. Read from
    the complaints' own times, not from the messages: a message may still be waiting to go out."""
    asked = [complaint for complaint in sender.complaints if _followup_open(complaint)]
    if not asked:
        return None
    latest = max(asked, key=lambda complaint: complaint.followup_asked_at)
    awaiting = [complaint.pk for complaint in sender.complaints if complaint.status == Status.AWAITING_FEEDBACK]
    if awaiting:
        resolution_asked = (ComplaintEvent.objects.filter(complaint_id__in=awaiting, action="approve_resolution")
                            .aggregate(at=Max("at"))["at"])
        if resolution_asked is not None and resolution_asked > latest.followup_asked_at:
            return None
    return latest


def _followup_open(complaint: Complaint) -> bool:
    """The question after closing was asked and is not answered yet."""
    return (complaint.status == Status.CLOSED and complaint.followup_asked_at is not None
            and complaint.followup_answered_at is None)


def appeal(command: Command, sender: Sender) -> Answer:
    """APPEAL [E-tag] <grounds>: a rejection, a merger or a closing without the citizen's answer goes one level
    up, within the SOP's days (the core's appeal_window says whether, and if not why)."""
    window = actions.appeal_window

    def example(etag: str) -> str:
        return _example(sender.keyword("appeal"), etag, _("why you appeal"))

    def cannot(complaint: Complaint) -> Answer:
        return Answer(Outcome.REJECTED, "sms_cannot_appeal", {
            "etag": complaint.etag_display, "reason": str(window(complaint, sender.now).reason)}, complaint)

    def none() -> Answer:
        # Why the latest finished complaint cannot be appealed says the most (e.g. "you confirmed you were satisfied").
        finished = next((c for c in sender.complaints if not c.is_open), None)
        return cannot(finished) if finished else Answer(Outcome.REJECTED, "sms_nothing_to_appeal", sender.keywords())

    named = named_etag(command.rest, sender.own)
    complaint = _choose(sender, named, lambda: [c for c in sender.complaints[:APPEAL_LOOKS_AT] if not c.is_open
                                                and window(c, sender.now).open], example, none=none)
    if named.etag and not window(complaint, sender.now).open:
        raise Refused(cannot(complaint))
    sent = _act(sender, complaint, example(complaint.etag_display), lambda: actions.appeal(
        complaint, actor=sender.citizen, grounds=named.words, channel=CHANNEL, now=sender.now))
    return Answer(Outcome.APPEALED, "sms_appeal_received", {"etag": complaint.etag_display}, complaint, sent=sent)


# --- shared steps ---------------------------------------------------------------------------------------------


def _refuse(template: str, context: dict, complaint: Complaint | None = None) -> NoReturn:
    raise Refused(Answer(Outcome.REJECTED, template, context, complaint))


def _own(sender: Sender, code: str) -> Complaint:
    """The sender's complaint with this E-tag; any other gets the answer an unknown E-tag gets, and counts as
    a wrong try against the tracking limits, as on every door."""
    try:
        with ratelimit.tracking(f"sms:{sender.mobile}", code):
            complaint = Complaint.objects.filter(etag=code, complainant_mobile=sender.mobile).first()
            if complaint is None:
                raise NotFound()
    except ratelimit.RateLimited:
        _refuse("status_limited", sender.keywords())
    except NotFound:
        _refuse("sms_etag_not_found", {"etag": etags.display(code)})
    return complaint


def _choose(sender: Sender, named: Named, candidates: Callable[[], list[Complaint]],
            example: Callable[[str], str], *, none: Callable[[], Answer]) -> Complaint:
    """The complaint a command is about: the one its E-tag names, or the only candidate."""
    if named.error:
        _refuse("sms_refused", {"reason": named.error, "example": example("K7QM-4XZ2")})
    if named.etag:
        return _own(sender, named.etag)
    found = candidates()
    if not found:
        raise Refused(none())
    if len(found) > 1:
        _refuse("sms_choose_complaint", {"etags": _listed(found), "example": example(found[0].etag_display)})
    return found[0]


def _act(sender: Sender, complaint: Complaint, example: str, action: Callable[[], object]) -> OutboxMessage | None:
    """Run the core's action; a refusal (bad input, wrong state) is explained with an example. Returns an SMS
    the action (or a listener of it) queued to the sender about this step, which then answers them: one message,
    not two. (The complainant's updates, shikayat/updates, do not echo a step back on the channel it was taken
    by; a core that still texts "closed" / "reopened" itself is answered by that text.)"""
    last = OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        action()
    except DomainError as error:
        _refuse("sms_refused", {"reason": str(error.message), "example": example}, complaint)
    return (OutboxMessage.objects.filter(id__gt=last, complaint=complaint, channel=CHANNEL, recipient=sender.mobile)
            .order_by("id").first())


def _example(*words: str) -> str:
    return " ".join(word for word in words if word)


def _listed(complaints: list[Complaint], with_status: bool = False) -> str:
    shown = [f"{c.etag_display} ({c.get_status_display()})" if with_status else c.etag_display
             for c in complaints[:LISTED]]
    return ", ".join(shown) + (", …" if len(complaints) > LISTED else "")


HANDLERS: dict[str, Callable[[Command, Sender], Answer]] = {
    "help": show_help, "stop": stop, "start": start, "complaint": lodge, "status": status, "info": add_information,
    "yes": answer, "no": answer, "appeal": appeal,
}
