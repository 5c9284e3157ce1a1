"""An SOS raised from WhatsApp: one alert per emergency (a repeat within minutes updates it), the points its
(live) location sent, and an append-only log of what happened to it (raised, repeated, located, acknowledged)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SosAlert(models.Model):
    class Source(models.TextChoices):
        LOCATION = "location", _("Shared location")
        STATION_AREA = "area", _("Station area")
        NEAREST = "nearest", _("Nearest station")
        LAST_KNOWN = "last_known", _("Last known station")
        NONE = "none", _("Not known")

    wa_id = models.CharField(max_length=140, db_index=True)
    phone = models.CharField(max_length=32, blank=True)  # E.164 as Meta gave it
    language = models.CharField(max_length=2, default="en")
    station = models.ForeignKey("jurisdictions.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    station_source = models.CharField(max_length=12, choices=Source.choices, default=Source.NONE)
    # The latest point (kept after the live location ends) and when it was sent.
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    located_at = models.DateTimeField(null=True, blank=True)
    raised_at = models.DateTimeField()
    last_trigger_at = models.DateTimeField()  # the latest SOS or location: repeats within the window update this
    triggers = models.PositiveIntegerField(default=1)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change: the console's poll compares it (ETag) and reads nothing more when it is unchanged.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["acknowledged_at", "raised_at"], name="sos_open_idx")]

    def __str__(self) -> str:
        return f"SOS {self.pk} {self.phone or self.wa_id} {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class SosLocation(models.Model):
    alert = models.ForeignKey(SosAlert, on_delete=models.CASCADE, related_name="locations")
    lat = models.DecimalField(max_digits=9, decimal_places=6)
    lng = models.DecimalField(max_digits=9, decimal_places=6)
    at = models.DateTimeField()
    live = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.lat},{self.lng} at {self.at:%H:%M:%S}"


class SosEvent(models.Model):
    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        REPEATED = "repeated", _("Repeated")
        LOCATED = "located", _("Location received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    alert = models.ForeignKey(SosAlert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField()
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M:%S}"
