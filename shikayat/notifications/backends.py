"""Channel adapters behind one interface. Development uses the console or
file backend; the real gateway clients plug in through settings."""

import json
import logging
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("shikayat.outbox")


class DeliveryError(Exception):
    """The gateway refused or failed; the message will be retried."""


class ConsoleBackend:
    def send(self, *, channel: str, recipient: str, text: str) -> str:
        log.info("[%s → %s] %s", channel, recipient, text)
        return ""


class FileBackend:
    """Appends one JSON line per message: handy for demos and tests."""

    def __init__(self, path: str | None = None):
        self.path = Path(path or settings.VAR_DIR / "outbox.jsonl")

    def send(self, *, channel: str, recipient: str, text: str) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"channel": channel, "to": recipient, "text": text}, ensure_ascii=False) + "\n")
        return ""


def backend_for(channel: str):
    dotted = settings.SHIKAYAT.get("MESSAGE_BACKENDS", {}).get(
        channel, "shikayat.notifications.backends.ConsoleBackend"
    )
    return import_string(dotted)()
