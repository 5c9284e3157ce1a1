"""What the duplicate search keeps: each complaint's fingerprint (written once, at intake), the suggestions found
("possibly the same as …", with why), and the hot spots (repeats of one person, many complaints about one place)."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.complaints.models import Complaint
from shikayat.jurisdictions.models import Unit


class GramsField(models.Field):
    """A text's trigram hashes (normalise.gram_hashes), sorted: integer[] on PostgreSQL, which compares two of
    them with intarray's `&` in the candidate query; a JSON list on SQLite, compared in Python."""

    description = "Sorted trigram hashes"

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        return json.loads(value) if isinstance(value, str) else list(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = list(value or [])
        return value if connection.vendor == "postgresql" else json.dumps(value)


class Fingerprint(models.Model):
    """A complaint as the search reads it: its text's consonant skeleton (normalise.skeleton) and that
    skeleton's trigram hashes, the keys the candidates are found by, each indexed with the day received, and
    whether it was merged into another (kept by the `similar.merged` listener: merged ones are no candidates)."""

    complaint = models.OneToOneField(Complaint, primary_key=True, on_delete=models.CASCADE, related_name="+")
    skeleton = models.TextField(blank=True)
    grams = GramsField(default=list)
    mobile = models.CharField(max_length=20, blank=True)
    id_number = models.CharField(max_length=32, blank=True)
    station = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    cell = models.CharField(max_length=24, blank=True, help_text=_("The ~300 m square of the incident point."))
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    category_id = models.BigIntegerField()
    is_confidential = models.BooleanField(default=False)
    received_at = models.DateTimeField()
    merged = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["mobile", "received_at"], name="similar_mobile_idx", condition=~models.Q(mobile="")),
            models.Index(fields=["id_number", "received_at"], name="similar_id_idx", condition=~models.Q(id_number="")),
            models.Index(fields=["station", "received_at"], name="similar_station_idx"),
            models.Index(fields=["cell", "received_at"], name="similar_cell_idx", condition=~models.Q(cell="")),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.skeleton[:40]}"


class Reason(models.TextChoices):
    MOBILE = "mobile", _("same mobile")
    ID_NUMBER = "id_number", _("same ID number")
    PLACE = "place", _("same place")
    STATION = "station", _("same police station")
    CATEGORY = "category", _("same category")


class Suggestion(models.Model):
    """`complaint` is possibly the same as the earlier `other`, for `reasons` with text score `score` (0–1).
    Dismissed ("not the same") by an officer, it is no longer shown."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)
    score = models.FloatField()
    same_person = models.BooleanField(default=False)
    found_at = models.DateTimeField()
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "other"], name="similar_pair_once")]
        indexes = [models.Index(fields=["other"], name="similar_other_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} ~ {self.other_id} ({self.score:.2f})"


class HotSpotKind(models.TextChoices):
    REPEAT = "repeat", _("Same person, same matter")
    PLACE = "place", _("Many complaints about one place")


class HotSpot(models.Model):
    """A repeat (one person's third complaint about one matter) or a place with five complaints in a week, for
    the complaint cells over its police station (`unit`). `complaint_ids` = the complaints that make it (the
    page shows only those the reader may see). Written by one upsert per batch (hotspots.record)."""

    kind = models.CharField(max_length=8, choices=HotSpotKind.choices)
    key = models.CharField(max_length=80)
    window_start = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    complaint_ids = models.JSONField(default=list)
    count = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key", "window_start"], name="similar_hotspot_once")]
        indexes = [models.Index(fields=["last_at"], name="similar_hotspot_recent_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.count})"
