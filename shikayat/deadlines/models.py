"""The force's holidays (the working-day calendar) and the delay ledger:
one row per missed deadline, charged to the officer and unit holding the
complaint when it was missed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.i18n import TrilingualNameMixin


class Holiday(TrilingualNameMixin, models.Model):
    """A public holiday: deadline hours do not run on it (see complaints/sla.py)."""

    date = models.DateField(unique=True)
    name_en = models.CharField(max_length=150)
    name_ur = models.CharField(max_length=150, blank=True)
    name_hi = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name_en}"


class Stage(models.TextChoices):
    CONTACT = "contact", _("Contact with the complainant")
    REPORT = "report", _("Enquiry report")
    FEEDBACK = "feedback", _("Citizen's feedback")
    # Against police (shikayat/accountability): the enquiry's deadline; the ledger's cycle is the enquiry's order.
    INITIAL_ENQUIRY = "initial_enquiry", _("Initial enquiry")
    REGULAR_ENQUIRY = "regular_enquiry", _("Regular enquiry")
    # A disposal the complaint cell graded poor (shikayat/quality): charged like a missed deadline.
    QUALITY = "quality", _("Quality of disposal (graded poor)")
    # After an FIR is linked (investigation.py): the ledger's cycle is the investigation's start.
    INVESTIGATION = "investigation", _("Investigation (challan or final report)")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending review")
    ACCEPTED = "explanation_accepted", _("Explanation accepted")
    WARNING = "warning", _("Warning")
    SHOW_CAUSE = "show_cause", _("Show-cause notice")
    DEPARTMENTAL = "departmental_action", _("Departmental action recommended")
    EXONERATED = "exonerated", _("Exonerated")


class DelayEntry(models.Model):
    """A missed deadline. Written once by the sweep (unique per complaint,
    stage and cycle); afterwards only the review fields and `completed_at`
    change. Hours late run until the stage is done."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="delays")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    cycle_started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    detected_at = models.DateTimeField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="delays")
    unit = models.ForeignKey("jurisdictions.Unit", on_delete=models.PROTECT, related_name="delays")
    # Copied from unit.path, as on Complaint: "everything under district X" is one prefix scan.
    unit_path = models.CharField(max_length=255)
    completed_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default=Outcome.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "delay entries"
        indexes = [
            models.Index(fields=["unit_path", "detected_at"], name="delay_scope_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"]),
            models.Index(fields=["officer", "detected_at"], name="delay_officer_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "stage", "cycle_started_at"], name="one_delay_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.stage} due {self.due_at:%Y-%m-%d %H:%M}"

    def hours_late(self, now) -> float:
        return max(0.0, ((self.completed_at or now) - self.due_at).total_seconds() / 3600)


class ReportKind(models.TextChoices):
    """How an investigation ends: the report under the criminal procedure code submitted to the court."""

    CHALLAN = "challan", _("Challan (charge sheet)")
    FINAL_REPORT = "final_report", _("Final report (case cancelled or untraced)")


class Investigation(models.Model):
    """The investigation of the case registered on a complaint (the "Link FIR" action starts it), due within the
    SOP's investigation_days; the challan or final report submitted ends it (investigation.py). The deadline
    sweep reminds its holder, marks it missed once (breached_at), charges the delay ledger and escalates."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="investigations")
    fir_number = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    report_kind = models.CharField(max_length=16, choices=ReportKind.choices, blank=True)
    report_number = models.CharField(max_length=40, blank=True)
    report_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=models.Q(ended_at__isnull=True),
                                    name="one_running_investigation"),
        ]
        indexes = [
            # The sweep reads only running investigations not yet found missed, in deadline order.
            models.Index(fields=["due_at", "id"], name="investigation_due_idx",
                         condition=models.Q(ended_at__isnull=True, breached_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} FIR {self.fir_number} due {self.due_at:%Y-%m-%d}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None
