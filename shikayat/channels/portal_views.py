"""The complaint cell's page of the write-back to the portals: what waits to be sent, Retry now, the files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shikayat.core.downloads import as_download
from shikayat.core.errors import PermissionDenied

from . import disposal, portal_status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def _refuse(request):
    error = PermissionDenied(_("The portals page is the complaint cell's."))
    return render(request, "web/error.html", {"error": error}, status=403)


@login_required
def portals(request):
    if not portal_status.may_see(request.user):
        return _refuse(request)
    return render(request, "channels/portals.html", {"portals": portal_status.overview(request.user),
                                                     "sees_files": portal_status.sees_files(request.user)})


@login_required
@require_POST
def retry(request):
    if not portal_status.may_see(request.user):
        return _refuse(request)
    ids = [int(value) for value in request.POST.getlist("message") if value.isdigit()]
    count = portal_status.retry(request.user, ids)
    messages.success(request, ngettext("%(count)d message will be sent again now.",
                                       "%(count)d messages will be sent again now.", count) % {"count": count})
    return redirect("channels:portals")


@login_required
def download(request, pk: int, kind: str):
    if not portal_status.may_see(request.user):
        return _refuse(request)
    made = portal_status.file_for(request.user, pk)
    if made is None or kind not in TYPES:
        raise Http404(_("No such file."))
    content = bytes(made.csv_content if kind == "csv" else made.xlsx_content)
    return as_download(HttpResponse(content, content_type=TYPES[kind]), disposal.file_name(made, kind))
