"""How quality grading plugs into the complaint core (complaints/hooks.py): a closing the sample takes goes on
the complaint cell's list to grade, in the closing action's transaction."""

from shikayat.complaints import hooks
from shikayat.complaints.workflow import Status

from .models import QualityReview
from .sampling import reason_to_grade


def to_grade(event: hooks.ActionEvent) -> None:
    row = event.complaint
    if event.to_status != Status.CLOSED or event.from_status == Status.CLOSED:
        return
    reason = reason_to_grade(row)
    if reason is None:
        return
    QualityReview.objects.get_or_create(complaint=row, cycle_started_at=row.cycle_started_at, defaults={
        "closed_at": row.closed_at or event.at, "reason": reason, "officer_id": row.assignee_id,
        "unit_id": row.unit_id, "unit_path": row.unit_path})


def register() -> None:
    hooks.register(to_grade, name="quality.to_grade", order=400)
