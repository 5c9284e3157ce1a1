"""The complaint cell's page "Open311 requests to check": thin, parse, call review.accept / refuse, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.core.errors import DomainError, PermissionDenied

from . import review

LIST_ROWS = 200


def _page(request, *, problem: str = "", typed: dict | None = None, status: int = 200):
    if not review.cell_paths(request.user):
        error = PermissionDenied(_("Open311 requests are checked by the complaint cell."))
        return render(request, "web/error.html", {"error": error}, status=403)
    rows = review.to_check(request.user)
    return render(request, "open311/to_check.html", {"rows": rows[:LIST_ROWS], "total": rows.count(),
                                                     "problem": problem, "typed": typed or {}}, status=status)


@login_required
def to_check(request):
    return _page(request)


@login_required
@require_POST
def accept(request, pk):
    try:
        row = review.accept(pk, actor=request.user)
    except DomainError as error:
        problems = [str(m) for messages_ in error.fields.values() for m in messages_]
        return _page(request, problem=" ".join([str(error.message), *problems]), typed={"pk": pk},
                     status=error.status_code)
    messages.success(request, _("Registered as complaint %(etag)s.") % {"etag": row.complaint.etag_display})
    return redirect("open311-review:list")


@login_required
@require_POST
def refuse(request, pk):
    reason = request.POST.get("reason", "")
    try:
        review.refuse(pk, actor=request.user, reason=reason)
    except DomainError as error:
        return _page(request, problem=str(error.message), typed={"pk": pk, "reason": reason},
                     status=error.status_code)
    messages.success(request, _("The request was refused; the application is told why."))
    return redirect("open311-review:list")
