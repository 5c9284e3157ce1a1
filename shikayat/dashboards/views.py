"""The monitoring dashboard: figures of one unit's subtree and its children,
read from the rollups. Thin: scope, compute, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from shikayat.categories.models import Category
from shikayat.complaints.models import Channel
from shikayat.core.errors import NotFound

from . import charts
from .figures import children, figures, viewable_unit

DAYS = 30


@login_required
def dashboard(request):
    try:
        unit = viewable_unit(request.user, request.GET.get("unit"))
    except NotFound as error:
        raise Http404(str(error.message)) from error
    now = timezone.now()
    result = figures(unit, now=now, days=DAYS)
    trail = []
    node = unit
    while node is not None:
        trail.append(node)
        node = node.parent
    categories = {c.code: c.name for c in Category.objects.filter(code__in=[k for k, _v in result.by_category])}
    return render(request, "dashboards/dashboard.html", {
        "by_channel": [(Channel(k).label if k in Channel.values else k, v) for k, v in result.by_channel],
        "by_category": [(categories.get(k, k), v) for k, v in result.by_category],
        "unit": unit, "f": result, "children": children(unit, now=now, days=DAYS), "days": DAYS,
        "trail": [u for u in reversed(trail) if _may_see(request.user, u)],
        "trend_bars": charts.trend_bars(result.trend), "chart_width": charts.WIDTH, "chart_height": charts.HEIGHT,
        "ageing_bars": charts.horizontal_bars([(label, n) for label, n, _low in result.ageing]),
    })


def _may_see(user, unit) -> bool:
    try:
        viewable_unit(user, unit.code)
    except NotFound:
        return False
    return True
