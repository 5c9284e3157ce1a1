"""Aggregates the dashboards read instead of the complaints table.

Both tables are kept in step with the complaints by rollup.apply() inside
the same transaction as each action or intake; `manage.py rebuild_rollups`
recounts them from scratch for repairs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.categories.models import Category
from shikayat.jurisdictions.models import Unit

# Counters of DailyRollup, in the order the upsert writes them.
COUNTERS = (
    "received", "disposed", "reopened", "escalations", "contacted_in_time", "contacted_late",
    "reported_in_time", "reported_late", "rating_sum", "rating_count", "satisfied", "dissatisfied",
    "contact_hours_sum", "resolve_hours_sum",
)


def _counter(label):
    return models.BigIntegerField(label, default=0, db_default=0)


class DailyRollup(models.Model):
    """What happened on one day in one unit, per category and channel. An
    event counts for the unit the complaint is in after it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20)
    received = _counter(_("received"))
    disposed = _counter(_("disposed"))  # closed, rejected, merged or withdrawn
    reopened = _counter(_("reopened"))
    escalations = _counter(_("escalations"))
    contacted_in_time = _counter(_("contacted within deadline"))
    contacted_late = _counter(_("contacted late"))
    reported_in_time = _counter(_("reported within deadline"))
    reported_late = _counter(_("reported late"))
    rating_sum = _counter(_("sum of ratings"))
    rating_count = _counter(_("ratings"))
    satisfied = _counter(_("satisfied"))
    dissatisfied = _counter(_("dissatisfied"))
    contact_hours_sum = _counter(_("hours to first contact, summed"))
    resolve_hours_sum = _counter(_("hours from receipt to disposal, summed"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day", "category", "channel"], name="rollup_key")]
        indexes = [models.Index(fields=["day", "unit"], name="rollup_day_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.category_id} {self.channel}"


class OpenCount(models.Model):
    """How many complaints are open now, per unit, category, status and day
    of receipt (the day gives the ageing buckets). Rows drop to zero rather
    than being deleted."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24)
    received_day = models.DateField()
    count = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "category", "status", "received_day"],
                                               name="open_count_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.category_id} {self.status} {self.received_day}: {self.count}"
