"""Reading Meta's webhook payloads (WhatsApp Cloud API, field "messages").

One delivery may carry several entries, each with several changes, each with
several messages and statuses; every one of them is read. Items we cannot
identify (no message id, no sender, or one longer than its column) are
skipped and logged: answering 400 would only make Meta send the same
delivery again and again, and a truncated id could be someone else's. Every
reading is total: a value of the wrong type anywhere reads as missing, so a
stored message can always be handed to the engine."""

import logging
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shikayat.core.jsonsafe import clean_text

from .types import Incoming

log = logging.getLogger("shikayat.whatsapp")

MEDIA_KINDS = ("image", "document", "audio", "video", "sticker")
# A live location: Meta's Cloud API documents no type of its own (it may arrive as "unsupported" with
# unsupported.type naming it, or through a provider as a location marked live); every form is read as one.
LOCATION_TYPES = ("location", "live_location")
LIVE_MARKERS = ("live", "is_live", "live_period")
# Interactive replies we understand; the bot sees the chosen row's or button's id.
REPLY_TYPES = ("list_reply", "button_reply")
# The columns they are stored in (InboundWhatsAppMessage.message_id / wa_id, and the bot's Conversation.wa_id).
MAX_MESSAGE_ID, MAX_SENDER = 255, 140
_PHONE_DIGITS = re.compile(r"[0-9]{1,15}")  # E.164: at most 15 digits


@dataclass(frozen=True)
class StatusReport:
    message_id: str  # the wamid of a message we sent
    status: str  # sent, delivered, read, failed
    at: datetime | None
    detail: str = ""


@dataclass
class Delivery:
    # (message id, sender, timestamp, kind, payload) per message; payload is what incoming_from reads.
    messages: list[tuple[str, str, datetime, str, dict]] = field(default_factory=list)
    statuses: list[StatusReport] = field(default_factory=list)


def parse_delivery(body: dict, now: datetime) -> Delivery:
    """Every message and status in a delivery, in the order Meta listed them.
    `now` stands in for a missing or unreadable timestamp."""
    delivery = Delivery()
    for entry in _dicts(body.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field", "messages") != "messages" or not isinstance(value, dict):
                continue
            contacts = list(_dicts(value.get("contacts")))
            for message in _dicts(value.get("messages")):
                payload = {"message": message, "contact": _contact_for(message, contacts)}
                message_id, sender = _text(message.get("id")), sender_of(payload)
                if not message_id or not sender or len(message_id) > MAX_MESSAGE_ID or len(sender) > MAX_SENDER:
                    log.warning("WhatsApp message without a usable id or sender skipped: %.200r", message)
                    continue
                delivery.messages.append((message_id, sender, _time(message.get("timestamp")) or now,
                                          kind_of(message), payload))
            for status in _dicts(value.get("statuses")):
                status_id, word = _text(status.get("id")), _text(status.get("status"))
                if status_id and word:
                    delivery.statuses.append(StatusReport(status_id, word, _time(status.get("timestamp")),
                                                          _status_detail(status)))
    return delivery


def sender_of(payload: dict) -> str:
    """The user's key: their phone number's digits when Meta gives it, else
    their business-scoped user id (users with a username may hide the number)."""
    message, contact = _dict(payload.get("message")), _dict(payload.get("contact"))
    for value in (message.get("from"), contact.get("wa_id"), message.get("from_user_id"), contact.get("user_id")):
        if _text(value):
            return _text(value)
    return ""


def kind_of(message: dict) -> str:
    kind = message.get("type")
    if kind == "text" and isinstance(message.get("text"), dict):
        return "text"
    interactive = _dict(message.get("interactive"))
    if kind == "interactive" and interactive.get("type") in REPLY_TYPES and isinstance(
            interactive.get(interactive["type"]), dict):
        return "interactive"
    if kind == "button" and isinstance(message.get("button"), dict):
        return "interactive"  # a template's quick-reply button: the bot treats it like a button reply
    if kind in LOCATION_TYPES and isinstance(message.get("location"), dict):
        return "location"
    if kind in MEDIA_KINDS and isinstance(message.get(kind), dict) and _text(message[kind].get("id")):
        return kind
    return "unsupported"


def incoming_from(payload: dict, received_at: datetime | None = None) -> Incoming:
    """The engine's view of one stored message (its text cleaned of what no
    database takes, whatever was stored)."""
    message, contact = _dict(payload.get("message")), _dict(payload.get("contact"))
    sender = sender_of(payload)
    phone_digits = _text(message.get("from")) or _text(contact.get("wa_id"))
    kind = kind_of(message)
    fields: dict = {"extra": {"type": _text(message.get("type"))}}
    user_id = _text(message.get("from_user_id")) or _text(contact.get("user_id"))
    if user_id:
        fields["extra"]["user_id"] = user_id
    if _text(_dict(message.get("context")).get("id")):
        fields["extra"]["context_id"] = _text(message["context"]["id"])  # the message this one replies to
    if kind == "text":
        fields["text"] = _text(message["text"].get("body"))
    elif kind == "interactive" and message.get("type") == "button":
        button = message["button"]
        fields.update(reply_id=_text(button.get("payload")) or _text(button.get("text")),
                      reply_title=_text(button.get("text")))
        fields["extra"]["reply_type"] = "quick_reply"
    elif kind == "interactive":
        interactive = message["interactive"]
        reply = interactive[interactive["type"]]
        fields.update(reply_id=_text(reply.get("id")), reply_title=_text(reply.get("title")))
        fields["extra"]["reply_type"] = interactive["type"]
        if _text(reply.get("description")):
            fields["extra"]["reply_description"] = _text(reply["description"])
    elif kind == "location":
        location = message["location"]
        fields.update(latitude=_float(location.get("latitude")), longitude=_float(location.get("longitude")),
                      location_name=_text(location.get("name")) or _text(location.get("address")))
        if _text(location.get("address")):
            fields["extra"]["address"] = _text(location["address"])
        if message.get("type") == "live_location" or any(
                location.get(key) not in (None, False, 0, "") for key in LIVE_MARKERS):
            fields["extra"]["live"] = True
    elif kind == "unsupported" and _text(_dict(message.get("unsupported")).get("type")) == "live_location":
        fields["extra"]["live"] = True  # a live location without its point: the SOS is raised all the same
    elif kind in MEDIA_KINDS:
        media = message[kind]
        fields.update(media_id=_text(media["id"]), media_mime=_text(media.get("mime_type")),
                      media_filename=_text(media.get("filename")), caption=_text(media.get("caption")))
        if media.get("voice") is True:
            fields["extra"]["voice"] = True
    return Incoming(
        message_id=_text(message.get("id")), wa_id=sender,
        phone=f"+{phone_digits}" if _PHONE_DIGITS.fullmatch(phone_digits) else "",
        profile_name=_text(_dict(contact.get("profile")).get("name")),
        at=_time(message.get("timestamp")) or received_at or datetime.now(UTC), kind=kind, **fields)


def _contact_for(message: dict, contacts: list[dict]) -> dict:
    """The contacts entry describing this message's sender (Meta lists one per sender)."""
    for contact in contacts:
        if (message.get("from") and contact.get("wa_id") == message.get("from")) or (
                message.get("from_user_id") and contact.get("user_id") == message.get("from_user_id")):
            return contact
    return contacts[0] if len(contacts) == 1 else {}


def _status_detail(status: dict) -> str:
    errors = [e for e in _dicts(status.get("errors"))]
    if not errors:
        return ""
    error = errors[0]
    details = _text(_dict(error.get("error_data")).get("details")) or _text(error.get("message"))
    return " ".join(part for part in (_text(error.get("code")), _text(error.get("title")), details) if part)[:500]


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    """A string or a number as stripped, storable text; anything else (objects, lists, true) as ""."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return clean_text(str(value).strip())


def _time(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None
