"""Public pages for missing-child alerts and the most wanted (with the tip
form), and the officers' pages to issue and close alerts. Thin: parse, call
one action in alerts.py, render."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.complaints.attachments import checked_type
from shikayat.core.downloads import file_download
from shikayat.core.errors import DomainError, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.ratelimit import client_address

from . import alerts
from .forms import CloseAlertForm, MissingChildForm, TipForm
from .models import MissingChildAlert, MostWanted

OFFICER_LIST_CLOSED = 20


# --- public -----------------------------------------------------------------------------------------------------

def missing_children(request):
    rows = MissingChildAlert.objects.filter(is_active=True)
    return render(request, "information/missing_children.html", {"alerts": rows})


def missing_child(request, pk: int):
    alert = get_object_or_404(MissingChildAlert, pk=pk, is_active=True)
    return render(request, "information/missing_child.html", {"alert": alert})


def most_wanted(request):
    rows = MostWanted.objects.filter(is_active=True)
    return render(request, "information/most_wanted.html", {"people": rows})


def most_wanted_photo(request, pk: int):
    person = get_object_or_404(MostWanted, pk=pk, is_active=True)
    return _photo(person.photo, f"wanted-{person.pk}")


def missing_child_photo(request, pk: int):
    alert = get_object_or_404(MissingChildAlert, pk=pk, is_active=True)
    return _photo(alert.photo, f"missing-{alert.pk}")


def _photo(field, name: str):
    """A published photo, streamed from wherever files are stored (a private bucket has no public address), as
    the image its first bytes show; anything else stored there is not served."""
    if not field:
        raise Http404(_("No photo."))
    file = field.open("rb")
    content_type, extension = checked_type(file)
    if content_type not in ("image/jpeg", "image/png"):
        file.close()
        raise Http404(_("No photo."))
    return file_download(file, content_type=content_type, filename=f"{name}.{extension}")


def tip(request, pk: int):
    person = get_object_or_404(MostWanted, pk=pk, is_active=True)
    form = TipForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            alerts.submit_tip(most_wanted=person, data=form.cleaned_data,
                              client_address=client_address(request))
        except DomainError as error:
            show_domain_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Thank you. Your information has been passed on to the police in "
                                        "confidence."))
            return redirect("information:most-wanted")
    elif form.errors:
        status = 400
    return render(request, "information/tip.html", {"person": person, "form": form}, status=status)


# --- officers ---------------------------------------------------------------------------------------------------

def reporting_officer(view):
    """Signed-in officers with a posting that may issue alerts; others get 403 and a reason."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not alerts.may_report(request.user):
            error = PermissionDenied(_("Missing-child alerts are issued by front-desk, call-centre, complaint-cell, "
                                       "enquiry and supervising officers; none of your postings is one of these."))
            return render(request, "web/error.html", {"error": error}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


@reporting_officer
def officer_alerts(request):
    active = MissingChildAlert.objects.filter(is_active=True).select_related("reported_by")
    closed = (MissingChildAlert.objects.filter(is_active=False).select_related("closed_by")
              .order_by("-closed_at", "-pk")[:OFFICER_LIST_CLOSED])
    return render(request, "information/officer_alerts.html",
                  {"active": active, "closed": closed, "close_form": CloseAlertForm()})


@reporting_officer
def new_missing_child(request):
    if request.method != "POST":
        form = MissingChildForm(initial={"submission": uuid.uuid4().hex})
        return render(request, "information/missing_child_form.html", {"form": form})
    form = MissingChildForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            alert = alerts.report_missing_child(actor=request.user, data=data, submission=data["submission"],
                                                photo=data.get("photo"))
        except DomainError as error:
            show_domain_errors(form, error)
        else:
            messages.success(request, _("The alert for %(name)s is public and has been sent to the police "
                                        "stations within %(km)s km.") % {"name": alert.name,
                                                                         "km": f"{alert.radius_km:g}"})
            return redirect("information:officer-alerts")
    return render(request, "information/missing_child_form.html", {"form": form}, status=400)


@require_POST
@reporting_officer
def close_missing_child(request, pk: int):
    alert = get_object_or_404(MissingChildAlert, pk=pk)
    form = CloseAlertForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose whether the child was found."))
        return redirect("information:officer-alerts")
    try:
        alerts.close_alert(actor=request.user, alert=alert, found=form.cleaned_data["outcome"] == "found",
                           note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The alert for %(name)s is closed and no longer public.") % {"name": alert.name})
    return redirect("information:officer-alerts")


def topics(request):
    """The information pages the WhatsApp menu answers with, and the helplines, on the web."""
    from .models import Helpline, InfoTopic

    return render(request, "information/topics.html", {
        "topics": InfoTopic.objects.filter(is_active=True), "helplines": Helpline.objects.filter(is_active=True),
    })


def topic(request, code: str):
    from .models import InfoTopic

    return render(request, "information/topic.html", {
        "topic": get_object_or_404(InfoTopic, code=code, is_active=True),
    })
