"""The public performance pages (no sign-in): a unit's figures, the units below it, the category lines of a
district and above, and the open data (CSV, JSON, their schema). Thin: parse, read public.py / public_data.py,
render. Bad parameters answer 400 (the page with the default period and the problem named; the files a short
message), an unknown unit 404."""

import json

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shikayat.core import replica
from shikayat.core.downloads import as_download
from shikayat.core.errors import NotFound
from shikayat.core.query import Query

from . import public, public_data
from .figures import period
from .public import DEFAULT_DAYS, LEVELS, PUBLIC_PERIODS


def _days(query: Query) -> int:
    return query.period("days", PUBLIC_PERIODS, _("The period can be %(choices)s days; showing %(days)s.")
                        % {"choices": ", ".join(map(str, PUBLIC_PERIODS)), "days": DEFAULT_DAYS},
                        default=DEFAULT_DAYS)


def _missing(request):
    return render(request, "dashboards/public/missing.html", {
        "message": _("There is no police unit with this code. Choose one from the list or search for it.")},
        status=404)


@replica.reads()
def performance(request, code: str | None = None):
    """/performance/ (the force: its top unit, or each top unit when there are several) and
    /performance/<unit code>/."""
    query = Query(request.GET)
    days = _days(query)
    words = query.text("q", max_length=100)
    now = timezone.now()
    if code is None:
        tops = public.roots()
        if len(tops) != 1:
            return _page(request, query, {"unit": None, "tops": tops, "days": days, "words": words,
                                          "found": public.search(words)})
        unit = tops[0]
    else:
        try:
            unit = public.public_unit(code)
        except NotFound:
            return _missing(request)
    shown = public.page(unit, now=now, days=days)
    return _page(request, query, {
        "unit": unit, "p": shown, "f": shown.figures, "days": days, "words": words, "found": public.search(words),
        "trail": unit.ancestors(include_self=True), "shows_categories": public.shows_categories(unit),
    })


def _page(request, query: Query, context: dict):
    return render(request, "dashboards/public/page.html", {
        **context, "periods": PUBLIC_PERIODS, "errors": dict(query.errors), "licence": public_data.licence()},
        status=400 if query.errors else 200)


def schema(request):
    """/performance/data/: every field of the files, how it is counted, the confidential rule, the licence."""
    return render(request, "dashboards/public/schema.html", {
        "fields": public_data.FIELDS, "licence": public_data.licence(), "periods": PUBLIC_PERIODS,
        "levels": LEVELS, "cache_seconds": public.cache_seconds()})


def _file_query(request) -> tuple[Query, int, str]:
    query = Query(request.GET)
    days = _days(query)
    level = query.choice("level", LEVELS, _("The level can be district or station."), default=LEVELS[0])
    return query, days, level


def _refused(query: Query, as_json: bool):
    problems = [str(p) for problems in dict(query.errors).values() for p in problems]
    if as_json:
        return JsonResponse({"errors": dict(query.errors)}, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponse("\n".join(problems) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _metadata(request, days: int, level: str, now) -> dict:
    since, until = period(now, days)
    return {"title": _("Police performance figures"), "level": level, "period_days": days,
            "since": since.isoformat(), "until": until.isoformat(), "generated_at": now.isoformat(),
            "licence": public_data.licence(),
            "schema": request.build_absolute_uri(reverse("performance:schema")),
            "confidential_rule": confidential_rule(), "fields": list(public_data.NAMES)}


def confidential_rule() -> str:
    return _("Complaints in confidential categories (against police, gender harassment …) are counted in every "
             "total. They are never broken down by category below a district, and above it only as one combined "
             "line. No personal data and no figures of individual officers are published.")


def _licence_link(response, licence: dict):
    response["Link"] = f'<{licence["url"]}>; rel="license"'
    return response


@replica.reads()
def data_csv(request):
    query, days, level = _file_query(request)
    if query.errors:
        return _refused(query, as_json=False)
    now = timezone.now()
    rows = public_data.records(level, now=now, days=days)
    response = StreamingHttpResponse(public_data.csv_lines(rows), content_type="text/csv; charset=utf-8")
    return _licence_link(as_download(response, f"police-performance-{level}-{days}d-{now:%Y%m%d}.csv"),
                         public_data.licence())


@replica.reads()
def data_json(request):
    query, days, level = _file_query(request)
    if query.errors:
        return _refused(query, as_json=True)
    now = timezone.now()
    rows = public_data.records(level, now=now, days=days)
    response = StreamingHttpResponse(public_data.json_chunks(_metadata(request, days, level, now), rows),
                                     content_type="application/json; charset=utf-8")
    return _licence_link(as_download(response, f"police-performance-{level}-{days}d-{now:%Y%m%d}.json"),
                         public_data.licence())


def csv_metadata(request):
    """The CSV's companion (CSV on the Web metadata): its licence, columns and their descriptions."""
    licence = public_data.licence()
    body = {"@context": "http://www.w3.org/ns/csvw", "url": reverse("performance:csv"),
            "dc:title": _("Police performance figures"), "dc:license": {"@id": licence["url"]},
            "dc:rights": licence["name"], "dc:description": confidential_rule(),
            "tableSchema": {"columns": [{"name": f.name, "datatype": CSVW_TYPES[f.kind],
                                         "dc:description": str(f.description)} for f in public_data.FIELDS]}}
    return _licence_link(HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                                      content_type="application/csvm+json; charset=utf-8"), licence)


CSVW_TYPES = {"string": "string", "date": "date", "integer": "integer", "number": "decimal"}
