"""The outbox: messages to citizens and officers are rows written in the same
transaction as the change that caused them, and sent later by a worker."""

from django.db import models


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending"
        SENT = "sent"
        FAILED = "failed"  # gave up after the last retry; needs a person

    channel = models.CharField(max_length=16)  # sms, email, whatsapp
    recipient = models.CharField(max_length=254)
    template = models.CharField(max_length=64)
    language = models.CharField(max_length=2, default="en")
    context = models.JSONField(default=dict)
    # Makes enqueueing idempotent: the same event never queues two messages.
    dedupe_key = models.CharField(max_length=120, unique=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    provider_message_id = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: {self.template} ({self.state})"
