"""The monthly report's figures for one unit's subtree. The month's flow
(received, disposed, by category and channel, deadlines kept, satisfaction)
is read from the dashboards' rollups; pending and overdue at the month's end
are the month's frozen figures (monthend.py) once the worker has frozen them,
else reconstructed from the complaints (received_at / closed_at /
report_due_at), since the rollups only know what is open now."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from shikayat.categories.models import Category
from shikayat.complaints.models import Channel, Complaint
from shikayat.dashboards.figures import Figures, _days_of
from shikayat.dashboards.models import CategoryDaily, ChannelDaily, DailyRollup
from shikayat.jurisdictions.models import Unit

from . import monthend


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in local time."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (timezone.make_aware(datetime.combine(month, time.min)),
            timezone.make_aware(datetime.combine(following, time.min)))


def monthly_figures(unit: Unit, month: date) -> dict:
    """Received, disposed, pending and overdue (at the month's end), the
    month's receipts by category and by channel, and how deadlines and
    citizens fared, in `unit`'s subtree."""
    start, end = month_bounds(month)
    last_day = (end - timedelta(days=1)).date()
    totals, _per_day = _days_of(DailyRollup.objects.filter(unit=unit, day__gte=month, day__lte=last_day))
    month_flow = Figures(unit=unit, since=month, until=last_day, totals=totals)
    counts = monthend.frozen(unit, month)
    if counts is None:
        pending = monthend.pending_at_end(Complaint.objects.filter(unit_path__startswith=unit.path), end)
        counts = pending.aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(report_due_at__lt=end)))
    channels = dict(Channel.choices)
    names = {c.pk: (c.code, c.name) for c in Category.objects.all()}

    def received(model, key):
        rows = model.objects.filter(unit=unit, day__gte=month, day__lte=last_day).values(key).annotate(
            n=Sum("received"))
        return [(row[key], int(row["n"])) for row in rows if row["n"]]

    by_category = sorted(({"label": names[pk][1], "code": names[pk][0], "count": n}
                          for pk, n in received(CategoryDaily, "category")), key=lambda r: (-r["count"], r["code"]))
    by_channel = sorted(({"label": str(channels.get(code, code)), "code": code, "count": n}
                         for code, n in received(ChannelDaily, "channel")), key=lambda r: (-r["count"], r["code"]))
    return {"unit": unit, "month": month, "received": month_flow.totals["received"],
            "disposed": month_flow.totals["disposed"], "pending": counts["pending"], "overdue": counts["overdue"],
            "by_category": by_category, "by_channel": by_channel, "flow": month_flow}
