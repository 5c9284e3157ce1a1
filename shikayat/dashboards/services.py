"""Service applications on the dashboards and league tables, beside the complaints but never mixed into them:
received, decided (on time or not), pending, overdue, ageing, time to decision and the late ones charged in
the services' delay ledger, per unit (by the applicant's police station) and per service centre.

Counted straight from ServiceRequest rather than rollups: applications are a small share of the complaints'
volume, and each figure is one grouped query through an index of its own (station_path with received_at,
decided_at or status; ServiceDelay's unit_path with detected_at). One query per page gives every station of
the subtree; the unit, its children or a league level are sums of those rows by path prefix.
"Overdue" is open and due before now, as the sweep marks them."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from shikayat.accounts.models import Posting, Role, User
from shikayat.jurisdictions.models import Unit, UnitLevel
from shikayat.services.models import (
    OPEN_REQUEST,
    RequestEvent,
    RequestStatus,
    ServiceCentre,
    ServiceDelay,
    ServiceRequest,
)

from .figures import AGEING, _mean, _ratio, ageing_of, band_bounds, median_band, period
from .models import BANDS

FLOWS = ("received", "decided", "on_time", "pending", "overdue", "decision") + tuple(
    f"within_{hours}" for hours in BANDS) + tuple(f"age_{low}" for low, _high in AGEING)
# Who the services' part of the officers' league lists: those the services' ledger can charge.
STAFF_ROLES = (Role.SERVICE_CENTRE, Role.STATION_HEAD)
DECIDED = [s for s in RequestStatus.values if s not in OPEN_REQUEST]


@dataclass
class ServiceFigures:
    unit: Unit | None = None
    centre: ServiceCentre | None = None
    officer: User | None = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(FLOWS, 0))
    late: int = 0  # applications found late in the period, charged here (the services' delay ledger)
    ageing: list = field(default_factory=list)
    rank: int | None = None

    def __getattr__(self, name: str):
        counts = self.__dict__.get("counts")
        if counts is not None and name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def decision_hours(self) -> float:
        return self.counts["decision"] / 3600

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.counts["on_time"], self.counts["decided"])

    @property
    def hours_to_decide(self) -> float | None:
        return _mean(self.decision_hours, self.counts["decided"])

    @property
    def median_decide(self) -> tuple[int, int | None] | None:
        """(from, below) hours of the band holding the median time to decision."""
        within = [self.counts[f"within_{hours}"] for hours in BANDS] + [self.counts["decided"]]
        index = median_band([n - (within[i - 1] if i else 0) for i, n in enumerate(within)])
        return None if index is None else band_bounds(index)


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _aggregates(now: datetime, days: int) -> dict:
    """The conditional counts of FLOWS, for a query over ServiceRequest."""
    since, until = period(now, days)
    start, end = _start(since), _start(until + timedelta(days=1))
    decided = Q(decided_at__gte=start, decided_at__lt=end)
    is_open = Q(status__in=OPEN_REQUEST)
    counts = {
        "received": Count("id", filter=Q(received_at__gte=start, received_at__lt=end)),
        "decided": Count("id", filter=decided),
        "on_time": Count("id", filter=decided & Q(decided_at__lte=F("due_at"))),
        "pending": Count("id", filter=is_open),
        "overdue": Count("id", filter=is_open & Q(due_at__lt=now)),
        "decision": Sum(ExpressionWrapper(F("decided_at") - F("received_at"), output_field=DurationField()),
                        filter=decided),
    }
    for hours in BANDS:
        counts[f"within_{hours}"] = Count("id", filter=decided & Q(
            decided_at__lt=F("received_at") + timedelta(hours=hours)))
    for low, high in AGEING:  # days since receipt, as the complaints' ageing counts them (local days)
        received = Q(received_at__lt=_start(until - timedelta(days=low - 1)))
        if high is not None:
            received &= Q(received_at__gte=_start(until - timedelta(days=high)))
        counts[f"age_{low}"] = Count("id", filter=is_open & received)
    return counts


def _touched(now: datetime, days: int) -> Q:
    """Rows any figure counts: open now, or received or decided in the period (each through its index)."""
    since, _until = period(now, days)
    return Q(status__in=OPEN_REQUEST) | Q(received_at__gte=_start(since)) | Q(decided_at__gte=_start(since))


def _add(into: dict, row: dict) -> None:
    for name in FLOWS:
        value = row.get(name) or 0
        if isinstance(value, timedelta):  # "decision": the time to decision summed, kept in seconds
            value = value.total_seconds()
        into[name] += value


def _within(path: str, units: list[Unit]) -> Unit | None:
    """The unit of `units` whose subtree holds `path` (units do not nest)."""
    parts = path.strip("/").split("/")
    by_path = {u.path: u for u in units}
    for end in range(1, len(parts) + 1):
        found = by_path.get("/" + "/".join(parts[:end]) + "/")
        if found is not None:
            return found
    return None


def _finish(row: ServiceFigures, until: date) -> ServiceFigures:
    row.ageing = ageing_of({until - timedelta(days=low): row.counts[f"age_{low}"] for low, _high in AGEING}, until)
    return row


def of_units(units: list[Unit], scope: Unit, *, now: datetime, days: int = 30) -> list[ServiceFigures]:
    """Figures of each unit of `units` (none nested in another, all inside `scope`'s subtree), in that order."""
    since, until = period(now, days)
    rows = {u.pk: ServiceFigures(unit=u) for u in units}
    by_station = (ServiceRequest.objects.filter(_touched(now, days), station_path__startswith=scope.path)
                  .values("station_path").annotate(**_aggregates(now, days)).order_by())
    for got in by_station:
        unit = _within(got["station_path"], units)
        if unit is not None:
            _add(rows[unit.pk].counts, got)
    late = (ServiceDelay.objects.filter(unit_path__startswith=scope.path, detected_at__gte=_start(since),
                                        detected_at__lt=_start(until + timedelta(days=1)))
            .values_list("unit_path").annotate(n=Count("id")).order_by())
    for path, n in late:
        unit = _within(path, units)
        if unit is not None:
            rows[unit.pk].late += n
    return [_finish(rows[u.pk], until) for u in units]


def of_unit(unit: Unit, *, now: datetime, days: int = 30) -> ServiceFigures:
    return of_units([unit], unit, now=now, days=days)[0]


def children(unit: Unit, *, now: datetime, days: int = 30) -> list[ServiceFigures]:
    kids = list(unit.children.filter(is_active=True).select_related("level").order_by("code"))
    return of_units(kids, unit, now=now, days=days)


def centres_in(unit: Unit) -> list[ServiceCentre]:
    return list(ServiceCentre.objects.filter(unit__path__startswith=unit.path, is_active=True)
                .select_related("unit").order_by("code"))


def of_centres(centres: list[ServiceCentre], *, now: datetime, days: int = 30) -> list[ServiceFigures]:
    """Figures of each service centre: the applications made there, whatever station they belong to."""
    since, until = period(now, days)
    rows = {c.pk: ServiceFigures(centre=c, unit=c.unit) for c in centres}
    for got in (ServiceRequest.objects.filter(_touched(now, days), centre__in=centres)
                .values("centre").annotate(**_aggregates(now, days)).order_by()):
        _add(rows[got["centre"]].counts, got)
    for centre, n in (ServiceDelay.objects.filter(centre__in=centres, detected_at__gte=_start(since),
                                                  detected_at__lt=_start(until + timedelta(days=1)))
                      .values_list("centre").annotate(n=Count("id")).order_by()):
        rows[centre].late = n
    return [_finish(rows[c.pk], until) for c in centres]


# -- league tables --------------------------------------------------------------------------------------------

def ranked(rows: list[ServiceFigures], minimum: int) -> list[ServiceFigures]:
    """Best first by the share decided within the deadline (on a tie: fewer charged late, then more decisions);
    rows with fewer than
    `minimum` decisions in the period after, unranked, by name."""
    def name(row: ServiceFigures) -> str:
        return row.officer.username if row.officer is not None else row.unit.code

    ranked_rows = sorted((r for r in rows if r.decided >= max(1, minimum)),
                         key=lambda r: (-r.on_time_rate, r.late, -r.decided, name(r)))
    for position, row in enumerate(ranked_rows, 1):
        row.rank = position
    return ranked_rows + sorted((r for r in rows if r.rank is None), key=name)


def of_level(unit: Unit, level: UnitLevel, *, now: datetime, days: int = 30) -> list[ServiceFigures]:
    """Every active unit of `level` in `unit`'s subtree (the league's units)."""
    units = list(Unit.objects.filter(path__startswith=unit.path, level=level, is_active=True)
                 .select_related("level", "parent").order_by("path"))
    return of_units(units, unit, now=now, days=days)


def officers(unit: Unit, *, now: datetime, days: int = 30) -> list[ServiceFigures]:
    """Service-centre staff and station heads posted in `unit`'s subtree: the applications they decided in the
    period (by the due time or not) and those charged to them as late."""
    since, until = period(now, days)
    start, end = _start(since), _start(until + timedelta(days=1))
    ids = Posting.objects.active().filter(unit__path__startswith=unit.path, role__in=STAFF_ROLES).values("user")
    people = list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))
    rows = {o.pk: ServiceFigures(officer=o) for o in people}
    decisions = (RequestEvent.objects.filter(actor__in=people, at__gte=start, at__lt=end,
                                             from_status__in=OPEN_REQUEST, to_status__in=DECIDED)
                 .values("actor").annotate(decided=Count("id"), on_time=Count("id", filter=Q(
                     at__lte=F("request__due_at")))).order_by())
    for got in decisions:
        rows[got["actor"]].counts.update(decided=got["decided"], on_time=got["on_time"])
    for officer, n in (ServiceDelay.objects.filter(officer__in=people, detected_at__gte=start, detected_at__lt=end)
                       .values_list("officer").annotate(n=Count("id")).order_by()):
        rows[officer].late = n
    return list(rows.values())
