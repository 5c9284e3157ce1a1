"""Reading Meta's webhook payloads (WhatsApp Cloud API, field "messages").

One delivery may carry several entries, each with several changes, each with
several messages and statuses; every one of them is read. Items we cannot
identify (no message id, no sender) are skipped and logged: answering 400
would only make Meta send the same delivery again and again."""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .types import Incoming

log = logging.getLogger("shikayat.whatsapp")

MEDIA_KINDS = ("image", "document", "audio", "video", "sticker")
# Interactive replies we understand; the bot sees the chosen row's or button's id.
REPLY_TYPES = ("list_reply", "button_reply")


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
                message_id, sender = str(message.get("id") or ""), sender_of(payload)
                if not message_id or not sender:
                    log.warning("WhatsApp message without an id or a sender skipped: %.200s", message)
                    continue
                delivery.messages.append((message_id[:255], sender[:140], _time(message.get("timestamp")) or now,
                                          kind_of(message), payload))
            for status in _dicts(value.get("statuses")):
                if status.get("id") and status.get("status"):
                    delivery.statuses.append(StatusReport(str(status["id"]), str(status["status"]),
                                                          _time(status.get("timestamp")), _status_detail(status)))
    return delivery


def sender_of(payload: dict) -> str:
    """The user's key: their phone number's digits when Meta gives it, else
    their business-scoped user id (users with a username may hide the number)."""
    message, contact = payload.get("message") or {}, payload.get("contact") or {}
    for value in (message.get("from"), contact.get("wa_id"), message.get("from_user_id"), contact.get("user_id")):
        if value:
            return str(value).strip()
    return ""


def kind_of(message: dict) -> str:
    kind = message.get("type")
    if kind == "text" and isinstance(message.get("text"), dict):
        return "text"
    if kind == "interactive" and (message.get("interactive") or {}).get("type") in REPLY_TYPES:
        return "interactive"
    if kind == "button" and isinstance(message.get("button"), dict):
        return "interactive"  # a template's quick-reply button: the bot treats it like a button reply
    if kind == "location" and isinstance(message.get("location"), dict):
        return "location"
    if kind in MEDIA_KINDS and isinstance(message.get(kind), dict) and message[kind].get("id"):
        return kind
    return "unsupported"


def incoming_from(payload: dict, received_at: datetime | None = None) -> Incoming:
    """The engine's view of one stored message."""
    message, contact = payload.get("message") or {}, payload.get("contact") or {}
    sender = sender_of(payload)
    phone_digits = str(message.get("from") or contact.get("wa_id") or "")
    kind = kind_of(message)
    fields: dict = {"extra": {"type": message.get("type", "")}}
    user_id = message.get("from_user_id") or contact.get("user_id")
    if user_id:
        fields["extra"]["user_id"] = str(user_id)
    if (message.get("context") or {}).get("id"):
        fields["extra"]["context_id"] = str(message["context"]["id"])  # the message this one replies to
    if kind == "text":
        fields["text"] = str(message["text"].get("body") or "")
    elif kind == "interactive" and message.get("type") == "button":
        button = message["button"]
        fields.update(reply_id=str(button.get("payload") or button.get("text") or ""),
                      reply_title=str(button.get("text") or ""))
        fields["extra"]["reply_type"] = "quick_reply"
    elif kind == "interactive":
        interactive = message["interactive"]
        reply = interactive.get(interactive["type"]) or {}
        fields.update(reply_id=str(reply.get("id") or ""), reply_title=str(reply.get("title") or ""))
        fields["extra"]["reply_type"] = interactive["type"]
        if reply.get("description"):
            fields["extra"]["reply_description"] = str(reply["description"])
    elif kind == "location":
        location = message["location"]
        fields.update(latitude=_float(location.get("latitude")), longitude=_float(location.get("longitude")),
                      location_name=str(location.get("name") or location.get("address") or ""))
        if location.get("address"):
            fields["extra"]["address"] = str(location["address"])
    elif kind in MEDIA_KINDS:
        media = message[kind]
        fields.update(media_id=str(media["id"]), media_mime=str(media.get("mime_type") or ""),
                      media_filename=str(media.get("filename") or ""), caption=str(media.get("caption") or ""))
        if media.get("voice"):
            fields["extra"]["voice"] = True
    return Incoming(
        message_id=str(message.get("id") or ""), wa_id=sender,
        phone=f"+{phone_digits}" if phone_digits.isdigit() else "",
        profile_name=str((contact.get("profile") or {}).get("name") or ""),
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
    details = (error.get("error_data") or {}).get("details") or error.get("message") or ""
    return " ".join(str(part) for part in (error.get("code", ""), error.get("title", ""), details) if part)[:500]


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _time(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
