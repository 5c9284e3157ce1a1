"""Complaint, its append-only timeline, and attachments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.accounts.models import Citizen
from shikayat.categories.models import Category
from shikayat.core.phones import mask_identity_number, mask_mobile
from shikayat.core.timeline import AppendOnly
from shikayat.jurisdictions.models import Unit

from . import etag as etags
from .workflow import AWAITING_APPROVAL, OPEN, STATUS_LABELS, TERMINAL, Status


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    WHATSAPP = "whatsapp", _("WhatsApp")
    CALL_CENTRE = "call_centre", _("Call centre")
    FRONT_DESK = "front_desk", _("Police station front desk")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    POST = "post", _("Post")
    PORTAL_IMPORT = "portal_import", _("Other government portal")
    OPEN311 = "open311", _("Open311 app")


class Priority(models.IntegerChoices):
    """Set by the source at intake (a portal import's mapping): a priority complaint gets the SOP's
    priority_percent of every deadline and comes first in the officers' lists."""

    NORMAL = 0, _("Normal")
    HIGH = 1, _("Priority")


class Language(models.TextChoices):
    EN = "en", "English"
    UR = "ur", "اردو"
    HI = "hi", "हिन्दी"


class Complaint(models.Model):
    # Unique by the constraint in Meta, not `unique=True`, which on PostgreSQL adds a second (LIKE) index that no
    # lookup uses: E-tags are only ever matched whole.
    etag = models.CharField(max_length=8, editable=False)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    external_ref = models.CharField(max_length=64, blank=True, help_text=_("Reference in the source portal."))
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.REGISTERED)

    # Complainant, as given with this complaint. `citizen` links the verified
    # profile once the citizen proves the mobile; lookups go by the number.
    citizen = models.ForeignKey(Citizen, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
                                db_index=False)  # indexed where set (Meta)
    is_anonymous = models.BooleanField(default=False)
    complainant_name = models.CharField(max_length=150, blank=True)
    complainant_mobile = models.CharField(max_length=20, blank=True)
    complainant_email = models.EmailField(blank=True)
    complainant_id_number = models.CharField(
        max_length=32, blank=True, help_text=_("CNIC / Aadhaar; always shown masked.")
    )
    complainant_address = models.CharField(max_length=300, blank=True)
    is_overseas = models.BooleanField(default=False)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)

    # Incident.
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="complaints")
    description = models.TextField()
    incident_at = models.DateTimeField(null=True, blank=True)
    incident_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      db_index=False)  # indexed where set (Meta)
    incident_address = models.CharField(max_length=300, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    fir_number = models.CharField(max_length=40, blank=True)

    # Who holds it. unit_path copies unit.path so scope filters need no join.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="complaints")
    unit_path = models.CharField(max_length=255, editable=False)
    assignee = models.ForeignKey(  # indexed with the status (complaint_assignee_idx), which serves both
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_complaints",
        db_index=False,
    )
    is_confidential = models.BooleanField(default=False)
    # From the SOP at intake (categories.Handling): against police, gender harassment, general.
    handling = models.CharField(max_length=16, default="general", db_default="general")
    # The complainant's name and contact are shown only to SEALED_IDENTITY_ROLES (the SOP allows asking for it).
    identity_sealed = models.BooleanField(default=False, db_default=False)
    # Against police: the highest rank among the accused officers named from the register. Nobody junior
    # to it sees the complaint (permissions.scope_filter); the accused and their units are barred by name.
    accused_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    # Against police, while the accused is not identified: held by the accountability branch high enough that no
    # plausible accused sees it, and not marked or transferred until the branch names them.
    accused_pending = models.BooleanField(default=False, db_default=False)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL,
                                                db_default=Priority.NORMAL)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # Deadline sweep (shikayat/deadlines): when each stage's deadline was found missed or its holder
    # reminded, in the current cycle (only a reopen clears them), and the escalation ladder.
    contact_reminded_at = models.DateTimeField(null=True, blank=True)
    report_reminded_at = models.DateTimeField(null=True, blank=True)
    contact_breached_at = models.DateTimeField(null=True, blank=True)
    report_breached_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(  # indexed where set (Meta)
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="escalated_complaints",
        db_index=False,
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    feedback_attempts = models.PositiveSmallIntegerField(default=0)
    # Status to return to when a rejection request is turned down.
    held_status = models.CharField(max_length=24, blank=True)
    rejection_requested_by = models.ForeignKey(  # indexed where set (Meta)
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The officer whose proposal (resolution, rejection, filing) awaits or awaited a decision: never its approver.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Attempts to reach the complainant that failed in this cycle: enough of them let a rejection or a merger go
    # ahead without a contact (actions.record_contact_attempt, _disposal_heard). db_default: raw writers (bench, COPY).
    contact_attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates",
                                     db_index=False)  # indexed where set (Meta)

    # Clock: when it was given in, deadlines (from the SOP, see sla.py), milestones.
    received_at = models.DateTimeField()
    contact_due_at = models.DateTimeField()
    report_due_at = models.DateTimeField()
    feedback_due_at = models.DateTimeField(null=True, blank=True)
    # A reopened complaint starts a new cycle: contact and field verification
    # must be logged again before a resolution can be proposed (first_contacted_at
    # is the first contact in the current cycle).
    cycle_started_at = models.DateTimeField()
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    last_contacted_at = models.DateTimeField(null=True, blank=True)
    field_verified_at = models.DateTimeField(null=True, blank=True)
    resolution_proposed_at = models.DateTimeField(null=True, blank=True)
    # The citizen's feedback time ran out (the deadline sweep): the call centre calls them back
    # (its call-back queue), with at least SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]
    # attempts by callback_due_at (SOP.callback_hours), which the sweep checks once (callback_checked_at).
    feedback_lapsed_at = models.DateTimeField(null=True, blank=True)
    callback_due_at = models.DateTimeField(null=True, blank=True)
    callback_checked_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The latest appeal (actions.appeal): the complaint reopened one level above whoever decided it.
    appealed_at = models.DateTimeField(null=True, blank=True)
    # The question some days after closing, "did the police action hold?" (SHIKAYAT["FOLLOWUP_AFTER_DAYS"]):
    # asked once (the sweep), answered once (actions.record_followup); a "no" is an appeal.
    followup_asked_at = models.DateTimeField(null=True, blank=True)
    followup_answered_at = models.DateTimeField(null=True, blank=True)
    followup_held = models.BooleanField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    satisfaction_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit_path", "status"], name="complaint_scope_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            models.Index(fields=["complainant_mobile", "received_at"], name="complaint_mobile_idx"),
            models.Index(fields=["assignee", "status"], name="complaint_assignee_idx"),
            models.Index(fields=["received_at"], name="complaint_received_idx"),
            # The lists of one status newest first (awaiting routing, reopened, awaiting feedback …), and the
            # approvals list: walked in date order, a district's first page is found after a few thousand rows,
            # not after every other status's (bench inbox, 1M: a district's 55–65 ms → 7 ms).
            models.Index(fields=["status", "received_at"], name="complaint_status_date_idx"),
            # The few complaints with a sealed identity: word search leaves out those found only by the name.
            models.Index(fields=["id"], name="complaint_sealed_idx", condition=models.Q(identity_sealed=True)),
            models.Index(fields=["received_at"], name="complaint_approval_date_idx",
                         condition=models.Q(status__in=AWAITING_APPROVAL)),
            # Open complaints in deadline order: the "report due soonest" lists and the deadline sweep.
            models.Index(fields=["report_due_at", "id"], name="complaint_open_due_idx",
                         condition=models.Q(status__in=sorted(OPEN))),
            # The deadline sweep reads only what is due: stages not done and not yet found missed, and
            # scheduled escalations (shikayat/deadlines/sweep.py).
            models.Index(fields=["contact_due_at", "id"], name="complaint_contact_sweep_idx",
                         condition=models.Q(first_contacted_at__isnull=True, contact_breached_at__isnull=True,
                                            status__in=sorted(OPEN))),
            models.Index(fields=["report_due_at", "id"], name="complaint_report_sweep_idx",
                         condition=models.Q(resolution_proposed_at__isnull=True, report_breached_at__isnull=True,
                                            status__in=sorted(OPEN))),
            models.Index(fields=["next_escalation_at", "id"], name="complaint_escalation_idx",
                         condition=models.Q(next_escalation_at__isnull=False)),
            # The citizen's feedback time running out, the call-backs checked once, and closed complaints not
            # yet asked whether the action held (shikayat/deadlines: sweep.py, followup.py).
            models.Index(fields=["feedback_due_at", "id"], name="complaint_feedback_lapse_idx",
                         condition=models.Q(status=Status.AWAITING_FEEDBACK, feedback_lapsed_at__isnull=True)),
            models.Index(fields=["callback_due_at", "id"], name="complaint_callback_idx",
                         condition=models.Q(status=Status.AWAITING_FEEDBACK, callback_due_at__isnull=False,
                                            callback_checked_at__isnull=True)),
            models.Index(fields=["closed_at", "id"], name="complaint_followup_idx",
                         condition=models.Q(status=Status.CLOSED, followup_asked_at__isnull=True)),
            # Links most complaints never have (a citizen's profile, a merge, an escalation, a rejection asked for,
            # an incident outside the holding unit): indexed only where set, so intake writes no index entry for
            # them, and `= id` lookups (and PROTECT checks on delete) still find them (`=` implies NOT NULL).
            *(models.Index(fields=[link], name=name, condition=models.Q(**{f"{link}__isnull": False}))
              for link, name in (("citizen", "complaint_citizen_set_idx"), ("duplicate_of", "complaint_merged_set_idx"),
                                 ("escalated_to", "complaint_escalated_set_idx"),
                                 ("rejection_requested_by", "complaint_rejecter_set_idx"),
                                 ("incident_unit", "complaint_incident_set_idx"))),
            # The few priority complaints (Priority): first in the officers' lists, counted apart on the dashboards.
            models.Index(fields=["received_at", "id"], name="complaint_priority_idx",
                         condition=models.Q(priority__gt=0)),
            models.Index(fields=["unit_path"], name="complaint_priority_open_idx", opclasses=["varchar_pattern_ops"],
                         condition=models.Q(priority__gt=0, status__in=sorted(OPEN))),
            # Dashboards count open confidential complaints in a subtree (listed only to those with access).
            models.Index(fields=["unit_path"], name="complaint_confidential_idx", opclasses=["varchar_pattern_ops"],
                         condition=models.Q(is_confidential=True, status__in=sorted(OPEN))),
        ]
        constraints = [
            models.UniqueConstraint(fields=["etag"], name="complaint_etag_unique"),
            models.UniqueConstraint(
                fields=["channel", "external_ref"], condition=~models.Q(external_ref=""), name="unique_external_ref"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction_rating__isnull=True) | models.Q(satisfaction_rating__range=(1, 5)),
                name="rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.etag_display

    @property
    def etag_display(self) -> str:
        return etags.display(self.etag)

    @property
    def status_label(self) -> str:
        """Like get_status_display(), without rebuilding the choices on every call (lists show hundreds)."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.complainant_mobile)

    @property
    def masked_id_number(self) -> str:
        return mask_identity_number(self.complainant_id_number)


class ComplaintEvent(AppendOnly, models.Model):
    """One step on the timeline; the audit trail. Never updated or deleted."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=32, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    is_public = models.BooleanField(default=True, help_text=_("Shown to the citizen when tracking."))
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="event_complaint_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.from_status}→{self.to_status}"

    def delete(self, *args, **kwargs):
        raise ValueError("Timeline events are append-only.")


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"complaints/{instance.complaint.etag}/{filename}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.CharField(max_length=150)

    def __str__(self) -> str:
        return self.original_name


class ETagCounter(models.Model):
    """The E-tag sequence on databases without sequences (SQLite)."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
