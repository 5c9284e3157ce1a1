"""Delivery reports from providers: what became of a message after the
provider accepted it. Called by the callback endpoints (views.py) and by the
WhatsApp webhook for its `statuses` entries."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound

from .models import DeliveryEvent, OutboxMessage

# Each provider's words for a message's fate, in ours.
SENT, DELIVERED, READ, FAILED = "sent", "delivered", "read", "failed"
STATUS_WORDS = {
    "sent": SENT, "accepted": SENT, "queued": SENT, "sending": SENT, "scheduled": SENT, "enroute": SENT,
    "delivered": DELIVERED, "delivrd": DELIVERED,
    "read": READ,
    "failed": FAILED, "undelivered": FAILED, "undeliv": FAILED, "rejected": FAILED, "rejectd": FAILED,
    "expired": FAILED, "canceled": FAILED, "deleted": FAILED,
}
# Reports can arrive out of order; the row keeps the furthest one
# ("delivered" after "read" does not undo the read).
PROGRESS = {"": 0, SENT: 1, FAILED: 2, DELIVERED: 3, READ: 4}


def status_from(provider_status: str) -> str:
    word = STATUS_WORDS.get((provider_status or "").strip().lower())
    if word is None:
        raise InvalidInput(_("Unknown delivery status."), fields={"status": [_("Unknown delivery status.")]})
    return word


def record_status(provider: str, provider_message_id: str, status: str, at: datetime | None = None,
                  detail: str = "") -> DeliveryEvent:
    """Record a provider's report on one of our messages: a DeliveryEvent, and
    the row's delivery_status / delivered_at when it moves forward. The same
    report twice (same status and time, or same status when the provider gives
    no time) is recorded once. NotFound for an id we never sent."""
    ours = status_from(status)
    with transaction.atomic():
        message = (OutboxMessage.objects.select_for_update()
                   .filter(provider=provider, provider_message_id=provider_message_id).exclude(provider_message_id="")
                   .first())
        if message is None:
            raise NotFound(_("No message with this id was sent through this provider."))
        same = {"message": message, "provider": provider, "provider_status": status[:32]}
        if at is None:  # the report has no time of its own (Twilio): a repeat is the same status again
            earlier = DeliveryEvent.objects.filter(**same).first()
            if earlier:
                return earlier
        at = at or clock.now()
        event, created = DeliveryEvent.objects.get_or_create(
            **same, at=at, defaults={"status": ours, "detail": (detail or "")[:500], "received_at": clock.now()})
        changed = []
        if created and PROGRESS[ours] > PROGRESS.get(message.delivery_status, 0):
            message.delivery_status = ours
            changed.append("delivery_status")
        if created and ours in (DELIVERED, READ) and message.delivered_at is None:
            message.delivered_at = at  # "read" implies delivered
            changed.append("delivered_at")
        if changed:
            message.save(update_fields=changed)
    return event
