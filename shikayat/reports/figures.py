"""The monthly report's figures for one unit's subtree. Counted here with
indexed aggregate queries (unit_path prefix, received_at / closed_at range);
`monthly_figures` is the one boundary to switch to the dashboards' rollups."""

from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.complaints.models import Channel, Complaint
from shikayat.complaints.workflow import TERMINAL
from shikayat.core.errors import InvalidInput
from shikayat.core.i18n import current_lang
from shikayat.jurisdictions.models import Unit


def parse_month(raw: str) -> date:
    """'2026-11' → date(2026, 11, 1); InvalidInput otherwise."""
    try:
        year, month = (int(part) for part in str(raw).split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError) as error:
        message = _("Give the month like 2026-11.")
        raise InvalidInput(message, fields={"month": [message]}) from error


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in local time."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (timezone.make_aware(datetime.combine(month, time.min)),
            timezone.make_aware(datetime.combine(following, time.min)))


def monthly_figures(unit: Unit, month: date) -> dict:
    """Received, disposed, pending and overdue (at the month's end), and the
    month's receipts by category and by channel, in `unit`'s subtree.
    Pending and overdue are reconstructed from received_at / closed_at /
    report_due_at as they stand now."""
    start, end = month_bounds(month)
    subtree = Complaint.objects.filter(unit_path__startswith=unit.path)
    received = subtree.filter(received_at__gte=start, received_at__lt=end)
    disposed = subtree.filter(status__in=TERMINAL, closed_at__gte=start, closed_at__lt=end).count()
    pending = subtree.filter(received_at__lt=end).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    counts = pending.aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(report_due_at__lt=end)))
    channels = dict(Channel.choices)
    lang = current_lang()
    names = ("category__code", "category__name_en", f"category__name_{lang}")
    by_category = [
        {"label": row[f"category__name_{lang}"] or row["category__name_en"], "code": row["category__code"],
         "count": row["n"]}
        for row in received.values(*dict.fromkeys(names)).annotate(n=Count("pk")).order_by("-n", "category__code")
    ]
    by_channel = [
        {"label": str(channels.get(row["channel"], row["channel"])), "code": row["channel"], "count": row["n"]}
        for row in received.values("channel").annotate(n=Count("pk")).order_by("-n", "channel")
    ]
    return {"unit": unit, "month": month, "received": received.count(), "disposed": disposed,
            "pending": counts["pending"], "overdue": counts["overdue"],
            "by_category": by_category, "by_channel": by_channel}
