"""Send due outbox messages: claim a batch, send each, record the outcome.
Retries back off exponentially; after MAX_ATTEMPTS a message is marked failed
for a person to look at. Claiming uses SKIP LOCKED on PostgreSQL so several
workers never send the same message twice."""

import logging
from datetime import timedelta

from django.db import connection, transaction

from shikayat.core import clock

from .backends import DeliveryError, backend_for
from .messages import render
from .models import OutboxMessage

log = logging.getLogger("shikayat.outbox")
MAX_ATTEMPTS = 8


def deliver_due(limit: int = 100, now=None) -> int:
    """Send up to `limit` due messages; returns how many were sent."""
    now = now or clock.now()
    sent = 0
    with transaction.atomic():
        due = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        for message in list(due.order_by("next_attempt_at")[:limit]):
            sent += _deliver_one(message, now)
    return sent


def _deliver_one(message: OutboxMessage, now) -> int:
    message.attempts += 1
    try:
        text = render(message.template, message.language, message.context)
        message.provider_message_id = backend_for(message.channel).send(
            channel=message.channel, recipient=message.recipient, text=text
        ) or ""
    except (DeliveryError, OSError, KeyError, ValueError) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.state = OutboxMessage.State.FAILED
            log.error("outbox %s failed for good: %s", message.pk, message.last_error)
        else:
            message.next_attempt_at = now + timedelta(minutes=2 ** message.attempts)
        message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        return 0
    message.state = OutboxMessage.State.SENT
    message.sent_at = now
    message.save(update_fields=["attempts", "state", "sent_at", "provider_message_id"])
    return 1
