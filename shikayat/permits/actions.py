"""Every state change of a permission application, one function each: apply (a citizen with a verified mobile),
the station's report, the special branch's report, the district's decision and the revocation of a grant. Each runs
in one transaction, writes one timeline event and queues any message to the applicant in the outbox."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.complaints import etag as etags
from shikayat.complaints.attachments import sniff
from shikayat.complaints.links import public_url
from shikayat.complaints.permissions import CitizenActor, SystemActor
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.core.input import FieldErrors, field_text, language_code
from shikayat.core.phones import normalise_mobile
from shikayat.deadlines.calendar import working_calendar
from shikayat.jurisdictions.models import Unit
from shikayat.notifications.outbox import enqueue_many, message

from . import rules
from .models import (
    ROUTE_KINDS,
    Opinion,
    Organiser,
    PermitApplication,
    PermitDelay,
    PermitDocument,
    PermitEvent,
    PermitKind,
    PermitStatus,
)

DOCUMENT_TYPES = {"image/jpeg", "image/png", "application/pdf"}
MAX_DOCUMENTS = 5
MAX_ORGANISERS = 10
MAX_ATTENDANCE = 1_000_000  # whatever a kind's SOP says, no gathering is larger


@dataclass
class CleanApplication:
    fields: dict
    station: Unit
    passed: list[Unit]
    district: Unit
    organisers: list[dict]
    uploads: list  # (upload, content type, extension)


def _when(data: dict, errors: FieldErrors) -> tuple[datetime | None, datetime | None]:
    """The event's start and end, local time on the given day; an end at or before the start is an error."""
    day = data.get("date")
    try:
        day = day if isinstance(day, date) else parse_date(field_text(data, "date")) if field_text(
            data, "date") else None
    except ValueError:  # well formed but no such day, e.g. 2026-02-30
        day = None
    times = []
    for key in ("start", "end"):
        value = data.get(key)
        try:
            value = value if isinstance(value, time) else parse_time(field_text(data, key)) if field_text(
                data, key) else None
        except ValueError:
            value = None
        if value is None:
            errors.add(key, _("Give the time as hours and minutes, e.g. 14:30."))
        times.append(value)
    if day is None:
        errors.add("date", _("Give the date of the event, e.g. 2026-12-24."))
    if day is None or None in times:
        return None, None
    tz = timezone.get_current_timezone()
    start, end = (timezone.make_aware(datetime.combine(day, t), tz) for t in times)
    if end <= start:
        errors.add("end", _("The end must be after the start."))
    return start, end


def _attendance(data: dict, sop, errors: FieldErrors) -> int:
    raw = field_text(data, "attendance")
    try:
        count = int(raw)
    except ValueError:
        errors.add("attendance", _("Give the expected attendance as a whole number, e.g. 500."))
        return 0
    limit = min(sop.max_attendance, MAX_ATTENDANCE)
    if count < 1:
        errors.add("attendance", _("The expected attendance must be at least 1."))
    elif count > limit:
        errors.add("attendance", _("The expected attendance can be at most %(max)s for this kind of permission.")
                   % {"max": limit})
    return count


def _organisers(raw: list, errors: FieldErrors) -> list[dict]:
    """Each organiser's name, CNIC / identity number, mobile and address; at least one."""
    if not isinstance(raw or [], list | tuple) or not all(isinstance(o, dict) for o in raw or []):
        errors.add("organisers", _("Give the organisers as a list, each with a name, CNIC / identity number, "
                                   "mobile and address."))
        return []
    given = [o for o in (raw or []) if any(field_text(o, k) for k in ("name", "id_number", "mobile", "address"))]
    if not given:
        errors.add("organisers", _("Give at least one organiser: name, CNIC / identity number, mobile and address."))
    if len(given) > MAX_ORGANISERS:
        errors.add("organisers", _("At most %(max)d organisers.") % {"max": MAX_ORGANISERS})
    clean = []
    for n, organiser in enumerate(given[:MAX_ORGANISERS], start=1):
        name, id_number, address = (field_text(organiser, k) for k in ("name", "id_number", "address"))
        if not name or len(name) > 150:
            errors.add(f"organiser{n}_name", _("Give the organiser's name (at most 150 characters)."))
        if not id_number or len(id_number) > 32:
            errors.add(f"organiser{n}_id_number", _("Give the organiser's CNIC / identity number."))
        if not address or len(address) > 300:
            errors.add(f"organiser{n}_address", _("Give the organiser's address (at most 300 characters)."))
        mobile = ""
        try:
            mobile = normalise_mobile(field_text(organiser, "mobile"))
        except InvalidInput as error:
            errors.add(f"organiser{n}_mobile", str(error.message))
        clean.append({"name": name, "id_number": id_number, "mobile": mobile, "address": address, "order": n})
    return clean


def _place(data: dict, kind: str, errors: FieldErrors) -> tuple[str, list[str], Unit | None, dict]:
    venue = field_text(data, "venue")[:301]
    raw_route = data.get("route") or []
    route = [str(p).strip() for p in (raw_route.splitlines() if isinstance(raw_route, str) else raw_route)]
    route = [p for p in route if p]
    if kind in ROUTE_KINDS and len(route) < 2:
        errors.add("route", _("Give the route: at least the starting point and the end point, one place a line."))
    elif kind not in ROUTE_KINDS and not venue:
        errors.add("venue", _("Give the venue."))
    if len(venue) > 300:
        errors.add("venue", _("The venue is too long (at most 300 characters)."))
    if len(route) > 30 or any(len(p) > 120 for p in route):
        errors.add("route", _("At most 30 places of at most 120 characters each."))
    station = None
    code = field_text(data, "station")
    if not code:
        errors.add("station", _("Choose the police station of the venue or of the starting point."))
    else:
        station = rules.stations().filter(code=code).first()
        if station is None or rules.district_of(station) is None:
            errors.add("station", _("Unknown police station “%(code)s”.") % {"code": code[:32]})
            station = None
    passed = _passed(data, station, errors)
    point = {}
    for key, bound in (("lat", 90), ("lng", 180)):
        if field_text(data, key):
            try:
                value = Decimal(field_text(data, key)).quantize(Decimal("0.000001"))
                if not -bound <= value <= bound:
                    raise InvalidOperation
                point[key] = value
            except InvalidOperation:
                errors.add(key, _("Give the position as decimal degrees, e.g. 31.5497 and 74.3436."))
    if len(point) == 1:
        errors.add("lng" if "lat" in point else "lat", _("Give both latitude and longitude, or neither."))
    return venue, route, station, passed, point


def _passed(data: dict, station: Unit | None, errors: FieldErrors) -> list[Unit]:
    """The other stations a route passes: known stations, the start's own left out."""
    raw = data.get("stations_passed") or []
    codes = list(dict.fromkeys(str(c).strip() for c in ([raw] if isinstance(raw, str) else raw) if str(c).strip()))
    found = {u.code: u for u in rules.stations().filter(code__in=codes[:30])}
    unknown = [c for c in codes if c not in found]
    if unknown or len(codes) > 30:
        errors.add("stations_passed", _("Unknown police station “%(code)s”.") % {"code": (unknown or codes)[0][:32]})
    return [found[c] for c in codes if c in found and (station is None or c != station.code)]


def _documents(uploads: list, errors: FieldErrors) -> list:
    """Supporting documents: photos (JPEG, PNG) or PDFs by their first bytes, within the attachments' size limit."""
    limit = settings.SHIKAYAT["ATTACHMENT_MAX_BYTES"]
    given = [u for u in (uploads or []) if u is not None]
    if len(given) > MAX_DOCUMENTS:
        errors.add("documents", _("At most %(max)d documents.") % {"max": MAX_DOCUMENTS})
    checked = []
    for upload in given[:MAX_DOCUMENTS]:
        if upload.size == 0 or upload.size > limit:
            errors.add("documents", _("Each document must be a file of at most %(mb)d MB.") % {
                "mb": limit // (1024 * 1024)})
            continue
        upload.seek(0)
        kind = sniff(upload.read(16))
        upload.seek(0)
        if kind is None or kind[0] not in DOCUMENT_TYPES:
            errors.add("documents", _("Documents must be photos (JPEG, PNG) or PDF files."))
            continue
        checked.append((upload, *kind))
    return checked


def clean_application(data: dict, uploads: list, *, now: datetime) -> CleanApplication:
    """Validate an application, its organisers and documents against the kind's SOP; every problem at once."""
    errors = FieldErrors()
    kind = field_text(data, "kind")
    if kind not in PermitKind.values:
        errors.add("kind", _("Choose what the permission is for."))
    sop = rules.sop_for(kind if kind in PermitKind.values else PermitKind.EVENT)
    if kind in PermitKind.values and not sop.is_active:
        errors.add("kind", _("This kind of permission is not taken online at present."))
    title = field_text(data, "title")
    if not title or len(title) > 200:
        errors.add("title", _("Give the title or purpose of the gathering (at most 200 characters)."))
    start, end = _when(data, errors)
    if start is not None:
        earliest = rules.deadlines(sop, now, working_calendar()).earliest_start
        if start <= now:
            errors.add("date", _("The event must be in the future."))
        elif start < earliest:
            errors.add("date", _("Apply at least %(days)d working days before the event: the earliest start now is "
                                 "%(earliest)s.") % {"days": sop.min_notice_days,
                                                      "earliest": timezone.localtime(earliest).strftime(
                                                          "%Y-%m-%d %H:%M")})
    venue, route, station, passed, point = _place(data, kind, errors)
    attendance = _attendance(data, sop, errors)
    loudspeaker = field_text(data, "loudspeaker_details")
    if kind == PermitKind.LOUDSPEAKER and not loudspeaker:
        errors.add("loudspeaker_details", _("Give the loudspeakers: how many, their placing and the hours of use."))
    if len(loudspeaker) > 300:
        errors.add("loudspeaker_details", _("At most 300 characters."))
    organisers = _organisers(data.get("organisers"), errors)
    language = language_code(data, errors)
    checked = _documents(uploads, errors)
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))
    fields = {"kind": kind, "title": title, "purpose": field_text(data, "purpose")[:2000], "starts_at": start,
              "ends_at": end, "venue": venue, "route": route, "attendance": attendance,
              "loudspeaker_details": loudspeaker, "language": language, **point}
    return CleanApplication(fields=fields, station=station, passed=passed, district=rules.district_of(station),
                            organisers=organisers, uploads=checked)


def apply(*, actor, data: dict, uploads: list | None = None, channel: str = "web",
          now: datetime | None = None, clean: CleanApplication | None = None) -> PermitApplication:
    """Register an application with its organisers and documents, all or nothing, and tell the applicant its
    E-tag and the steps' due times. The applicant is the citizen whose mobile was verified (CitizenActor).
    `clean`: the application already checked by clean_application(data, uploads, now=now), not checked again."""
    now = now or clock.now()
    if not isinstance(actor, CitizenActor | SystemActor) or not getattr(actor, "mobile", ""):
        raise PermissionDenied(_("Verify your mobile number with a one-time code first."))
    clean = clean or clean_application(data, uploads or [], now=now)
    due = rules.deadlines(rules.sop_for(clean.fields["kind"]), now, working_calendar())
    stored = []
    try:
        with transaction.atomic():
            row = PermitApplication.objects.create(
                etag=etags.allocate(), station=clean.station, station_path=clean.station.path,
                district=clean.district, mobile=actor.mobile, channel=channel, received_at=now,
                station_due_at=due.station_due_at, branch_due_at=due.branch_due_at,
                decision_due_at=due.decision_due_at,
                due_at=min(due.station_due_at, due.branch_due_at, due.decision_due_at), **clean.fields)
            Organiser.objects.bulk_create([Organiser(application=row, **o) for o in clean.organisers])
            row.stations_passed.set(clean.passed)
            for upload, content_type, extension in clean.uploads:
                document = PermitDocument(application=row, content_type=content_type, size=upload.size,
                                          original_name=(getattr(upload, "name", "") or "document")[-200:])
                document.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
                stored.append(document)
                document.save()
            _event(row, "apply", actor, now, row.status)
            _tell(row, "permit_received", "received",
                  due=timezone.localtime(row.decision_due_at).strftime("%Y-%m-%d %H:%M"),
                  track_url=public_url("/permits/mine/"))
    except Exception:
        for document in stored:
            document.file.delete(save=False)
        raise
    return row


def _event(row: PermitApplication, action: str, actor, at: datetime, target: str, note: str = "") -> None:
    PermitEvent.objects.create(application=row, at=at, action=action,
                               actor=actor if isinstance(actor, User) else None, actor_label=str(actor)[:150],
                               to_status=target, note=note)


def _tell(row: PermitApplication, template: str, key: str, **context) -> None:
    with translation.override(row.language):
        kind = str(row.get_kind_display())
    enqueue_many([message(channel="sms", recipient=row.mobile, template=template, language=row.language,
                          context={"etag": row.etag_display, "kind": kind, **context},
                          dedupe_key=f"prm:{row.etag}:{key}")])


def _locked(application: PermitApplication, actor, step: str) -> PermitApplication:
    row = PermitApplication.objects.select_for_update(of=("self",)).select_related("district").get(pk=application.pk)
    if not rules.may_take(actor, row, step):
        raise PermissionDenied(_("Your postings do not allow this step on this application."))
    return row


def report(application: PermitApplication, *, actor, step: str, objection: bool, note: str = "",
           conditions: str = "", now: datetime | None = None) -> PermitApplication:
    """The station's (step "station") or the special branch's (step "branch") report: no objection, or an
    objection with its reasons; conditions proposed either way. Once both are in, the decision is awaited."""
    now = now or clock.now()
    note, conditions = (note or "").strip()[:2000], (conditions or "").strip()[:2000]
    if step not in ("station", "branch"):
        raise InvalidInput(_("Unknown step."))
    if objection and not note:
        raise InvalidInput(_("Give the reasons for the objection."), fields={"note": [_("Required.")]})
    with transaction.atomic():
        row = _locked(application, actor, step)
        if row.status != PermitStatus.SUBMITTED or getattr(row, f"{step}_reported_at") is not None:
            raise TransitionNotAllowed(_("This report has already been made, or the application is decided."))
        opinion = Opinion.OBJECTION if objection else Opinion.NO_OBJECTION
        setattr(row, f"{step}_opinion", opinion)
        setattr(row, f"{step}_note", note)
        setattr(row, f"{step}_conditions", conditions)
        setattr(row, f"{step}_reported_at", now)
        if row.station_reported_at and row.branch_reported_at:
            row.status = PermitStatus.REPORTED
        row.due_at = rules.next_due(row)
        row.save()
        _event(row, f"{step}_report", actor, now, row.status, f"{opinion.label}. {note}".strip())
    return row


def decide(application: PermitApplication, *, actor, grant: bool, conditions: str = "", reasons: str = "",
           now: datetime | None = None) -> PermitApplication:
    """The district's decision once both reports are in: granted with conditions, or refused with reasons.
    The applicant is told, and a late application's ledger row is completed."""
    now = now or clock.now()
    conditions, reasons = (conditions or "").strip()[:3000], (reasons or "").strip()[:3000]
    if not grant and not reasons:
        raise InvalidInput(_("Give the reasons for refusing the permission."), fields={"reasons": [_("Required.")]})
    with transaction.atomic():
        row = _locked(application, actor, "decision")
        if row.status != PermitStatus.REPORTED:
            raise TransitionNotAllowed(_("The decision is taken once the station and the special branch have "
                                         "reported, and only once."))
        row.status = PermitStatus.GRANTED if grant else PermitStatus.REFUSED
        row.conditions, row.reasons = (conditions, "") if grant else ("", reasons)
        row.decided_at, row.decided_by = now, actor
        row.save()
        PermitDelay.objects.filter(application=row, completed_at__isnull=True).update(completed_at=now)
        _event(row, "decide", actor, now, row.status, conditions if grant else reasons)
        _tell(row, "permit_granted" if grant else "permit_refused", "decided", number=row.number,
              track_url=public_url("/permits/mine/"))
    return row


def revoke(application: PermitApplication, *, actor, reasons: str, now: datetime | None = None) -> PermitApplication:
    """Withdraw a grant before its event has ended (the security situation changed, conditions were broken):
    whoever may decide on the application may revoke it, with reasons the applicant is told at once by SMS.
    The grant's conditions and decided_* stay as they were; the paper then checks as revoked."""
    now = now or clock.now()
    reasons = (reasons or "").strip()[:3000]
    if not reasons:
        raise InvalidInput(_("Give the reasons for revoking the permission."), fields={"reasons": [_("Required.")]})
    with transaction.atomic():
        row = _locked(application, actor, "decision")
        if row.status != PermitStatus.GRANTED:
            raise TransitionNotAllowed(_("Only a granted permission can be revoked, and only once."))
        if row.ends_at <= now:
            raise TransitionNotAllowed(_("The event has ended: its permission can no longer be revoked."))
        row.status = PermitStatus.REVOKED
        row.revoked_at, row.revoked_by, row.revoked_reasons = now, actor, reasons
        row.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reasons"])
        _event(row, "revoke", actor, now, row.status, reasons)
        _tell(row, "permit_revoked", "revoked", number=row.number, reasons=reasons[:300],
              track_url=public_url("/permits/mine/"))
    return row
