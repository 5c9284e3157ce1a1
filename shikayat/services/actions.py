"""Every state change of a service request, one function each: apply (web,
service-centre counter, WhatsApp), the station's address verification, the
record check, approval (which issues the certificate), rejection, and the
revocation of a certificate. Each runs in one transaction, writes one
timeline event and queues any message to the applicant in the outbox."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints import etag as etags
from shikayat.complaints import sla
from shikayat.complaints.attachments import sniff
from shikayat.complaints.links import public_url
from shikayat.complaints.permissions import CitizenActor, SystemActor
from shikayat.core import clock, verification
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from shikayat.core.input import FieldErrors, email_text, field_text, language_code
from shikayat.core.phones import normalise_mobile
from shikayat.deadlines.calendar import working_calendar
from shikayat.jurisdictions.models import Unit
from shikayat.notifications.outbox import enqueue_many, message

from . import consent as consents
from .models import (
    OPEN_REQUEST,
    Certificate,
    OnBehalf,
    RequestDocument,
    RequestEvent,
    RequestStatus,
    Service,
    ServiceCentre,
    ServiceDelay,
    ServiceRequest,
)

DOCUMENT_TYPES = {"image/jpeg", "image/png", "application/pdf"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
STAFF_ROLES = frozenset({Role.SERVICE_CENTRE, Role.SUPERVISOR})
VERIFY_ROLES = frozenset({Role.ENQUIRY_OFFICER, Role.SUPERVISOR})


@dataclass
class CleanApplication:
    service: Service
    fields: dict
    station: Unit
    centre: ServiceCentre | None
    uploads: list  # (document code, upload, content type, extension)
    # An application on someone's behalf: who applies (OnBehalf's fields) and the consent token; else empty.
    on_behalf: dict | None = None
    consent_token: str = ""


def clean_application(service_code: str, data: dict, uploads: dict, channel: str) -> CleanApplication:
    """Validate an application and its documents; every problem at once."""
    errors = FieldErrors()
    service = Service.objects.filter(code=service_code, is_active=True).first()
    if service is None:
        raise NotFound(_("No such service."))
    name, id_number, address = field_text(data, "name"), field_text(data, "id_number"), field_text(data, "address")
    for field, value in (("name", name), ("id_number", id_number), ("address", address)):
        if problem := field_problem(field, value):
            errors.add(field, problem)
    mobile = ""
    try:
        mobile = normalise_mobile(field_text(data, "mobile"))
    except InvalidInput as error:
        errors.add("mobile", str(error.message))
    email = email_text(data, errors)
    station = None
    station_code = field_text(data, "station")
    if not station_code:
        errors.add("station", _("Choose the police station of the applicant's address."))
    else:
        station = Unit.objects.filter(code=station_code, is_active=True).first()
        if station is None:
            errors.add("station", _("Unknown police station “%(code)s”.") % {"code": station_code[:32]})
    centre = None
    if field_text(data, "centre"):
        centre = ServiceCentre.objects.filter(code=field_text(data, "centre"), is_active=True).first()
        if centre is None:
            errors.add("centre", _("Unknown service centre."))
    is_overseas = bool(data.get("is_overseas"))
    if is_overseas and not service.overseas_allowed:
        errors.add("is_overseas", _("This service is not offered to applicants abroad."))
    if is_overseas and not field_text(data, "country"):
        errors.add("country", _("Applicants abroad: please give the country you live in."))
    language = language_code(data, errors)
    checked = _check_documents(service, uploads, errors)
    on_behalf = _clean_on_behalf(service, data, mobile, errors)
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))
    fields = {"applicant_name": name, "father_name": field_text(data, "father_name")[:150], "id_number": id_number,
              "mobile": mobile, "email": email, "address": address, "purpose": field_text(data, "purpose")[:200],
              "is_overseas": is_overseas, "country": field_text(data, "country")[:60], "language": language,
              "channel": channel}
    return CleanApplication(service=service, fields=fields, station=station, centre=centre, uploads=checked,
                            on_behalf=on_behalf, consent_token=field_text(data, "consent") if on_behalf else "")


def _clean_on_behalf(service: Service, data: dict, applicant_mobile: str, errors: FieldErrors) -> dict | None:
    """For a service applied for on someone's behalf: the employer's or landlord's name, CNIC and organisation,
    and the mobile of the person verified (not the applicant's). The name, CNIC and address are theirs."""
    if not service.on_behalf:
        return None
    name, id_number = field_text(data, "applicant_name"), field_text(data, "applicant_id_number")
    if not name or len(name) > 150:
        errors.add("applicant_name", _("Please give your name (the employer or landlord)."))
    if not id_number or len(id_number) > 32:
        errors.add("applicant_id_number", _("Please give your CNIC / identity number."))
    subject_mobile = ""
    try:
        subject_mobile = normalise_mobile(field_text(data, "subject_mobile"))
    except InvalidInput as error:
        errors.add("subject_mobile", str(error.message))
    if subject_mobile and subject_mobile == applicant_mobile:
        errors.add("subject_mobile", _("The person verified must give their own mobile number, not the "
                                       "applicant's."))
    return {"applicant_name": name, "applicant_id_number": id_number, "subject_mobile": subject_mobile,
            "organisation": field_text(data, "organisation")[:150]}


def _check_documents(service: Service, uploads: dict, errors: FieldErrors) -> list:
    """Each required document present; each file a photo (JPEG, PNG) or PDF, by its first bytes."""
    known = {doc.code: doc for doc in service.documents.all()}
    checked = []
    for code, upload in (uploads or {}).items():
        if upload is None:
            continue
        if code not in known:
            errors.add(code, _("This service does not ask for that document."))
            continue
        problem = check_document(upload)
        if problem:
            errors.add(code, problem)
            continue
        upload.seek(0)
        checked.append((code, upload, *sniff(upload.read(16))))
        upload.seek(0)
    for code, doc in known.items():
        if doc.required and not (uploads or {}).get(code):
            errors.add(code, _("Please attach: %(document)s.") % {"document": doc.name})
    return checked


def check_document(upload) -> str:
    """Why this file cannot be a document ("" when it can): its size, and a photo (JPEG, PNG) or PDF by its
    first bytes, whatever its name says."""
    if upload.size == 0 or upload.size > MAX_DOCUMENT_BYTES:
        return _("Each document must be a file of at most %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None or kind[0] not in DOCUMENT_TYPES:
        return _("Documents must be photos (JPEG, PNG) or PDF files.")
    return ""


def field_problem(field: str, value: str) -> str:
    """Why an applicant's name, identity number or address is not acceptable ("" when it is)."""
    if field == "name":
        if not value:
            return _("Please give the applicant's name.")
        if len(value) > 150:
            return _("The name is too long (at most %(max)d characters).") % {"max": 150}
    elif field == "id_number" and (not value or len(value) > 32):
        return _("Please give the applicant's CNIC / identity number.")
    elif field == "address" and (not value or len(value) > 300):
        return _("Please give the applicant's address (at most 300 characters).")
    return ""


def _may_take_counter(actor) -> bool:
    return isinstance(actor, User) and actor.is_active and Posting.objects.active().filter(
        user=actor, role=Role.SERVICE_CENTRE).exists()


def apply(*, actor, channel: str, service_code: str, data: dict, uploads: dict | None = None,
          now: datetime | None = None) -> ServiceRequest:
    """Register an application with its documents, all or nothing, and tell the applicant its E-tag."""
    now = now or clock.now()
    if channel == "counter" and not _may_take_counter(actor):
        raise PermissionDenied(_("Only service-centre staff take applications at the counter."))
    if channel != "counter" and not isinstance(actor, CitizenActor | SystemActor):
        raise PermissionDenied(_("Officers take applications at the counter."))
    clean = clean_application(service_code, data, uploads or {}, channel)
    stored = []
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(
                etag=etags.allocate(), service=clean.service, station=clean.station,
                station_path=clean.station.path, centre=clean.centre, received_at=now,
                due_at=sla.add_hours(now, clean.service.sla_hours, working_calendar()), **clean.fields)
            for code, upload, content_type, extension in clean.uploads:
                document = RequestDocument(request=request, code=code, content_type=content_type, size=upload.size,
                                           original_name=(getattr(upload, "name", "") or code)[-200:])
                document.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
                stored.append(document)
                document.save()
            _event(request, "apply", actor, now, "", request.status)
            if clean.on_behalf is not None:
                _record_on_behalf(request, clean, now)
            _tell(request, "service_received", "received", service=clean.service.name_in(request.language),
                  track_url=public_url("/services/track/"))
    except Exception:
        for document in stored:
            document.file.delete(save=False)
        raise
    return request


def _record_on_behalf(request: ServiceRequest, clean: CleanApplication, now: datetime) -> None:
    """Who applied for the person verified, and that person's consent (used once); the person is told."""
    consent = consents.take_for(clean.consent_token, service=clean.service,
                                subject_mobile=clean.on_behalf["subject_mobile"], now=now)
    OnBehalf.objects.create(request=request, **clean.on_behalf)
    consent.request = request
    consent.save(update_fields=["request"])
    _event(request, "consent", None, now, request.status, request.status,
           f"{consent.get_confirmed_via_display()}: {consent.confirmed_by} ({consent.confirmed_at:%Y-%m-%d %H:%M})")
    enqueue_many([message(channel="sms", recipient=clean.on_behalf["subject_mobile"], template="service_subject_told",
                          language=request.language, dedupe_key=f"svc:{request.etag}:subject",
                          context={"etag": request.etag_display, "applicant": clean.on_behalf["applicant_name"],
                                   "service": clean.service.name_in(request.language)})])


def _event(request: ServiceRequest, action: str, actor, at: datetime, source: str, target: str,
           note: str = "") -> None:
    RequestEvent.objects.create(request=request, at=at, action=action, actor=actor if isinstance(actor, User) else None,
                                actor_label=str(actor)[:150], from_status=source, to_status=target, note=note)


def _tell(request: ServiceRequest, template: str, key: str, **context) -> None:
    rows = [message(channel=channel, recipient=recipient, template=template, language=request.language,
                    context={"etag": request.etag_display, **context}, dedupe_key=f"svc:{request.etag}:{key}:{channel}")
            for channel, recipient in (("sms", request.mobile), ("email", request.email)) if recipient]
    enqueue_many(rows)


def may_handle(user, request: ServiceRequest, roles=STAFF_ROLES) -> bool:
    """An officer posted in one of `roles` over the applicant's station (or at the request's centre's district)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    paths = [request.station_path] + ([request.centre.unit.path] if request.centre_id else [])
    return any(p.role in roles and any(path.startswith(p.unit.path) for path in paths)
               for p in Posting.objects.active().filter(user=user).select_related("unit"))


def _step(request: ServiceRequest, action: str, *, actor, allowed_from, roles, target: str, note: str = "",
          now: datetime | None = None, change=None) -> ServiceRequest:
    now = now or clock.now()
    with transaction.atomic():
        row = (ServiceRequest.objects.select_for_update(of=("self",)).select_related("service", "centre__unit")
               .get(pk=request.pk))
        if not may_handle(actor, row, roles):
            raise PermissionDenied(_("Your postings do not allow this step on this application."))
        if row.status not in allowed_from:
            raise TransitionNotAllowed(_("This step is not possible while the application is “%(status)s”.")
                                       % {"status": row.get_status_display()})
        source = row.status
        if change:
            change(row, now)
        row.status = target
        if target not in OPEN_REQUEST:
            row.decided_at = now
            # A late application's ledger row: its hours late stop at the decision.
            ServiceDelay.objects.filter(request=row, completed_at__isnull=True).update(completed_at=now)
        row.save()
        _event(row, action, actor, now, source, target, note)
    return row


def verify_address(request: ServiceRequest, *, actor, confirmed: bool, note: str,
                   now: datetime | None = None) -> ServiceRequest:
    """The station's report on the applicant's address: confirmed, or not (which rejects, with the reason)."""
    note = (note or "").strip()[:2000]
    if not confirmed and not note:
        raise InvalidInput(_("Say why the address could not be confirmed."), fields={"note": [_("Required.")]})
    target = RequestStatus.ADDRESS_VERIFIED if confirmed else RequestStatus.REJECTED
    row = _step(request, "verify_address", actor=actor, allowed_from=(RequestStatus.SUBMITTED,),
                roles=VERIFY_ROLES | STAFF_ROLES, target=target, note=note, now=now)
    if not confirmed:
        _tell(row, "service_rejected", "rejected", service=row.service.name_in(row.language), reason=note)
    return row


def check_record(request: ServiceRequest, *, actor, clear: bool, note: str,
                 now: datetime | None = None) -> ServiceRequest:
    """The criminal-record check: clear, or not (which rejects, with the reason)."""
    note = (note or "").strip()[:2000]
    if not clear and not note:
        raise InvalidInput(_("Say what the record shows."), fields={"note": [_("Required.")]})
    start = (RequestStatus.ADDRESS_VERIFIED,) if request.service.needs_address_verification else (
        RequestStatus.SUBMITTED,)
    target = RequestStatus.RECORD_CHECKED if clear else RequestStatus.REJECTED
    row = _step(request, "check_record", actor=actor, allowed_from=start, roles=STAFF_ROLES, target=target,
                note=note, now=now)
    if not clear:
        _tell(row, "service_rejected", "rejected", service=row.service.name_in(row.language), reason=note)
    return row


def _ready_states(service: Service) -> tuple:
    if service.needs_record_check:
        return (RequestStatus.RECORD_CHECKED,)
    if service.needs_address_verification:
        return (RequestStatus.ADDRESS_VERIFIED,)
    return (RequestStatus.SUBMITTED,)


def approve(request: ServiceRequest, *, actor, note: str = "", now: datetime | None = None) -> ServiceRequest:
    """Approve once the service's steps are done; a certificate service issues its certificate."""
    issued: dict = {}

    def change(row: ServiceRequest, at: datetime) -> None:
        if row.service.issues_certificate:
            posting = Posting.objects.active().filter(user=actor, role__in=STAFF_ROLES).select_related("unit").first()
            issued["certificate"] = Certificate.objects.create(
                request=row, number=f"{row.service.code[:12].upper()}-{row.etag}", holder_name=row.applicant_name,
                issued_at=at, issued_by=actor, issuing_unit=posting.unit if posting else row.station)

    target = RequestStatus.ISSUED if request.service.issues_certificate else RequestStatus.COMPLETED
    row = _step(request, "approve", actor=actor, allowed_from=_ready_states(request.service), roles=STAFF_ROLES,
                target=target, note=(note or "").strip()[:2000], now=now, change=change)
    _tell(row, "service_ready", "ready", service=row.service.name_in(row.language),
          track_url=public_url("/services/track/"))
    return row


def reject(request: ServiceRequest, *, actor, reason: str, now: datetime | None = None) -> ServiceRequest:
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise InvalidInput(_("Give the reason for rejecting the application."), fields={"reason": [_("Required.")]})
    row = _step(request, "reject", actor=actor, allowed_from=OPEN_REQUEST, roles=STAFF_ROLES,
                target=RequestStatus.REJECTED, note=reason, now=now)
    _tell(row, "service_rejected", "rejected", service=row.service.name_in(row.language), reason=reason)
    return row


def revoke(certificate: Certificate, *, actor, reason: str, now: datetime | None = None) -> Certificate:
    """Revoke an issued certificate: its verification then says so."""
    now = now or clock.now()
    reason = (reason or "").strip()[:300]
    if not reason:
        raise InvalidInput(_("Give the reason for revoking the certificate."), fields={"reason": [_("Required.")]})
    with transaction.atomic():
        row = Certificate.objects.select_for_update(of=("self",)).select_related("request").get(pk=certificate.pk)
        if not may_handle(actor, row.request):
            raise PermissionDenied(_("Your postings do not allow this step on this application."))
        if row.revoked_at is not None:
            raise TransitionNotAllowed(_("This certificate is already revoked."))
        row.revoked_at, row.revoked_by, row.revoked_reason = now, actor, reason
        row.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        _event(row.request, "revoke", actor, now, row.request.status, row.request.status, reason)
    return row


# -- verification ----------------------------------------------------------------------------------------------

def verification_code(certificate: Certificate) -> str:
    """The certificate number with its signature: what the QR code carries (core/verification.py)."""
    return verification.sign(certificate.number)


def verification_url(certificate: Certificate) -> str:
    return public_url(verification.path(certificate.number))


def checked(number: str) -> verification.Checked | None:
    """A service centre's certificate as the verification page shows it (registered in apps.py)."""
    certificate = (Certificate.objects.select_related("request__service", "issuing_unit")
                   .filter(number=number).first())
    if certificate is None:
        return None
    return verification.Checked(
        verification.REVOKED if certificate.revoked_at else verification.GENUINE,
        title=certificate.request.service.name, number=certificate.number, revoked_at=certificate.revoked_at,
        facts=((_("Service"), certificate.request.service.name), (_("Issued to"), certificate.holder_name),
               (_("Certificate number"), certificate.number),
               (_("Issued on"), certificate.issued_at),
               (_("Issued by"), certificate.issuing_unit.name)))
