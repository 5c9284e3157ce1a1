"""The dashboard's figures for one unit's subtree, read from the rollups.

Flow figures (received, disposed, SLA, satisfaction …) sum DailyRollup rows
of the period; pending and ageing sum OpenCount rows. Only "overdue"
depends on the clock rather than on an action, so it is one count over open
complaints through the partial index complaint_open_due_idx — the same
definition the inbox's `overdue=1` filter uses, so the number matches the
list behind its link."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Sum
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN
from shikayat.core.errors import NotFound
from shikayat.deadlines.ledger import scope_paths
from shikayat.jurisdictions.models import Unit

from .models import COUNTERS, DailyRollup, OpenCount

AGEING = ((0, 7), (8, 15), (16, 30), (31, None))  # days since receipt, inclusive


def viewable_unit(viewer: User, code: str | None) -> Unit:
    """The unit `code` if it lies in a subtree the viewer is posted over as a
    supervisor, complaint cell or accountability officer (default: the highest
    such posting); NotFound otherwise, so other units stay invisible."""
    paths = scope_paths(viewer)
    if not paths:
        raise NotFound(_("The dashboard is open to supervisors, the complaint cell and the accountability branch."))
    if not code:
        return Unit.objects.select_related("level").get(path=min(paths, key=len))
    unit = Unit.objects.filter(code=code).select_related("level").first()
    if unit is None or not any(unit.path.startswith(path) for path in paths):
        raise NotFound(_("No unit with this code in your jurisdiction."))
    return unit


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


@dataclass
class Figures:
    unit: Unit
    since: date
    until: date
    totals: dict
    pending: int
    overdue: int
    ageing: list  # [(label, count, min_days)]
    by_channel: list = field(default_factory=list)  # [(channel, {counter: n})]
    by_category: list = field(default_factory=list)
    trend: list = field(default_factory=list)  # [(day, received, disposed)]

    @property
    def contact_compliance(self):
        t = self.totals
        return _ratio(t["contacted_in_time"], t["contacted_in_time"] + t["contacted_late"])

    @property
    def report_compliance(self):
        t = self.totals
        return _ratio(t["reported_in_time"], t["reported_in_time"] + t["reported_late"])

    @property
    def satisfaction_rate(self):
        return _ratio(self.totals["satisfied"], self.totals["satisfied"] + self.totals["dissatisfied"])

    @property
    def average_rating(self):
        return _mean(self.totals["rating_sum"], self.totals["rating_count"])

    @property
    def reopen_rate(self):
        return _ratio(self.totals["reopened"], self.totals["disposed"] + self.totals["reopened"])

    @property
    def hours_to_contact(self):
        t = self.totals
        return _mean(t["contact_hours_sum"], t["contacted_in_time"] + t["contacted_late"])

    @property
    def hours_to_resolve(self):
        return _mean(self.totals["resolve_hours_sum"], self.totals["disposed"])


def _sums(rows) -> dict:
    got = rows.aggregate(**{c: Sum(c) for c in COUNTERS})
    return {c: got[c] or 0 for c in COUNTERS}


def flow(unit: Unit, since: date, until: date):
    """DailyRollup rows of the subtree in [since, until]."""
    return DailyRollup.objects.filter(unit__path__startswith=unit.path, day__gte=since, day__lte=until)


def open_rows(unit: Unit):
    return OpenCount.objects.filter(unit__path__startswith=unit.path)


def pending_by_age(unit: Unit, today: date) -> tuple[int, list]:
    rows = dict(open_rows(unit).values_list("received_day").annotate(n=Sum("count")).values_list("received_day", "n"))
    buckets = []
    for low, high in AGEING:
        n = sum(v for d, v in rows.items() if low <= (today - d).days and (high is None or (today - d).days <= high))
        label = f"{low}–{high}" if high is not None else f"{low - 1}+"
        buckets.append((label, n, low))
    return sum(rows.values()), buckets


def overdue_count(unit: Unit, now: datetime) -> int:
    return Complaint.objects.filter(unit_path__startswith=unit.path, status__in=sorted(OPEN),
                                    report_due_at__lt=now).count()


def figures(unit: Unit, *, now: datetime, days: int = 30, detail: bool = True) -> Figures:
    """Every figure of the dashboard for `unit`'s subtree over the last `days` days."""
    from .rollup import local_day

    until = local_day(now)
    since = until - timedelta(days=days - 1)
    rows = flow(unit, since, until)
    pending, ageing = pending_by_age(unit, until)
    result = Figures(unit=unit, since=since, until=until, totals=_sums(rows), pending=pending,
                     overdue=overdue_count(unit, now), ageing=ageing)
    if detail:
        for name, key in (("by_channel", "channel"), ("by_category", "category__code")):
            grouped = rows.values(key).annotate(**{c: Sum(c) for c in COUNTERS}).order_by(key)
            setattr(result, name, [(g[key], {c: g[c] or 0 for c in COUNTERS}) for g in grouped])
        per_day = {g["day"]: g for g in rows.values("day").annotate(r=Sum("received"), d=Sum("disposed"))}
        result.trend = [(d, (per_day.get(d) or {}).get("r") or 0, (per_day.get(d) or {}).get("d") or 0)
                        for d in (since + timedelta(days=i) for i in range(days))]
    return result


def children(unit: Unit, *, now: datetime, days: int = 30) -> list[Figures]:
    return [figures(child, now=now, days=days, detail=False)
            for child in unit.children.filter(is_active=True).select_related("level").order_by("code")]
