"""Aggregates the dashboards read instead of the complaints table.

Rows keyed by unit stand for the unit's whole subtree: an event is added to the row of
the unit the complaint is in after it *and* to the rows of each of that
unit's ancestors (one multi-row UPSERT), so a province or district figure is
a read of its own few rows, never a sum over its stations.

Each action, intake and missed deadline appends its changes to PendingChange
in its own transaction; rollup.fold() adds them to the tables every few
seconds (the worker) and before a dashboard is read. `manage.py
rebuild_rollups` recounts every table from scratch for repairs."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from shikayat.categories.models import Category
from shikayat.jurisdictions.models import Unit

# Upper bounds, in hours, of the bands that count how long first contact and
# disposal took; the last band is open. Medians are read from these counts.
BANDS = (1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, 720)
CONTACT_BANDS = tuple(f"contact_band_{i}" for i in range(len(BANDS) + 1))
RESOLVE_BANDS = tuple(f"resolve_band_{i}" for i in range(len(BANDS) + 1))

# Counters of DailyRollup and OfficerRollup, in the order the upsert writes them.
COUNTERS = (
    "received", "disposed", "reopened", "escalations", "contacted_in_time", "contacted_late",
    "reported_in_time", "reported_late", "rating_sum", "rating_count", "satisfied", "dissatisfied",
    "contact_hours_sum", "resolve_hours_sum", "delays", "appeals", "appeals_upheld", "action_held",
    "action_not_held", *CONTACT_BANDS, *RESOLVE_BANDS,
)


def _counter(label):
    return models.BigIntegerField(label, default=0, db_default=0)


class Counters(models.Model):
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
    delays = _counter(_("missed deadlines"))  # entries written to the delay ledger
    appeals = _counter(_("appeals"))  # complaints reopened on appeal (the follow-up question's "no" included)
    # Appeals decided in the citizen's favour: after an appeal, the complaint closed again with the citizen's
    # confirmation that they are satisfied (counted on that day, for the unit that closed it).
    appeals_upheld = _counter(_("appeals upheld"))
    action_held = _counter(_("police action held"))  # the follow-up question answered "yes"
    action_not_held = _counter(_("police action did not hold"))  # … answered "no" (an appeal)

    class Meta:
        abstract = True


for _name in CONTACT_BANDS + RESOLVE_BANDS:
    Counters.add_to_class(_name, models.BigIntegerField(default=0, db_default=0, editable=False))


class DailyRollup(Counters):
    """What happened on one day in one unit's subtree. An event counts for the
    unit the complaint is in after it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="rollup_key")]
        indexes = [models.Index(fields=["day"], name="rollup_day")]  # a league's rows of today (periods.py)

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class CategoryDaily(models.Model):
    """Received and disposed per day, unit subtree and category (the dashboard's breakdown)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    received = _counter(_("received"))
    disposed = _counter(_("disposed"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day", "category"], name="category_daily_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.category_id}"


class ChannelDaily(models.Model):
    """Received and disposed per day, unit subtree and channel."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20)
    received = _counter(_("received"))
    disposed = _counter(_("disposed"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day", "channel"], name="channel_daily_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.channel}"


class OfficerRollup(Counters):
    """What one officer's complaints did on one day: counted for the officer
    holding the complaint when it happened (before the action, or after it
    when nobody held it before). `received` stays zero here."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "day"], name="officer_rollup_key")]
        indexes = [models.Index(fields=["day"], name="officer_rollup_day")]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.day}"


class OpenCount(models.Model):
    """How many complaints are open now in a unit's subtree, per status, day
    of receipt (the ageing buckets) and day the report is due (overdue: every
    day before today, plus today's due hours already past, counted directly).
    Rows drop to zero rather than being deleted."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24)
    received_day = models.DateField()
    due_day = models.DateField()
    count = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "status", "received_day", "due_day"],
                                               name="open_count_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.status} {self.received_day} {self.due_day}: {self.count}"


class OfficerOpen(models.Model):
    """How many open complaints each officer holds, per day of receipt and
    day the report is due: their pending, ageing and overdue figures."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_day = models.DateField()
    due_day = models.DateField()
    count = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "received_day", "due_day"],
                                               name="officer_open_key")]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.received_day} {self.due_day}: {self.count}"


class PendingChange(models.Model):
    """Rollup changes an action, intake or sweep has committed that are not yet added to the tables
    (rollup.Batch as JSON). Appending one row is all an action pays, and it never waits on another
    action: adding to the shared rows (a province's today) directly would lock them from the upsert
    until each transaction commits, so every action in the force would queue behind the others."""

    changes = models.JSONField()
    # Filled by the database (rollup.write's INSERT names only `changes`): /metrics reports the oldest one's age
    # as the dashboards' lag (shikayat/ops).
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self) -> str:
        return f"pending rollup change {self.pk}"


class PeriodTotals(Counters):
    """DailyRollup (kind "unit") or OfficerRollup (kind "officer") counters of one unit or officer summed over
    the complete days [since, through]: a league over the last N days reads these and today's rows, one or
    two rows per line instead of N (see periods.py). Computed on a league's first request for the period on a
    day; deleted when a fold changes a day they cover."""

    kind = models.CharField(max_length=8)
    owner = models.BigIntegerField()  # the unit's or officer's id
    since = models.DateField()
    through = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "since", "through", "owner"],
                                               name="period_totals_key")]
        indexes = [models.Index(fields=["through"], name="period_totals_through")]

    def __str__(self) -> str:
        return f"{self.kind} {self.owner} {self.since}–{self.through}"
