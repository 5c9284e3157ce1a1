"""The call-centre console (8787-style helpline) and the police-station front
desk: officers register complaints taken by telephone, at the counter or by
post, answer status queries, and work the feedback call-back queue.

Thin views, like the other officer pages: intake registers, selectors read,
handlers.run records the citizen's feedback exactly as the API does."""

import uuid
from datetime import UTC, datetime, timedelta
from functools import wraps
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.accounts.models import Role, User
from shikayat.calls import actions as calls
from shikayat.calls.forms import CloseCallForm
from shikayat.complaints import actions, handlers, permissions, selectors, sla, versions, workflow
from shikayat.complaints import etag as etags
from shikayat.complaints.intake import clean_complaint_data, lodge_with_attachments, register_complaint
from shikayat.complaints.links import public_url, tracking_url
from shikayat.complaints.models import Channel, Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import clock
from shikayat.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.i18n import current_lang
from shikayat.core.query import MAX_ID, Query, in_range
from shikayat.core.refcache import reference

from .desk_forms import CALLBACK_FORMS, CallerAppealForm, FrontDeskForm, LookupForm, PhonedInForm, StatusForm
from .lodge_views import _category_choices, _station_choices

DESK_ROLES = {
    "call_centre": frozenset({Role.CALL_CENTRE, Role.COMPLAINT_CELL}),
    "front_desk": frozenset({Role.FRONT_DESK, Role.COMPLAINT_CELL}),
}
DESK_CHANNELS = (Channel.FRONT_DESK, Channel.POST)
LOOKUP_LIMIT = 50
QUEUE_PAGE = 25
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --- who may use which desk -------------------------------------------------------------------------------------

def desk_access(user: User) -> dict:
    """{"call_centre": bool, "front_desk": bool} from the user's active postings."""
    roles = {p.role for p in permissions.active_postings(user)} if user.is_authenticated else set()
    return {desk: bool(roles & allowed) for desk, allowed in DESK_ROLES.items()}


def _refusal(desk: str) -> str:
    if desk == "call_centre":
        return _("The call-centre console is for call-centre agents and the complaint cell; none of your "
                 "postings is one of these.")
    return _("The front desk is for front-desk staff and the complaint cell; none of your postings is one of these.")


def desk_view(desk: str):
    """Signed-in officers with a posting for this desk; others get 403 and a reason."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not desk_access(request.user)[desk]:
                return render(request, "web/error.html", {"error": PermissionDenied(_refusal(desk))}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _refused(request, error: DomainError):
    return render(request, "web/error.html", {"error": error}, status=403)


# --- shared helpers ---------------------------------------------------------------------------------------------

def _choices() -> dict:
    """Categories and the stations grouped by district (319 in the Punjab demo),
    cached per language with the other reference data."""
    lang = current_lang()
    return {"categories": reference.get(("desk-categories", lang), _category_choices),
            "stations": reference.get(("desk-stations", lang), _station_choices)}


def _registered_by(user: User, complaint: Complaint) -> bool:
    """Identifies a second click of the desk's own form; grants nothing by itself."""
    return complaint.events.filter(action="register", actor=user).exists()


# --- the act of registering ---------------------------------------------------------------------------------------
# The officer who registers a complaint prints its slip (or reads its E-tag back) straight away, even when it
# goes where they may not follow it (a station's desk takes complaints about places it does not handle, and
# complaints against police). That is a grant in this session, for a few minutes after registration; later
# only an officer who may view the complaint under every confidentiality rule (permissions.can_view) opens it.

SESSION_SLIPS = "desk_registered"
SLIP_GRANT_FOR = timedelta(minutes=10)


def _grant_slip(request, complaint: Complaint) -> None:
    """Only from the registering request (or its second click): ends SLIP_GRANT_FOR after registration."""
    until = (complaint.received_at + SLIP_GRANT_FOR).timestamp()
    now = clock.now().timestamp()
    grants = {etag: grant for etag, grant in (request.session.get(SESSION_SLIPS) or {}).items() if grant[1] > now}
    grants[complaint.etag] = [request.user.pk, until]
    request.session[SESSION_SLIPS] = grants


def _in_the_act_of_registering(request, complaint: Complaint) -> bool:
    grant = (request.session.get(SESSION_SLIPS) or {}).get(complaint.etag)
    return bool(grant) and grant[0] == request.user.pk and clock.now().timestamp() < grant[1]


def _complaint_for_desk(request, raw_etag: str) -> tuple[Complaint, bool]:
    """A complaint this officer is registering right now, or one they may view;
    and whether it is the former (only then is the slip handed over with a link)."""
    try:
        code = etags.normalise(raw_etag)
    except InvalidInput as error:
        raise Http404(str(error.message)) from error
    complaint = Complaint.objects.select_related("category", "unit", "incident_unit").filter(etag=code).first()
    registering = complaint is not None and _in_the_act_of_registering(request, complaint)
    if complaint is None or not (registering or permissions.can_view(request.user, complaint)):
        raise Http404(_("No complaint with E-tag %(etag)s in your jurisdiction.") % {"etag": etags.display(code)})
    return complaint, registering


def _submission_ref(request, prefix: str) -> str:
    submission = request.POST.get("submission", "").strip()[:56]
    return f"{prefix}:{submission}" if submission else ""


def _submitted_before(user: User, channels, external_ref: str) -> Complaint | None:
    """The complaint this very form already registered (a second click or a refresh).
    The caller may only send the officer back to it (see _grant_slip: that ends soon after registration)."""
    if not external_ref:
        return None
    complaint = Complaint.objects.filter(channel__in=channels, external_ref=external_ref).first()
    return complaint if complaint is not None and _registered_by(user, complaint) else None


def _register_once(user: User, channels, external_ref: str, register) -> Complaint:
    """Run `register()`; if a second click of the same form won the race on the
    unique external reference, the complaint that click registered."""
    try:
        return register()
    except IntegrityError:
        complaint = _submitted_before(user, channels, external_ref)
        if complaint is None:
            raise
        return complaint


def spelled(etag: str) -> str:
    """K7QM4XZ2 → "K-7-Q-M · 4-X-Z-2", for reading out over the telephone."""
    return f"{'-'.join(etag[:4])} · {'-'.join(etag[4:])}"


# --- call-centre console ----------------------------------------------------------------------------------------

def _status_view(user: User, complaint: Complaint, now: datetime) -> dict:
    """What the agent reads to the caller: the citizen's view of the timeline, and whether (until when) the
    caller may still appeal the decision."""
    public = CitizenActor(mobile=complaint.complainant_mobile)
    window = actions.appeal_window(complaint, now) if complaint.status in workflow.APPEALABLE else None
    may_appeal = bool(window and window.open) and permissions.can_take(user, complaint,
                                                                      workflow.TRANSITIONS["appeal"])
    return {
        "appeal_window": window,
        "appeal_form": CallerAppealForm() if may_appeal else None,
        "complaint": complaint,
        "events": [{"at": e.at, "label": workflow.event_label(e.action),
                    "status": workflow.STATUS_LABELS.get(e.to_status, "") if e.from_status != e.to_status else ""}
                   for e in selectors.timeline_for(public, complaint)],
        "contact_overdue": sla.is_contact_overdue(complaint, now),
        "report_overdue": sla.is_report_overdue(complaint, now),
        "show_contact": permissions.can_see_contact(user, complaint),
        "show_identity": permissions.can_see_identity(user, complaint),
    }


def _start_call(request, caller: str) -> None:
    """Looking a number up starts the call record (or takes the call already ringing from it); `callback`
    names the call whose call-back this is (calls.start_call checks it belongs to this number)."""
    answers = None
    raw = request.GET.get("callback", "")
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID:
        answers = calls.in_scope(calls.Call.objects.all(), calls.scope_paths(request.user)).filter(pk=raw).first()
    try:
        calls.start_call(agent=request.user, caller=caller, answers=answers)
    except InvalidInput as error:
        messages.error(request, str(error.message))
        calls.start_call(agent=request.user, caller=caller)


def _console(request, form: PhonedInForm | None = None, status: int = 200):
    lookup = LookupForm(request.GET if "mobile" in request.GET else None)
    query = StatusForm(request.GET if "etag" in request.GET else None)
    context, caller = {"lookup": lookup, "query": query}, ""
    if lookup.is_bound and lookup.is_valid():
        caller = lookup.cleaned_data["mobile"]
        _start_call(request, caller)
        rows = list(selectors.complaints_for_officer(request.user).filter(complainant_mobile=caller)
                    .order_by("-received_at", "-id")[:LOOKUP_LIMIT + 1])
        context.update(caller=caller, caller_complaints=rows[:LOOKUP_LIMIT], more=len(rows) > LOOKUP_LIMIT)
    if query.is_bound and query.is_valid():
        try:
            context["found"] = _status_view(request.user, selectors.complaint_for(request.user,
                                                                                   query.cleaned_data["etag"]),
                                            timezone.now())
        except DomainError as error:
            query.add_error("etag", str(error.message))
    if form is None:
        form = PhonedInForm(initial={"submission": uuid.uuid4().hex, "mobile": caller, "language": current_lang()},
                            **_choices())
    context["form"] = form
    context["live_calls"], context["close_form"] = list(calls.live_calls(request.user)), CloseCallForm()
    if lookup.errors or query.errors:
        status = 400
    return render(request, "web/desk/call_centre.html", context, status=status)


@desk_view("call_centre")
def call_centre(request):
    return _console(request)


@desk_view("call_centre")
@require_POST
def call_centre_register(request):
    form = PhonedInForm(request.POST, **_choices())
    external_ref = _submission_ref(request, "call")
    existing = _submitted_before(request.user, [Channel.CALL_CENTRE], external_ref)
    if existing is not None:
        _grant_slip(request, existing)
        return redirect("web:call-centre-registered", etag=existing.etag)
    if form.is_valid():
        try:
            complaint = _register_once(request.user, [Channel.CALL_CENTRE], external_ref, lambda: register_complaint(
                actor=request.user, channel=Channel.CALL_CENTRE,
                data={**form.complaint_data(), "external_ref": external_ref}))
        except PermissionDenied as error:
            return _refused(request, error)
        except DomainError as error:
            show_domain_errors(form, error)
            return _console(request, form, status=400)
        _grant_slip(request, complaint)
        return redirect("web:call-centre-registered", etag=complaint.etag)
    return _console(request, form, status=400)


@desk_view("call_centre")
def call_centre_registered(request, etag):
    complaint, _registering = _complaint_for_desk(request, etag)
    return render(request, "web/desk/registered.html", {
        "complaint": complaint, "spelled": spelled(complaint.etag),
        "contact_hours": complaint.category.effective_sop().contact_hours,
    })


@desk_view("call_centre")
@require_POST
def call_centre_appeal(request, etag):
    """The agent records the caller's appeal (actions.appeal: within the window, one level above whoever
    decided), then shows the complaint again."""
    try:
        complaint = selectors.complaint_for(request.user, etag, via="desk")
    except DomainError as error:
        raise Http404(str(error.message)) from error
    form = CallerAppealForm(request.POST)
    back = f"{reverse('web:call-centre')}?{urlencode({'etag': complaint.etag})}"
    try:
        complaint = actions.appeal(complaint, actor=request.user, channel=Channel.CALL_CENTRE,
                                   grounds=form.cleaned_data["grounds"] if form.is_valid() else "")
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except PermissionDenied as error:
        return _refused(request, error)
    except DomainError as error:
        messages.error(request, f"{complaint.etag_display}: {error.message}")
        return redirect(back)
    messages.success(request, _("%(etag)s: the caller's appeal is recorded; the complaint is reopened and sent to "
                                "%(unit)s.") % {"etag": complaint.etag_display, "unit": complaint.unit.name})
    return redirect(back)


# --- feedback call-back queue -----------------------------------------------------------------------------------

def _cursor(complaint: Complaint) -> str:
    micros = (complaint.due - EPOCH) // timedelta(microseconds=1)
    return f"{complaint.feedback_attempts}_{micros}_{complaint.pk}"


def _after(query: Query) -> Q:
    """Rows after the keyset cursor "attempts_dueMicroseconds_id" in `after`
    (all rows without one; a cursor this page did not write is a field error)."""
    raw = query.text("after", max_length=80)
    if not raw:
        return Q()
    parts = raw.split("_")
    if len(parts) == 3 and all(p.isascii() and p.isdigit() and int(p) <= MAX_ID for p in parts):
        attempts, micros, pk = (int(p) for p in parts)
        due = EPOCH + timedelta(microseconds=micros)
        if in_range(due):
            return (Q(feedback_attempts__gt=attempts) | Q(feedback_attempts=attempts, due__gt=due)
                    | Q(feedback_attempts=attempts, due=due, pk__gt=pk))
    query.add("after", _("Invalid page link."))
    return Q()


def _queue_page(user: User, after: Q, lapsed: bool = False) -> tuple[list[Complaint], str]:
    """Awaiting feedback in the agent's scope (with `lapsed`, only those whose citizen's feedback time ran out:
    the deadline sweep sent them for a call-back, shikayat/deadlines/feedback.py): fewest attempts, then
    longest waiting first; keyset pages, no count over the table."""
    rows = list(
        selectors.complaints_for_officer(user, {"status": workflow.Status.AWAITING_FEEDBACK})
        .filter(**({"feedback_lapsed_at__isnull": False} if lapsed else {}))
        .annotate(due=Coalesce("feedback_due_at", "received_at"))
        .filter(after)
        .order_by("feedback_attempts", "due", "pk")[:QUEUE_PAGE + 1]
    )
    page = rows[:QUEUE_PAGE]
    return page, _cursor(page[-1]) if len(rows) > QUEUE_PAGE else ""


def _queue(request, failed: tuple[str, str, object] | None = None, status: int = 200):
    query = Query(request.GET)
    position = _after(query)
    lapsed = query.flag("lapsed")
    after = "" if query.errors else query.text("after", max_length=80)
    page, next_cursor = _queue_page(request.user, position, lapsed)
    now, rows = timezone.now(), []
    needed = settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]
    seen = versions.versions_of(request.user, page)
    for complaint in page:
        forms = {outcome: form_class(auto_id=f"cb-{complaint.etag}-{outcome}-%s")
                 for outcome, form_class in CALLBACK_FORMS.items()}
        if failed and failed[0] == complaint.etag:
            forms[failed[1]] = failed[2]
        rows.append({"complaint": complaint, "forms": forms, "version": seen[complaint.pk],
                     "show_contact": permissions.can_see_contact(request.user, complaint),
                     "show_identity": permissions.can_see_identity(request.user, complaint),
                     "overdue": complaint.feedback_due_at is not None and complaint.feedback_due_at < now,
                     "callbacks_late": complaint.callback_due_at is not None and complaint.callback_due_at < now
                     and complaint.feedback_attempts < needed})
    keep = urlencode({key: value for key, value in (("lapsed", "1" if lapsed else ""), ("after", after)) if value})
    return render(request, "web/desk/callbacks.html", {
        "rows": rows, "after": after, "next_cursor": next_cursor, "now": now, "errors": dict(query.errors),
        "attempts_needed": needed, "lapsed": lapsed, "keep": keep,
    }, status=400 if query.errors else status)


@desk_view("call_centre")
def callbacks(request):
    return _queue(request)


def _recorded(outcome: str, complaint: Complaint) -> str:
    etag = complaint.etag_display
    if outcome == "satisfied":
        return _("%(etag)s: the caller is satisfied (rating %(rating)s); the complaint is closed.") % {
            "etag": etag, "rating": complaint.satisfaction_rating}
    if outcome == "not_satisfied":
        return _("%(etag)s: the caller is not satisfied; the complaint is reopened and sent to %(unit)s.") % {
            "etag": etag, "unit": complaint.unit.name}
    return _("%(etag)s: could not reach the caller; attempt %(n)d recorded.") % {
        "etag": etag, "n": complaint.feedback_attempts}


@desk_view("call_centre")
@require_POST
def callback_record(request, etag, outcome):
    form_class = CALLBACK_FORMS.get(outcome)
    if form_class is None:
        raise Http404(_("Unknown outcome."))
    try:
        complaint = selectors.complaint_for(request.user, etag, via="desk")
    except DomainError as error:
        raise Http404(str(error.message)) from error
    form = form_class(request.POST, auto_id=f"cb-{complaint.etag}-{outcome}-%s")
    if not form.is_valid():
        messages.error(request, _("%(etag)s: please correct the highlighted field.") % {
            "etag": complaint.etag_display})
        return _queue(request, failed=(complaint.etag, outcome, form), status=400)
    name, params = form.handler_call()
    seen = request.POST.get("version", "")
    back = reverse("web:call-centre-callbacks")
    if request.GET.get("after") or request.GET.get("lapsed"):
        back += "?" + request.GET.urlencode()
    try:
        complaint = handlers.run(complaint, name, actor=request.user, params=params, channel=Channel.CALL_CENTRE,
                                 version=int(seen) if seen.isdigit() and len(seen) < 19 else None)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except DomainError as error:
        if error.status_code == 403:
            return _refused(request, error)
        messages.error(request, f"{complaint.etag_display}: {error.message}")
        return redirect(back)
    messages.success(request, _recorded(outcome, complaint))
    return redirect(back)


# --- front desk -------------------------------------------------------------------------------------------------

def _home_station(user: User, stations: list) -> str:
    """The station the desk officer is posted at, if it is one of the stations offered."""
    codes = {code for _district, group in stations for code, _name in group}
    for posting in permissions.active_postings(user):
        if posting.role in DESK_ROLES["front_desk"] and posting.unit.code in codes:
            return posting.unit.code
    return ""


def _add_domain_errors(form: FrontDeskForm) -> None:
    """When the form itself refuses (e.g. a letter without its scan), also say
    what intake would refuse, so that the files are chosen again only once."""
    data = getattr(form, "cleaned_data", {})
    try:
        clean_complaint_data(form.complaint_data(), data.get("channel") or Channel.FRONT_DESK, clock.now())
    except InvalidInput as error:
        for field, problems in error.fields.items():
            if field in form.fields and field not in form.errors:
                for problem in problems:
                    form.add_error(field, str(problem))


@desk_view("front_desk")
def front_desk(request):
    choices = _choices()
    if request.method != "POST":
        form = FrontDeskForm(initial={"submission": uuid.uuid4().hex, "language": current_lang(),
                                      "unit": _home_station(request.user, choices["stations"])}, **choices)
        return render(request, "web/desk/front_desk.html", {"form": form})

    form = FrontDeskForm(request.POST, request.FILES, **choices)
    external_ref = _submission_ref(request, "desk")
    existing = _submitted_before(request.user, DESK_CHANNELS, external_ref)
    if existing is not None:
        _grant_slip(request, existing)
        return redirect("web:front-desk-slip", etag=existing.etag)
    if form.is_valid():
        try:
            complaint = _register_once(request.user, DESK_CHANNELS, external_ref, lambda: lodge_with_attachments(
                actor=request.user, channel=form.cleaned_data["channel"],
                data={**form.complaint_data(), "external_ref": external_ref},
                uploads=form.cleaned_data["attachments"]))
        except PermissionDenied as error:
            return _refused(request, error)
        except DomainError as error:
            show_domain_errors(form, error)
        else:
            _grant_slip(request, complaint)
            return redirect("web:front-desk-slip", etag=complaint.etag)
    else:
        _add_domain_errors(form)
    return render(request, "web/desk/front_desk.html", {"form": form, "files_dropped": bool(request.FILES)},
                  status=400)


def _qr_svg(text: str) -> str:
    svg = segno.make_qr(text, error="m").svg_inline(scale=3, border=2, title=_("Tracking link"))
    return mark_safe(svg)  # segno's own markup; the text is a URL we signed ourselves


@login_required
def slip(request, etag):
    """The printable acknowledgement for the complainant. Printed in the act of
    registering, it carries a view-only tracking link and its QR code (the
    officer holds them too: acting for the complainant needs the citizen's own
    proof). Reprinted later by an officer who may view the complaint, no link."""
    complaint, registering = _complaint_for_desk(request, etag)
    registration = complaint.events.filter(action="register").order_by("at", "id").first()
    link = tracking_url(complaint.etag) if registering else ""
    return render(request, "web/desk/slip.html", {
        "complaint": complaint, "registration": registration, "spelled": spelled(complaint.etag),
        "contact_hours": complaint.category.effective_sop().contact_hours,
        "track_url": public_url(reverse("web:track")), "link": link,
        "qr": _qr_svg(link) if link else "", "can_view": permissions.can_view(request.user, complaint),
        "printed_at": timezone.now(), "show_identity": permissions.can_see_identity(request.user, complaint),
    })
