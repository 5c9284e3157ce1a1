from django.db import models

from shikayat.jurisdictions.models import Unit


class MonthEnd(models.Model):
    """A unit's pending and overdue complaints (its whole subtree) at the end of a month, frozen once the month
    is over (reports.monthend.freeze, by the worker): the monthly report's figures as they stood then. Worked
    out afresh they read every complaint of the subtree (a district of a 10M-complaint force: 280,000 rows)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # the month's first day
    pending = models.PositiveIntegerField()
    overdue = models.PositiveIntegerField()
    frozen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="month_end_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}: {self.pending} pending, {self.overdue} overdue"
