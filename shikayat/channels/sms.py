"""The SMS gateway's door: whatever a citizen can do on the web after lodging, they can do by SMS from a
basic phone, in English, Urdu, Hindi or Roman Urdu (keywords in any letter case; sms_parse.py reads them,
sms_commands.py carries them out):

- ``<KEYWORD> <what happened>`` with a keyword from ``SHIKAYAT["SMS_KEYWORDS"]`` (default COMPLAINT,
  SHIKAYAT, شکایت, शिकायत): a complaint in category ``SHIKAYAT["SMS_INTAKE_CATEGORY"]`` with no place, so it
  goes to the top of the force's complaint cell, which categorises and routes it by hand;
- ``STATUS [E-tag]`` (حالت, स्थिति, halat): the status, only to the number the complaint was lodged with;
- ``1 [E-tag] [rating 1-5] [comment]`` / ``2 [E-tag] <why>`` (also yes / no, ہاں / نہیں, हाँ / नहीं, haan /
  nahi): the answer to a proposed resolution, or to the question after closing if that was asked last;
- ``INFO [E-tag] <text>`` (معلومات, जानकारी, malumat): more details for an open complaint;
- ``APPEAL [E-tag] <why>`` (اپیل, अपील, apeel): an appeal, within the appeal window;
- ``STOP`` / ``START`` (بند / شروع, बंद / शुरू, band / shuru) alone: updates off and on, from any number.

Anything else gets a short help reply. The E-tag is needed only when the sender has several complaints the
command could mean. Replies are in the language of the message's script (Arabic → Urdu, Devanagari →
Hindi); a message in Latin letters (English or Roman Urdu) is answered in the language of the sender's latest
complaint, which is what every other message to them is in, else in English.

Every gateway message is processed once: its id is recorded in InboundMessage in the same transaction as
what it did and its reply, so a redelivery is answered with the first reply and writes nothing."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.core import clock
from shikayat.core.errors import DomainError, InvalidInput
from shikayat.core.phones import normalise_mobile
from shikayat.core.signing import signature_matches
from shikayat.notifications.messages import render
from shikayat.notifications.models import OutboxMessage
from shikayat.notifications.outbox import enqueue

from . import sms_commands, sms_parse
from .models import InboundMessage
from .sms_commands import Answer, Sender
from .sms_parse import guess_language

CHANNEL = sms_commands.CHANNEL
Outcome = InboundMessage.Outcome


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
    if signature_matches(token, body, signature, bare_hex_too=True):
        return
    raise GatewayUnauthenticated()


@dataclass(frozen=True)
class SmsResult:
    outcome: str
    etag: str | None  # display form, when a complaint was registered
    reply: str  # the text queued to the sender ("" when nobody could be answered)


def _reply_key(message_id: str) -> str:
    return "sms-reply:" + hashlib.sha256(message_id.encode()).hexdigest()[:48]


def _queue_reply(message_id: str, sender: Sender, answer: Answer) -> OutboxMessage | None:
    """The message that answers this SMS: the one the action sent the sender itself, or our reply."""
    if answer.sent is not None:
        return answer.sent
    if not answer.template:
        return None
    key = _reply_key(message_id)
    enqueue(channel="sms", recipient=sender.mobile, template=answer.template, language=sender.language,
            context=answer.context, dedupe_key=key, complaint=answer.complaint)
    return OutboxMessage.objects.get(dedupe_key=key)


def _text(row: OutboxMessage | None) -> str:
    return render(row.template, row.language, row.context) if row is not None else ""


def _reply_text(inbound: InboundMessage) -> str:
    """The text first queued for this message (a redelivery answers with it again)."""
    if inbound.reply is not None:
        return _text(inbound.reply)
    # Messages processed before replies were linked: the acknowledgement, or the reply under its key.
    if inbound.outcome == Outcome.COMPLAINT_CREATED and inbound.complaint is not None:
        return _text(OutboxMessage.objects.filter(complaint=inbound.complaint, channel="sms",
                                                  template="complaint_registered").first())
    return _text(OutboxMessage.objects.filter(dedupe_key=_reply_key(inbound.external_id)).first())


def _result(inbound: InboundMessage) -> SmsResult:
    created = inbound.outcome == Outcome.COMPLAINT_CREATED and inbound.complaint is not None
    return SmsResult(outcome=inbound.outcome, etag=inbound.complaint.etag_display if created else None,
                     reply=_reply_text(inbound))


def _already_processed(message_id: str) -> InboundMessage | None:
    return (InboundMessage.objects.select_related("complaint", "reply")
            .filter(channel=CHANNEL, external_id=message_id).first())


def receive(*, message_id: str, sender: str, text: str, now: datetime | None = None) -> SmsResult:
    """Process one SMS from the gateway, once per gateway message id.

    Writes, in one transaction: the InboundMessage, what the command did (a complaint, an answer, …) and
    the reply in the outbox. A message id seen before returns its first result."""
    previous = _already_processed(message_id)
    if previous is not None:
        return _result(previous)
    now = now or clock.now()
    try:
        with transaction.atomic():
            inbound = _process(message_id, sender, text, now)
    except IntegrityError:
        # A concurrent delivery of the same id committed first; everything here was rolled back.
        previous = _already_processed(message_id)
        if previous is None:
            raise
        return _result(previous)
    return _result(inbound)


def _process(message_id: str, raw_sender: str, text: str, now: datetime) -> InboundMessage:
    record = {"channel": CHANNEL, "external_id": message_id, "sender": raw_sender[:254], "subject": text[:300],
              "received_at": now}
    try:
        mobile = normalise_mobile(raw_sender)
    except InvalidInput as error:
        # Short codes and alphanumeric senders cannot be answered or act.
        return InboundMessage.objects.create(**record, outcome=Outcome.REJECTED, detail=_(
            "Sender is not a mobile number: %(error)s") % {"error": error.message})
    sender = Sender(mobile, guess_language(text), now)
    with translation.override(sender.language):
        answer = sms_commands.run(sms_parse.parse(text), sender)
        reply = _queue_reply(message_id, sender, answer)
        # A refusal's detail is what the sender was told.
        detail = answer.detail or (_text(reply) if answer.outcome == Outcome.REJECTED else "")
    return InboundMessage.objects.create(**record, outcome=answer.outcome, detail=detail,
                                         complaint=answer.complaint, reply=reply)
