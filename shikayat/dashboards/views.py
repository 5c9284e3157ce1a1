"""The monitoring pages: a unit's dashboard with its children and officers,
an officer's dashboard, and the league tables. Thin: scope, compute, render;
every figure comes from figures.py / league.py."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.categories.models import Category
from shikayat.complaints.models import Channel
from shikayat.core import replica
from shikayat.core.errors import NotFound
from shikayat.core.query import Query
from shikayat.deadlines.ledger import scope_paths
from shikayat.jurisdictions.models import Unit
from shikayat.quality.selectors import officer_grades

from . import charts, complaint_map, league, rollup
from . import services as service_figures
from . import sos as sos_figures
from .figures import (
    PERIODS,
    children,
    confidential_open,
    figures,
    officer_detail,
    officer_figures,
    officers_posted,
    priority_open,
    viewable_officer,
    viewable_unit,
)

DAYS = 30
LEAGUE_ROWS = 100


def _days(query: Query) -> int:
    return query.period("days", PERIODS, _("The period can be %(choices)s days; showing %(days)s.")
                        % {"choices": ", ".join(map(str, PERIODS)), "days": DAYS}, default=DAYS)


def _unit_or_404(request, query: Query):
    """The unit asked for in the viewer's scope (a malformed code: a field error and the default unit)."""
    try:
        return viewable_unit(request.user, query.text("unit", max_length=32))
    except NotFound as error:
        raise Http404(str(error.message)) from error


def _shown(request, template: str, query: Query, context: dict):
    """The page; with a bad parameter, 400 and each problem shown above the figures (computed with the defaults)."""
    return render(request, template, {**context, "errors": dict(query.errors)}, status=400 if query.errors else 200)


def _trail(user, unit) -> list:
    """The units from the top down to `unit` that the viewer may open (one query for all of them)."""
    paths = scope_paths(user)
    above = Unit.objects.filter(pk__in=rollup.lineage(unit.path)).order_by("path")
    return [u for u in above if any(u.path.startswith(path) for path in paths)]


def _charts(result) -> dict:
    return {"trend_bars": charts.trend_bars(result.trend), "chart_width": charts.WIDTH,
            "chart_height": charts.HEIGHT,
            "ageing_bars": charts.horizontal_bars([(a[0], a[1]) for a in result.ageing])}


@login_required
@replica.reads()
def dashboard(request):
    query = Query(request.GET)
    unit = _unit_or_404(request, query)
    rollup.fold_for_reading()  # what the worker has not folded yet (a few seconds' worth) counts too
    days = _days(query)
    now = timezone.now()
    result = figures(unit, now=now, days=days)
    categories = {c.code: c.name for c in Category.objects.filter(code__in=[k for k, _v in result.by_category])}
    return _shown(request, "dashboards/dashboard.html", query, {
        "by_channel": [(Channel(k).label if k in Channel.values else k, v) for k, v in result.by_channel],
        "by_category": [(categories.get(k, k), v) for k, v in result.by_category],
        "unit": unit, "f": result, "children": children(unit, now=now, days=days), "days": days,
        "periods": PERIODS, "officers": officer_figures(officers_posted(unit), now=now, days=days),
        "trail": _trail(request.user, unit), **_charts(result), "keep": [("unit", unit.code)],
        "list_query": urlencode({"box": "all", "unit": unit.code}),
        "ledger_query": urlencode({"within": unit.pk, "days": days}),
        "confidential_open": confidential_open(unit),
        "map_days": complaint_map.closed_days(days),
        "map_urls": {"shapes": f"{reverse('web:map-shapes')}?{urlencode({'within': unit.code})}",
                     "points": f"{reverse('dashboards:map')}?{urlencode({'unit': unit.code, 'days': days})}"},
        "priority": priority_open(unit, now),
        "sos": sos_figures.of_unit(unit, now=now, days=days),
        "priority_query": urlencode({"box": "all", "unit": unit.code, "status": "open", "priority": 1}),
        **_services(unit, now, days),
    })


def _services(unit: Unit, now, days: int) -> dict:
    """The service applications' part of a unit's dashboard: the unit, its units below, its centres."""
    return {"s": service_figures.of_unit(unit, now=now, days=days),
            "service_children": service_figures.children(unit, now=now, days=days),
            "service_centres": service_figures.of_centres(service_figures.centres_in(unit), now=now, days=days)}


@login_required
@replica.reads()
def officer(request, username: str):
    try:
        person, unit = viewable_officer(request.user, username)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    query = Query(request.GET)
    days = _days(query)
    rollup.fold_for_reading()
    result = officer_detail(person, now=timezone.now(), days=days)
    return _shown(request, "dashboards/officer.html", query, {
        "person": person, "unit": unit, "f": result, "days": days, "periods": PERIODS,
        "quality": officer_grades(person, league.start_of(result.since)),
        "trail": _trail(request.user, unit), **_charts(result), "keep": [],
        "list_query": urlencode({"box": "all", "assignee": person.username}),
        "ledger_query": urlencode({"officer": person.pk, "days": days}),
    })


@login_required
@replica.reads()
def league_table(request):
    query = Query(request.GET)
    unit = _unit_or_404(request, query)
    rollup.fold_for_reading()
    days = _days(query)
    now = timezone.now()
    levels = league.levels_below(unit)
    kinds = ("units", "officers") if levels else ("officers",)
    kind = query.choice("kind", kinds, _("Choose units or officers."), default=kinds[0])
    level = None
    if kind == "units":
        wanted = query.text("level", max_length=4)
        level = next((lv for lv in levels if str(lv.depth) == wanted), None)
        if level is None:
            if wanted:
                query.add("level", _("There is no such level below %(unit)s; showing the lowest.")
                          % {"unit": unit.name})
            level = levels[-1]
        rows = league.unit_table(unit, level, now=now, days=days)
        services = service_figures.of_level(unit, level, now=now, days=days)
    else:
        rows = league.officer_table(unit, now=now, days=days)
        services = service_figures.officers(unit, now=now, days=days)
    minimum = league.settings.SHIKAYAT.get("LEAGUE_MIN_DISPOSED", 5)
    services = service_figures.ranked(services, minimum)
    weighting = league.weights()
    # A province has thousands of officers: the page shows the first rows unless asked for all of them.
    shown = rows if query.flag("all") else rows[:LEAGUE_ROWS]
    services_shown = services if query.flag("all") else services[:LEAGUE_ROWS]
    for row in shown:
        row.cells = [league.shown(row.parts[c.key]) for c in league.COMPONENTS if weighting.get(c.key)]
    return _shown(request, "dashboards/league.html", query, {
        "unit": unit, "rows": shown, "total": len(rows), "kind": kind, "level": level, "levels": levels, "days": days,
        "periods": PERIODS, "trail": _trail(request.user, unit),
        "components": [(c, weighting.get(c.key, 0)) for c in league.COMPONENTS],
        "min_disposed": minimum, "links": _league_links(),
        "services": services_shown, "services_total": len(services),
    })


def _league_links() -> dict:
    """Where each row's links go, reversed once per page rather than four times per row (a row's own part is
    appended in the template; an officer's page ends in their username)."""
    return {"dashboard": reverse("dashboards:dashboard"), "complaints": reverse("web:officer-complaints"),
            "entries": reverse("deadlines:entries"), "officer": reverse("dashboards:officer", args=["-"])[:-2]}


def _bbox(raw: str) -> tuple[float, float, float, float] | None:
    """"west,south,east,north" in degrees, each in range and west < east, south < north; None otherwise."""
    try:
        west, south, east, north = (float(part) for part in raw.split(","))
    except ValueError:
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return west, south, east, north


@login_required
@replica.reads()
def map_cells(request):
    """GET ?unit=<code>&bbox=west,south,east,north[&days=30]: the unit's complaints on its dashboard's map, as
    counted cells (complaint_map.py); the unit must be in the viewer's scope, as for the dashboard itself."""
    query = Query(request.GET)
    try:
        unit = viewable_unit(request.user, query.text("unit", max_length=32))
    except NotFound as error:
        return JsonResponse({"error": str(error.message)}, status=404)
    bbox = _bbox(request.GET.get("bbox", "")[:120])
    if bbox is None:
        return JsonResponse({"error": _("The part of the map is given as west,south,east,north in degrees.")},
                            status=400)
    days = _days(query)
    if query.errors:
        return JsonResponse({"error": " ".join(str(m) for messages in query.errors.values() for m in messages)},
                            status=400)
    cells, capped = complaint_map.complaint_cells(unit, bbox, now=timezone.now(), days=days)
    return JsonResponse({
        "unit": unit.code, "days": complaint_map.closed_days(days), "cell_degrees": complaint_map.cell_degrees(*bbox),
        "capped": capped, "confidential_open": confidential_open(unit),
        "cells": [{"lat": c.lat, "lng": c.lng, "count": c.count, "colour": c.colour, "overdue": c.overdue,
                   "open": c.open, "closed": c.closed} for c in cells]})
