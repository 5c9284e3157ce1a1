"""Officer pages of the duplicate search: the "possibly the same as …" card's data and its "not the same"
button (merging posts the core's mark_duplicate action from the complaint page), and the complaint cell's hot
spots. Thin: parse, call one action or selector, render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.complaints import permissions
from shikayat.complaints import selectors as complaint_selectors
from shikayat.core import clock
from shikayat.core.errors import DomainError, NotFound, PermissionDenied

from . import actions, selectors


def panel(user, complaint) -> dict | None:
    """The complaint page's card: the suggestions the officer may see, and whether the core's mark_duplicate is
    open to them (the merge button posts it). None when there is nothing to show."""
    found = selectors.for_complaint(user, complaint)
    if not found:
        return None
    may_merge = any(t.action == "mark_duplicate" for t in permissions.available_transitions(user, complaint))
    for item in found:
        item["may_merge"] = item["may_merge"] and may_merge
    return {"suggestions": found}


@login_required
@require_POST
def dismiss(request, etag, suggestion_id):
    try:
        complaint = complaint_selectors.complaint_for(request.user, etag)
        actions.dismiss(complaint, suggestion_id, actor=request.user)
    except (NotFound, DomainError) as error:
        raise Http404(str(error.message)) from error
    messages.success(request, _("Recorded: not the same complaint."))
    return redirect("web:officer-complaint", etag=complaint.etag)


@login_required
def hot_spots(request):
    if not selectors.cell_paths(request.user):
        error = PermissionDenied(_("The hot spots are the complaint cell's."))
        return render(request, "web/error.html", {"error": error}, status=403)
    since = clock.now() - timedelta(days=selectors.HOTSPOT_DAYS)
    return render(request, "similar/hot_spots.html", {"spots": selectors.hot_spots(request.user, since),
                                                      "days": selectors.HOTSPOT_DAYS})
