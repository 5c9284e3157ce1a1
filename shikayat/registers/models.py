"""The three public registers: stolen / recovered vehicles, missing persons (adults) and unidentified bodies.

Each row belongs to the police station that entered it. The `*_key` columns are the search forms written by
identifiers.py (vehicles) and similar.normalise.skeleton (names), filled by the domain (entries.py) whenever a
row is written, never by save(). Fields marked staff-only never leave selectors.public_* (search.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.jurisdictions.models import Unit


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other / not known")


class VehicleKind(models.TextChoices):
    CAR = "car", _("Car")
    MOTORCYCLE = "motorcycle", _("Motorcycle")
    RICKSHAW = "rickshaw", _("Rickshaw")
    VAN = "van", _("Van / pick-up")
    TRUCK = "truck", _("Truck / bus")
    TRACTOR = "tractor", _("Tractor")
    OTHER = "other", _("Other")


class VehicleStatus(models.TextChoices):
    STOLEN = "stolen", _("Stolen")
    RECOVERED = "recovered", _("Recovered (at the police station)")
    RETURNED = "returned", _("Returned to its owner")


class PersonStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    TRACED = "traced", _("Traced")


class BodyStatus(models.TextChoices):
    UNIDENTIFIED = "unidentified", _("Unidentified")
    IDENTIFIED = "identified", _("Identified")


class Entry(models.Model):
    station = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        abstract = True


class Vehicle(Entry):
    registration = models.CharField(max_length=20, blank=True)
    chassis = models.CharField(max_length=40, blank=True)
    engine = models.CharField(max_length=40, blank=True)
    registration_key = models.CharField(max_length=20, blank=True, db_index=True)
    chassis_key = models.CharField(max_length=40, blank=True, db_index=True)
    engine_key = models.CharField(max_length=40, blank=True, db_index=True)
    kind = models.CharField(max_length=16, choices=VehicleKind.choices)
    make = models.CharField(max_length=40)
    model = models.CharField(max_length=40, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    stolen_on = models.DateField()
    recovered_on = models.DateField(null=True, blank=True)
    fir_reference = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=12, choices=VehicleStatus.choices, default=VehicleStatus.STOLEN)
    # Staff only: the complainant (owner), never shown on a public answer.
    owner_name = models.CharField(max_length=120, blank=True)
    owner_mobile = models.CharField(max_length=20, blank=True)
    # The natural key imports match on: registration (else chassis) and the day it was stolen.
    natural_key = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["-stolen_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.registration or self.chassis} ({self.get_status_display()})"


class MissingPerson(Entry):
    reference = models.CharField(max_length=60, help_text=_("The station's report number, unique per station."))
    name = models.CharField(max_length=120)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    age = models.PositiveSmallIntegerField()
    gender = models.CharField(max_length=8, choices=Gender.choices)
    last_seen_place = models.CharField(max_length=200)
    last_seen_on = models.DateField()
    description = models.TextField(blank=True)
    photo = models.FileField(upload_to="missing-persons/", blank=True)
    status = models.CharField(max_length=12, choices=PersonStatus.choices, default=PersonStatus.MISSING)
    # Staff only: who reported the person missing.
    reporter_name = models.CharField(max_length=120, blank=True)
    reporter_mobile = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-last_seen_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["station", "reference"], name="missing_person_reference")]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class UnidentifiedBody(Entry):
    reference = models.CharField(max_length=60, help_text=_("The station's report number, unique per station."))
    place_found = models.CharField(max_length=200)
    found_on = models.DateField()
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=8, choices=Gender.choices)
    description = models.TextField(blank=True)
    clothing = models.TextField(blank=True)
    marks = models.TextField(blank=True, help_text=_("Identifying marks: scars, tattoos, moles."))
    kept_at = models.CharField(max_length=200, help_text=_("Where the body is kept, e.g. a hospital mortuary."))
    # Staff only: shown to a family at the station on request, never on a public page or in WhatsApp.
    photo = models.FileField(upload_to="unidentified-bodies/", blank=True)
    status = models.CharField(max_length=14, choices=BodyStatus.choices, default=BodyStatus.UNIDENTIFIED)

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name_plural = "unidentified bodies"
        constraints = [models.UniqueConstraint(fields=["station", "reference"], name="unidentified_body_reference")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.place_found} ({self.found_on})"
