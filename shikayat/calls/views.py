"""Thin views: the telephone system's signed event endpoint, the agent's live calls (polled by the console),
closing a call, the call-centre dashboard, and the quality review list."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from shikayat.complaints import selectors
from shikayat.core import replica
from shikayat.core.errors import DomainError, PermissionDenied
from shikayat.core.query import Query
from shikayat.web.desk_views import desk_view

from . import actions, figures, telephony
from .forms import CloseCallForm, ReviewForm
from .models import Call

PERIODS = (1, 7, 30)
HISTORY = 5
RECENT = 50


def _error(error: DomainError) -> JsonResponse:
    body = {"error": {"code": error.code, "message": str(error.message),
                      "fields": {k: [str(m) for m in v] for k, v in (getattr(error, "fields", None) or {}).items()}}}
    return JsonResponse(body, status=error.status_code)


@csrf_exempt
@require_POST
def telephony_event(request):
    """The telephone system posts each call event here (see NOTES/README: payload and signature)."""
    try:
        telephony.check_signature(signature=request.headers.get("X-Shikayat-Signature", ""), body=request.body)
        event = telephony.parse(request.body)
    except DomainError as error:
        return _error(error)
    call, duplicate = telephony.receive(event)
    return JsonResponse({"call": call.pk, "state": call.state, "duplicate": duplicate})


@desk_view("call_centre")
@require_GET
def live(request):
    """The agent's calls ringing or in progress, each with the caller's latest complaints: the console polls
    this and shows the ringing caller's history at once."""
    rows = []
    for call in actions.live_calls(request.user)[:5]:
        history = (selectors.complaints_for_officer(request.user).filter(complainant_mobile=call.caller)
                   .select_related("category").order_by("-received_at", "-id")[:HISTORY])
        rows.append({"id": call.pk, "caller": call.caller, "state": call.state,
                     "state_label": call.get_state_display(),
                     "lookup": f"{reverse('web:call-centre')}?mobile={call.caller.replace('+', '%2B')}",
                     "complaints": [{"etag": c.etag_display, "status": c.get_status_display(),
                                     "category": c.category.name} for c in history]})
    return JsonResponse({"calls": rows})


@desk_view("call_centre")
@require_POST
def close(request, pk):
    form = CloseCallForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        call = actions.close_call(pk, agent=request.user, purpose=data.get("purpose", ""),
                                  outcome=data.get("outcome", ""), note=data.get("note", ""))
    except DomainError as error:
        fields = "; ".join(str(m) for v in (getattr(error, "fields", None) or {}).values() for m in v)
        messages.error(request, f"{error.message} {fields}".strip())
        return redirect(f"{reverse('web:call-centre')}?mobile={request.POST.get('caller', '').replace('+', '%2B')}"
                        if request.POST.get("caller") else reverse("web:call-centre"))
    messages.success(request, _("The call with %(caller)s is closed: %(purpose)s, %(outcome)s.")
                     % {"caller": call.caller, "purpose": call.get_purpose_display(),
                        "outcome": call.get_outcome_display()})
    return redirect("web:call-centre")


def _refuse(request, text: str):
    return render(request, "web/error.html", {"error": PermissionDenied(text)}, status=403)


@login_required
@replica.reads()
def dashboard(request):
    paths = actions.scope_paths(request.user)
    if not paths:
        return _refuse(request, _("The call-centre dashboard is for the call centre and the complaint cell."))
    query = Query(request.GET)
    days = query.period("days", PERIODS, _("The period can be %(choices)s days; showing %(days)s.")
                        % {"choices": ", ".join(map(str, PERIODS)), "days": 7}, default=7)
    now = timezone.now()
    start = now - timezone.timedelta(days=days)
    calls = actions.in_scope(Call.objects.all(), paths)
    result = figures.compute(calls, start, now, timezone.get_current_timezone())
    recent = (calls.filter(started_at__gte=start).select_related("agent", "review_requested_by")
              .prefetch_related("links__complaint").order_by("-started_at", "-id")[:RECENT])
    reviewer = actions.may_review(request.user)
    peak = max(result.total.per_hour) or 1
    return render(request, "calls/dashboard.html", {
        "days": days, "periods": PERIODS, "figures": result,
        "hours": [(hour, n, round(100 * n / peak)) for hour, n in enumerate(result.total.per_hour)],
        "callbacks_due": figures.callbacks_due(calls, now), "now": now, "recent": recent,
        "reviewer": reviewer, "errors": dict(query.errors),
    }, status=400 if query.errors else 200)


@login_required
@replica.reads()
def review_list(request):
    if not actions.may_review(request.user):
        return _refuse(request, _("The review list of calls is the complaint cell's."))
    calls = (actions.in_scope(Call.objects.filter(review_requested_at__isnull=False),
                              actions.scope_paths(request.user))
             .select_related("agent", "review_requested_by").order_by("-review_requested_at", "-id")[:200])
    return render(request, "calls/review.html", {"calls": calls})


@login_required
@require_POST
def mark_for_review(request, pk):
    form = ReviewForm(request.POST)
    try:
        call = actions.mark_for_review(pk, by=request.user,
                                       reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except PermissionDenied as error:
        return render(request, "web/error.html", {"error": error}, status=403)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("calls:dashboard")
    messages.success(request, _("The call with %(caller)s is on the review list.") % {"caller": call.caller})
    return redirect("calls:review")


