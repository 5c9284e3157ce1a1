"""The public performance figures: what a citizen may read of each unit's figures without signing in.

The same rollups and the same functions as the officers' dashboards (figures.py), so the numbers agree. The rule
for confidential categories (complaints against police, gender harassment …): their complaints count in every
total, but a breakdown by category is shown only for a district and the units above it, and there every
confidential category is folded into one line, never named. A circle's or a station's page and the station-level
download carry no breakdown by category at all, so nothing below a district can be told apart or subtracted. No
personal data and no officer appears anywhere: these are unit totals only.

Anonymous requests never write rollups: the pages do not fold pending changes (the worker does, every few
seconds), and the computed figures are cached a minute (cache_seconds()) per unit and period (the language only
changes the labels). The downloads read the league's stored period totals (periods.py), stored once a day."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, Sum

from shikayat.categories.models import Category
from shikayat.core.errors import NotFound
from shikayat.core.query import readable
from shikayat.core.refcache import reference
from shikayat.jurisdictions.models import Unit, UnitLevel

from . import periods
from .figures import Figures, children, figures, open_counts_of_units, period
from .models import CategoryDaily

PUBLIC_PERIODS = (30, 90, 365)  # days a public page can look back
DEFAULT_DAYS = 30
CONFIDENTIAL = "confidential"  # the one line all confidential categories are folded into
SEARCH_LIMIT = 50


def cache_seconds() -> int:
    """How long computed figures are kept (SHIKAYAT_PUBLIC_FIGURES_CACHE_SECONDS; 0: computed for every request,
    as the benchmark asks them)."""
    return settings.SHIKAYAT.get("PUBLIC_FIGURES_CACHE_SECONDS", 60)


def district_depth(scheme: str) -> int:
    """Depth of the force's district level (levels are data; "district" in both Punjab and UP)."""
    return reference.get(("public-district-depth", scheme), lambda: UnitLevel.objects.filter(
        scheme=scheme, code="district").values_list("depth", flat=True).first() or 2)


def station_depth(scheme: str) -> int:
    """Depth of the force's lowest level (police stations, thanas)."""
    return reference.get(("public-station-depth", scheme), lambda: max(
        UnitLevel.objects.filter(scheme=scheme).values_list("depth", flat=True), default=0))


def shows_categories(unit: Unit) -> bool:
    """Whether the unit's page may break its figures down by category: a district or a unit above it."""
    return unit.level.depth <= district_depth(unit.level.scheme)


def public_unit(code: str) -> Unit:
    """The active unit with this code; NotFound otherwise."""
    unit = Unit.objects.filter(code=code, is_active=True).select_related("level").first() if readable(code) else None
    if unit is None:
        raise NotFound("unknown unit")
    return unit


def roots() -> list[Unit]:
    return list(Unit.objects.filter(parent__isnull=True, is_active=True).select_related("level").order_by("code"))


def confidential_categories() -> frozenset[int]:
    """Ids of the categories whose SOP (their own or the nearest ancestor's) is confidential. A category with no
    SOP at all counts as confidential too: fail closed."""
    def load():
        found = set()
        for category in Category.objects.select_related("sop", "parent"):
            sop = category.effective_sop()
            if sop is None or sop.confidential:
                found.add(category.pk)
        return frozenset(found)

    return reference.get("public-confidential-categories", load)


@dataclass(frozen=True)
class CategoryLine:
    code: str  # the category's code, or CONFIDENTIAL for the folded line
    category: Category | None  # None for the folded line
    received: int
    disposed: int


def category_lines(unit: Unit, now: datetime, days: int) -> list[CategoryLine]:
    """Received and disposed per category over the period, every confidential category folded into one line
    (last); [] below district level."""
    if not shows_categories(unit):
        return []
    since, until = period(now, days)
    hidden = confidential_categories()
    rows = (CategoryDaily.objects.filter(unit=unit, day__gte=since, day__lte=until).values("category")
            .annotate(received=Sum("received"), disposed=Sum("disposed")).values_list("category", "received",
                                                                                        "disposed"))
    shown, folded = {}, [0, 0]
    for category_id, received, disposed in rows:
        if category_id in hidden:
            folded[0] += int(received or 0)
            folded[1] += int(disposed or 0)
        else:
            shown[category_id] = (int(received or 0), int(disposed or 0))
    named = Category.objects.in_bulk(list(shown))
    lines = [CategoryLine(named[pk].code, named[pk], r, d) for pk, (r, d) in shown.items() if pk in named]
    lines.sort(key=lambda line: (-line.received, line.code))
    if any(folded):
        lines.append(CategoryLine(CONFIDENTIAL, None, *folded))
    return lines


@dataclass
class PublicPage:
    unit: Unit
    figures: Figures
    children: list[Figures] = field(default_factory=list)
    categories: list[CategoryLine] = field(default_factory=list)


def page(unit: Unit, *, now: datetime, days: int) -> PublicPage:
    """A unit's public figures, the units directly below it and (district and above) the category lines;
    cached cache_seconds() per unit and period."""
    key = f"public-figures:{unit.pk}:{days}:{period(now, days)[1]}"
    found = cache.get(key)
    if found is None:
        found = PublicPage(unit=unit, figures=figures(unit, now=now, days=days, detail=False),
                           children=children(unit, now=now, days=days),
                           categories=category_lines(unit, now, days))
        cache.set(key, found, cache_seconds())
    return found


def search(words: str) -> list[Unit]:
    """Active units whose name (in any language) or code holds `words`, highest first."""
    words = words.strip()
    if not words:
        return []
    match = (Q(name_en__icontains=words) | Q(name_ur__icontains=words) | Q(name_hi__icontains=words)
             | Q(code__iexact=words))
    return list(Unit.objects.filter(match, is_active=True).select_related("level", "parent")
                .order_by("path")[:SEARCH_LIMIT])


LEVELS = ("district", "station")


def units_at(level: str) -> list[Unit]:
    """Every active unit of the force at the district or the station level (of each scheme)."""
    depths = Q()
    for scheme in UnitLevel.objects.values_list("scheme", flat=True).distinct():
        depth = district_depth(scheme) if level == "district" else station_depth(scheme)
        depths |= Q(level__scheme=scheme, level__depth=depth)
    return list(Unit.objects.filter(depths, is_active=True).select_related("level", "parent").order_by("path"))


@dataclass(frozen=True)
class UnitFigures:
    unit: Unit
    figures: Figures


def level_figures(level: str, *, now: datetime, days: int) -> list[UnitFigures]:
    """Each district's or station's figures over the period, as the league reads them (stored period totals plus
    today's rows: one or two rows per unit), with what is open now."""
    units = units_at(level)
    since, until = period(now, days)
    totals = periods.totals("unit", [u.pk for u in units], since, until)
    opened = {}
    for root in roots():
        inside = [u for u in units if u.path.startswith(root.path)]
        opened.update(open_counts_of_units(inside, root, now) if inside else {})
    return [UnitFigures(u, Figures(unit=u, since=since, until=until, totals=totals[u.pk],
                                   pending=opened.get(u.pk, (0, 0))[0], overdue=opened.get(u.pk, (0, 0))[1]))
            for u in units]
