"""What the webhook hands to the conversation engine: one citizen message,
already parsed from Meta's payload, verified, stored and deduplicated.

The webhook side (shikayat.whatsapp) builds these; the bot
(shikayat.bot.engine.handle) consumes them. Neither knows the other's
insides."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Incoming:
    message_id: str  # Meta's wamid, unique; processed once
    wa_id: str  # the WhatsApp user id (business-scoped ids exist: not always a phone number)
    phone: str  # E.164 when Meta gives the number, else ""
    profile_name: str
    at: datetime  # the message's own timestamp (aware, UTC)
    kind: str  # text | interactive | location | image | document | audio | video | sticker | unsupported
    text: str = ""  # body of a text message
    reply_id: str = ""  # id of the chosen interactive list row / button
    reply_title: str = ""
    latitude: float | None = None
    longitude: float | None = None
    location_name: str = ""
    media_id: str = ""  # for image/document/audio/video: fetched later by a background job
    media_mime: str = ""
    media_filename: str = ""
    caption: str = ""
    extra: dict = field(default_factory=dict)
