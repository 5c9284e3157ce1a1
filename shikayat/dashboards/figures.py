"""The dashboard's figures for one unit's subtree, or one officer, read from
the rollups.

Each rollup row already stands for a whole subtree (see models), so a
province's figures are a read of the province's own rows. Flow figures
(received, disposed, SLA, satisfaction …) sum DailyRollup rows of the
period; pending and ageing sum OpenCount rows. Only "overdue" depends on the
clock rather than on an action, so it is one count over open complaints
through the partial index complaint_open_due_idx — the same definition the
inbox's `overdue=1` filter uses, so the number matches the list behind its
link."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN
from shikayat.core.errors import NotFound
from shikayat.deadlines.ledger import scope_paths
from shikayat.jurisdictions.models import Unit

from .models import BANDS, CONTACT_BANDS, COUNTERS, RESOLVE_BANDS, DailyRollup, OfficerRollup, OpenCount
from .rollup import local_day

AGEING = ((0, 7), (8, 15), (16, 30), (31, None))  # days since receipt, inclusive
PERIODS = (7, 30, 90, 365)  # days a dashboard can look back


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


def viewable_officer(viewer: User, username: str) -> tuple[User, Unit]:
    """The officer and the unit of their posting that lies in the viewer's scope; NotFound otherwise."""
    paths = scope_paths(viewer)
    postings = (Posting.objects.active().filter(user__username=username, role__in=OFFICER_ROLES)
                .select_related("user", "unit__level").order_by("-unit__path"))
    for posting in postings:
        if any(posting.unit.path.startswith(path) for path in paths):
            return posting.user, posting.unit
    raise NotFound(_("No officer with this name is posted in your jurisdiction."))


OFFICER_ROLES = (Role.ENQUIRY_OFFICER, Role.SUPERVISOR)


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def median_band(counts: list[int]) -> int | None:
    """Index of the band holding the median of a banded distribution (the
    lower median for an even count); None when there is nothing."""
    total = sum(counts)
    if not total:
        return None
    half, seen = (total + 1) // 2, 0
    for index, n in enumerate(counts):
        seen += n
        if seen >= half:
            return index
    return len(counts) - 1  # unreachable: seen reaches total


def band_bounds(index: int) -> tuple[int, int | None]:
    """(from, below) in hours of band `index`; below is None for the last, open band."""
    low = BANDS[index - 1] if index else 0
    return low, BANDS[index] if index < len(BANDS) else None


@dataclass
class Figures:
    unit: Unit | None
    since: date
    until: date
    totals: dict
    pending: int = 0
    overdue: int = 0
    ageing: list = field(default_factory=list)  # [(label, count, from_day, to_day)]
    by_channel: list = field(default_factory=list)  # [(channel, {counter: n})]
    by_category: list = field(default_factory=list)
    trend: list = field(default_factory=list)  # [(first day, label, received, disposed)]
    trend_unit: str = "day"
    officer: User | None = None

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
    def contacts(self) -> int:
        return self.totals["contacted_in_time"] + self.totals["contacted_late"]

    @property
    def hours_to_contact(self):
        return _mean(self.totals["contact_hours_sum"], self.contacts)

    @property
    def hours_to_resolve(self):
        return _mean(self.totals["resolve_hours_sum"], self.totals["disposed"])

    @property
    def median_contact(self) -> tuple[int, int | None] | None:
        """Hours band holding the median time to first contact."""
        index = median_band([self.totals[c] for c in CONTACT_BANDS])
        return None if index is None else band_bounds(index)

    @property
    def median_resolve(self) -> tuple[int, int | None] | None:
        index = median_band([self.totals[c] for c in RESOLVE_BANDS])
        return None if index is None else band_bounds(index)

    @property
    def delays_per_hundred(self):
        """Missed deadlines per hundred complaints disposed (the delay ledger's weight)."""
        return _mean(100 * self.totals["delays"], self.totals["disposed"])


def _sum_fields():
    return {c: Sum(c) for c in COUNTERS}


def _clean(got: dict) -> dict:
    return {c: got.get(c) or 0 for c in COUNTERS}


def period(now: datetime, days: int) -> tuple[date, date]:
    until = local_day(now)
    return until - timedelta(days=days - 1), until


def flow(unit: Unit, since: date, until: date):
    """DailyRollup rows of the subtree in [since, until]: the unit's own rows."""
    return DailyRollup.objects.filter(unit=unit, day__gte=since, day__lte=until)


def ageing_of(received_days: dict[date, int], today: date) -> list:
    buckets = []
    for low, high in AGEING:
        n = sum(v for d, v in received_days.items()
                if low <= (today - d).days and (high is None or (today - d).days <= high))
        label = f"{low}–{high}" if high is not None else f"{low - 1}+"
        buckets.append((label, n, None if high is None else today - timedelta(days=high), today - timedelta(days=low)))
    return buckets


def pending_by_age(unit: Unit, today: date) -> tuple[int, list]:
    rows = dict(OpenCount.objects.filter(unit=unit).values_list("received_day").annotate(n=Sum("count"))
                .values_list("received_day", "n"))
    return sum(rows.values()), ageing_of(rows, today)


def _overdue(scope, now: datetime):
    return Complaint.objects.filter(scope, status__in=sorted(OPEN), report_due_at__lt=now)


def overdue_count(unit: Unit, now: datetime) -> int:
    return _overdue(Q(unit_path__startswith=unit.path), now).count()


def trend(rows, since: date, until: date) -> tuple[str, list]:
    """Received and disposed per day (up to a month), week (up to a quarter) or month."""
    days = (until - since).days + 1
    per_day = {g["day"]: (g["r"] or 0, g["d"] or 0)
               for g in rows.values("day").annotate(r=Sum("received"), d=Sum("disposed"))}
    if days <= 31:
        return "day", [(d, d.isoformat(), *per_day.get(d, (0, 0))) for d in
                       (since + timedelta(days=i) for i in range(days))]
    if days <= 120:
        unit, start_of = "week", (lambda d: d - timedelta(days=d.weekday()))
    else:
        unit, start_of = "month", (lambda d: d.replace(day=1))
    buckets: dict[date, list] = {}
    day = since
    while day <= until:
        buckets.setdefault(start_of(day), [0, 0])
        day += timedelta(days=1)
    for d, (r, n) in per_day.items():
        buckets[start_of(d)][0] += r
        buckets[start_of(d)][1] += n
    label = (lambda d: d.isoformat()) if unit == "week" else (lambda d: d.strftime("%Y-%m"))
    return unit, [(d, label(d), r, n) for d, (r, n) in buckets.items()]


def figures(unit: Unit, *, now: datetime, days: int = 30, detail: bool = True) -> Figures:
    """Every figure of the dashboard for `unit`'s subtree over the last `days` days."""
    since, until = period(now, days)
    rows = flow(unit, since, until)
    pending, ageing = pending_by_age(unit, until)
    result = Figures(unit=unit, since=since, until=until, totals=_clean(rows.aggregate(**_sum_fields())),
                     pending=pending, overdue=overdue_count(unit, now), ageing=ageing)
    if detail:
        for name, key in (("by_channel", "channel"), ("by_category", "category__code")):
            grouped = rows.values(key).annotate(**_sum_fields()).order_by(key)
            setattr(result, name, [(g[key], _clean(g)) for g in grouped])
        result.trend_unit, result.trend = trend(rows, since, until)
    return result


def children(unit: Unit, *, now: datetime, days: int = 30) -> list[Figures]:
    """The figures of each active unit directly below `unit`: three grouped queries for all of them."""
    since, until = period(now, days)
    kids = list(unit.children.filter(is_active=True).select_related("level").order_by("code"))
    flows = {g["unit"]: _clean(g) for g in DailyRollup.objects.filter(
        unit__in=kids, day__gte=since, day__lte=until).values("unit").annotate(**_sum_fields())}
    ages: dict[int, dict] = {}
    for unit_id, day, n in (OpenCount.objects.filter(unit__in=kids).values_list("unit", "received_day")
                            .annotate(n=Sum("count")).values_list("unit", "received_day", "n")):
        ages.setdefault(unit_id, {})[day] = n
    late = Counter()
    for path, n in (_overdue(Q(unit_path__startswith=unit.path), now).values_list("unit_path")
                    .annotate(n=Count("id")).values_list("unit_path", "n")):
        for kid in kids:
            if path.startswith(kid.path):
                late[kid.pk] += n
    result = []
    for kid in kids:
        per_day = ages.get(kid.pk, {})
        result.append(Figures(unit=kid, since=since, until=until, totals=flows.get(kid.pk, _clean({})),
                              pending=sum(per_day.values()), overdue=late[kid.pk],
                              ageing=ageing_of(per_day, until)))
    return result


def officers_posted(unit: Unit) -> list[User]:
    """Officers who take or supervise complaints, posted at `unit` itself (not below it)."""
    ids = (Posting.objects.active().filter(unit=unit, role__in=OFFICER_ROLES).values_list("user", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("-rank", "username"))


def officer_figures(officers: list[User], *, now: datetime, days: int = 30) -> list[Figures]:
    """Each officer's figures over the period: flow from OfficerRollup, and what they hold open now."""
    since, until = period(now, days)
    flows = {g["officer"]: _clean(g) for g in OfficerRollup.objects.filter(
        officer__in=officers, day__gte=since, day__lte=until).values("officer").annotate(**_sum_fields())}
    holding = Complaint.objects.filter(assignee__in=officers, status__in=sorted(OPEN))
    pending = dict(holding.values_list("assignee").annotate(n=Count("id")).values_list("assignee", "n"))
    late = dict(holding.filter(report_due_at__lt=now).values_list("assignee").annotate(n=Count("id"))
                .values_list("assignee", "n"))
    return [Figures(unit=None, officer=o, since=since, until=until, totals=flows.get(o.pk, _clean({})),
                    pending=pending.get(o.pk, 0), overdue=late.get(o.pk, 0)) for o in officers]


def officer_detail(officer: User, *, now: datetime, days: int = 30) -> Figures:
    """One officer's figures with the trend and the ageing of what they hold."""
    result = officer_figures([officer], now=now, days=days)[0]
    rows = OfficerRollup.objects.filter(officer=officer, day__gte=result.since, day__lte=result.until)
    result.trend_unit, result.trend = trend(rows, result.since, result.until)
    held = Counter(local_day(at) for at in Complaint.objects.filter(
        assignee=officer, status__in=sorted(OPEN)).values_list("received_at", flat=True))
    result.ageing = ageing_of(held, result.until)
    return result
