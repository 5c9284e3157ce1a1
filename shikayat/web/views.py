"""Officer pages: thin views over the same selectors and actions as the API."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework import serializers as drf_serializers

from shikayat.accountability.selectors import case_for
from shikayat.api.views import ACTION_INPUTS
from shikayat.categories.models import Category
from shikayat.complaints import actions, handlers, inbox, permissions, selectors, versions, workflow
from shikayat.complaints.models import Channel
from shikayat.core import dates
from shikayat.core.errors import DomainError, NotFound
from shikayat.information.models import Helpline
from shikayat.jurisdictions.models import Unit

from .templatetags import officer as officer_tags


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


def _rows(complaints, now) -> list[dict]:
    """What each list row shows, computed once in Python: the list is the
    busiest officer page and the template engine is slow per filter."""
    officers, rows = {}, []
    for c in complaints:
        if c.assignee_id and c.assignee_id not in officers:
            officers[c.assignee_id] = str(c.assignee)
        pending = c.is_open and c.resolution_proposed_at is None
        due = officer_tags.due_class(c.report_due_at, now) if pending else ""
        rows.append({
            "etag": c.etag_display, "url": f"/officer/complaints/{c.etag}/", "confidential": c.is_confidential,
            "received": dates.stamp(c.received_at), "days": max(0, (now - c.received_at).days),
            "category": c.category.name, "unit": c.unit.name, "officer": officers.get(c.assignee_id, "—"),
            "status": c.status_label, "due": dates.stamp(c.report_due_at), "due_class": due,
            "time_left": officer_tags.time_left(c.report_due_at, now) if pending else "",
        })
    return rows


@login_required
def complaint_list(request):
    """The officer's inbox: a box per role, filters, search, keyset pages."""
    now = timezone.now()
    filters = {k: request.GET.get(k, "").strip() for k in inbox.FILTER_KEYS if request.GET.get(k, "").strip()}
    filters.setdefault("box", inbox.default_box(request.user))
    errors, status = {}, 200
    try:
        result = inbox.page(request.user, filters, cursor=request.GET.get("cursor"), now=now)
    except DomainError as error:
        # The filter form shows what was typed with each problem; the list below is the box unfiltered.
        errors, status = error.fields, 400
        messages.error(request, error.message)
        result = inbox.page(request.user, {"box": filters["box"] if filters["box"] in inbox.BOX_CODES else "all"},
                            now=now)
    keep = {k: v for k, v in filters.items() if k != "box"}
    counts = inbox.box_counts(request.user, now=now)
    return render(request, "web/complaint_list.html", {
        "page": result, "rows": _rows(result.rows, now), "filters": filters, "errors": errors, "now": now,
        "boxes": [{"code": box.code, "label": box.label, "count": counts.get(box.code)}
                  for box in inbox.boxes_for(request.user)],
        "box_query": urlencode(keep), "next_query": urlencode({**filters, "cursor": result.next_cursor or ""}),
        "first_query": urlencode(filters),
        "statuses": workflow.Status.choices, "sorts": inbox.SORTS.values(), "channels": Channel.choices,
        "categories": Category.objects.filter(is_active=True).select_related("parent").order_by("parent_id", "code"),
    }, status=status)


CHANNEL_LABELS = dict(Channel.choices)


def _event_view(event) -> dict:
    return {
        "event": event,
        "label": workflow.event_label(event.action),
        "from_label": workflow.STATUS_LABELS.get(event.from_status, ""),
        "to_label": workflow.STATUS_LABELS.get(event.to_status, ""),
        "changed": event.from_status != event.to_status,
        "channel": CHANNEL_LABELS.get(event.channel, event.channel),
        "credential": _credential_label(event.data),
    }


def _credential_label(data: dict) -> str:
    """How the citizen proved who they were, for their actions (officers see it on the timeline)."""
    if not isinstance(data, dict) or "credential" not in data:
        return ""
    return str(permissions.CREDENTIALS.get(data["credential"]) or _("proof not recorded"))


LONG_TEXT = {"outcome", "findings", "resolution", "reason", "reasons", "explanation", "text", "note", "report",
             "comment", "grounds"}
# Offered only while they can be taken: an appeal within its window, the answer to a question asked.
OFFERED_WHILE = {
    "appeal": lambda complaint: actions.appeal_window(complaint).open,
    "followup": lambda complaint: complaint.followup_asked_at is not None and complaint.followup_answered_at is None,
}


def _kind(name: str, field) -> str:
    if isinstance(field, drf_serializers.ListField):
        return "files"
    if isinstance(field, drf_serializers.FileField):
        return "file"
    if name == "satisfied":
        return "satisfied"
    if name == "rating":
        return "rating"
    if isinstance(field, drf_serializers.BooleanField):
        return "bool"
    if isinstance(field, drf_serializers.ChoiceField):
        return "choice"
    if name in ("officer", "unit"):
        return name
    return "textarea" if name in LONG_TEXT else "text"


def _complaint_or_404(request, etag):
    try:
        return selectors.complaint_for(request.user, etag)
    except (NotFound, DomainError) as error:
        raise Http404(str(error.message)) from error


def _action_forms(user, complaint) -> list[dict]:
    """One form per action this officer may take now, from the transition table."""
    forms, seen = [], set()
    for transition in permissions.available_transitions(user, complaint):
        name = handlers.TRANSITION_TO_HANDLER.get(transition.action, transition.action)
        if name in seen or name not in ACTION_INPUTS or not OFFERED_WHILE.get(name, bool)(complaint):
            continue
        seen.add(name)
        fields = [{"name": field_name, "label": field.label or field_name.replace("_", " ").capitalize(),
                   "kind": _kind(field_name, field), "choices": getattr(field, "choices", None),
                   "required": field.required}
                  for field_name, field in ACTION_INPUTS[name]().fields.items()
                  if field_name != "version"]  # a hidden field: the version this page shows
        label = {"feedback": _("Record the citizen's answer"),
                 "followup": _("Record the answer to the follow-up question")}.get(name, transition.label)
        forms.append({"name": name, "label": label, "fields": fields,
                      "multipart": any(f["kind"] in ("file", "files") for f in fields)})
    return forms


def _map(complaint) -> dict | None:
    """An inline SVG sketch: the station's area and the incident point (no map tiles, no network)."""
    place = complaint.incident_unit or complaint.unit
    point = (float(complaint.lng), float(complaint.lat)) if complaint.lat is not None else None
    ring = place.area if place and isinstance(place.area, list) and len(place.area) >= 3 else []
    station = (float(place.lng), float(place.lat)) if place and place.lat is not None else None
    shapes = [tuple(map(float, p[:2])) for p in ring] + [p for p in (point, station) if p]
    if not point or not shapes:
        return None
    xs, ys = [p[0] for p in shapes], [p[1] for p in shapes]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.01)
    middle = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    width, height, pad = 240, 180, 14
    scale = min(width, height) - 2 * pad

    def at(p):
        return (round(width / 2 + (p[0] - middle[0]) / span * scale, 1),
                round(height / 2 - (p[1] - middle[1]) / span * scale, 1))

    return {"width": width, "height": height, "ring": " ".join(f"{x},{y}" for x, y in map(at, ring)),
            "point": at(point), "station": at(station) if station else None, "place": place}


@login_required
def complaint_detail(request, etag):
    return _complaint_page(request, _complaint_or_404(request, etag))


def _complaint_page(request, complaint, *, conflict: versions.StaleVersion | None = None):
    """The complaint page; after a refused stale action (409), the complaint as it is now with what changed."""
    now = timezone.now()
    forms = _action_forms(request.user, complaint)
    names = {f["name"] for f in forms}
    return render(request, "web/complaint_detail.html", {
        "complaint": complaint, "now": now, "conflict": conflict,
        "version": versions.version_of(request.user, complaint),
        "events": [_event_view(event) for event in selectors.timeline_for(request.user, complaint)],
        "attachments": selectors.attachments_for(request.user, complaint),
        "action_forms": forms,
        "officers": selectors.assignable_officers(request.user, complaint) if "assign" in names else [],
        "units": selectors.transfer_units(request.user, complaint) if "transfer" in names else [],
        "show_contact": permissions.can_see_contact(request.user, complaint),
        "previous": selectors.previous_complaints(complaint, request.user),
        "duplicates": complaint.duplicates.all()[:20],
        "contact_done": complaint.first_contacted_at is not None,
        "report_done": complaint.resolution_proposed_at is not None or not complaint.is_open,
        "map": _map(complaint),
        "show_identity": permissions.can_see_identity(request.user, complaint),
        "case": case_for(complaint, now=now) if complaint.handling == permissions.AGAINST_POLICE else None,
    }, status=409 if conflict else 200)


@login_required
@require_POST
def complaint_action(request, etag, action):
    complaint = _complaint_or_404(request, etag)
    input_class = ACTION_INPUTS.get(action)
    if input_class is None:
        raise Http404("Unknown action")
    data = request.POST.copy()
    data.update(request.FILES)
    form = input_class(data=data)
    if not form.is_valid():
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label}: {' '.join(str(p) for p in problems)}")
        return redirect("web:officer-complaint", etag=complaint.etag)
    params = dict(form.validated_data)
    try:
        handlers.run(complaint, action, actor=request.user, params=params, channel="web",
                     version=params.pop("version", None))
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except versions.StaleVersion as error:  # someone acted first: show what they did and the complaint now
        return _complaint_page(request, _complaint_or_404(request, etag), conflict=error)
    except DomainError as error:
        if error.status_code == 403:
            return render(request, "web/error.html", {"error": error, "complaint": complaint}, status=403)
        messages.error(request, error.message)
        for problems in error.fields.values():
            for problem in problems:
                if str(problem) != str(error.message):
                    messages.error(request, problem)
        return redirect("web:officer-complaint", etag=complaint.etag)
    label = workflow.TRANSITIONS[action].label if action in workflow.TRANSITIONS else _("Citizen's feedback")
    messages.success(request, _("%(action)s: done.") % {"action": label})
    return redirect("web:officer-complaint", etag=complaint.etag)
