"""One durable conversation per WhatsApp user: the step they are at and what
they have answered so far, so a conversation survives restarts and any
worker can take the next message."""

from django.db import models

RECENT_IDS_KEPT = 100


class Conversation(models.Model):
    wa_id = models.CharField(max_length=140, unique=True)  # WhatsApp user id (a phone number or business-scoped)
    phone = models.CharField(max_length=32, blank=True)  # E.164 as Meta gave it; "" for business-scoped ids
    # A number the citizen typed when Meta gave none (self-declared, never used to act on a complaint).
    mobile = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=2, blank=True)  # "" until chosen
    state = models.CharField(max_length=40, default="new")
    answers = models.JSONField(default=dict, blank=True)  # the flow in progress
    last_message_id = models.CharField(max_length=128, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)  # the message's own time: idle timeouts
    # Messages already handled (newest last, at most RECENT_IDS_KEPT): a redelivery changes nothing.
    recent_message_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.wa_id} ({self.language or '?'}, {self.state})"

    def has_handled(self, message_id: str) -> bool:
        return message_id in self.recent_message_ids

    def mark_handled(self, message_id: str) -> None:
        self.recent_message_ids = [*self.recent_message_ids, message_id][-RECENT_IDS_KEPT:]
        self.last_message_id = message_id[:128]  # Meta's ids are about 60 characters; the webhook takes up to 255
