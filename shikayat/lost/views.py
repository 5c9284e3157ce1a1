"""Lost-article pages: the citizen reports (mobile proven by a one-time code) and gets the receipt at once, sees
and downloads their receipts, withdraws one; the stations see the reports of their area, export them, record
found articles and confirm matches. Thin: parse, call one action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.citizens import access
from shikayat.core import ratelimit, replica
from shikayat.core.downloads import as_download
from shikayat.core.errors import DomainError, NotFound
from shikayat.core.forms import show_domain_errors
from shikayat.jurisdictions.selectors import leaf_units

from . import actions, selectors
from .forms import FilterForm, FoundForm, ReportForm
from .models import FoundArticle, LostReport


def _mobile_or_verify(request, next_url: str):
    mobile = access.verified_mobile(request.session)
    if mobile is None:
        return None, redirect(f"{reverse('web:verify')}?next={next_url}")
    return mobile, None


def report(request):
    mobile, go_verify = _mobile_or_verify(request, reverse("lost:report"))
    if go_verify:
        return go_verify
    form, status = ReportForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "mobile": mobile, "language": request.LANGUAGE_CODE[:2]}
        try:
            made = actions.report_lost(channel="web", data=data, client=ratelimit.request_client(request))
        except DomainError as error:
            show_domain_errors(form, error)
            status = error.status_code
        else:
            return redirect("lost:receipt", number=made.number)
    return render(request, "lost/report.html", {"form": form, "mobile": mobile},
                  status=status if status != 200 else (400 if form.errors else 200))


def _own(request, number: str) -> LostReport:
    mobile = access.verified_mobile(request.session)
    row = LostReport.objects.select_related("station").filter(number=number.upper()).first()
    if row is None or mobile is None or row.mobile != mobile:
        raise Http404(_("Open your reports with the mobile number that made them."))
    return row


def mine(request):
    mobile, go_verify = _mobile_or_verify(request, reverse("lost:mine"))
    if go_verify:
        return go_verify
    rows = LostReport.objects.filter(mobile=mobile).select_related("station").order_by("-reported_at")[:100]
    return render(request, "lost/mine.html", {"rows": rows, "mobile": mobile})


def receipt(request, number: str):
    if access.verified_mobile(request.session) is None:
        return redirect(f"{reverse('web:verify')}?next={reverse('lost:receipt', args=[number])}")
    row = _own(request, number)
    return render(request, "lost/receipt_page.html", {"r": row, "verify_url": actions.verification_url(row)})


def _pdf(row: LostReport) -> HttpResponse:
    from .pdf import receipt_pdf  # WeasyPrint loads only for the PDF

    return as_download(HttpResponse(receipt_pdf(row), content_type="application/pdf"), f"{row.number}.pdf")


def receipt_pdf(request, number: str):
    return _pdf(_own(request, number))


def receipt_by_link(request, token: str):
    """The PDF from the link sent to the reporter's own mobile."""
    try:
        with ratelimit.tracking(ratelimit.request_client(request), ""):
            row = actions.report_for_link(token)
    except (NotFound, ratelimit.RateLimited) as error:
        return render(request, "web/error.html", {"error": error}, status=error.status_code)
    return _pdf(row)


@require_POST
def withdraw(request, number: str):
    row = _own(request, number)
    try:
        actions.withdraw(row, mobile=access.verified_mobile(request.session))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your report has been withdrawn."))
    return redirect("lost:receipt", number=row.number)


# -- the stations ------------------------------------------------------------------------------------------------

def _refuse_outsiders(request):
    if not actions.scope_paths(request.user):
        raise Http404(_("Lost-article reports are open to the officers of the police stations."))


@login_required
def station_list(request):
    _refuse_outsiders(request)
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("format") == "csv":
        return _export(request, filters)
    rows = selectors.station_reports(request.user, **{k: v for k, v in filters.items() if v})
    return render(request, "lost/station_list.html", {
        "form": form, "rows": rows[:selectors.SHOWN], "shown": selectors.SHOWN,
        "query": request.GET.urlencode()}, status=400 if form.errors else 200)


@replica.reads()
def _export(request, filters: dict):
    """The list as CSV, read from the replica when there is one (an export, like the complaints')."""
    rows = selectors.station_reports(request.user, **{k: v for k, v in filters.items() if v})
    response = StreamingHttpResponse(replica.streamed(selectors.csv_chunks(rows)),
                                     content_type="text/csv; charset=utf-8")
    return as_download(response, f"lost-reports-{timezone.localtime():%Y%m%d-%H%M}.csv")


def _my_stations(user):
    paths = actions.scope_paths(user)
    return [u for u in leaf_units().order_by("name_en") if any(u.path.startswith(p) for p in paths)]


@login_required
def found(request):
    _refuse_outsiders(request)
    stations = _my_stations(request.user)
    form, status = FoundForm(request.POST or None, stations=stations), 200
    if request.method == "POST" and form.is_valid():
        try:
            article = actions.record_found(actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            show_domain_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Found article recorded."))
            return redirect("lost:found-article", pk=article.pk)
    articles = selectors.found_articles(request.user)[:selectors.SHOWN]
    return render(request, "lost/found.html", {"form": form, "articles": articles},
                  status=status if status != 200 else (400 if form.errors else 200))


def _article(request, pk: int) -> FoundArticle:
    _refuse_outsiders(request)
    return get_object_or_404(selectors.found_articles(request.user), pk=pk)


@login_required
def found_article(request, pk: int):
    article = _article(request, pk)
    return render(request, "lost/found_article.html", {"a": article, "matches": actions.matches(article)})


@login_required
@require_POST
def confirm(request, pk: int, number: str):
    article = _article(request, pk)
    report_row = get_object_or_404(LostReport, number=number)
    try:
        actions.confirm_match(article, report_row, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Match confirmed: the reporter has been told where to collect it."))
    return redirect("lost:found-article", pk=article.pk)
