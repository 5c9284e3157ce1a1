"""League tables: units at one level of a subtree, or the officers posted in
it, ranked on a published score.

The score is a weighted mean of components, each on a 0–100 scale where
higher is better. Weights come from settings (SHIKAYAT_LEAGUE_WEIGHTS, JSON,
e.g. {"report": 40, "satisfaction": 40, "contact": 20}); a component with no
data for a row (nobody rated anything) is left out and the other weights
share its place. Rows with fewer than LEAGUE_MIN_DISPOSED complaints
disposed in the period are listed but not ranked: a station with two
complaints is not the best in the province."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shikayat.accounts.models import Posting, User
from shikayat.jurisdictions.models import Unit, UnitLevel
from shikayat.quality import selectors as quality

from . import periods
from .figures import OFFICER_ROLES, Figures, open_counts_of_officers, open_counts_of_units, period


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    explanation: str
    measure: Callable[[Figures], float | None]


def _inverse(value: float | None) -> float | None:
    return None if value is None else max(0.0, 100.0 - value)


COMPONENTS = (
    Component("report", _("Report within deadline"),
              _("Percentage of enquiry reports (resolutions proposed) sent before the SOP deadline"),
              lambda f: f.report_compliance),
    Component("contact", _("Contacted within deadline"),
              _("Percentage of complainants first contacted before the SOP deadline"), lambda f: f.contact_compliance),
    Component("satisfaction", _("Satisfied"),
              _("Percentage of complainants who said they were satisfied when asked"), lambda f: f.satisfaction_rate),
    Component("reopen", _("Not reopened"),
              _("100 minus the percentage of disposals that were reopened after the citizen said they were not "
                "satisfied"),
              lambda f: _inverse(f.reopen_rate)),
    Component("delays", _("Delay ledger"),
              _("100 minus the missed deadlines per hundred complaints disposed (not below 0)"),
              lambda f: _inverse(f.delays_per_hundred)),
    Component("quality", _("Quality of disposal"),
              _("100 minus the percentage of graded disposals the complaint cell graded poor (a poor grade is also "
                "charged in the delay ledger)"),
              lambda f: f.quality_rate),
)
DEFAULT_WEIGHTS = {"report": 30, "contact": 20, "satisfaction": 30, "reopen": 10, "delays": 10, "quality": 10}


def weights() -> dict[str, float]:
    configured = settings.SHIKAYAT.get("LEAGUE_WEIGHTS") or DEFAULT_WEIGHTS
    unknown = set(configured) - {c.key for c in COMPONENTS}
    if unknown or not any(float(w) > 0 for w in configured.values()):
        raise ImproperlyConfigured(
            f"SHIKAYAT_LEAGUE_WEIGHTS must weigh some of {[c.key for c in COMPONENTS]}; got {configured}")
    return {key: float(w) for key, w in configured.items() if float(w) > 0}


def score(f: Figures, weighting: dict[str, float]) -> tuple[float | None, dict[str, float | None]]:
    """(score, the value of each component) for one row."""
    parts = {c.key: c.measure(f) for c in COMPONENTS}
    used = {k: w for k, w in weighting.items() if parts.get(k) is not None}
    if not used:
        return None, parts
    return round(sum(parts[k] * w for k, w in used.items()) / sum(used.values()), 1), parts


@dataclass
class Row:
    figures: Figures
    score: float | None
    parts: dict
    rank: int | None = None
    cells: list[str] = field(default_factory=list)  # the weighted components as printed (views fill it)


def rank(figures: list[Figures]) -> list[Row]:
    """Rows best first; unranked rows (too few disposals, no data) after, by name."""
    weighting, minimum = weights(), settings.SHIKAYAT.get("LEAGUE_MIN_DISPOSED", 5)
    rows = [Row(f, *score(f, weighting)) for f in figures]
    ranked = sorted((r for r in rows if r.score is not None and r.figures.totals["disposed"] >= minimum),
                    key=lambda r: (-r.score, -r.figures.totals["disposed"], _name(r)))
    for position, row in enumerate(ranked, 1):
        row.rank = position
    rest = sorted((r for r in rows if r.rank is None), key=_name)
    return ranked + rest


def _name(row: Row) -> str:
    f = row.figures
    return f.unit.code if f.unit is not None else f.officer.username


def levels_below(unit: Unit) -> list[UnitLevel]:
    return list(UnitLevel.objects.filter(scheme=unit.level.scheme, depth__gt=unit.level.depth).order_by("depth"))


def unit_table(unit: Unit, level: UnitLevel, *, now: datetime, days: int) -> list[Row]:
    """Every active unit of `level` in `unit`'s subtree, ranked."""
    since, until = period(now, days)
    units = list(Unit.objects.filter(path__startswith=unit.path, level=level, is_active=True)
                 .select_related("level", "parent"))
    flows = periods.totals("unit", [u.pk for u in units], since, until)
    opened = open_counts_of_units(units, unit, now)
    graded = quality.poor_rates_of_units(units, start_of(since), now)
    return rank([Figures(unit=u, since=since, until=until, totals=flows[u.pk],
                         pending=opened[u.pk][0], overdue=opened[u.pk][1], quality=graded.get(u.pk)) for u in units])


def start_of(day) -> datetime:
    """The first moment of a local day (the period's first day)."""
    return timezone.make_aware(datetime.combine(day, time.min))


OFFICER_FIELDS = ("username", "first_name", "last_name", "rank")


def shown(value: float | None) -> str:
    """A component's value as the table prints it (one decimal; the same in every language we serve)."""
    return "—" if value is None else f"{value:.1f}"


def officer_table(unit: Unit, *, now: datetime, days: int) -> list[Row]:
    """Officers posted anywhere in `unit`'s subtree to take or supervise complaints, ranked."""
    ids = Posting.objects.active().filter(Q(unit__path__startswith=unit.path), role__in=OFFICER_ROLES).values("user")
    # Only what the table prints of each officer: a province has hundreds of them.
    officers = list(User.objects.filter(pk__in=ids, is_active=True).only(*OFFICER_FIELDS))
    since, until = period(now, days)
    flows = periods.totals("officer", [o.pk for o in officers], since, until)
    held = open_counts_of_officers(officers, now)
    graded = quality.poor_rates_of_officers([o.pk for o in officers], start_of(since), now)
    return rank([Figures(unit=None, officer=o, since=since, until=until, totals=flows[o.pk], pending=held[o.pk][0],
                         overdue=held[o.pk][1], quality=graded.get(o.pk)) for o in officers])
