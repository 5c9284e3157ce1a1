"""Complaints and status requests by SMS, as posted by the SMS gateway.

Two formats are understood (keywords in any letter case):

- ``STATUS <E-tag>`` (also ``حالت`` or ``स्थिति``): the status of that
  complaint, answered only to the mobile number the complaint was lodged
  with; any other number gets the same "not found" answer as an unknown
  E-tag.
- ``<KEYWORD> <what happened>`` with a keyword from
  ``SHIKAYAT["SMS_KEYWORDS"]`` (default COMPLAINT, SHIKAYAT, شکایت, शिकायत):
  a complaint in category ``SHIKAYAT["SMS_INTAKE_CATEGORY"]`` with no place,
  so it goes to the top of the force's complaint cell, which categorises and
  routes it by hand. Intake queues the acknowledgement with the E-tag.

Anything else gets a short help reply. Replies are in the language of the
message's script (Arabic → Urdu, Devanagari → Hindi, otherwise English).

Every gateway message is processed once: its id is recorded in
InboundMessage in the same transaction as the complaint and the reply, so a
redelivery returns the first outcome and writes nothing."""

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.complaints import etag as etags
from shikayat.complaints import intake, permissions, selectors
from shikayat.complaints.links import tracking_url
from shikayat.complaints.models import Complaint
from shikayat.core import clock
from shikayat.core.errors import DomainError, InvalidInput, NotFound
from shikayat.core.phones import normalise_mobile
from shikayat.core.ratelimit import RateLimited
from shikayat.notifications.messages import render
from shikayat.notifications.models import OutboxMessage
from shikayat.notifications.outbox import enqueue

from .models import InboundMessage

log = logging.getLogger("shikayat.channels.sms")
CHANNEL = "sms"
STATUS_KEYWORDS = {"en": "STATUS", "ur": "حالت", "hi": "स्थिति"}
Outcome = InboundMessage.Outcome

# Keyword, then spaces or punctuation, then the rest ("STATUS: K7QM-4XZ2", "शिकायत मेरा …").
_FIRST_WORD = re.compile(r"\s*([^\s:;,.]+)[\s:;,.]*(.*)", re.DOTALL)
# Arabic-script keyboards differ in the yeh and kaf they type.
_ARABIC_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


class GatewayNotConfigured(DomainError):
    status_code = 503
    code = "not_configured"
    default_message = gettext_lazy("SMS intake is not configured on this server (no gateway token is set).")


class GatewayUnauthenticated(DomainError):
    status_code = 401
    code = "unauthenticated"
    default_message = gettext_lazy("The SMS gateway's token or signature is missing or wrong.")


def check_gateway(*, authorization: str, signature: str, body: bytes) -> None:
    """Accept `Authorization: Bearer <token>` or `X-Shikayat-Signature:
    sha256=<hex HMAC-SHA256 of the raw body, keyed with the token>`, both
    compared in constant time."""
    token = settings.SHIKAYAT.get("SMS_GATEWAY_TOKEN") or ""
    if not token:
        raise GatewayNotConfigured()
    scheme, _space, given = authorization.strip().partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return
    expected = hmac.new(token.encode(), body, hashlib.sha256).hexdigest()
    given_signature = signature.strip().lower().removeprefix("sha256=")
    if signature and hmac.compare_digest(given_signature.encode(), expected.encode()):
        return
    raise GatewayUnauthenticated()


@dataclass(frozen=True)
class SmsResult:
    outcome: str
    etag: str | None  # display form, when a complaint was registered
    reply: str  # the text queued to the sender ("" when nobody could be answered)


def guess_language(text: str) -> str:
    """ur for Arabic script, hi for Devanagari, en otherwise (majority of letters)."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    devanagari = sum(1 for ch in text if "\u0900" <= ch <= "\u097f")
    if not arabic and not devanagari:
        return "en"
    return "ur" if arabic >= devanagari else "hi"


def _word(text: str) -> str:
    return text.translate(_ARABIC_VARIANTS).casefold()


def parse(text: str) -> tuple[str, str]:
    """("status", e-tag) | ("complaint", description) | ("help", "")."""
    match = _FIRST_WORD.match(text or "")
    if not match:
        return "help", ""
    keyword, rest = _word(match.group(1)), match.group(2).strip()
    if keyword in {_word(k) for k in STATUS_KEYWORDS.values()}:
        return "status", rest
    if keyword in {_word(k) for k in settings.SHIKAYAT["SMS_KEYWORDS"]}:
        return "complaint", rest
    return "help", ""


def _keywords(language: str) -> dict:
    """The keywords to suggest in a reply: the configured complaint keyword
    written in the reply's script, else the first one."""
    configured = settings.SHIKAYAT["SMS_KEYWORDS"]
    complaint_keyword = next((k for k in configured if guess_language(k) == language), configured[0])
    return {"complaint_keyword": complaint_keyword, "status_keyword": STATUS_KEYWORDS[language]}


def _reply_key(message_id: str) -> str:
    return "sms-reply:" + hashlib.sha256(message_id.encode()).hexdigest()[:48]


def _queue_reply(message_id: str, mobile: str, template: str, language: str, context: dict,
                 complaint: Complaint | None = None) -> str:
    enqueue(channel="sms", recipient=mobile, template=template, language=language, context=context,
            dedupe_key=_reply_key(message_id), complaint=complaint)
    return render(template, language, context)


def _status(message_id: str, mobile: str, raw_etag: str, language: str) -> tuple[str, Complaint | None, str, str]:
    with translation.override(language):
        try:
            found = selectors.public_status(raw_etag, mobile, client=f"sms:{mobile}")
        except RateLimited:
            reply = _queue_reply(message_id, mobile, "status_limited", language, _keywords(language))
            return Outcome.STATUS_REPLY, None, reply, _("Status asked for too often: refused for a while.")
        except (InvalidInput, NotFound):
            found = None
        if found is None:
            shown = raw_etag.strip()[:20] or "-"
            reply = _queue_reply(message_id, mobile, "status_not_found", language,
                                 {"etag": shown, **_keywords(language)})
            return Outcome.STATUS_REPLY, None, reply, _("Status asked for %(etag)s: not found for this mobile.") % {
                "etag": shown}
        complaint = Complaint.objects.filter(etag=etags.normalise(found["etag"])).first()
        context = {"etag": found["etag"], "status": found["status_label"], "category": found["category"],
                   "unit": found["unit"], "track_url": tracking_url(complaint.etag, sent_by="sms")}
    reply = _queue_reply(message_id, mobile, "status_reply", language, context, complaint)
    return Outcome.STATUS_REPLY, complaint, reply, _("Status of %(etag)s sent.") % {"etag": found["etag"]}


def _complaint(message_id: str, mobile: str, description: str, language: str, now: datetime):
    with translation.override(language):
        data = {"category": settings.SHIKAYAT["SMS_INTAKE_CATEGORY"], "description": description,
                "mobile": mobile, "name": _("SMS complainant"), "language": language}
        try:
            complaint = intake.register_complaint(actor=permissions.SYSTEM, channel=CHANNEL, data=data, now=now)
        except InvalidInput as error:
            reasons = [str(m) for messages in error.fields.values() for m in messages] or [str(error.message)]
            if "category" in error.fields:
                log.error("SMS intake: SHIKAYAT[\"SMS_INTAKE_CATEGORY\"] is not an active category: %s", reasons)
            reply = _queue_reply(message_id, mobile, "sms_not_registered", language,
                                 {"reason": " ".join(reasons), **_keywords(language)})
            return Outcome.REJECTED, None, reply, _("Not registered: %(reasons)s") % {"reasons": " ".join(reasons)}
    return Outcome.COMPLAINT_CREATED, complaint, _acknowledgement_text(complaint), ""


def _acknowledgement_text(complaint: Complaint) -> str:
    row = OutboxMessage.objects.filter(complaint=complaint, channel="sms", template="complaint_registered").first()
    return render(row.template, row.language, row.context) if row else ""


def _reply_text(inbound: InboundMessage) -> str:
    """The text first queued for this message (a redelivery answers with it again)."""
    if inbound.outcome == Outcome.COMPLAINT_CREATED and inbound.complaint is not None:
        return _acknowledgement_text(inbound.complaint)
    row = OutboxMessage.objects.filter(dedupe_key=_reply_key(inbound.external_id)).first()
    return render(row.template, row.language, row.context) if row else ""


def _result(inbound: InboundMessage) -> SmsResult:
    created = inbound.outcome == Outcome.COMPLAINT_CREATED and inbound.complaint is not None
    return SmsResult(outcome=inbound.outcome, etag=inbound.complaint.etag_display if created else None,
                     reply=_reply_text(inbound))


def _already_processed(message_id: str) -> InboundMessage | None:
    return (InboundMessage.objects.select_related("complaint")
            .filter(channel=CHANNEL, external_id=message_id).first())


def receive(*, message_id: str, sender: str, text: str, now: datetime | None = None) -> SmsResult:
    """Process one SMS from the gateway, once per gateway message id.

    Writes, in one transaction: the InboundMessage, and the complaint or the
    reply in the outbox. A message id seen before returns its first result."""
    previous = _already_processed(message_id)
    if previous is not None:
        return _result(previous)
    now = now or clock.now()
    language = guess_language(text)
    try:
        with transaction.atomic():
            outcome, complaint, reply, detail = _process(message_id, sender, text, language, now)
            InboundMessage.objects.create(channel=CHANNEL, external_id=message_id, sender=sender[:254],
                                          subject=text[:300], received_at=now, outcome=outcome,
                                          detail=detail, complaint=complaint)
    except IntegrityError:
        # A concurrent delivery of the same id committed first; everything here was rolled back.
        previous = _already_processed(message_id)
        if previous is None:
            raise
        return _result(previous)
    return SmsResult(outcome=outcome, etag=complaint.etag_display if outcome == Outcome.COMPLAINT_CREATED else None,
                     reply=reply)


def _process(message_id: str, sender: str, text: str, language: str, now: datetime):
    try:
        mobile = normalise_mobile(sender)
    except InvalidInput as error:
        # Short codes and alphanumeric senders cannot be answered or complain.
        return Outcome.REJECTED, None, "", _("Sender is not a mobile number: %(error)s") % {"error": error.message}
    kind, rest = parse(text)
    if kind == "status":
        return _status(message_id, mobile, rest, language)
    if kind == "complaint":
        return _complaint(message_id, mobile, rest, language, now)
    reply = _queue_reply(message_id, mobile, "sms_help", language, _keywords(language))
    return Outcome.REJECTED, None, reply, _("Not understood; help sent.")
