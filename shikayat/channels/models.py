"""What arrived by the machine channels (email, SMS gateway, portal imports)
and what became of it. A message is processed once: its id from the source
is unique per channel, so a redelivery or a re-read mailbox changes nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    class Outcome(models.TextChoices):
        COMPLAINT_CREATED = "complaint_created", _("New complaint registered")
        INFORMATION_ADDED = "information_added", _("Added to an existing complaint")
        STATUS_REPLY = "status_reply", _("Status reply sent")
        UPDATES_STOPPED = "updates_stopped", _("Updates stopped (STOP)")
        UPDATES_STARTED = "updates_started", _("Updates restarted (START)")
        IGNORED_AUTO_REPLY = "ignored_auto_reply", _("Ignored: automatic reply")
        IGNORED_LOOP = "ignored_loop", _("Ignored: our own message (mail loop)")
        REJECTED = "rejected", _("Refused (see detail)")

    channel = models.CharField(max_length=16)  # email, sms
    external_id = models.CharField(max_length=255, help_text=_("Message-ID or the gateway's message id."))
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField()
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_messages"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="unique_inbound_message")]
        indexes = [models.Index(fields=["channel", "received_at"], name="inbound_received_idx")]

    def __str__(self) -> str:
        return f"{self.channel} {self.external_id}: {self.outcome}"


class ImportRun(models.Model):
    """One file of complaints forwarded by another grievance portal."""

    source = models.CharField(max_length=32, help_text=_("Portal the file came from, e.g. pm_portal, igrs."))
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    already_present = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [{"row": 7, "reference": "PMDU-123", "errors": {"mobile": ["…"]}}, …]
    report = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.source} {self.file_name} ({self.imported}/{self.rows})"
