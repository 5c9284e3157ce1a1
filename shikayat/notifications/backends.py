"""Channel adapters behind one interface. Development uses the console or
file backend; the real providers (shikayat/notifications/adapters/) plug in
through SHIKAYAT["MESSAGE_BACKENDS"], one per channel.

An adapter has:
  name            the provider's name, stored on the row and used by status callbacks
  safe_to_resend  True when sending the same message twice cannot reach the citizen twice:
                  the provider deduplicates by our idempotency key (or a duplicate is harmless)
  send(message)   returns the provider's message id, or raises one of the errors below
  close()         optional, releases connections at the end of a batch
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

log = logging.getLogger("shikayat.outbox")


@dataclass(frozen=True)
class Outgoing:
    """One message as the adapter sees it, already rendered in the recipient's language."""

    channel: str
    recipient: str
    text: str
    idempotency_key: str
    template: str = ""
    language: str = "en"
    context: dict = field(default_factory=dict)
    subject: str = ""  # email only
    now: datetime | None = None  # the worker's time (WhatsApp's 24-hour window)


class DeliveryError(Exception):
    """Not sent, or sending again is safe: the message will be retried."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after  # seconds, when the provider said (HTTP Retry-After)


class PermanentDeliveryError(DeliveryError):
    """The provider refused the message for good (bad number, bad credentials,
    a 4xx answer): retrying cannot help, so it goes to the dead letter."""


class UncertainDelivery(DeliveryError):
    """The request may have reached the provider (e.g. the answer timed out).
    Retried only through an adapter that is safe_to_resend; otherwise a
    person decides."""


class ConsoleBackend:
    name = "console"
    safe_to_resend = True  # a duplicate log line harms nobody

    def send(self, message: Outgoing) -> str:
        log.info("[%s → %s] %s", message.channel, message.recipient, message.text)
        return ""


class FileBackend:
    """Appends one JSON line per message: handy for demos and tests."""

    name = "file"
    safe_to_resend = True

    def __init__(self, path: str | None = None):
        self.path = Path(path or settings.VAR_DIR / "outbox.jsonl")

    def send(self, message: Outgoing) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {"channel": message.channel, "to": message.recipient, "text": message.text,
                "key": message.idempotency_key}
        if message.subject:
            line["subject"] = message.subject
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        return ""


# Short names accepted in SHIKAYAT["MESSAGE_BACKENDS"] (a dotted path works too).
ALIASES = {
    "console": "shikayat.notifications.backends.ConsoleBackend",
    "file": "shikayat.notifications.backends.FileBackend",
    "sms-gateway": "shikayat.notifications.adapters.sms_gateway.SmsGatewayBackend",
    "twilio": "shikayat.notifications.adapters.twilio_sms.TwilioSmsBackend",
    "whatsapp": "shikayat.notifications.adapters.whatsapp.WhatsAppBackend",
    "email": "shikayat.notifications.adapters.email.EmailBackend",
}


# People's channels fall back to the console in development. Any other channel (a portal, webhooks) must be
# configured: a console "send" would mark a machine's message sent without sending it.
CONSOLE_FALLBACK = frozenset({"sms", "email", "whatsapp"})


def backend_for(channel: str):
    """A new adapter for the channel, as configured."""
    configured = settings.SHIKAYAT.get("MESSAGE_BACKENDS", {}).get(channel)
    if not configured:
        if channel not in CONSOLE_FALLBACK:
            raise ImproperlyConfigured(f"No message backend for channel {channel!r} (SHIKAYAT['MESSAGE_BACKENDS']).")
        configured = "console"
    return import_string(ALIASES.get(configured, configured))()
