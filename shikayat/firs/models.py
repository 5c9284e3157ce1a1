"""The FIR register (imported from the force's FIR system), the copies served to complainants, and the refused
requests for copies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.phones import mask_mobile


class FirMapping(models.Model):
    """How one export of the force's FIR system (CSV, XLSX or its API's JSON) maps to our fields (mapping.py)."""

    name = models.SlugField(max_length=32, unique=True)
    label = models.CharField(max_length=100, blank=True)
    mapping = models.JSONField(default=dict, help_text=_("Columns, value tables and date formats (see mapping.py)."))
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label or self.name


class Fir(models.Model):
    class Status(models.TextChoices):
        UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
        CHARGE_SHEETED = "charge_sheeted", _("Challan / charge sheet submitted")
        UNTRACED = "untraced", _("Untraced")
        CANCELLED = "cancelled", _("Cancelled")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey("jurisdictions.Unit", on_delete=models.PROTECT, related_name="firs")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    registered_at = models.DateTimeField()
    sections = models.JSONField(default=list, help_text=_("Sections of law, e.g. [\"379 PPC\", \"411 PPC\"]."))
    offence_category = models.CharField(max_length=64, blank=True)
    complainant_name = models.CharField(max_length=150)
    complainant_mobile = models.CharField(max_length=20, blank=True, db_index=True)
    brief_facts = models.TextField(blank=True)
    investigating_officer = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.UNDER_INVESTIGATION)
    sensitive = models.BooleanField(default=False, help_text=_("Never given out online (derived from the "
                                                               "category and sections when imported)."))
    unit_path = models.CharField(max_length=255, db_index=True, default="")
    imported_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-registered_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="fir_unique_per_station_year")]
        verbose_name = "FIR"

    def __str__(self) -> str:
        return f"{self.number}/{self.year} {self.unit.code}"

    @property
    def display_number(self) -> str:
        return f"{self.number}/{self.year}"


class FirImportRun(models.Model):
    """One file (or one API pull): all its rows written, or none (`applied`) with the rows' errors reported."""

    source = models.CharField(max_length=16)  # file, api
    mapping_name = models.CharField(max_length=32)
    file_name = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    applied = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.file_name} {self.started_at:%Y-%m-%d %H:%M}"


def fir_copy_path(instance: "FirCopy", filename: str) -> str:
    return f"fir-copies/{instance.issued_at:%Y}/{filename}"


class FirCopy(models.Model):
    """One copy served: its own number (on the paper and its QR code), to whom and when, and the paper itself as
    it was issued (kept.py): its PDF in the file storage, that file's SHA-256 and what the paper says (`facts`).
    Copies issued before copies were kept have no file until their first download (`kept_at` after `issued_at`)."""

    number = models.CharField(max_length=32, unique=True)
    fir = models.ForeignKey(Fir, on_delete=models.PROTECT, related_name="copies")
    mobile = models.CharField(max_length=20)
    channel = models.CharField(max_length=16)  # web, whatsapp
    language = models.CharField(max_length=8, default="en")
    issued_at = models.DateTimeField()
    file = models.FileField(upload_to=fir_copy_path, max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    facts = models.JSONField(default=dict, blank=True, help_text=_("What the copy says, as issued."))
    kept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class FirCopyRefusal(models.Model):
    """A copy refused (the citizen is told the same in every case), kept for the staff to see guessing."""

    class Reason(models.TextChoices):
        NOT_FOUND = "not_found", _("No such FIR")
        SENSITIVE = "sensitive", _("Sensitive FIR")
        WRONG_MOBILE = "wrong_mobile", _("Not the complainant's mobile")
        RATE_LIMITED = "rate_limited", _("Too many attempts")

    at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=16)
    client = models.CharField(max_length=80, blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    unit_code = models.CharField(max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    fir = models.ForeignKey(Fir, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reason}"

    @property
    def masked_mobile(self) -> str:
        """Whoever tried: not necessarily the complainant, so not shown whole."""
        return mask_mobile(self.mobile)
