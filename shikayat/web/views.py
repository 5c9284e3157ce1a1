"""Officer pages: thin views over the same selectors and actions as the API."""

from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from rest_framework import serializers as drf_serializers

from shikayat.accountability.selectors import case_for
from shikayat.api.views import ACTION_INPUTS
from shikayat.categories.models import Category
from shikayat.complaints import actions, handlers, inbox, permissions, selectors, versions, workflow
from shikayat.complaints.models import Channel
from shikayat.core import dates
from shikayat.core.errors import DomainError, NotFound
from shikayat.deadlines import investigation
from shikayat.information.models import Helpline
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import unit_table
from shikayat.quality.views import panel as quality_panel
from shikayat.similar import selectors as similar_selectors
from shikayat.similar.views import panel as similar_panel

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


FAVICON = Path(__file__).resolve().parent / "static" / "web" / "favicon.ico"


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, for browsers and tools that ask the site's root (pages link the hashed static copy)."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


def _rows(complaints, now, similar: dict[int, str] | None = None) -> list[dict]:
    """What each list row shows, computed once in Python: the list is the
    busiest officer page and the template engine is slow per filter. `similar`: complaint id → the E-tag it is
    possibly the same as."""
    officers, rows, similar = {}, [], similar or {}
    for c in complaints:
        if c.assignee_id and c.assignee_id not in officers:
            officers[c.assignee_id] = str(c.assignee)
        pending = c.is_open and c.resolution_proposed_at is None
        due = officer_tags.due_class(c.report_due_at, now) if pending else ""
        rows.append({
            "etag": c.etag_display, "url": f"/officer/complaints/{c.etag}/", "confidential": c.is_confidential,
            "priority": c.priority > 0,
            "received": dates.stamp(c.received_at), "days": max(0, (now - c.received_at).days),
            "category": c.category.name, "unit": c.unit.name, "officer": officers.get(c.assignee_id, "—"),
            "status": workflow.officer_status_label(c.status), "due": dates.stamp(c.report_due_at),
            "due_class": due,
            "time_left": officer_tags.time_left(c.report_due_at, now) if pending else "",
            "similar": similar.get(c.pk, ""),
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
    similar = similar_selectors.markers(request.user, [c.pk for c in result.rows])  # one query for the page
    return render(request, "web/complaint_list.html", {
        "rows": _rows(result.rows, now, similar),
        "page": result, "filters": filters, "errors": errors, "now": now,
        "boxes": [{"code": box.code, "label": box.label, "count": counts.get(box.code)}
                  for box in inbox.boxes_for(request.user)],
        "box_query": urlencode(keep), "next_query": urlencode({**filters, "cursor": result.next_cursor or ""}),
        "first_query": urlencode(filters),
        "statuses": list(workflow.OFFICER_STATUS_LABELS.items()), "sorts": inbox.SORTS.values(),
        "channels": Channel.choices,
        "categories": Category.objects.filter(is_active=True).select_related("parent").order_by("parent_id", "code"),
    }, status=status)


# Events also come from the system itself (the deadline sweep, lapses), which is no citizen's channel.
CHANNEL_LABELS = {**dict(Channel.choices), "system": _lazy("automatic")}


def _event_view(event, unit_names: dict) -> dict:
    data = event.data if isinstance(event.data, dict) else {}
    return {
        "event": event,
        "label": workflow.event_label(event.action),
        "from_label": workflow.OFFICER_STATUS_LABELS.get(event.from_status, ""),
        "to_label": workflow.OFFICER_STATUS_LABELS.get(event.to_status, ""),
        "changed": event.from_status != event.to_status,
        "channel": CHANNEL_LABELS.get(event.channel, event.channel),
        "credential": _credential_label(event.data),
        # Where a transfer or a marking sent the complaint.
        "to_unit": unit_names.get(data.get("to_unit") or data.get("unit"), "") if event.action in MOVES else "",
    }


MOVES = ("transfer", "assign", "reroute", "appeal", "reopen")


def _timeline(user, complaint) -> list[dict]:
    events = selectors.timeline_for(user, complaint)
    codes = {e.data.get("to_unit") or e.data.get("unit") for e in events
             if e.action in MOVES and isinstance(e.data, dict)} - {None, ""}
    names = {u.code: u.name for u in Unit.objects.filter(code__in=codes)} if codes else {}
    return [_event_view(event, names) for event in events]


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
    # While the investigation an FIR started is running (shikayat/deadlines/investigation.py).
    "submit_final_report": lambda complaint: investigation.running(complaint) is not None,
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


# How a field is named on the page where the API's label speaks of usernames and codes.
PAGE_LABELS = {"officer": _lazy("Officer"), "unit": _lazy("Unit")}
# What to do when a required field was left empty, for the fields whose label alone does not say it.
WHEN_EMPTY = {
    "officer": _lazy("Choose the officer to mark it to."),
    "unit": _lazy("Choose the unit to transfer it to."),
    "original_etag": _lazy("Give the E-tag of the original complaint."),
    "file": _lazy("Choose the file to attach."),
}


def _action_forms(user, complaint, failed: dict | None = None) -> list[dict]:
    """One form per action this officer may take now, from the transition table; the one the SOP expects next
    first (marked `expected`). `failed` = the refused form's name, what was typed and the problems, which the
    form shows again."""
    forms, seen = [], set()
    for transition in permissions.available_transitions(user, complaint):
        name = handlers.TRANSITION_TO_HANDLER.get(transition.action, transition.action)
        if name in seen or name not in ACTION_INPUTS or not OFFERED_WHILE.get(name, bool)(complaint):
            continue
        seen.add(name)
        refused = failed is not None and failed["name"] == name
        typed, problems = (failed["values"], failed["fields"]) if refused else ({}, {})
        fields = [{"name": field_name,
                   "label": PAGE_LABELS.get(field_name) or field.label or field_name.replace("_", " ").capitalize(),
                   "kind": _kind(field_name, field), "choices": getattr(field, "choices", None),
                   "required": field.required, "value": typed.get(field_name, ""),
                   "problems": problems.get(field_name, [])}
                  for field_name, field in ACTION_INPUTS[name]().fields.items()
                  if field_name != "version"]  # a hidden field: the version this page shows
        label = {"feedback": _("Record the citizen's answer"),
                 "followup": _("Record the answer to the follow-up question")}.get(name, transition.label)
        forms.append({"name": name, "label": label, "fields": fields, "failed": refused,
                      "message": failed["message"] if refused else "",
                      "multipart": any(f["kind"] in ("file", "files") for f in fields)})
    expected = workflow.expected_next(complaint)
    # The deadline the expected step answers to, shown with the time left.
    due = {"log_contact": complaint.contact_due_at, "log_field_visit": complaint.report_due_at,
           "propose_resolution": complaint.report_due_at, "feedback": complaint.feedback_due_at}
    for form in forms:
        form["expected"] = form["name"] == expected
        form["due"] = due.get(form["name"]) if form["expected"] else None
    # A refused form first (the officer is looking at it), then the expected step; the rest keep the table's order.
    forms.sort(key=lambda form: (not form["failed"], not form["expected"]))
    return forms


def _form_problems(form) -> dict[str, list[str]]:
    """The serializer's errors as things to do, per field: "Photos from the visit, file 2: The submitted file is
    empty. Choose it again." rather than "Photos from the visit: 0" (a list field's errors come keyed by the
    item's index); an empty field says what to fill in or choose."""
    found = {}
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(PAGE_LABELS.get(name) or (field.label if field else name))
        found[name] = [_explain(name, label, index, error) for index, error in _flatten(errors)]
    return found


def _flatten(errors, index=None):
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from _flatten(value, key if isinstance(key, int) else index)
    elif isinstance(errors, list | tuple):
        for value in errors:
            yield from _flatten(value, index)
    else:
        yield index, errors


def _explain(name: str, label: str, index: int | None, error) -> str:
    code = getattr(error, "code", "")
    if index is not None:
        return _("%(field)s, file %(number)d: %(problem)s Choose it again.") % {
            "field": label, "number": index + 1, "problem": error}
    if code in ("required", "blank", "null", "empty"):
        return str(WHEN_EMPTY.get(name) or _("Please fill in “%(field)s”.") % {"field": label})
    if code == "invalid_choice":
        return _("Choose “%(field)s” from the list.") % {"field": label}
    if code in ("invalid", "max_value", "min_value", "max_string_length") and name in ("rating", "allegation",
                                                                                       "proceedings", "accused"):
        return _("“%(field)s” must be one of the numbers shown on this page.") % {"field": label}
    return f"{label}: {error}"


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
            "point": at(point), "station": at(station) if station else None, "place": place,
            "shapes": f"{reverse('web:map-shapes')}?{urlencode({'within': _map_district(place)})}" if place else ""}


def _map_district(place) -> str:
    """The unit whose map surrounds the place: two levels up (a station's district), or as high as there is."""
    by_id = unit_table().by_id
    unit = place
    for _step in range(2):
        if unit.parent_id not in by_id:
            break
        unit = by_id[unit.parent_id]
    return unit.code


@login_required
def complaint_detail(request, etag):
    return _complaint_page(request, _complaint_or_404(request, etag))


def _complaint_page(request, complaint, *, conflict: versions.StaleVersion | None = None,
                    failed: dict | None = None, status: int = 200):
    """The complaint page; after a refused stale action (409), the complaint as it is now with what changed;
    after a refused action (`failed`), that form again with what was typed and what to do."""
    now = timezone.now()
    forms = _action_forms(request.user, complaint, failed)
    if failed and not any(form["failed"] for form in forms):  # the action is no longer offered: say why at the top
        messages.error(request, failed["message"])
    with_officer = any(field["kind"] == "officer" for form in forms for field in form["fields"])
    return render(request, "web/complaint_detail.html", {
        "complaint": complaint, "now": now, "conflict": conflict,
        "status_label": workflow.officer_status_label(complaint.status),
        "version": versions.version_of(request.user, complaint),
        "events": _timeline(request.user, complaint),
        "attachments": selectors.attachments_for(request.user, complaint),
        "action_forms": forms,
        "officers": selectors.assignable_officers(request.user, complaint) if with_officer else [],
        "units": selectors.transfer_units(request.user, complaint) if any(f["name"] == "transfer" for f in forms)
        else [],
        "show_contact": permissions.can_see_contact(request.user, complaint),
        "previous": selectors.previous_complaints(complaint, request.user),
        "duplicates": complaint.duplicates.all()[:20],
        "contact_done": complaint.first_contacted_at is not None,
        "report_done": complaint.resolution_proposed_at is not None or not complaint.is_open,
        "map": _map(complaint),
        "show_identity": permissions.can_see_identity(request.user, complaint),
        "case": case_for(complaint, now=now) if complaint.handling == permissions.AGAINST_POLICE else None,
        "quality": quality_panel(request.user, complaint),
        "similar": similar_panel(request.user, complaint),
        "investigation": investigation.stage_of(complaint, now),
    }, status=409 if conflict else status)


def _typed(request) -> dict:
    """What the officer typed into a refused form, to put back (files cannot be: the browser forgets them)."""
    return {key: request.POST.get(key, "") for key in request.POST if key not in ("csrfmiddlewaretoken", "version")}


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
        failed = {"name": action, "values": _typed(request), "fields": _form_problems(form),
                  "message": _("Please check what is marked below.")}
        return _complaint_page(request, complaint, failed=failed, status=400)
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
        fields = {name: [str(p) for p in problems if str(p) != str(error.message)]
                  for name, problems in error.fields.items()}
        failed = {"name": action, "values": _typed(request), "fields": fields, "message": str(error.message)}
        return _complaint_page(request, _complaint_or_404(request, etag), failed=failed, status=error.status_code)
    label = workflow.TRANSITIONS[action].label if action in workflow.TRANSITIONS else _("Citizen's feedback")
    messages.success(request, _("%(action)s: done.") % {"action": label})
    return redirect("web:officer-complaint", etag=complaint.etag)
