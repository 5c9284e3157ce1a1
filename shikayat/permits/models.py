"""Permissions for processions, rallies and public meetings, public events, loudspeaker use and film shooting:
the SOP per kind (data: minimum notice, the hours for each step), the applications with their organisers,
documents and timeline, the two reports (the station's and the district special branch's), the district's
decision (a paper anyone can check, numbered PRM-…) and the delay ledger of late applications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.timeline import AppendOnly
from shikayat.jurisdictions.models import Unit


class PermitKind(models.TextChoices):
    PROCESSION = "procession", _("Procession")
    RALLY = "rally", _("Rally / public meeting")
    EVENT = "event", _("Public event")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker use")
    FILM = "film", _("Film shooting")


# Kinds that move along a route (a list of places) rather than stay at one venue.
ROUTE_KINDS = frozenset({PermitKind.PROCESSION})


class PermitSOP(models.Model):
    """The SOP of one kind of permission: how early to apply and how long each step may take (admin-editable).
    Hours count on working days only (deadlines.calendar.working_calendar)."""

    kind = models.CharField(max_length=20, choices=PermitKind.choices, unique=True)
    min_notice_days = models.PositiveSmallIntegerField(
        default=3, help_text=_("Working days between the application and the start of the event, at least."))
    station_hours = models.PositiveIntegerField(default=24, help_text=_("Hours for the station's report."))
    branch_hours = models.PositiveIntegerField(default=48, help_text=_("Hours for the special branch's report."))
    decision_hours = models.PositiveIntegerField(default=72, help_text=_("Hours from application to decision."))
    max_attendance = models.PositiveIntegerField(default=100000,
                                                 help_text=_("The largest attendance an application may give."))
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("permission SOP")

    def __str__(self) -> str:
        return self.get_kind_display()


class PermitStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the reports")
    REPORTED = "reported", _("Reports in, awaiting the decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")  # granted, then withdrawn by the district before the event ended


OPEN_PERMIT = (PermitStatus.SUBMITTED, PermitStatus.REPORTED)


class Opinion(models.TextChoices):
    NO_OBJECTION = "no_objection", _("No objection")
    OBJECTION = "objection", _("Objection")


class PermitApplication(models.Model):
    """One application, tracked by an E-tag from the complaints' sequence; its decision paper is PRM-<E-tag>."""

    etag = models.CharField(max_length=8, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=PermitKind.choices)
    status = models.CharField(max_length=20, choices=PermitStatus.choices, default=PermitStatus.SUBMITTED)
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    route = models.JSONField(default=list, blank=True)  # places in order, for a procession
    station = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="permit_applications",
                                help_text=_("The police station of the venue or of the starting point."))
    station_path = models.CharField(max_length=255, editable=False)
    # Other stations a procession's route passes through: their SHOs see the application (ledger.visible).
    stations_passed = models.ManyToManyField(Unit, blank=True, related_name="permits_passing")
    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    attendance = models.PositiveIntegerField()
    loudspeaker_details = models.CharField(max_length=300, blank=True)
    mobile = models.CharField(max_length=20)  # the applicant's, verified by a one-time code
    language = models.CharField(max_length=2, default="en")
    channel = models.CharField(max_length=20, default="web")
    received_at = models.DateTimeField()
    station_due_at = models.DateTimeField()
    branch_due_at = models.DateTimeField()
    decision_due_at = models.DateTimeField()
    # The earliest due time of a step still awaited: what the sweep reads.
    due_at = models.DateTimeField()
    station_opinion = models.CharField(max_length=20, choices=Opinion.choices, blank=True)
    station_note = models.TextField(blank=True)
    station_conditions = models.TextField(blank=True)
    station_reported_at = models.DateTimeField(null=True, blank=True)
    branch_opinion = models.CharField(max_length=20, choices=Opinion.choices, blank=True)
    branch_note = models.TextField(blank=True)
    branch_conditions = models.TextField(blank=True)
    branch_reported_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    conditions = models.TextField(blank=True)  # of a grant
    reasons = models.TextField(blank=True)  # of a refusal
    # A grant withdrawn (actions.revoke): the grant's conditions and decided_* stay as they were.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    revoked_reasons = models.TextField(blank=True)  # told to the applicant, shown on their page and the paper
    # Set once by the sweep when a step is found past due (permits/sweep.py).
    breached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["station_path", "status"], name="permit_scope_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            models.Index(fields=["mobile", "received_at"], name="permit_mobile_idx"),
            models.Index(fields=["due_at", "id"], name="permit_due_idx",
                         condition=models.Q(breached_at__isnull=True, status__in=OPEN_PERMIT)),
        ]

    def __str__(self) -> str:
        return self.etag

    @property
    def etag_display(self) -> str:
        from shikayat.complaints import etag as etags

        return etags.display(self.etag)

    @property
    def number(self) -> str:
        """The decision paper's number, signed into its QR code."""
        return f"PRM-{self.etag}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PERMIT

    @property
    def place(self) -> str:
        return " → ".join(self.route) if self.route else self.venue

    @property
    def decided_late(self) -> bool:
        return bool(self.decided_at and self.decided_at > self.decision_due_at)


class Organiser(models.Model):
    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="organisers")
    name = models.CharField(max_length=150)
    id_number = models.CharField(max_length=32)
    mobile = models.CharField(max_length=20)
    address = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "order"]

    def __str__(self) -> str:
        return self.name


def document_path(instance: "PermitDocument", filename: str) -> str:
    return f"permits/{instance.application.etag}/{filename}"


class PermitDocument(models.Model):
    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.application_id}/{self.original_name}"


class PermitEvent(AppendOnly, models.Model):
    """A step on the application's timeline; append-only."""

    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=150)
    to_status = models.CharField(max_length=20, blank=True, choices=PermitStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class PermitStage(models.TextChoices):
    """Which step was awaited when an application was found late (permits/holders.py)."""

    STATION = "station", _("Report by the police station")
    BRANCH = "branch", _("Report by the special branch")
    DECISION = "decision", _("Decision by the district")


class PermitDelay(models.Model):
    """The delay ledger of permission applications: one row per late application, written once by the sweep
    (permits/sweep.py), charged to whoever held it (holders.py); completed when the application is decided."""

    application = models.OneToOneField(PermitApplication, on_delete=models.PROTECT, related_name="delay")
    stage = models.CharField(max_length=20, choices=PermitStage.choices)
    due_at = models.DateTimeField()
    detected_at = models.DateTimeField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="permit_delays")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="permit_delays")
    unit_path = models.CharField(max_length=255)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["unit_path", "detected_at"], name="permit_delay_scope_idx",
                                opclasses=["varchar_pattern_ops", "timestamptz_ops"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.stage} due {self.due_at:%Y-%m-%d %H:%M}"

    def hours_late(self, now) -> float:
        return max(0.0, ((self.completed_at or now) - self.due_at).total_seconds() / 3600)
