"""The accountability branch's pages: the officers with complaints against
them, one officer's record, and the review of who read which confidential
complaint. Thin: check the posting, call one selector, render."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.core.query import Query

from . import selectors


def branch_only(view):
    """Signed-in officers with an active accountability posting; others get 403 and a reason."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.is_accountability_officer(request.user):
            error = PermissionDenied(_("These pages are open to officers of the accountability branch."))
            return render(request, "web/error.html", {"error": error}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


@branch_only
def officers(request):
    query = Query(request.GET)
    q = query.text("q", max_length=100)
    return render(request, "accountability/officers.html", {
        "q": q, "rows": selectors.officers_accused(request.user, q), "limit": selectors.OFFICERS_LIMIT,
        "errors": dict(query.errors),
    }, status=400 if query.errors else 200)


@branch_only
def officer_record(request, username: str):
    officer = selectors.find_accused_officer(request.user, username)
    if officer is None:
        raise Http404(_("No complaint against this officer in your jurisdiction."))
    return render(request, "accountability/officer.html", {
        "officer": officer, "rows": selectors.officer_record(request.user, officer),
        "limit": selectors.RECORD_LIMIT,
    })


@branch_only
def access_log(request):
    query = Query(request.GET)
    etag, username = query.text("etag", max_length=20), query.text("user", max_length=150)
    days = query.period("days", selectors.ACCESS_LOG_PERIODS, selectors.period_problem(), default=30)
    rows, errors = [], dict(query.errors)
    if not errors:
        try:
            rows = selectors.access_log(request.user, etag=etag, username=username, days=days)
        except InvalidInput as error:
            errors = error.fields
    status = 400 if errors else 200
    return render(request, "accountability/access_log.html", {
        "rows": [(row, selectors.VIA_LABELS.get(row.via, row.via)) for row in rows],
        "etag": etag, "username": username, "days": days, "errors": errors,
        "periods": selectors.ACCESS_LOG_PERIODS, "limit": selectors.ACCESS_LOG_LIMIT,
    }, status=status)
