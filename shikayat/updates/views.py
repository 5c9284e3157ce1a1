"""The officer's Updates: their notices, newest first; opening one marks it read and goes to the complaint."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notices


@login_required
def notice_list(request):
    return render(request, "updates/notices.html", {"notices": notices.for_officer(request.user),
                                                    "shown": notices.SHOWN})


@login_required
def open_notice(request, pk: int):
    notice = notices.notice_of(request.user, pk)
    if notice is None:
        raise Http404(_("No such update."))
    notices.mark_read(request.user, pk=notice.pk)
    return redirect("web:officer-complaint", etag=notice.complaint.etag)


@login_required
@require_POST
def read_all(request):
    notices.mark_read(request.user)
    messages.success(request, _("All updates are marked as read."))
    return redirect("updates:notices")
