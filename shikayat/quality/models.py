"""The complaint cell's grade of how well a closed complaint was disposed of (Rampur's SOP): one row per
closing cycle, written when the complaint closes if the sample takes it (sampling.py), or when the cell grades a
closing the sample left out. A poor grade is charged to the officer in the delay ledger (actions.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    GOOD = "good", _("Good")
    ADEQUATE = "adequate", _("Adequate")
    POOR = "poor", _("Poor")


class Reason(models.TextChoices):
    """Why a closing is on the list to grade."""

    SAMPLE = "sample", _("Sampled")
    REOPENED = "reopened", _("Reopened before closing")
    CHOSEN = "chosen", _("Chosen by the complaint cell")


# The questions every grade answers (yes / no), in the order the form asks them.
CHECKS = (
    ("contact_made", _("The officer made contact with the complainant")),
    ("visit_made", _("The officer visited the place")),
    ("action_proportionate", _("The action taken was proportionate")),
    ("treated_well", _("The citizen was treated well")),
)


class QualityReview(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="quality_reviews")
    # The closing graded: a reopened complaint closes again in a new cycle and is graded again.
    cycle_started_at = models.DateTimeField()
    closed_at = models.DateTimeField()
    reason = models.CharField(max_length=12, choices=Reason.choices)
    # Who disposed of it and where (the complaint's officer and unit when it closed).
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="quality_reviews")
    unit = models.ForeignKey("jurisdictions.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)  # copied from unit.path: a prefix scan finds a subtree's rows
    grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)  # blank: still to grade
    contact_made = models.BooleanField(null=True)
    visit_made = models.BooleanField(null=True)
    action_proportionate = models.BooleanField(null=True)
    treated_well = models.BooleanField(null=True)
    remarks = models.TextField(blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "cycle_started_at"], name="one_quality_review_per_cycle"),
        ]
        indexes = [
            models.Index(fields=["unit_path", "closed_at"], name="quality_to_grade_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"], condition=models.Q(grade="")),
            models.Index(fields=["officer", "graded_at"], name="quality_officer_idx"),
            models.Index(fields=["unit_path", "graded_at"], name="quality_scope_idx",
                         opclasses=["varchar_pattern_ops", "timestamptz_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} closed {self.closed_at:%Y-%m-%d} {self.grade or 'to grade'}"

    @property
    def checks(self) -> list[tuple[str, bool | None]]:
        return [(label, getattr(self, name)) for name, label in CHECKS]
