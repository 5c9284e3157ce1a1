"""Citizen services at the police service centres (Khidmat Markaz style):
the services offered (data: documents, fee, deadline), the centres and their
counters and vans, the requests with their documents and timeline, and the
certificates issued, verifiable by anyone through a signed code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.i18n import TrilingualNameMixin
from shikayat.core.timeline import AppendOnly
from shikayat.jurisdictions.models import Unit


class Service(TrilingualNameMixin, models.Model):
    """A service offered: character certificate, tenant registration, …"""

    code = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=150)
    name_ur = models.CharField(max_length=150, blank=True)
    name_hi = models.CharField(max_length=150, blank=True)
    fee_note_en = models.CharField(max_length=200, blank=True)
    fee_note_ur = models.CharField(max_length=200, blank=True)
    fee_note_hi = models.CharField(max_length=200, blank=True)
    sla_hours = models.PositiveIntegerField(default=72, help_text=_("Hours from application to decision."))
    issues_certificate = models.BooleanField(default=True)
    needs_address_verification = models.BooleanField(default=True)
    needs_record_check = models.BooleanField(default=True)
    overseas_allowed = models.BooleanField(default=True)
    # Applied for by an employer or landlord on behalf of the person verified, with that person's consent.
    on_behalf = models.BooleanField(default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.code

    def fee_note(self) -> str:
        return self.in_language("fee_note")


class RequiredDocument(TrilingualNameMixin, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=150)
    name_ur = models.CharField(max_length=150, blank=True)
    name_hi = models.CharField(max_length=150, blank=True)
    required = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="unique_service_document")]

    def __str__(self) -> str:
        return f"{self.service.code}/{self.code}"


class CentreKind(models.TextChoices):
    CENTRE = "centre", _("Service centre")
    VAN = "van", _("Service van")


class ServiceCentre(TrilingualNameMixin, models.Model):
    """A service centre or van of a district, with its counters, hours and place."""

    code = models.SlugField(max_length=40, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="service_centres")
    kind = models.CharField(max_length=8, choices=CentreKind.choices, default=CentreKind.CENTRE)
    name_en = models.CharField(max_length=150)
    name_ur = models.CharField(max_length=150, blank=True)
    name_hi = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=300, blank=True)
    address_ur = models.CharField(max_length=300, blank=True)
    address_hi = models.CharField(max_length=300, blank=True)
    opening_hours = models.CharField(max_length=120, blank=True, help_text=_("As shown, e.g. Mon–Sat 9:00–17:00."))
    opening_hours_ur = models.CharField(max_length=120, blank=True)
    opening_hours_hi = models.CharField(max_length=120, blank=True)
    counters = models.PositiveSmallIntegerField(default=1)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def address_shown(self) -> str:
        return self.typed_in("address")

    @property
    def hours_shown(self) -> str:
        return self.typed_in("opening_hours")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADDRESS_VERIFIED = "address_verified", _("Address verified")
    RECORD_CHECKED = "record_checked", _("Record checked")
    ISSUED = "issued", _("Issued")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")


OPEN_REQUEST = (RequestStatus.SUBMITTED, RequestStatus.ADDRESS_VERIFIED, RequestStatus.RECORD_CHECKED)


class ServiceRequest(models.Model):
    """One application, tracked by an E-tag from the complaints' sequence."""

    etag = models.CharField(max_length=8, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests")
    channel = models.CharField(max_length=20)  # web, counter, whatsapp
    centre = models.ForeignKey(ServiceCentre, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="requests")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    applicant_name = models.CharField(max_length=150)
    father_name = models.CharField(max_length=150, blank=True)
    id_number = models.CharField(max_length=32)
    mobile = models.CharField(max_length=20)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300)
    station = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="service_requests",
                                help_text=_("The police station of the applicant's address."))
    station_path = models.CharField(max_length=255, editable=False)
    purpose = models.CharField(max_length=200, blank=True)
    is_overseas = models.BooleanField(default=False)
    country = models.CharField(max_length=60, blank=True)
    language = models.CharField(max_length=2, default="en")
    received_at = models.DateTimeField()
    due_at = models.DateTimeField()
    # Set once by the deadline sweep when the decision is late (services/sweep.py).
    breached_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["station_path", "status"], name="service_scope_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            models.Index(fields=["centre", "status"], name="service_centre_idx"),
            models.Index(fields=["mobile", "received_at"], name="service_mobile_idx"),
            # The dashboards' flows over a subtree: received and decided within a period (dashboards/services.py).
            models.Index(fields=["station_path", "received_at"], name="service_received_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"]),
            models.Index(fields=["station_path", "decided_at"], name="service_decided_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"]),
            # The sweep reads only open applications not yet found late.
            models.Index(fields=["due_at", "id"], name="service_due_idx",
                         condition=models.Q(breached_at__isnull=True, status__in=OPEN_REQUEST)),
        ]

    def __str__(self) -> str:
        return self.etag

    @property
    def etag_display(self) -> str:
        from shikayat.complaints import etag as etags

        return etags.display(self.etag)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST


def document_path(instance: "RequestDocument", filename: str) -> str:
    return f"services/{instance.request.etag}/{filename}"


class RequestDocument(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="documents")
    code = models.SlugField(max_length=40)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.request_id}/{self.code}"


class RequestEvent(AppendOnly, models.Model):
    """A step on the request's timeline; append-only."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=150)
    from_status = models.CharField(max_length=20, blank=True, choices=RequestStatus.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=RequestStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"


class Certificate(models.Model):
    """A certificate issued on a request; its number is signed into the verification code."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(max_length=24, unique=True)
    holder_name = models.CharField(max_length=150)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issuing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    revoked_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.number


class DelayStage(models.TextChoices):
    """What a late application was waiting for when its deadline passed (services/holders.py)."""

    ADDRESS = "address", _("Address report by the police station")
    DECISION = "decision", _("Record check and decision at the service centre")


class ServiceDelay(models.Model):
    """The delay ledger of service applications: one row per application decided late, written once by the
    deadline sweep (services/sweep.py) and charged to whoever held it when its deadline passed (holders.py).
    Kept apart from the complaints' ledger (deadlines.DelayEntry) so neither's figures count the other's.
    `completed_at` is set when the application is decided: hours late run until then."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="delay")
    # What was awaited when the deadline passed: the station's address report, or the centre's check and decision.
    stage = models.CharField(max_length=20, choices=DelayStage.choices)
    due_at = models.DateTimeField()
    detected_at = models.DateTimeField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="service_delays")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="service_delays")
    # Copied from unit.path: "everything under district X" is one prefix scan.
    unit_path = models.CharField(max_length=255)
    centre = models.ForeignKey(ServiceCentre, null=True, blank=True, on_delete=models.PROTECT, related_name="delays")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit_path", "detected_at"], name="service_delay_scope_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"]),
            models.Index(fields=["officer", "detected_at"], name="service_delay_officer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.stage} due {self.due_at:%Y-%m-%d %H:%M}"

    def hours_late(self, now) -> float:
        return max(0.0, ((self.completed_at or now) - self.due_at).total_seconds() / 3600)


class ConsentVia(models.TextChoices):
    CODE = "code", _("Code sent by SMS, entered by the applicant")
    WHATSAPP = "whatsapp", _("Confirmed by the person on WhatsApp")


class Consent(models.Model):
    """The consent of the person verified to an application made on their behalf (by an employer or a landlord):
    a code sent by SMS to that person's mobile, which the applicant enters (or the person confirms on WhatsApp).
    An on-behalf application is accepted only with a confirmed consent, used once (actions.apply)."""

    token = models.CharField(max_length=32, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="consents")
    subject_name = models.CharField(max_length=150)
    subject_mobile = models.CharField(max_length=20)
    applicant_name = models.CharField(max_length=150)
    applicant_mobile = models.CharField(max_length=20, blank=True)
    code_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=2, default="en")
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_via = models.CharField(max_length=10, blank=True, choices=ConsentVia.choices)
    confirmed_by = models.CharField(max_length=150, blank=True, help_text=_("Who confirmed it, as recorded."))
    request = models.OneToOneField(ServiceRequest, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="consent")

    class Meta:
        indexes = [models.Index(fields=["subject_mobile", "sent_at"], name="service_consent_mobile_idx")]

    def __str__(self) -> str:
        return f"consent {self.pk} ({self.service_id})"


class OnBehalf(models.Model):
    """Who applied for the person verified: the employer or landlord. The request's own name, father's name,
    CNIC and address are the person verified (the certificate names them); its mobile is the applicant's, who
    follows the status; the person verified is told on `subject_mobile`."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="on_behalf")
    applicant_name = models.CharField(max_length=150)
    applicant_id_number = models.CharField(max_length=32)
    organisation = models.CharField(max_length=150, blank=True)
    subject_mobile = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"{self.request_id} by {self.applicant_name}"
