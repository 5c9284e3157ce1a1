"""STOP and START: a citizen turns updates about their complaints off and on again, by address."""

from shikayat.core import clock

from .models import UpdateStop
from .queue import drop_waiting

# Words that stop or restart updates, in English, Roman Urdu, Urdu and Hindi (compared case-folded, trimmed).
STOP_WORDS = frozenset({"stop", "unsubscribe", "band", "bund", "بند", "बंद", "रोकें"})
START_WORDS = frozenset({"start", "subscribe", "shuru", "شروع", "शुरू"})


def keyword(text: str) -> str | None:
    """"stop" or "start" when the whole message is one of those words, else None."""
    word = " ".join((text or "").split()).casefold().strip(".!۔।")
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


def stop(address: str, channel: str) -> bool:
    """Stop updates to `address`, including those waiting to go (queue.drop_waiting); True when they were on until
    now."""
    _row, created = UpdateStop.objects.get_or_create(
        address=address, defaults={"channel": channel, "stopped_at": clock.now()})
    drop_waiting(address)
    return created


def start(address: str) -> bool:
    """Restart updates to `address`; True when they were stopped until now."""
    deleted, _rows = UpdateStop.objects.filter(address=address).delete()
    return bool(deleted)


def stopped(addresses) -> set[str]:
    """Which of `addresses` asked for no updates."""
    wanted = [address for address in addresses if address]
    return set(UpdateStop.objects.filter(address__in=wanted).values_list("address", flat=True)) if wanted else set()
