"""The dashboard's figures for one unit's subtree, or one officer, read from
the rollups.

Each rollup row already stands for a whole subtree (see models), so a
province's figures are a read of the province's own rows. Flow figures
(received, disposed, SLA, satisfaction …) sum DailyRollup rows of the
period; pending, ageing and overdue sum OpenCount (OfficerOpen for an
officer) rows. "Overdue" is the inbox's `overdue=1` definition (open, report
due before now), so the number matches the list behind its link: the rows
due before today, plus the open complaints due earlier today, counted
directly through the partial index complaint_open_due_idx (a few hours'
worth, never the table)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import BigIntegerField, Count, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN
from shikayat.core.errors import NotFound
from shikayat.core.query import readable
from shikayat.deadlines.ledger import scope_paths
from shikayat.jurisdictions.models import Unit

from . import periods
from .models import (
    BANDS,
    CONTACT_BANDS,
    COUNTERS,
    RESOLVE_BANDS,
    CategoryDaily,
    ChannelDaily,
    DailyRollup,
    OfficerOpen,
    OfficerRollup,
    OpenCount,
)
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
    unit = Unit.objects.filter(code=code).select_related("level").first() if readable(code) else None
    if unit is None or not any(unit.path.startswith(path) for path in paths):
        raise NotFound(_("No unit with this code in your jurisdiction."))
    return unit


def viewable_officer(viewer: User, username: str) -> tuple[User, Unit]:
    """The officer and the unit of their posting that lies in the viewer's scope; NotFound otherwise."""
    paths = scope_paths(viewer) if readable(username) else []
    postings = (Posting.objects.active().filter(user__username=username, role__in=OFFICER_ROLES)
                .select_related("user", "unit__level").order_by("-unit__path"))
    for posting in postings:
        if any(posting.unit.path.startswith(path) for path in paths):
            return posting.user, posting.unit
    raise NotFound(_("No officer with this name is posted in your jurisdiction."))


OFFICER_ROLES = (Role.ENQUIRY_OFFICER, Role.SUPERVISOR)


CONFIDENTIAL_COUNT_SECONDS = 60


def confidential_open(unit: Unit) -> int:
    """Open confidential complaints in the unit's subtree: counted on the
    dashboard, listed only to the officers who may see them. A partial index
    holds just these rows; the count is cached a minute (a province's count
    reads every such row)."""
    key = f"dashboard:confidential-open:{unit.pk}"
    count = cache.get(key)
    if count is None:
        count = Complaint.objects.filter(is_confidential=True, status__in=OPEN, unit_path__startswith=unit.path).count()
        cache.set(key, count, CONFIDENTIAL_COUNT_SECONDS)
    return count


@dataclass(frozen=True)
class PriorityOpen:
    pending: int
    overdue: int


def priority_open(unit: Unit, now: datetime) -> PriorityOpen:
    """Open priority complaints in the unit's subtree (Complaint.priority: e.g. from the Prime Minister's Citizen
    Portal), shown apart from the others, and how many of them are overdue (the inbox's `overdue=1`). Read
    directly through the partial index complaint_priority_open_idx (only these rows), cached a minute."""
    key = f"dashboard:priority-open:{unit.pk}"
    found = cache.get(key)
    if found is None:
        found = PriorityOpen(**Complaint.objects.filter(priority__gt=0, status__in=OPEN,
                                                        unit_path__startswith=unit.path)
                             .aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(report_due_at__lt=now))))
        cache.set(key, found, CONFIDENTIAL_COUNT_SECONDS)
    return found


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
    # (graded, graded poor): the complaint cell's grades of the disposals (shikayat/quality), where they are read
    quality: tuple[int, int] | None = None

    @property
    def quality_rate(self):
        """100 minus the percentage of graded disposals graded poor; None when none was graded."""
        if not self.quality or not self.quality[0]:
            return None
        graded, poor = self.quality
        return round(100.0 - 100.0 * poor / graded, 1)

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
    def appeal_rate(self):
        """Appeals lodged in the period per hundred complaints disposed in it."""
        return _ratio(self.totals["appeals"], self.totals["disposed"])

    @property
    def upheld_rate(self):
        """Appeals decided in the citizen's favour, of those lodged in the period."""
        return _ratio(self.totals["appeals_upheld"], self.totals["appeals"])

    @property
    def action_held_rate(self):
        """Follow-up answers saying the police action held."""
        return _ratio(self.totals["action_held"], self.totals["action_held"] + self.totals["action_not_held"])

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


def _total(expression: str, **extra) -> Cast:
    """SUM(…) as a bigint: PostgreSQL sums bigints as numeric, which the driver turns into Decimal value by
    value (a league of 800 officers × 45 counters pays for that)."""
    return Cast(Sum(expression, **extra), BigIntegerField())


def _sum_fields():
    return {c: _total(c) for c in COUNTERS}


def _clean(got: dict) -> dict:
    return {c: int(got.get(c) or 0) for c in COUNTERS}


def period(now: datetime, days: int) -> tuple[date, date]:
    until = local_day(now)
    return until - timedelta(days=days - 1), until


def _days_of(rows) -> tuple[dict, dict]:
    """(totals, {day: (received, disposed)}) of DailyRollup / OfficerRollup rows: one row per day, summed here."""
    totals, per_day = dict.fromkeys(COUNTERS, 0), {}
    for row in rows.values_list("day", *COUNTERS):
        for name, value in zip(COUNTERS, row[1:], strict=True):
            totals[name] += value
        per_day[row[0]] = (row[1 + COUNTERS.index("received")], row[1 + COUNTERS.index("disposed")])
    return totals, per_day


def ageing_of(received_days: dict[date, int], today: date) -> list:
    buckets = []
    for low, high in AGEING:
        n = sum(v for d, v in received_days.items()
                if low <= (today - d).days and (high is None or (today - d).days <= high))
        label = f"{low}–{high}" if high is not None else f"{low - 1}+"
        buckets.append((label, n, None if high is None else today - timedelta(days=high), today - timedelta(days=low)))
    return buckets


def _open_figures(rows, key: str, today: date) -> dict:
    """{key value: (received_day → count, overdue before today)} from OpenCount / OfficerOpen rows."""
    found: dict = {}
    for owner, received_day, due_day, n in rows.values_list(key, "received_day", "due_day").annotate(
            n=Sum("count")).values_list(key, "received_day", "due_day", "n"):
        ages, late = found.setdefault(owner, ({}, [0]))
        ages[received_day] = ages.get(received_day, 0) + n
        if due_day < today:
            late[0] += n
    return {owner: (ages, late[0]) for owner, (ages, late) in found.items()}


def _open_totals(rows, key: str, today: date) -> dict[int, tuple[int, int]]:
    """{key value: (open now, overdue before today)} of OpenCount / OfficerOpen rows, summed in the database
    (the league's columns; the ageing needs _open_figures' days)."""
    return {owner: (n or 0, late or 0) for owner, n, late in rows.values(key).annotate(
        n=_total("count"), late=_total("count", filter=Q(due_day__lt=today))).values_list(key, "n", "late")}


def due_earlier_today(now: datetime):
    """Open complaints whose report fell due today before `now` (the part of "overdue" rows cannot hold)."""
    start = timezone.make_aware(datetime.combine(local_day(now), time.min))
    return Complaint.objects.filter(status__in=sorted(OPEN), report_due_at__gte=start, report_due_at__lt=now)


def _by_prefix(counts, units: list[Unit]) -> Counter:
    """Counts per unit_path → per unit of `units` whose subtree holds the path."""
    by_path, total = {u.path: u.pk for u in units}, Counter()
    for path, n in counts:
        parts = path.strip("/").split("/")
        for end in range(1, len(parts) + 1):
            prefix = "/" + "/".join(parts[:end]) + "/"
            if prefix in by_path:
                total[by_path[prefix]] += n
                break
    return total


def _late_today_of_units(units: list[Unit], scope: Unit, now: datetime) -> Counter:
    return _by_prefix(due_earlier_today(now).filter(unit_path__startswith=scope.path)
                      .values_list("unit_path").annotate(n=Count("id")).values_list("unit_path", "n"), units)


def open_figures_of_units(units: list[Unit], scope: Unit, now: datetime) -> dict[int, tuple[dict, int]]:
    """{unit pk: (received_day → open count, overdue now)} for units inside `scope`'s subtree."""
    today = local_day(now)
    found = _open_figures(OpenCount.objects.filter(unit__in=units), "unit", today)
    today_late = _late_today_of_units(units, scope, now)
    return {u.pk: (found.get(u.pk, ({}, 0))[0], found.get(u.pk, ({}, 0))[1] + today_late[u.pk]) for u in units}


def open_counts_of_units(units: list[Unit], scope: Unit, now: datetime) -> dict[int, tuple[int, int]]:
    """{unit pk: (open now, overdue now)} for units inside `scope`'s subtree: open_figures_of_units' totals
    without the days of receipt (one row per unit from the database)."""
    found = _open_totals(OpenCount.objects.filter(unit__in=units), "unit", local_day(now))
    today_late = _late_today_of_units(units, scope, now)
    return {u.pk: (found.get(u.pk, (0, 0))[0], found.get(u.pk, (0, 0))[1] + today_late[u.pk]) for u in units}


def trend(per_day: dict, since: date, until: date) -> tuple[str, list]:
    """Received and disposed per day (up to a month), week (up to a quarter) or month."""
    days = (until - since).days + 1
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


def _mix(model, unit: Unit, since: date, until: date, key: str) -> list:
    rows = (model.objects.filter(unit=unit, day__gte=since, day__lte=until).values(key)
            .annotate(received=Sum("received"), disposed=Sum("disposed")).order_by(key))
    return [(g[key], {"received": int(g["received"]), "disposed": int(g["disposed"])}) for g in rows]


def figures(unit: Unit, *, now: datetime, days: int = 30, detail: bool = True) -> Figures:
    """Every figure of the dashboard for `unit`'s subtree over the last `days` days."""
    since, until = period(now, days)
    totals, per_day = _days_of(DailyRollup.objects.filter(unit=unit, day__gte=since, day__lte=until))
    ages, overdue = open_figures_of_units([unit], unit, now)[unit.pk]
    result = Figures(unit=unit, since=since, until=until, totals=totals, pending=sum(ages.values()),
                     overdue=overdue, ageing=ageing_of(ages, until))
    if detail:
        result.by_channel = _mix(ChannelDaily, unit, since, until, "channel")
        result.by_category = _mix(CategoryDaily, unit, since, until, "category__code")
        result.trend_unit, result.trend = trend(per_day, since, until)
    return result


def children(unit: Unit, *, now: datetime, days: int = 30) -> list[Figures]:
    """The figures of each active unit directly below `unit`: a few grouped queries for all of them."""
    since, until = period(now, days)
    kids = list(unit.children.filter(is_active=True).select_related("level").order_by("code"))
    flows = {g["unit"]: _clean(g) for g in DailyRollup.objects.filter(
        unit__in=kids, day__gte=since, day__lte=until).values("unit").annotate(**_sum_fields())}
    opened = open_figures_of_units(kids, unit, now)
    return [Figures(unit=kid, since=since, until=until, totals=flows.get(kid.pk, _clean({})),
                    pending=sum(opened[kid.pk][0].values()), overdue=opened[kid.pk][1],
                    ageing=ageing_of(opened[kid.pk][0], until)) for kid in kids]


def officers_posted(unit: Unit) -> list[User]:
    """Officers who take or supervise complaints, posted at `unit` itself (not below it)."""
    ids = (Posting.objects.active().filter(unit=unit, role__in=OFFICER_ROLES).values_list("user", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("-rank", "username"))


def officer_figures(officers: list[User], *, now: datetime, days: int = 30) -> list[Figures]:
    """Each officer's figures over the period: flow from OfficerRollup, what they hold from OfficerOpen."""
    since, until = period(now, days)
    flows = {g["officer"]: _clean(g) for g in OfficerRollup.objects.filter(
        officer__in=officers, day__gte=since, day__lte=until).values("officer").annotate(**_sum_fields())}
    held = _open_figures(OfficerOpen.objects.filter(officer__in=officers), "officer", until)
    today_late = _late_today_of_officers(officers, now)
    result = []
    for o in officers:
        ages, late = held.get(o.pk, ({}, 0))
        result.append(Figures(unit=None, officer=o, since=since, until=until, totals=flows.get(o.pk, _clean({})),
                              pending=sum(ages.values()), overdue=late + today_late.get(o.pk, 0),
                              ageing=ageing_of(ages, until)))
    return result


def _late_today_of_officers(officers: list[User], now: datetime) -> dict[int, int]:
    return dict(due_earlier_today(now).filter(assignee__in=officers).values_list("assignee")
                .annotate(n=Count("id")).values_list("assignee", "n"))


def open_counts_of_officers(officers: list[User], now: datetime) -> dict[int, tuple[int, int]]:
    """{officer pk: (open complaints held now, overdue now)}: officer_figures' pending and overdue without the
    days of receipt (one row per officer from the database; for many officers, every officer's row)."""
    named = len(officers) <= periods.NAMED
    held, late = OfficerOpen.objects.all(), due_earlier_today(now)
    if named:
        held, late = held.filter(officer__in=officers), late.filter(assignee__in=officers)
    found = _open_totals(held, "officer", local_day(now))
    today_late = dict(late.values_list("assignee").annotate(n=Count("id")).values_list("assignee", "n"))
    return {o.pk: (found.get(o.pk, (0, 0))[0], found.get(o.pk, (0, 0))[1] + today_late.get(o.pk, 0))
            for o in officers}


def officer_detail(officer: User, *, now: datetime, days: int = 30) -> Figures:
    """One officer's figures with the trend of what they disposed."""
    result = officer_figures([officer], now=now, days=days)[0]
    _totals, per_day = _days_of(OfficerRollup.objects.filter(officer=officer, day__gte=result.since,
                                                             day__lte=result.until))
    result.trend_unit, result.trend = trend(per_day, result.since, result.until)
    return result
