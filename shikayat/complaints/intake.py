"""Registering a complaint from any channel: validate, route, allocate the
E-tag, write the complaint, its first timeline event and the citizen's
acknowledgement in one transaction. A special handling (complaints against
police) cleans its own input and chooses the desk through hooks.HandlingRules;
the features' "registered" listeners (hooks.py) run last, in the transaction."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.categories.models import SOP, Category
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.core.input import FieldErrors, email_text, field_text, language_code
from shikayat.core.inserts import Children, insert_with_children
from shikayat.core.phones import normalise_mobile
from shikayat.core.refcache import reference
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import area_named_in, unit_table
from shikayat.notifications.outbox import complainant_messages, enqueue_many, with_complaint

from . import etag as etags
from . import hooks, permissions, routing, sla
from .actions import add_attachment
from .attachments import check_upload
from .events import event_row
from .links import tracking_url
from .models import Channel, Complaint, ComplaintEvent, Priority
from .permissions import Actor, CitizenActor, SystemActor, may_intake

MAX_NAME = 150
MAX_ADDRESS = 300
# The channels whose source may mark a complaint as priority (a portal import's mapping, e.g. the Prime Minister's
# Citizen Portal); from any other channel a "priority" in the input is not read.
PRIORITY_CHANNELS = frozenset({Channel.PORTAL_IMPORT})


@dataclass
class CleanComplaint:
    channel: str
    category: Category
    sop: SOP
    description: str
    name: str
    mobile: str
    email: str
    id_number: str
    address: str
    is_overseas: bool
    is_anonymous: bool
    language: str
    incident_at: datetime | None
    incident_unit: Unit | None
    incident_address: str
    lat: Decimal | None
    lng: Decimal | None
    external_ref: str
    fir_number: str
    extra: dict = field(default_factory=dict)  # handling → its cleaned input (hooks.HandlingRules.clean)
    seal_identity: bool = False
    priority: int = 0  # from a portal import's mapping only (PRIORITY_CHANNELS)
    accused_pending: bool = False  # set by _routed: held until the accountability branch names the accused
    accused_rank: int | None = None  # set by _routed


def _coordinate(errors: FieldErrors, data: dict, key: str, limit: int) -> Decimal | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors.add(key, _("Give the location as decimal degrees, e.g. 31.5204."))
        return None
    if not -limit <= value <= limit:
        errors.add(key, _("This coordinate is out of range."))
        return None
    return value


def _category_and_sop(code: str) -> tuple[Category | None, SOP | None]:
    category = Category.objects.filter(code=code, is_active=True).select_related("parent").first()
    return category, category.effective_sop() if category else None


def clean_complaint_data(data: dict, channel: str, now: datetime) -> CleanComplaint:
    """Validate raw input from any channel; collect every problem at once."""
    errors = FieldErrors()
    if channel not in Channel.values:
        errors.add("channel", _("Unknown channel “%(channel)s”.") % {"channel": channel[:30]})

    category = sop = None
    code = field_text(data, "category")
    if not code:
        errors.add("category", _("Please choose what the complaint is about."))
    else:
        category, sop = reference.get(("category", code), lambda: _category_and_sop(code))
        if category is None or sop is None:
            errors.add("category", _("Unknown complaint category “%(code)s”.") % {"code": code[:40]})
            category = None

    description = field_text(data, "description")
    max_length = settings.SHIKAYAT["DESCRIPTION_MAX_LENGTH"]
    if len(description) < 10:
        errors.add("description", _("Please describe what happened (at least 10 characters)."))
    elif len(description) > max_length:
        errors.add("description", _("The description is too long: at most %(max)d characters, you gave %(n)d.")
                   % {"max": max_length, "n": len(description)})

    is_anonymous = bool(data.get("anonymous"))
    if is_anonymous and sop is not None and not sop.allow_anonymous:
        errors.add("anonymous", _("Complaints of this kind cannot be anonymous; please give your name and mobile."))
    seal_identity = bool(data.get("seal_identity"))
    if seal_identity and sop is not None and not sop.allow_sealed_identity:
        errors.add("seal_identity", _("Complaints of this kind cannot hide the complainant's identity from the "
                                      "unit handling them."))
    mobile = ""
    # By email, the sender's address is a way back to the complainant, and by
    # post the letter's postal address is: either may stand in for the mobile.
    email_is_contact = channel == Channel.EMAIL and bool(field_text(data, "email"))
    address_is_contact = channel == Channel.POST and bool(field_text(data, "address"))
    if field_text(data, "mobile") or not (is_anonymous or email_is_contact or address_is_contact):
        try:
            mobile = normalise_mobile(field_text(data, "mobile"))
        except InvalidInput as error:
            errors.add("mobile", str(error.message))

    name = field_text(data, "name")
    if not name and not is_anonymous:
        errors.add("name", _("Please give the complainant's name."))
    elif len(name) > MAX_NAME:
        errors.add("name", _("The name is too long (at most %(max)d characters).") % {"max": MAX_NAME})

    email = email_text(data, errors)
    language = language_code(data, errors)

    incident_unit = None
    unit_code = field_text(data, "unit")
    if unit_code:
        incident_unit = unit_table().active_by_code.get(unit_code)
        if incident_unit is None:
            errors.add("unit", _("Unknown police station or unit “%(code)s”.") % {"code": unit_code[:32]})

    extra = {}
    for handling, rules in hooks.all_handling_rules():
        try:
            extra[handling] = rules.clean(data.get(rules.input_field), sop, incident_unit)
        except InvalidInput as error:
            for message in error.fields.get(rules.input_field, [error.message]):
                errors.add(rules.input_field, message)

    incident_at = None
    raw_when = data.get("incident_at")
    if raw_when not in (None, ""):
        incident_at = raw_when if isinstance(raw_when, datetime) else parse_datetime(str(raw_when))
        if incident_at is None:
            errors.add("incident_at", _("Give the date and time like 2026-11-23T14:30."))
        elif incident_at.tzinfo is None:
            from django.utils import timezone

            incident_at = timezone.make_aware(incident_at)
        if incident_at is not None and incident_at > now:
            errors.add("incident_at", _("The incident cannot be in the future."))

    lat = _coordinate(errors, data, "lat", 90)
    lng = _coordinate(errors, data, "lng", 180)
    if (lat is None) != (lng is None) and "lat" not in errors and "lng" not in errors:
        errors.add("lat", _("Give both latitude and longitude, or neither."))

    for key, limit in (("address", MAX_ADDRESS), ("incident_address", MAX_ADDRESS), ("id_number", 32),
                       ("external_ref", 64), ("fir_number", 40)):
        if len(field_text(data, key)) > limit:
            errors.add(key, _("Too long (at most %(max)d characters).") % {"max": limit})

    priority = Priority.NORMAL
    if channel in PRIORITY_CHANNELS and data.get("priority") not in (None, "", False, 0, "0"):
        if str(data["priority"]).strip().lower() not in ("1", "true", "high", "priority"):
            errors.add("priority", _("Priority is 1 (priority) or 0 (normal)."))
        else:
            priority = Priority.HIGH

    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))

    return CleanComplaint(
        channel=channel, category=category, sop=sop, description=description, name=name, mobile=mobile,
        email=email, id_number=field_text(data, "id_number"), address=field_text(data, "address"),
        is_overseas=bool(data.get("is_overseas")), is_anonymous=is_anonymous, language=language,
        incident_at=incident_at, incident_unit=incident_unit, incident_address=field_text(data, "incident_address"),
        lat=lat, lng=lng if lat is not None else None, external_ref=field_text(data, "external_ref"),
        fir_number=field_text(data, "fir_number"), extra=extra, seal_identity=seal_identity, priority=priority,
    )


def _check_intake_allowed(actor: Actor, channel: str) -> None:
    if isinstance(actor, SystemActor | CitizenActor):
        return
    if not (isinstance(actor, User) and actor.is_active and may_intake(actor, channel)):
        raise PermissionDenied(_("Your postings do not allow registering complaints received by %(channel)s.")
                               % {"channel": channel})


def _routed(clean: CleanComplaint) -> tuple[Unit | None, Unit]:
    place = routing.place_unit(clean.incident_unit, clean.lat, clean.lng)
    rules = permissions.handling_rules(clean.sop.handling)
    if rules is not None:
        # Against police: to the accountability branch outside the accused's units and chain, to an officer not
        # junior to any of them; held higher up while the accused is not identified (accountability.accused).
        # An address is not read here: without a station or a point, it stays where nothing says where (fail closed).
        routed = rules.route(clean.sop, clean.description, clean.extra.get(clean.sop.handling), place)
        clean.extra[clean.sop.handling] = routed.extra
        clean.accused_pending, clean.accused_rank, unit = routed.held, routed.accused_rank, routed.unit
    else:
        # No station chosen and no point shared ("I don't know", on any channel): the district (or region) that
        # the place's address, else the complainant's, names routes it — its complaint cell marks it — not the top.
        unit = routing.route(clean.sop, place or area_named_in(clean.incident_address, clean.address))
    if unit is None:
        raise InvalidInput(_("The force's units are not configured yet; no complaint can be routed."))
    return place, unit


def _complaint_row(clean: CleanComplaint, etag: str, place: Unit | None, unit: Unit, now: datetime) -> Complaint:
    deadlines = sla.deadlines_for(clean.sop, now, hooks.working_calendar(), clean.priority)
    return Complaint(
        etag=etag, channel=clean.channel, external_ref=clean.external_ref, is_anonymous=clean.is_anonymous,
        complainant_name=clean.name, complainant_mobile=clean.mobile, complainant_email=clean.email,
        complainant_id_number=clean.id_number, complainant_address=clean.address, is_overseas=clean.is_overseas,
        language=clean.language, category=clean.category, description=clean.description,
        incident_at=clean.incident_at, incident_unit=place, incident_address=clean.incident_address, lat=clean.lat,
        lng=clean.lng, fir_number=clean.fir_number, unit=unit, unit_path=unit.path,
        is_confidential=clean.sop.confidential, handling=clean.sop.handling, identity_sealed=clean.seal_identity,
        accused_rank=clean.accused_rank, accused_pending=clean.accused_pending, priority=clean.priority,
        received_at=now,
        cycle_started_at=now,
        contact_due_at=deadlines.contact_due_at, report_due_at=deadlines.report_due_at,
    )


def _first_event(complaint: Complaint, actor: Actor, now: datetime):
    return event_row(complaint, "register", actor=actor, channel=complaint.channel, at=now, from_status="",
                     to_status=complaint.status, data={"unit": complaint.unit.code})


def _acknowledgement(complaint: Complaint, sop: SOP) -> list:
    # Each message carries a link that acts for the complainant and names the channel it went by.
    return complainant_messages(complaint, "complaint_registered", "registered",
                                contact_hours=sla.stage_hours(sop, sop.contact_hours, complaint.priority),
                                per_channel=lambda channel: {"track_url": tracking_url(complaint.etag,
                                                                                       sent_by=channel)})


def register_complaint(*, actor: Actor, channel: str, data: dict, now: datetime | None = None) -> Complaint:
    """Register a complaint received by `channel` and acknowledge it.

    Raises InvalidInput (every field problem at once) or PermissionDenied;
    on any error nothing is written."""
    now = now or clock.now()
    _check_intake_allowed(actor, channel)
    clean = clean_complaint_data(data, channel, now)
    place, unit = _routed(clean)
    with transaction.atomic():
        complaint = _complaint_row(clean, etags.allocate(), place, unit, now)
        # The row, its first event and the acknowledgements: one statement on PostgreSQL (core.inserts).
        insert_with_children(complaint, Children(ComplaintEvent, "complaint", [_first_event(complaint, actor, now)]),
                             with_complaint(_acknowledgement(complaint, clean.sop)))
        _record_extra(complaint, clean, actor, place, now)
        hooks.emit("registered", hooks.Registered(complaints=(complaint,), actor=actor, channel=channel, at=now))
    return complaint


def _record_extra(complaint: Complaint, clean: CleanComplaint, actor: Actor, place: Unit | None,
                  now: datetime) -> None:
    """The special handling's rows (the accused and the bars), once the complaint's row exists."""
    rules = permissions.handling_rules(complaint.handling)
    if rules is not None and clean.extra.get(complaint.handling):
        rules.record(complaint, clean.extra[complaint.handling], clean.sop, now, str(actor), place)


@dataclass
class BatchResult:
    complaints: list[Complaint]
    errors: dict[int, InvalidInput]  # position in the input → why it was refused


def register_complaints(*, actor: Actor, channel: str, items: list[dict],
                        now: datetime | None = None) -> BatchResult:
    """Register many complaints from one source (a portal import, a batch of
    channel messages) with the same checks as register_complaint, written
    together: valid items all land or none do; invalid items are reported
    by position and not written."""
    now = now or clock.now()
    _check_intake_allowed(actor, channel)
    accepted, errors = [], {}
    for index, data in enumerate(items):
        try:
            clean = clean_complaint_data(data, channel, now)
            accepted.append((clean, *_routed(clean)))
        except InvalidInput as error:
            errors[index] = error
    with transaction.atomic():
        tags = etags.allocate_many(len(accepted))
        complaints = [_complaint_row(clean, tag, place, unit, now)
                      for (clean, place, unit), tag in zip(accepted, tags, strict=True)]
        Complaint.objects.bulk_create(complaints)
        for complaint, (clean, place, _unit) in zip(complaints, accepted, strict=True):
            _record_extra(complaint, clean, actor, place, now)
        ComplaintEvent.objects.bulk_create([_first_event(c, actor, now) for c in complaints])
        enqueue_many([m for c, (clean, *_rest) in zip(complaints, accepted, strict=True)
                      for m in _acknowledgement(c, clean.sop)])
        hooks.emit("registered", hooks.Registered(complaints=tuple(complaints), actor=actor, channel=channel,
                                                  at=now))
    return BatchResult(complaints=complaints, errors=errors)


def lodge_with_attachments(*, actor: Actor, channel: str, data: dict, uploads: list,
                           now: datetime | None = None) -> Complaint:
    """Register a complaint together with its evidence, all or nothing: every
    file is checked before anything is written, and if any step fails the
    complaint, its events and the stored files are all gone again."""
    problems = []
    for upload in uploads:
        try:
            check_upload(upload)
        except InvalidInput as error:
            problems.extend(str(m) for m in error.fields.get("file", [error.message]))
    try:
        clean_complaint_data(data, channel, now or clock.now())
    except InvalidInput as error:
        if problems:
            error.fields = {**error.fields, "attachments": problems}
        raise
    if problems:
        raise InvalidInput(_("Please correct the highlighted fields."), fields={"attachments": problems})
    stored = []
    try:
        with transaction.atomic():
            complaint = register_complaint(actor=actor, channel=channel, data=data, now=now)
            for upload in uploads:
                stored.append(add_attachment(complaint, actor=actor, upload=upload, channel=channel, now=now))
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return complaint
