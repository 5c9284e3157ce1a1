"""Complaints against police: the accused officers, who is barred from the
complaint, the enquiries (initial, regular) with their statements and
evidence, the finding on each allegation, departmental proceedings and their
outcome, and the log of every read of a confidential complaint.

Rows here change only through accountability/actions.py, each step inside a
complaint action (one transaction, one timeline event)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.complaints.models import Complaint
from shikayat.jurisdictions.models import Unit


class Accused(models.Model):
    """An officer the complaint is against: from the officer register when
    known (`officer`), otherwise as the complainant described them."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="accused")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="complaints_against")
    description = models.CharField(max_length=200, blank=True, help_text=_("Name, rank, belt number as given."))
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    added_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["complaint", "id"]
        indexes = [models.Index(fields=["officer", "complaint"], name="accused_officer_idx")]

    def __str__(self) -> str:
        return str(self.officer) if self.officer_id else self.description


class Bar(models.Model):
    """A unit whose officers may not see or handle the complaint: the accused
    officer's unit with everything below it (`subtree`), or one unit of its
    chain above it, as the SOP says (`accused_chain_levels`)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="bars")
    path = models.CharField(max_length=255)
    subtree = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["path", "subtree"], name="bar_path_idx")]
        constraints = [models.UniqueConstraint(fields=["complaint", "path", "subtree"], name="unique_bar")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.path}{'*' if self.subtree else ''}"


class EnquiryKind(models.TextChoices):
    INITIAL = "initial", _("Initial enquiry")
    REGULAR = "regular", _("Regular enquiry")


class Decision(models.TextChoices):
    NONE = "", _("Not decided")
    FILE_REQUESTED = "file_requested", _("Filing requested")
    FILED = "filed", _("Filed: no substance")
    REGULAR = "regular", _("Regular enquiry ordered")


class Enquiry(models.Model):
    """One enquiry into the complaint, by one officer, with its deadline. An
    initial enquiry ends in a decision (file, with a supervisor's approval,
    or a regular enquiry); a regular enquiry ends in a finding per allegation."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="enquiries")
    kind = models.CharField(max_length=8, choices=EnquiryKind.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enquiries")
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    ordered_at = models.DateTimeField()
    due_at = models.DateTimeField()
    breached_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True, default="")
    decision_reasons = models.TextField(blank=True)
    filing_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["complaint", "ordered_at", "id"]
        indexes = [
            # The deadline sweep reads only enquiries still running and not yet found late.
            models.Index(fields=["due_at", "id"], name="enquiry_due_idx",
                         condition=models.Q(reported_at__isnull=True, breached_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.complaint_id} by {self.officer_id}"

    @property
    def is_running(self) -> bool:
        return self.reported_at is None


class EntryKind(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    EVIDENCE = "evidence", _("Evidence")


class EnquiryEntry(models.Model):
    """A statement recorded or a piece of evidence examined during an enquiry."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    person = models.CharField(max_length=150, blank=True, help_text=_("Whose statement, or where it came from."))
    text = models.TextField()
    at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["enquiry", "at", "id"]
        verbose_name_plural = "enquiry entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class Finding(models.TextChoices):
    PENDING = "", _("Not yet found")
    PROVED = "proved", _("Proved")
    PARTLY_PROVED = "partly_proved", _("Partly proved")
    NOT_PROVED = "not_proved", _("Not proved")


PROVED_FINDINGS = frozenset({Finding.PROVED, Finding.PARTLY_PROVED})


class Allegation(models.Model):
    """One allegation against one accused officer, put to a regular enquiry."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="allegations")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="allegations")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="allegations")
    text = models.TextField()
    finding = models.CharField(max_length=16, choices=Finding.choices, blank=True, default="")
    finding_reasons = models.TextField(blank=True)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    found_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["complaint", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ProceedingsKind(models.TextChoices):
    MINOR = "minor_penalty", _("Minor-penalty proceedings")
    MAJOR = "major_penalty", _("Major-penalty proceedings")
    CRIMINAL = "criminal_case", _("Criminal case")
    SUSPENSION = "suspension", _("Suspension pending proceedings")


class ProceedingsOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    DISMISSAL = "dismissal", _("Dismissal from service")
    REMOVAL = "removal", _("Removal from service")
    COMPULSORY_RETIREMENT = "compulsory_retirement", _("Compulsory retirement")
    REDUCTION_IN_RANK = "reduction_in_rank", _("Reduction in rank")
    FORFEITURE = "forfeiture_of_service", _("Forfeiture of approved service")
    STOPPAGE_OF_INCREMENT = "stoppage_of_increment", _("Stoppage of increment")
    CENSURE = "censure", _("Censure")
    WARNING = "warning", _("Warning")
    EXONERATED = "exonerated", _("Exonerated in proceedings")


class Proceedings(models.Model):
    """Departmental proceedings recommended on a proved allegation, and later their outcome."""

    allegation = models.ForeignKey(Allegation, on_delete=models.PROTECT, related_name="proceedings")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="proceedings")
    kind = models.CharField(max_length=16, choices=ProceedingsKind.choices)
    note = models.TextField(blank=True)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField()
    outcome = models.CharField(max_length=24, choices=ProceedingsOutcome.choices, blank=True, default="")
    outcome_note = models.TextField(blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["allegation", "id"]
        verbose_name_plural = "proceedings"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} against {self.accused}"


class AccessLog(models.Model):
    """A read of a confidential complaint by an officer: its page, the API,
    an export. Written by the reads themselves; reviewed by the accountability branch."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    via = models.CharField(max_length=16)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["complaint", "at"], name="access_complaint_idx"),
            models.Index(fields=["user", "at"], name="access_user_idx"),
            models.Index(fields=["at"], name="access_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.complaint_id} via {self.via}"
