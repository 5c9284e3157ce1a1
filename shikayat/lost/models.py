"""Lost articles and documents reported by citizens (an instant, numbered receipt, no staff step), and the
articles the police find and match to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.jurisdictions.models import Unit


class Kind(models.TextChoices):
    ID_CARD = "id_card", _("CNIC / identity card")
    PASSPORT = "passport", _("Passport")
    LICENCE = "licence", _("Driving licence")
    PHONE = "phone", _("Mobile phone")
    VEHICLE = "vehicle", _("Vehicle papers / registration book")
    BANK = "bank", _("Bank card / cheque book")
    CERTIFICATE = "certificate", _("School / college certificate")
    OTHER = "other", _("Other article")


class ReportStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    FOUND = "found", _("Found")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReceiptCounter(models.Model):
    """The last receipt number given in a year; its row is locked while the next is taken, so numbers have no
    gaps and no duplicates however many citizens report at once (a rolled-back report gives its number back)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class LostReport(models.Model):
    number = models.CharField(max_length=24, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    identifier = models.CharField(max_length=40, blank=True)
    # Digits and letters only, upper case: what found articles are matched on.
    identifier_key = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    description = models.CharField(max_length=500, blank=True)
    station = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="lost_reports")
    # The station's path, or the force's when only a place was given: "the reports in district X" is one prefix scan.
    station_path = models.CharField(max_length=255, editable=False)
    place = models.CharField(max_length=200, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lost_on = models.DateField()
    reported_at = models.DateTimeField()
    reporter_name = models.CharField(max_length=150)
    reporter_id_number = models.CharField(max_length=13)
    mobile = models.CharField(max_length=20)
    language = models.CharField(max_length=2, default="en")
    channel = models.CharField(max_length=20)  # web, whatsapp
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.REPORTED)
    closed_at = models.DateTimeField(null=True, blank=True)  # found or withdrawn

    class Meta:
        indexes = [
            models.Index(fields=["station_path", "reported_at"], name="lost_scope_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"]),
            models.Index(fields=["mobile", "reported_at"], name="lost_mobile_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def masked_identifier(self) -> str:
        """Only the last four characters: enough to compare with the paper in hand."""
        key = self.identifier_key
        return ("•" * min(8, max(0, len(key) - 4)) + key[-4:]) if key else ""


class FoundArticle(models.Model):
    """An article handed in to or found by the police, kept at a station until its owner collects it."""

    kind = models.CharField(max_length=16, choices=Kind.choices)
    identifier = models.CharField(max_length=40, blank=True)
    identifier_key = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    description = models.CharField(max_length=500, blank=True)
    station = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="found_articles")
    station_path = models.CharField(max_length=255, editable=False)
    found_on = models.DateField()
    found_place = models.CharField(max_length=200)
    kept_at = models.CharField(max_length=200, help_text=_("Where the owner collects it, e.g. the station's malkhana."))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    report = models.OneToOneField(LostReport, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="found_article")
    matched_at = models.DateTimeField(null=True, blank=True)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        indexes = [models.Index(fields=["station_path", "recorded_at"], name="found_scope_idx",
                                opclasses=["varchar_pattern_ops", "timestamptz_ops"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.identifier}"
