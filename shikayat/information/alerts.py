"""Missing-child alerts (Zainab Alert) and tips on the most wanted.

report_missing_child publishes the alert and, in the same transaction,
queues a message to the station officers (SHO / supervisors, enquiry
officers, front desk) of every police station within the alert radius of
the last-seen point. A citizen's own report (a complaint in one of
SHIKAYAT["MISSING_CHILD_CATEGORIES"], from any channel) reaches the same
officers at once through report_notices, called by the intake in the
complaint's transaction; an officer then checks it and publishes the alert.
close_alert takes it off the public list. submit_tip stores a confidential
tip from the public, rate-limited per client address."""

import hashlib
import hmac
import uuid
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.citizens.otp import Throttled
from shikayat.complaints import links
from shikayat.complaints.permissions import active_postings
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.core.input import field_text
from shikayat.core.phones import normalise_mobile
from shikayat.deadlines.notices import language_of, local_stamp, to_officer
from shikayat.jurisdictions.selectors import haversine_km, stations_with_coordinates
from shikayat.notifications.outbox import enqueue_many

from .models import MissingChildAlert, MostWanted, Tip

# Who may report and close an alert: anyone who takes reports from the public or runs a station.
REPORTING_ROLES = frozenset({Role.FRONT_DESK, Role.CALL_CENTRE, Role.COMPLAINT_CELL, Role.ENQUIRY_OFFICER,
                             Role.STATION_HEAD, Role.SUPERVISOR})
# Who at a station is told: the SHO (station head, or a supervisor posting), enquiry officers and the front desk.
STATION_ROLES = (Role.STATION_HEAD, Role.SUPERVISOR, Role.ENQUIRY_OFFICER, Role.FRONT_DESK)
MAX_AGE = 17
TIP_MIN, TIP_MAX = 10, 2000
TIPS_PER_HOUR = 5
SMS_DESCRIPTION_CHARS = 160


PHOTO_MAX_BYTES = 5 * 1024 * 1024


def radius_km() -> float:
    return float(getattr(settings, "SHIKAYAT", {}).get("MISSING_CHILD_RADIUS_KM", 10))


def public_url(alert: MissingChildAlert) -> str:
    return links.public_url(f"/missing-children/{alert.pk}/")


def may_report(user) -> bool:
    """Signed-in, active officers with a posting that takes reports (REPORTING_ROLES)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(p.role in REPORTING_ROLES for p in active_postings(user))


def _check_may_report(actor: User) -> None:
    if not may_report(actor):
        raise PermissionDenied(_("Missing-child alerts are issued by front-desk, call-centre, complaint-cell, "
                                 "enquiry and supervising officers; none of your postings is one of these."))


# --- reporting ----------------------------------------------------------------------------------------------


def _decimal(raw, low: int, high: int, field: str, errors: dict) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        errors[field] = [_("Give the latitude and longitude of the place the child was last seen (e.g. from the "
                           "map on a phone).")]
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not low <= value <= high:
        errors[field] = [_("Enter decimal degrees between %(low)s and %(high)s, e.g. 31.5204.")
                         % {"low": low, "high": high}]
        return None
    return value.quantize(Decimal("0.000001"))


def _moment(raw, now: datetime, errors: dict) -> datetime | None:
    if raw in (None, ""):
        errors["last_seen_at"] = [_("Give the date and time the child was last seen.")]
        return None
    moment = raw if isinstance(raw, datetime) else parse_datetime(str(raw).strip())
    if moment is None:
        errors["last_seen_at"] = [_("Enter the date and time as YYYY-MM-DD HH:MM.")]
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now:
        errors["last_seen_at"] = [_("The time last seen cannot be in the future.")]
        return None
    return moment


def clean_report(data: dict, now: datetime) -> dict:
    """The report's fields, checked and normalised; InvalidInput lists every problem."""
    errors: dict[str, list] = {}
    cleaned = {"name": field_text(data, "name"), "last_seen_place": field_text(data, "last_seen_place"),
               "details_en": field_text(data, "details_en"), "details_ur": field_text(data, "details_ur"),
               "details_hi": field_text(data, "details_hi")}
    if not cleaned["name"]:
        errors["name"] = [_("Give the child's name.")]
    elif len(cleaned["name"]) > 120:
        errors["name"] = [_("The name can be at most 120 characters.")]
    age = field_text(data, "age")
    if not age.isdigit() or int(age) > MAX_AGE:
        errors["age"] = [_("Give the child's age in years, from 0 to %(max)d. Adults are reported as missing "
                           "persons, not with this alert.") % {"max": MAX_AGE}]
    else:
        cleaned["age"] = int(age)
    if not cleaned["last_seen_place"]:
        errors["last_seen_place"] = [_("Describe where the child was last seen.")]
    elif len(cleaned["last_seen_place"]) > 200:
        errors["last_seen_place"] = [_("The place can be at most 200 characters.")]
    cleaned["lat"] = _decimal(data.get("lat"), -90, 90, "lat", errors)
    cleaned["lng"] = _decimal(data.get("lng"), -180, 180, "lng", errors)
    cleaned["last_seen_at"] = _moment(data.get("last_seen_at"), now, errors)
    if not cleaned["details_en"]:
        errors["details_en"] = [_("Describe the child: appearance, clothes, anything that helps to recognise "
                                  "them.")]
    try:
        cleaned["contact"] = normalise_mobile(field_text(data, "contact"))
    except InvalidInput as error:
        errors["contact"] = error.fields.get("mobile") or [error.message]
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields. No alert has been issued."), fields=errors)
    return cleaned


def stations_within(lat: float, lng: float, km: float) -> list:
    """Police stations (leaf units with coordinates) within `km` of the point, nearest first."""
    near = []
    for station in stations_with_coordinates():
        distance = haversine_km(lat, lng, float(station.lat), float(station.lng))
        if distance <= km:
            near.append((distance, station.pk, station))
    return [station for _distance, _pk, station in sorted(near, key=lambda item: item[:2])]


def station_officers(stations: list) -> list[User]:
    postings = (Posting.objects.active()
                .filter(unit__in=stations, role__in=STATION_ROLES, user__is_active=True)
                .select_related("user"))
    return sorted({p.user_id: p.user for p in postings}.values(), key=lambda user: user.pk)


def alert_messages(alert: MissingChildAlert) -> list:
    """Unsaved outbox rows to every station officer within the alert's radius;
    the dedupe key (alert, officer, channel) makes each go out once."""
    stations = stations_within(float(alert.lat), float(alert.lng), alert.radius_km)
    description = alert.details_en
    if len(description) > SMS_DESCRIPTION_CHARS:
        description = description[:SMS_DESCRIPTION_CHARS - 1] + "…"
    context = {"name": alert.name, "age": alert.age, "place": alert.last_seen_place,
               "seen_at": local_stamp(alert.last_seen_at), "description": description, "contact": alert.contact,
               "url": public_url(alert)}
    rows = []
    for officer in station_officers(stations):
        rows += to_officer(officer, "missing_child_alert", f"missing-child:{alert.pk}", context)
    return rows


def is_missing_child_report(complaint) -> bool:
    return complaint.category.code in (settings.SHIKAYAT.get("MISSING_CHILD_CATEGORIES") or ())


def report_notices(complaint) -> list:
    """Unsaved outbox rows telling the station officers within the radius of
    the complaint's place (the shared point, else the police station it
    names, else the unit it went to) about a citizen's missing-child report.
    Empty for other complaints, or when no place with coordinates is known."""
    if not is_missing_child_report(complaint):
        return []
    places = [(complaint.lat, complaint.lng)] + [(unit.lat, unit.lng) for unit in (complaint.incident_unit,
                                                                                 complaint.unit) if unit]
    point = next(((lat, lng) for lat, lng in places if lat is not None and lng is not None), None)
    if point is None:
        return []
    description = complaint.description
    if len(description) > SMS_DESCRIPTION_CHARS:
        description = description[:SMS_DESCRIPTION_CHARS - 1] + "…"
    stations = stations_within(float(point[0]), float(point[1]), radius_km())
    place = complaint.incident_unit or complaint.unit
    rows = []
    for officer in station_officers(stations):
        context = {"etag": complaint.etag_display, "description": description,
                   "place": place.name_in(language_of(officer)), "contact": complaint.complainant_mobile or "—",
                   "seen_at": local_stamp(complaint.received_at)}
        rows += to_officer(officer, "missing_child_report", f"missing-report:{complaint.etag}", context,
                           complaint=complaint)
    return rows


def notify_stations(alert: MissingChildAlert) -> int:
    """Queue the alert to the stations in range; running it again queues nothing new."""
    rows = alert_messages(alert)
    enqueue_many(rows)
    return len(rows)


def _check_photo(photo) -> str | None:
    """The extension of an acceptable photo (JPEG or PNG, by its first bytes), or InvalidInput."""
    if photo is None:
        return None
    from shikayat.complaints.attachments import sniff

    photo.seek(0)
    kind = sniff(photo.read(16))
    photo.seek(0)
    if kind is None or kind[0] not in ("image/jpeg", "image/png") or not 0 < photo.size <= PHOTO_MAX_BYTES:
        message = _("The photo must be a JPEG or PNG image of at most %(mb)d MB.") % {
            "mb": PHOTO_MAX_BYTES // (1024 * 1024)}
        raise InvalidInput(message, fields={"photo": [message]})
    return kind[1]


def report_missing_child(*, actor: User, data: dict, now: datetime | None = None,
                         submission: str = "", photo=None) -> MissingChildAlert:
    """Publish a missing-child alert (with the child's photo, if given) and
    queue it to every station within the radius, in one transaction. A
    repeated `submission` token (the same form sent twice) returns the first
    alert and queues nothing new."""
    now = now or clock.now()
    _check_may_report(actor)
    extension = _check_photo(photo)
    submission = (submission or "")[:64]
    if submission:
        existing = MissingChildAlert.objects.filter(submission=submission).first()
        if existing is not None:
            return existing
    cleaned = clean_report(data, now)
    alert = None
    try:
        with transaction.atomic():
            alert = MissingChildAlert(**cleaned, is_active=True, radius_km=radius_km(), reported_by=actor,
                                      reported_at=now, submission=submission)
            if extension:
                alert.photo.save(f"{uuid.uuid4().hex}.{extension}", photo, save=False)
            alert.save()
            notify_stations(alert)
    except IntegrityError:
        _discard_photo(alert)
        # The same form, sent twice at once: the other request created it.
        existing = MissingChildAlert.objects.filter(submission=submission).first() if submission else None
        if existing is None:
            raise
        return existing
    except Exception:
        _discard_photo(alert)
        raise
    return alert


def _discard_photo(alert: MissingChildAlert | None) -> None:
    """A stored photo whose alert was not written is removed again."""
    if alert is not None and alert.photo:
        alert.photo.delete(save=False)


def close_alert(*, actor: User, alert: MissingChildAlert, found: bool, note: str = "",
                now: datetime | None = None) -> MissingChildAlert:
    """Take the alert off the public list: the child was found, or it is closed for another reason."""
    now = now or clock.now()
    _check_may_report(actor)
    note = (note or "").strip()
    if len(note) > 2000:
        raise InvalidInput(fields={"note": [_("The note can be at most 2000 characters.")]})
    with transaction.atomic():
        alert = MissingChildAlert.objects.select_for_update().get(pk=alert.pk)
        if not alert.is_active:
            raise TransitionNotAllowed(_("This alert has already been closed."))
        alert.is_active = False
        alert.closed_at, alert.closed_by, alert.close_note = now, actor, note
        alert.found_at = now if found else None
        alert.save(update_fields=["is_active", "closed_at", "closed_by", "close_note", "found_at"])
        enqueue_many(closing_messages(alert))
    return alert


def closing_messages(alert: MissingChildAlert) -> list:
    """The stations that were alerted are told the search is over (found, or closed)."""
    if alert.lat is None or alert.lng is None:
        return []
    stations = stations_within(float(alert.lat), float(alert.lng), alert.radius_km)
    template = "missing_child_found" if alert.found_at else "missing_child_closed"
    context = {"name": alert.name, "url": public_url(alert)}
    return [m for officer in station_officers(stations)
            for m in to_officer(officer, template, f"missing-child-closed:{alert.pk}", context)]


# --- tips on the most wanted ------------------------------------------------------------------------------------

def address_hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"tip:{address}".encode(), hashlib.sha256).hexdigest()


def clean_tip(data: dict) -> dict:
    errors: dict[str, list] = {}
    text, name, mobile = field_text(data, "text"), field_text(data, "name"), field_text(data, "mobile")
    if len(text) < TIP_MIN:
        errors["text"] = [_("Please write what you know in at least %(min)d characters.") % {"min": TIP_MIN}]
    elif len(text) > TIP_MAX:
        errors["text"] = [_("Please keep your information to %(max)d characters (you wrote %(count)d).")
                          % {"max": TIP_MAX, "count": len(text)}]
    if len(name) > 120:
        errors["name"] = [_("The name can be at most 120 characters.")]
    if mobile:
        try:
            mobile = normalise_mobile(mobile)
        except InvalidInput as error:
            errors["mobile"] = error.fields.get("mobile") or [error.message]
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields. Nothing has been sent yet."), fields=errors)
    return {"text": text, "name": name, "mobile": mobile}


def submit_tip(*, most_wanted: MostWanted, data: dict, client_address: str, now: datetime | None = None) -> Tip:
    """Store a confidential tip; at most TIPS_PER_HOUR an hour from one client address."""
    now = now or clock.now()
    if not most_wanted.is_active:
        raise InvalidInput(_("This person is no longer on the most wanted list."))
    ip_hash = address_hash(client_address or "")
    with transaction.atomic():
        recent = Tip.objects.filter(ip_hash=ip_hash, created_at__gt=now - timedelta(hours=1)).count()
        if recent >= TIPS_PER_HOUR:
            raise Throttled(_("You have sent %(count)d tips in the last hour, the most we accept from one "
                              "connection. Please try again in an hour, or call 15 if it is urgent.")
                            % {"count": recent})
        cleaned = clean_tip(data)
        return Tip.objects.create(most_wanted=most_wanted, created_at=now, ip_hash=ip_hash, **cleaned)
