"""What the WhatsApp Cloud API sent us, and what became of it.

WebhookEvent is every signed POST as received. Its messages become
InboundWhatsAppMessage rows in the same transaction (unique by Meta's message
id, so a redelivery is stored once), handed to the conversation engine by the
worker. MediaFetch is a photo, document or voice note the engine wants on a
complaint, or a document for a service application being made in chat
(staged here until the application is submitted), downloaded from the Graph
API in the background."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.Model):
    received_at = models.DateTimeField()
    body = models.JSONField()
    message_count = models.PositiveIntegerField(default=0)
    status_count = models.PositiveIntegerField(default=0)
    # When its delivery statuses were recorded; set on receipt when it carries none
    # (its messages are tracked in their own rows).
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["received_at"], condition=models.Q(processed_at__isnull=True),
                                name="wa_event_unprocessed_idx")]

    def __str__(self) -> str:
        return f"WhatsApp delivery at {self.received_at:%Y-%m-%d %H:%M:%S} ({self.message_count} messages)"


class InboundWhatsAppMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        # The engine failed on it every time we tried: needs a person (admin: reprocess).
        FAILED = "failed", _("Failed")

    message_id = models.CharField(max_length=255, unique=True)  # Meta's wamid
    wa_id = models.CharField(max_length=140)  # the sender: phone digits, or a business-scoped user id
    kind = models.CharField(max_length=16)  # as Incoming.kind
    at = models.DateTimeField()  # the message's own timestamp: a user's messages are handled in this order
    payload = models.JSONField()  # {"message": <Meta's message object>, "contact": <its contacts entry>}
    event = models.ForeignKey(WebhookEvent, on_delete=models.PROTECT, related_name="inbound_messages")
    received_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        # Only pending rows are looked up; done ones leave these indexes.
        indexes = [
            models.Index(fields=["at", "id"], condition=models.Q(state="pending"), name="wa_inbound_due_idx"),
            models.Index(fields=["wa_id", "at", "id"], condition=models.Q(state="pending"),
                         name="wa_inbound_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.wa_id} ({self.state})"


class MediaFetch(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Attached")
        # Not attachable: too large, not a photo, PDF or voice note, or the complaint no longer takes files.
        REFUSED = "refused", _("Refused")
        # WhatsApp would not give us the file (unknown id, or every retry failed).
        FAILED = "failed", _("Failed")

    # For a complaint's evidence; empty for a service application's document (document_code set instead).
    complaint = models.ForeignKey("complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="whatsapp_media")
    # A service application's document (services.RequiredDocument code): the checked file is kept in `staged`
    # until the application is submitted, then the fetch points at the request.
    document_code = models.CharField(max_length=40, blank=True)
    staged = models.FileField(upload_to="whatsapp-staged/", blank=True)
    service_request = models.ForeignKey("services.ServiceRequest", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="whatsapp_documents")
    language = models.CharField(max_length=2, blank=True)  # the citizen's, for what they are told
    message_id = models.CharField(max_length=255)  # the message that carried it
    media_id = models.CharField(max_length=128)
    wa_id = models.CharField(max_length=140)
    kind = models.CharField(max_length=16)  # image, document, audio, video, sticker
    mime_type = models.CharField(max_length=100, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Due time; while a worker downloads, it holds the row by moving this past the download's deadline.
    next_attempt_at = models.DateTimeField()
    error = models.TextField(blank=True)
    attachment = models.ForeignKey("complaints.Attachment", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "media_id"], name="wa_media_once_per_complaint"),
            models.CheckConstraint(condition=models.Q(complaint__isnull=False) | ~models.Q(document_code=""),
                                   name="wa_media_for_complaint_or_document"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="wa_media_due_idx")]

    def __str__(self) -> str:
        target = self.complaint_id if self.complaint_id else f"document {self.document_code}"
        return f"{self.kind} {self.media_id} for {target} ({self.state})"
