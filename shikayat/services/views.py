"""Citizen-service pages: the services, applying (online or at the counter),
tracking, the certificate, public verification; and the staff console."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shikayat.accounts.models import Posting, Role
from shikayat.complaints import etag as etags
from shikayat.complaints.attachments import checked_type
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import ratelimit, replica, verification
from shikayat.core.downloads import as_download, file_download, safe_filename
from shikayat.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.phones import normalise_mobile
from shikayat.core.query import Query
from shikayat.deadlines.ledger import scope_paths
from shikayat.jurisdictions.models import Unit

from . import actions, ledger
from . import consent as consents
from .forms import ApplicationForm, StepForm, TrackForm, VerifyForm
from .models import OPEN_REQUEST, Certificate, Service, ServiceCentre, ServiceRequest

SESSION_KEY = "services_viewable"


def _form_errors(form, error: DomainError) -> None:
    """Document codes are the form's doc_<code> fields."""
    show_domain_errors(form, error, alias=lambda field: f"doc_{field}")


def services(request):
    return render(request, "services/services.html", {
        "services": Service.objects.filter(is_active=True).prefetch_related("documents"),
        "centres": ServiceCentre.objects.filter(is_active=True).select_related("unit"),
    })


def _apply(request, code: str, channel: str, actor, template: str):
    service = get_object_or_404(Service, code=code, is_active=True)
    form = ApplicationForm(request.POST or None, request.FILES or None, service=service)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "language": request.LANGUAGE_CODE[:2]}
        if channel == "counter":
            data["centre"] = request.POST.get("centre", "")
        if service.on_behalf and not _consent_given(request, form, service):
            return render(request, template, {"service": service, "form": form, "centres": _centres(request)},
                          status=400 if form.errors else 200)
        try:
            made = actions.apply(actor=actor(form) if callable(actor) else actor, channel=channel,
                                 service_code=code, data=data, uploads=form.uploads())
        except InvalidInput as error:
            _form_errors(form, error)
        else:
            request.session.setdefault(SESSION_KEY, [])
            request.session[SESSION_KEY] = (request.session[SESSION_KEY] + [made.etag])[-20:]
            if channel == "counter":
                messages.success(request, _("Application %(etag)s registered.") % {"etag": made.etag_display})
                return redirect("services:staff-request", etag=made.etag)
            return redirect("services:applied", etag=made.etag)
    return render(request, template, {"service": service, "form": form, "centres": _centres(request)},
                  status=400 if form.errors else 200)


def _consent_given(request, form, service) -> bool:
    """On someone's behalf: "Send the code" sends the person verified a consent code (the form comes back with its
    token); the code entered confirms it. Only then is the application made (actions.apply checks it again)."""
    data = form.cleaned_data
    if "send_code" in request.POST or not data.get("consent"):
        try:
            pending = consents.request_consent(
                service_code=service.code, subject_name=data["name"], subject_mobile=data["subject_mobile"],
                applicant_name=data["applicant_name"], applicant_mobile=data["mobile"],
                client=ratelimit.request_client(request), language=request.LANGUAGE_CODE[:2])
        except ratelimit.RateLimited as error:
            form.add_error(None, error.message)
        except InvalidInput as error:
            _form_errors(form, error)
        else:
            form.data = form.data.copy()
            form.data["consent"], form.data["consent_code"] = pending.token, ""
            messages.info(request, _("A consent code was sent by SMS to the mobile of the person to be verified. "
                                     "Ask them for it and enter it below."))
        return False
    actor = request.user.get_username() if request.user.is_authenticated else data["applicant_name"]
    try:
        consents.confirm(data["consent"], data["consent_code"], by=str(actor))
    except InvalidInput as error:
        _form_errors(form, error)
        return False
    return True


def _centres(request):
    return ServiceCentre.objects.filter(is_active=True) if request.user.is_authenticated else []


def apply(request, code: str):
    def citizen(form):
        try:
            return CitizenActor(mobile=normalise_mobile(form.cleaned_data["mobile"]))
        except InvalidInput:
            return CitizenActor(mobile="")

    return _apply(request, code, "web", citizen, "services/apply.html")


def _viewable(request, etag: str) -> ServiceRequest:
    if etag not in request.session.get(SESSION_KEY, []):
        raise Http404(_("Track the application with its E-tag and mobile number first."))
    return get_object_or_404(ServiceRequest.objects.select_related("service", "station"), etag=etag)


def applied(request, etag: str):
    return render(request, "services/status.html", {"r": _viewable(request, etag), "just_applied": True})


def track(request):
    form, status = TrackForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            code, mobile = etags.normalise(form.cleaned_data["etag"]), normalise_mobile(form.cleaned_data["mobile"])
        except InvalidInput as error:
            _form_errors(form, error)
        else:
            try:
                with ratelimit.tracking(ratelimit.request_client(request), code):
                    found = ServiceRequest.objects.filter(etag=code, mobile=mobile).first()
                    if found is None:
                        raise NotFound(_("We found no application with this E-tag and mobile number."))
            except (NotFound, ratelimit.RateLimited) as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                request.session[SESSION_KEY] = (request.session.get(SESSION_KEY, []) + [found.etag])[-20:]
                return redirect("services:status", etag=found.etag)
    return render(request, "services/track.html", {"form": form},
                  status=429 if status == 429 else 400 if form.errors else 200)


def status(request, etag: str):
    return render(request, "services/status.html", {"r": _viewable(request, etag)})


def certificate(request, etag: str):
    row = _viewable(request, etag)
    cert = Certificate.objects.filter(request=row, revoked_at__isnull=True).select_related(
        "request__service", "issuing_unit").first()
    if cert is None:
        raise Http404(_("No valid certificate has been issued on this application."))
    from .pdf import certificate_pdf

    return as_download(HttpResponse(certificate_pdf(cert), content_type="application/pdf"), f"{cert.number}.pdf")


def verify(request, code: str | None = None):
    form = VerifyForm(request.GET or None)
    if code is None and form.is_valid():
        code = form.cleaned_data["code"]
    result = verification.check(code) if code else None
    return render(request, "services/verify.html", {"form": form, "result": result, "code": code},
                  status=404 if result and result.state == verification.NOT_GENUINE else 200)


# -- staff ------------------------------------------------------------------------------------------------------

def _staff_scope(user) -> Q:
    paths = [p.unit.path for p in Posting.objects.active().filter(
        user=user, role__in=actions.STAFF_ROLES | actions.VERIFY_ROLES).select_related("unit")]
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(station_path__startswith=path) | Q(centre__unit__path__startswith=path)
    return query


@login_required
def console(request):
    scope = _staff_scope(request.user)
    rows = (ServiceRequest.objects.filter(scope).select_related("service", "station", "centre")
            .order_by("-received_at")[:200])
    workload = (ServiceRequest.objects.filter(scope, status__in=OPEN_REQUEST, centre__isnull=False)
                .values("centre__code", "centre__name_en", "centre__counters")
                .annotate(open=Count("id")).order_by("-open"))
    return render(request, "services/console.html", {
        "rows": rows, "workload": workload, "services": Service.objects.filter(is_active=True),
        "counter": Posting.objects.active().filter(user=request.user, role=Role.SERVICE_CENTRE).exists(),
    })


@login_required
@replica.reads()
def late(request):
    """The services' delay ledger: the late applications charged in the viewer's jurisdiction (the dashboards'
    "charged late" numbers open it)."""
    if not scope_paths(request.user):
        return render(request, "web/error.html", {"error": PermissionDenied(
            _("The delay ledger is open to supervisors, the accountability branch and the complaint cell."))},
            status=403)
    query = Query(request.GET)
    days = query.period("days", ledger.PERIODS, _("The period can be %(choices)s days.")
                        % {"choices": ", ".join(map(str, ledger.PERIODS))}, default=30)
    number = _("Give a whole number, e.g. 30.")
    within, officer, centre = (query.number(key, message=number) for key in ("within", "officer", "centre"))
    unit = Unit.objects.filter(pk=within).first() if within is not None else None
    if within is not None and unit is None:
        raise Http404(_("No such unit."))
    rows = ledger.entries(request.user, now=timezone.now(), days=days, within=unit.path if unit else None,
                          officer_id=officer, centre_id=centre)
    now = timezone.now()
    return render(request, "services/late.html", {
        "rows": [(row, round(row.hours_late(now), 1)) for row in rows[:ledger.SHOWN]], "unit": unit, "days": days,
        "shown": ledger.SHOWN, "errors": dict(query.errors),
    }, status=400 if query.errors else 200)


@login_required
def counter_apply(request, code: str):
    return _apply(request, code, "counter", request.user, "services/apply.html")


def _staff_request(request, etag: str) -> ServiceRequest:
    row = ServiceRequest.objects.select_related("service", "station", "centre__unit").filter(
        etag=etags.normalise(etag)).first()
    if row is None or not actions.may_handle(request.user, row, actions.STAFF_ROLES | actions.VERIFY_ROLES):
        raise Http404(_("No application with this E-tag in your jurisdiction."))
    return row


@login_required
def staff_request(request, etag: str):
    row = _staff_request(request, etag)
    cert = Certificate.objects.filter(request=row).first()
    return render(request, "services/staff_request.html", {
        "r": row, "events": row.events.all(), "documents": row.documents.all(), "certificate": cert,
        "verify_url": actions.verification_url(cert) if cert else "", "form": StepForm(),
    })


@login_required
def staff_document(request, etag: str, pk: int):
    """One of the application's documents, for the staff who handle it (others: 404), streamed from storage."""
    document = get_object_or_404(_staff_request(request, etag).documents, pk=pk)
    file = document.file.open("rb")
    content_type, extension = checked_type(file)  # by its bytes, not by the name it came with
    return file_download(file, content_type=content_type,
                         filename=safe_filename(document.original_name, extension, document.code))


STEPS = {
    "address_ok": lambda row, user, note: actions.verify_address(row, actor=user, confirmed=True, note=note),
    "address_not_found": lambda row, user, note: actions.verify_address(row, actor=user, confirmed=False, note=note),
    "record_clear": lambda row, user, note: actions.check_record(row, actor=user, clear=True, note=note),
    "record_not_clear": lambda row, user, note: actions.check_record(row, actor=user, clear=False, note=note),
    "approve": lambda row, user, note: actions.approve(row, actor=user, note=note),
    "reject": lambda row, user, note: actions.reject(row, actor=user, reason=note),
    "revoke": lambda row, user, note: actions.revoke(row.certificate, actor=user, reason=note),
}


@login_required
@require_POST
def staff_step(request, etag: str, step: str):
    row = _staff_request(request, etag)
    if step not in STEPS:
        raise Http404("Unknown step")
    form = StepForm(request.POST)
    form.is_valid()
    try:
        STEPS[step](row, request.user, form.cleaned_data.get("note", ""))
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("services:staff-request", etag=row.etag)
