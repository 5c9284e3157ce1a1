"""Month-end figures frozen once the month is over. The monthly report's pending and overdue are what stood at
the month's end; reconstructing them reads every complaint of the unit's subtree (received before the end,
not closed before it), which at a province's scale is seconds per report. The worker (tasks.freeze_month_ends)
counts them once for every unit in one pass over the complaints, the first hour after a month ends, and the
report reads the frozen row; a month not frozen yet (the current one, or before the worker ran) is counted
live, the same way."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q

from shikayat.complaints.models import Complaint
from shikayat.core import clock
from shikayat.jurisdictions.models import Unit, path_ids

from .models import MonthEnd


def month_of(day: date) -> date:
    return day.replace(day=1)


def previous_month(today: date) -> date:
    return month_of(month_of(today) - timedelta(days=1))


def pending_at_end(complaints, end):
    """The complaints among `complaints` received before `end` and not closed before it."""
    return complaints.filter(received_at__lt=end).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))


def freeze(month: date) -> int:
    """Store every unit's pending and overdue at the end of `month`, once (a frozen month is left as it is);
    how many units were stored (0: already frozen, or the month is not over)."""
    from .figures import month_bounds

    month = month_of(month)
    _start, end = month_bounds(month)
    if end > clock.now() or MonthEnd.objects.filter(month=month).exists():
        return 0
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (pending_at_end(Complaint.objects.all(), end).values("unit_path")
            .annotate(pending=Count("pk"), overdue=Count("pk", filter=Q(report_due_at__lt=end))))
    for row in rows:
        for unit_id in path_ids(row["unit_path"]):
            totals[unit_id][0] += row["pending"]
            totals[unit_id][1] += row["overdue"]
    now = clock.now()
    frozen = [MonthEnd(unit_id=pk, month=month, pending=totals[pk][0], overdue=totals[pk][1], frozen_at=now)
              for pk in Unit.objects.values_list("pk", flat=True)]
    with transaction.atomic():
        MonthEnd.objects.bulk_create(frozen, ignore_conflicts=True, batch_size=1000)
    return len(frozen)


def frozen(unit: Unit, month: date) -> dict | None:
    """The frozen {"pending", "overdue"} of `unit` at the end of `month`, if the month has been frozen."""
    return MonthEnd.objects.filter(unit=unit, month=month_of(month)).values("pending", "overdue").first()
