"""The outbox: messages to citizens and officers are rows written in the same
transaction as the change that caused them, and sent later by a worker
(shikayat/notifications/delivery.py)."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        # Gave up: a permanent refusal, or the last retry failed. Needs a person ("dead letter").
        DEAD = "dead", _("Dead letter")
        # The worker stopped while a provider that cannot deduplicate was sending it: it may or may
        # not have reached the citizen. Needs a person to check the provider's log before a retry.
        UNCERTAIN = "uncertain", _("Outcome unknown")

    channel = models.CharField(max_length=16)  # sms, email, whatsapp
    recipient = models.CharField(max_length=254)
    template = models.CharField(max_length=64)
    language = models.CharField(max_length=2, default="en")
    context = models.JSONField(default=dict)
    # Makes enqueueing idempotent: the same event never queues two messages. Unique by the constraint in Meta
    # (`unique=True` would add a LIKE index on PostgreSQL that no look-up uses).
    dedupe_key = models.CharField(max_length=120)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Due time; while a worker holds the lease it equals leased_until, so an
    # expired lease makes the row due again without a second index.
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    # Columns added later carry database defaults too: bench/intake.py writes rows with raw SQL.
    leased_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True, default="", db_default="")
    # Set just before the provider is called and cleared when the outcome is
    # recorded: if a lease expires while it is set, the send may have happened.
    sending_started_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=16, blank=True, default="", db_default="")
    provider_message_id = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # From the provider's status callbacks (see status.py): sent, delivered, read, failed.
    delivery_status = models.CharField(max_length=16, blank=True, default="", db_default="")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            # Status callbacks find a sent message by the provider's id: only sent messages have one, so a new
            # message writes no entry here.
            models.Index(fields=["provider", "provider_message_id"], name="outbox_provider_id_idx",
                         condition=~models.Q(provider_message_id="")),
        ]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="outbox_dedupe_key_unique")]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: {self.template} ({self.state})"

    @property
    def idempotency_key(self) -> str:
        """Sent to the provider with every attempt, so a retry of the same row is
        recognised. dedupe_key alone could repeat after a database reset
        (e.g. "otp:<pk>"), hence the creation time as well."""
        seed = f"{self.dedupe_key}|{self.created_at.isoformat()}"
        return "shk-" + hashlib.sha256(seed.encode()).hexdigest()[:40]


class DeliveryEvent(models.Model):
    """One status report from a provider (history; the row keeps the latest)."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="delivery_events")
    provider = models.CharField(max_length=16)
    status = models.CharField(max_length=16)  # sent, delivered, read, failed
    provider_status = models.CharField(max_length=32, blank=True)  # as the provider named it
    at = models.DateTimeField()
    detail = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.status} at {self.at:%Y-%m-%d %H:%M}"


class WhatsAppContact(models.Model):
    """A citizen's WhatsApp identity. The WhatsApp bot updates last_inbound_at
    on every message it receives; free text may be sent only within 24 hours
    of it, otherwise an approved template."""

    wa_id = models.CharField(max_length=140, unique=True)  # phone digits (no "+") or a business-scoped user id
    phone = models.CharField(max_length=32, db_index=True)  # E.164, as outbox recipients are stored
    last_inbound_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.phone
