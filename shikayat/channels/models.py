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
        FEEDBACK_RECORDED = "feedback_recorded", _("Answer to a proposed resolution recorded")
        APPEALED = "appealed", _("Appeal lodged")
        FOLLOWUP_RECORDED = "followup_recorded", _("Answer to the question after closing recorded")
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
    # The message that answered it (SMS): a redelivery is answered with the same text.
    reply = models.ForeignKey("notifications.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

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
    # Reminder and re-opened notices about complaints already registered (PortalNotice): linked to them, never
    # registered again; `reopened` of them reopened the complaint.
    linked = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    # [{"row": 7, "reference": "PMDU-123", "errors": {"mobile": ["…"]}}, …]
    report = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.source} {self.file_name} ({self.imported}/{self.rows})"


class PortalConnection(models.Model):
    """How Shikayat writes back to a portal that forwards complaints (shikayat/channels/writeback.py): by its
    API (each public step of its complaints an outbox row, sent by portal_api.PortalBackend), by a daily
    disposal file (disposal.py), or not at all. The credential is never stored here: `secret_env` names the
    environment variable that holds it, so a database copy or the admin never shows it."""

    class Mode(models.TextChoices):
        API = "api", _("API: each step sent as it happens")
        FILE = "file", _("File: a daily disposal file to upload")
        OFF = "off", _("Off: nothing is written back")

    source = models.CharField(max_length=32, unique=True,
                              help_text=_("The import's source name, e.g. pm_portal, igrs."))
    label = models.CharField(max_length=100, blank=True)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.OFF)
    endpoint = models.URLField(max_length=500, blank=True, help_text=_("Where the API mode sends each step."))
    auth_header = models.CharField(max_length=64, blank=True, default="Authorization")
    auth_scheme = models.CharField(max_length=32, blank=True, default="Bearer",
                                   help_text=_("Put before the secret, e.g. Bearer; blank sends the secret bare."))
    secret_env = models.CharField(
        max_length=64, blank=True,
        help_text=_("Name of the environment variable holding the portal's credential (never the credential)."))
    connect_timeout = models.FloatField(default=5.0)
    read_timeout = models.FloatField(default=15.0)
    mapping = models.JSONField(
        default=dict, blank=True,
        help_text=_("Their field names, status values and request shape; may start from a built-in mapping with "
                    "\"extends\" (see shikayat/channels/writeback.py). Empty: the built-in mapping of the source."))

    def __str__(self) -> str:
        return f"{self.label or self.source} ({self.mode})"


class PortalDisposal(models.Model):
    """One step of a complaint waiting for (or written to) a file-mode portal's daily disposal file; written in
    the step's transaction, in the portal's field names (`values`)."""

    source = models.CharField(max_length=32)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="+")
    dedupe_key = models.CharField(max_length=120, unique=True)
    at = models.DateTimeField()
    values = models.JSONField(default=dict)
    file = models.ForeignKey("channels.DisposalFile", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="entries")

    class Meta:
        indexes = [models.Index(fields=["source", "id"], name="disposal_waiting_idx",
                                condition=models.Q(file__isnull=True))]

    def __str__(self) -> str:
        return f"{self.source} {self.dedupe_key}"


class DisposalFile(models.Model):
    """A disposal file for a file-mode portal: every step not yet in a file, in its columns, as CSV and XLSX."""

    source = models.CharField(max_length=32)
    day = models.DateField(help_text=_("The day the file covers (steps up to its end)."))
    created_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)
    csv_content = models.BinaryField()
    xlsx_content = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.day} ({self.rows})"


class PortalNotice(models.Model):
    """A reminder or re-opened notice a portal sent about a complaint it had forwarded already, and what it
    did here. Unique per portal and notice, so importing the same file again changes nothing."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        REOPENED = "reopened", _("Re-opened")

    class Outcome(models.TextChoices):
        FLAGGED = "flagged", _("Flagged to the officers")
        REOPENED = "reopened", _("Reopened")
        NOT_APPLIED = "not_applied", _("Not applied (see detail)")

    source = models.CharField(max_length=32)
    notice_key = models.CharField(max_length=128)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    row = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "notice_key"], name="portal_notice_once")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.notice_key}: {self.outcome}"
