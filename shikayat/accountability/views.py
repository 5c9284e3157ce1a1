"""The accountability branch's pages: the officers with complaints against
them, one officer's record, and the review of who read which confidential
complaint. Thin: check the posting, call one selector, render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput, PermissionDenied

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
    q = request.GET.get("q", "").strip()[:100]
    return render(request, "accountability/officers.html", {
        "q": q, "rows": selectors.officers_accused(request.user, q), "limit": selectors.OFFICERS_LIMIT,
    })


@branch_only
def officer_record(request, username: str):
    officer = selectors.find_accused_officer(request.user, username)
    if officer is None:
        raise Http404(_("No complaint against this officer in your jurisdiction."))
    return render(request, "accountability/officer.html", {
        "officer": officer, "rows": selectors.officer_record(request.user, officer),
        "limit": selectors.RECORD_LIMIT,
    })


def _days(raw: str) -> int | None:
    if raw in (None, ""):
        return 30
    return int(raw) if raw.isdigit() else None


@branch_only
def access_log(request):
    etag, username = request.GET.get("etag", "").strip()[:20], request.GET.get("user", "").strip()[:150]
    days = _days(request.GET.get("days", ""))
    status, errors = 200, {}
    try:
        rows = selectors.access_log(request.user, etag=etag, username=username, days=days or 0)
    except InvalidInput as error:
        errors, rows, status = error.fields, [], 400
        for problems in error.fields.values():
            for problem in problems:
                messages.error(request, problem)
    return render(request, "accountability/access_log.html", {
        "rows": [(row, selectors.VIA_LABELS.get(row.via, row.via)) for row in rows],
        "etag": etag, "username": username, "days": days or 30, "errors": errors,
        "periods": selectors.ACCESS_LOG_PERIODS, "limit": selectors.ACCESS_LOG_LIMIT,
    }, status=status)
