"""Officer report pages: the pending-cases review and the list exports.
Thin: parse the query, call the selector, render or stream."""

from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.complaints import inbox, permissions, workflow
from shikayat.core import clock, replica
from shikayat.core.downloads import as_download
from shikayat.core.errors import DomainError
from shikayat.core.i18n import current_lang
from shikayat.core.query import Query
from shikayat.dashboards import rollup
from shikayat.jurisdictions.models import Unit

from . import exports, figures, monthend, pdf, review

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query(request, keys) -> dict:
    return {k: request.GET.get(k, "").strip() for k in keys if request.GET.get(k, "").strip()}


def _review_groups(rows, now) -> list[dict]:
    groups = []
    for unit, complaints in groupby(rows, key=lambda c: c.unit):
        groups.append({"unit": unit, "rows": [{
            "complaint": c, "days": max(0, (now - c.received_at).days),
            "overdue": c.report_due_at < now,
            "last_action": workflow.event_label(c.last_action) if c.last_action else "",
            "last_action_at": c.last_action_at,
        } for c in complaints]})
    return groups


@login_required
@replica.reads()
def review_page(request):
    """Overdue and old open complaints by unit, for the review meeting,
    with a direction field on each."""
    now = timezone.now()
    filters = _query(request, review.REVIEW_KEYS)
    errors, groups, more, status = {}, [], False, 200
    try:
        qs = review.with_last_action(review.review_complaints(request.user, filters, now=now)
                                     .select_related("category", "unit", "assignee"))
        rows = list(qs[: review.PAGE_LIMIT + 1])
        more = len(rows) > review.PAGE_LIMIT
        groups = _review_groups(rows[: review.PAGE_LIMIT], now)
    except DomainError as error:
        errors, status = error.fields, 400
        messages.error(request, error.message)
    return render(request, "reports/review.html", {
        "groups": groups, "more": more, "filters": filters, "errors": errors, "now": now,
        "query": urlencode(filters), "page_limit": review.PAGE_LIMIT, "default_days": review.DEFAULT_MIN_DAYS,
    }, status=status)


@login_required
@require_POST
def review_directions(request):
    """Record the meeting's directions: fields named direction-<etag>."""
    directions = {key.removeprefix("direction-"): value for key, value in request.POST.items()
                  if key.startswith("direction-")}
    result = review.record_directions(request.user, directions)
    if result.saved:
        messages.success(request, _("Direction recorded on %(count)d complaint(s).") % {"count": len(result.saved)})
    for etag, message in result.errors.items():
        messages.error(request, f"{etag}: {message}")
    if not result.saved and not result.errors:
        messages.error(request, _("No direction was written."))
    back = request.POST.get("query", "")
    return redirect(reverse("reports:review") + (f"?{back}" if back else ""))


def _export(request, qs_for, keys, name: str, kind: str):
    now = timezone.now()
    filters = _query(request, keys)
    try:
        qs = qs_for(request.user, filters, now)
        if kind == "xlsx":
            response = HttpResponse(exports.xlsx_bytes(request.user, qs, now), content_type=XLSX_TYPE)
        else:
            response = StreamingHttpResponse(replica.streamed(exports.csv_chunks(request.user, qs, now)),
                                             content_type="text/csv; charset=utf-8")
    except DomainError as error:
        return _refused(request, error)
    return as_download(response, f"{name}-{now:%Y%m%d-%H%M}.{kind}")


def _inbox_list(user, filters, now):
    return inbox.officer_complaints(user, filters, now=now).order_by("-received_at", "-pk")


def _review_list(user, filters, now):
    return review.review_complaints(user, filters, now=now)


@login_required
@replica.reads()
def complaints_export(request, kind: str):
    """The inbox list, with the inbox's own filters (box, status, unit …)."""
    return _export(request, _inbox_list, inbox.FILTER_KEYS, "complaints", kind)


@login_required
@replica.reads()
def review_export(request, kind: str):
    return _export(request, _review_list, review.REVIEW_KEYS, "pending-review", kind)


def _refused(request, error: DomainError):
    """A download or report that cannot be made: the reason, and each bad parameter by name."""
    return render(request, "reports/refused.html", {"error": error, "errors": error.fields},
                  status=error.status_code)


def _report_unit(user, query: Query) -> Unit | None:
    """The unit asked for (default: the user's first posting), if it lies in the user's jurisdiction."""
    postings = permissions.active_postings(user)
    code = query.text("unit", max_length=32)
    if not code and not query.given("unit") and postings:
        return postings[0].unit
    unit = Unit.objects.filter(code=code).first() if code else None
    if unit is None or not any(unit.path.startswith(p.unit.path) for p in postings):
        if "unit" not in query.errors:
            query.add("unit", _("Unknown unit “%(code)s” in your jurisdiction.") % {"code": code[:32]})
        return None
    return unit


@login_required
@replica.reads()
def monthly_report(request):
    """The PDF monthly report for a unit and its subtree (?unit=CODE&month=2026-11;
    default: the user's unit, last month)."""
    query = Query(request.GET)
    unit = _report_unit(request.user, query)
    month = query.month("month") or monthend.previous_month(timezone.localdate(clock.now()))
    try:
        query.check(_("Please correct the report's unit and month."))
        rollup.fold_for_reading()
        body = pdf.monthly_pdf(figures.monthly_figures(unit, month), language=current_lang())
    except DomainError as error:
        return _refused(request, error)
    return as_download(HttpResponse(body, content_type="application/pdf"), f"monthly-{unit.code}-{month:%Y-%m}.pdf")
