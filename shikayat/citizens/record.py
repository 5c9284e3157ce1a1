"""What a finished complaint came to, as its complainant sees it: kept on
their page (/track/<etag>/), in their list and in the WhatsApp status reply
after it is closed, rejected, merged or withdrawn.

The resolution is the one the citizen was asked about; the rating and the
comment are the citizen's own answer (the public `confirm_satisfied` step).
A complaint a supervisor closed without the citizen's answer has a resolution
but no rating: a rating left by an earlier "not satisfied" answer is not
shown as if it were the last word."""

from dataclasses import dataclass
from datetime import datetime

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status


@dataclass(frozen=True)
class Outcome:
    status: str
    status_label: str
    closed_at: datetime | None
    resolution: str  # what the police report they did ("" unless the complaint was closed on a resolution)
    answered: bool  # the citizen confirmed they were satisfied
    rating: int | None  # 1–5, the citizen's own, when they answered
    comment: str  # the citizen's own words with their answer

    @property
    def stars(self) -> str:
        return "★" * self.rating + "☆" * (5 - self.rating) if self.rating else ""


def outcome(complaint: Complaint) -> Outcome | None:
    """None while the complaint is open."""
    if complaint.is_open:
        return None
    answer = None
    if complaint.status == Status.CLOSED:
        answer = (complaint.events.filter(action="confirm_satisfied", is_public=True)
                  .only("note", "data").order_by("-at", "-id").first())
    rating = complaint.satisfaction_rating if answer is not None else None
    return Outcome(
        status=complaint.status, status_label=str(complaint.get_status_display()), closed_at=complaint.closed_at,
        resolution=complaint.resolution if complaint.status == Status.CLOSED else "",
        answered=answer is not None, rating=rating, comment=answer.note if answer is not None else "",
    )
