"""Officer pages: thin views over the same selectors and actions as the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework import serializers as drf_serializers

from shikayat.api.views import ACTION_INPUTS
from shikayat.categories.models import Category
from shikayat.complaints import handlers, permissions, selectors, sla, workflow
from shikayat.core.errors import DomainError, NotFound
from shikayat.information.models import Helpline
from shikayat.jurisdictions.models import Unit


def home(request):
    return render(request, "web/home.html", {
        "helplines": Helpline.objects.filter(is_active=True),
        "categories": Category.objects.filter(parent__isnull=True, is_active=True),
    })


def offices(request):
    """Police offices directory from the unit tree: choose a district, see its
    circles and stations."""
    districts = list(Unit.objects.filter(is_active=True, level__depth=2).select_related("parent", "level")
                     .order_by("name_en"))
    chosen = next((d for d in districts if d.code == request.GET.get("district")), None)
    offices = []
    if chosen is not None:
        offices = Unit.objects.subtree_of(chosen).filter(is_active=True).select_related("level").order_by("path")
    return render(request, "web/offices.html", {"districts": districts, "chosen": chosen, "offices": offices})


def privacy(request):
    return render(request, "web/privacy.html")


@login_required
def complaint_list(request):
    keys = ("status", "category", "channel", "unit", "assignee", "overdue", "q")
    filters = {k: request.GET.get(k) for k in keys if request.GET.get(k)}
    try:
        complaints = selectors.complaints_for_officer(request.user, filters).order_by("-id")
    except DomainError as error:
        messages.error(request, error.message)
        complaints = selectors.complaints_for_officer(request.user, {}).order_by("-id")
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    return render(request, "web/complaint_list.html", {"page": page, "filters": filters, "now": timezone.now()})


def _event_view(event) -> dict:
    return {
        "event": event,
        "label": workflow.event_label(event.action),
        "from_label": workflow.STATUS_LABELS.get(event.from_status, ""),
        "to_label": workflow.STATUS_LABELS.get(event.to_status, ""),
        "changed": event.from_status != event.to_status,
    }


def _kind(field) -> str:
    if isinstance(field, drf_serializers.FileField):
        return "file"
    if isinstance(field, drf_serializers.BooleanField):
        return "bool"
    if isinstance(field, drf_serializers.ChoiceField):
        return "choice"
    return "text"


def _complaint_or_404(request, etag):
    try:
        return selectors.complaint_for(request.user, etag)
    except (NotFound, DomainError) as error:
        raise Http404(str(error.message)) from error


@login_required
def complaint_detail(request, etag):
    complaint = _complaint_or_404(request, etag)
    now = timezone.now()
    transitions = permissions.available_transitions(request.user, complaint)
    forms = []
    seen = set()
    for transition in transitions:
        name = handlers.TRANSITION_TO_HANDLER.get(transition.action, transition.action)
        if name in seen:
            continue
        seen.add(name)
        fields = [{"name": field_name, "label": field.label or field_name.replace("_", " ").capitalize(),
                   "kind": _kind(field), "choices": getattr(field, "choices", None)}
                  for field_name, field in ACTION_INPUTS[name]().fields.items()]
        forms.append({"name": name, "label": transition.label, "fields": fields,
                      "multipart": any(f["kind"] == "file" for f in fields)})
    return render(request, "web/complaint_detail.html", {
        "complaint": complaint,
        "events": [_event_view(event) for event in selectors.timeline_for(request.user, complaint)],
        "action_forms": forms,
        "show_contact": permissions.can_see_contact(request.user, complaint),
        "previous": selectors.previous_complaints(complaint, request.user),
        "contact_overdue": sla.is_contact_overdue(complaint, now),
        "report_overdue": sla.is_report_overdue(complaint, now),
    })


@login_required
@require_POST
def complaint_action(request, etag, action):
    complaint = _complaint_or_404(request, etag)
    input_class = ACTION_INPUTS.get(action)
    if input_class is None:
        raise Http404("Unknown action")
    form = input_class(data={**request.POST.dict(), **request.FILES.dict()})
    if not form.is_valid():
        for field, problems in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(p) for p in problems)}")
        return redirect("web:officer-complaint", etag=complaint.etag)
    try:
        handlers.run(complaint, action, actor=request.user, params=form.validated_data, channel="web")
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except DomainError as error:
        if error.status_code == 403:
            return render(request, "web/error.html", {"error": error, "complaint": complaint}, status=403)
        messages.error(request, error.message)
        return redirect("web:officer-complaint", etag=complaint.etag)
    label = workflow.TRANSITIONS[action].label if action in workflow.TRANSITIONS else _("Citizen's feedback")
    messages.success(request, _("%(action)s: done.") % {"action": label})
    return redirect("web:officer-complaint", etag=complaint.etag)

