"""The pending-cases review: overdue and old open complaints for the
periodic review meeting, grouped by unit, each with its last action; and
recording the meeting's directions, one action per complaint."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.complaints import actions, selectors
from shikayat.complaints.inbox import officer_complaints
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.core import clock
from shikayat.core.errors import DomainError
from shikayat.core.query import MAX_DAYS, Query

DEFAULT_MIN_DAYS = 15
REVIEW_KEYS = ("unit", "min_days", "overdue")
PAGE_LIMIT = 500  # rows shown on the page; the exports carry the whole list


def with_last_action(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Annotate each complaint with its latest timeline event (action, time)
    in the same query, read from the (complaint, at) index."""
    latest = ComplaintEvent.objects.filter(complaint=OuterRef("pk")).order_by("-at", "-pk")
    return qs.annotate(last_action=Subquery(latest.values("action")[:1]),
                       last_action_at=Subquery(latest.values("at")[:1]))


def review_complaints(user: User, filters: dict | None = None, now: datetime | None = None) -> QuerySet[Complaint]:
    """Open complaints in the user's scope that are overdue, or older than
    `min_days` (unless `overdue` asks for overdue ones only). Ordered by unit,
    oldest first. Raises InvalidInput for bad filters."""
    query = Query({k: v for k, v in (filters or {}).items() if v not in (None, "")})
    now = now or clock.now()
    overdue_only = query.flag("overdue")
    min_days = query.number("min_days", maximum=MAX_DAYS, default=0 if overdue_only else DEFAULT_MIN_DAYS,
                            message=_("Days pending is a whole number of days, e.g. 30."))
    unit = query.text("unit", max_length=32)
    query.check()
    qs = officer_complaints(user, {"status": "open", "unit": unit}, now=now)
    overdue = Q(report_due_at__lt=now)
    if overdue_only:
        qs = qs.filter(overdue, received_at__lt=now - timedelta(days=min_days))
    else:
        qs = qs.filter(overdue | Q(received_at__lt=now - timedelta(days=min_days)))
    return qs.order_by("unit_path", "received_at", "pk")


@dataclass
class DirectionResult:
    saved: list[str]
    errors: dict[str, str]  # etag -> message


def record_directions(user: User, directions: dict[str, str]) -> DirectionResult:
    """Record each non-empty direction on its complaint (etag -> text), each
    its own action: one complaint's error neither stops nor undoes the others."""
    result = DirectionResult(saved=[], errors={})
    for etag, text in directions.items():
        if not (text or "").strip():
            continue
        try:
            complaint = selectors.complaint_for(user, etag, via="review")
            actions.record_review_direction(complaint, actor=user, direction=text)
        except DomainError as error:
            result.errors[etag] = error.message
        else:
            result.saved.append(etag)
    return result
