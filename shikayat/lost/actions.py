"""Every change to a lost-article report, one function each: reporting (with its receipt number, at once),
withdrawing, recording a found article and confirming it is a reported one. Each runs in one transaction and
queues the reporter's message in the outbox; rate limits and validation are here, so web and WhatsApp agree."""

from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints.links import public_url
from shikayat.core import clock, ratelimit, verification
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from shikayat.core.input import FieldErrors, field_text
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import unit_for_location

from . import rules
from .models import FoundArticle, Kind, LostReport, ReportStatus
from .numbering import next_number

STAFF_ROLES = frozenset({Role.STATION_HEAD, Role.FRONT_DESK, Role.ENQUIRY_OFFICER, Role.SUPERVISOR,
                         Role.SERVICE_CENTRE})
RECEIPT_SALT = "shikayat.lost.receipt"
RECEIPT_LINK_DAYS = 30
REFUSED = _("Too many reports from this mobile number or connection. Please try again tomorrow, or visit the "
            "police station.")


def _rate(key: str, default: str) -> ratelimit.Rate | None:
    return ratelimit.Rate.parse(settings.SHIKAYAT.get(key, default))


def _top_path() -> str:
    """Where a report with no station is seen: the top of the force (every supervisor above a station)."""
    top = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    return top.path if top else "/"


def report_lost(*, channel: str, data: dict, client: str = "", now: datetime | None = None) -> LostReport:
    """Record a loss and give its receipt number at once (no staff step). `data["mobile"]` must be a number the
    citizen proved to hold (OTP on the web, the WhatsApp sender). All or nothing; rate limited per mobile and
    per client (`client` as ratelimit.request_client or "wa:<id>")."""
    now = now or clock.now()
    clean = rules.clean_report(data, today=timezone.localdate(now), channel=channel)
    mobile = clean.fields["mobile"]
    ratelimit.check("lost-mobile", mobile, _rate("LOST_MOBILE_RATE", "5/day"), REFUSED)
    if client:
        ratelimit.check("lost-client", client, _rate("LOST_CLIENT_RATE", "30/hour"), REFUSED)
    station = clean.station
    if station is None and clean.fields["lat"] is not None:  # the station whose area holds the point, or nearest
        station = unit_for_location(clean.fields["lat"], clean.fields["lng"])
    with transaction.atomic():
        report = LostReport.objects.create(
            number=next_number(timezone.localtime(now).year), station=station,
            station_path=station.path if station else _top_path(), reported_at=now, **clean.fields)
        if channel != "whatsapp":  # the chat itself answers with the number and link
            _tell(report, "lost_reported", "reported", "sms", receipt_url=receipt_link(report))
    return report


def withdraw(report: LostReport, *, mobile: str, now: datetime | None = None) -> LostReport:
    """The reporter (their proven mobile) withdraws the report; its receipt then checks as withdrawn."""
    now = now or clock.now()
    with transaction.atomic():
        row = LostReport.objects.select_for_update().get(pk=report.pk)
        if not mobile or row.mobile != mobile:
            raise PermissionDenied(_("Only the mobile number that made the report can withdraw it."))
        if row.status != ReportStatus.REPORTED:
            raise TransitionNotAllowed(_("This report is already “%(status)s”.")
                                       % {"status": row.get_status_display()})
        row.status, row.closed_at = ReportStatus.WITHDRAWN, now
        row.save(update_fields=["status", "closed_at"])
        _tell(row, "lost_withdrawn", "withdrawn", _reply_channel(row))
    return row


# -- the stations ------------------------------------------------------------------------------------------------

def scope_paths(user) -> list[str]:
    """The unit paths whose reports an officer sees: their postings in the roles that deal with the public."""
    if not isinstance(user, User) or not user.is_active:
        return []
    postings = Posting.objects.active().filter(user=user, role__in=STAFF_ROLES).select_related("unit")
    return [p.unit.path for p in postings]


def scope(user) -> Q:
    query = Q(pk__in=[])
    for path in scope_paths(user):
        query |= Q(station_path__startswith=path)
    return query


def record_found(*, actor, data: dict, now: datetime | None = None) -> FoundArticle:
    """A found article, kept at one of the officer's stations."""
    now = now or clock.now()
    errors = FieldErrors()
    kind = field_text(data, "kind")
    if kind not in Kind.values:
        errors.add("kind", _("Choose what was found."))
    identifier = " ".join(field_text(data, "identifier").split())
    if kind in Kind.values and (problem := rules.identifier_problem(kind, identifier)):
        errors.add("identifier", problem)
    station = rules.find_station(field_text(data, "station"))
    if station is None:
        errors.add("station", _("Choose the police station where it is kept."))
    elif not any(station.path.startswith(path) for path in scope_paths(actor)):
        raise PermissionDenied(_("You can record found articles only for your own stations."))
    found_on = rules.parse_date(data.get("found_on"))
    if problem := rules.found_date_problem(found_on, timezone.localdate(now)):
        errors.add("found_on", problem)
    texts = {key: " ".join(field_text(data, key).split()) for key in ("found_place", "kept_at", "description")}
    for key, limit in (("found_place", 200), ("kept_at", 200)):
        if not texts[key]:
            errors.add(key, _("Required."))
        elif len(texts[key]) > limit:
            errors.add(key, _("At most %(max)d characters.") % {"max": limit})
    if len(texts["description"]) > 500:
        errors.add("description", _("At most %(max)d characters.") % {"max": 500})
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))
    return FoundArticle.objects.create(
        kind=kind, identifier=identifier, identifier_key=rules.identifier_key(identifier), station=station,
        station_path=station.path, found_on=found_on, recorded_at=now, recorded_by=actor, **texts)


def matches(found: FoundArticle) -> list[LostReport]:
    """Open reports of the same kind whose identifier is the found one's: the exact text first, then the same
    letters and digits (case, spaces and dashes ignored)."""
    if not found.identifier_key or found.report_id:
        return []
    rows = list(LostReport.objects.filter(kind=found.kind, identifier_key=found.identifier_key,
                                          status=ReportStatus.REPORTED).select_related("station")[:20])
    return sorted(rows, key=lambda row: (row.identifier != found.identifier, row.reported_at))


def confirm_match(found: FoundArticle, report: LostReport, *, actor, now: datetime | None = None) -> FoundArticle:
    """The station confirms the found article is the one reported: the report is marked found and the reporter
    told where to collect it."""
    now = now or clock.now()
    with transaction.atomic():
        row = FoundArticle.objects.select_for_update().select_related("station").get(pk=found.pk)
        lost = LostReport.objects.select_for_update().get(pk=report.pk)
        if not any(row.station_path.startswith(path) for path in scope_paths(actor)):
            raise PermissionDenied(_("Only the officers of the station keeping the article can confirm it."))
        if row.report_id is not None:
            raise TransitionNotAllowed(_("This article is already matched to a report."))
        if lost.status != ReportStatus.REPORTED:
            raise TransitionNotAllowed(_("This report is already “%(status)s”.")
                                       % {"status": lost.get_status_display()})
        if lost.kind != row.kind or not row.identifier_key or lost.identifier_key != row.identifier_key:
            raise InvalidInput(_("The report's identifier is not the found article's."))
        row.report, row.matched_at, row.matched_by = lost, now, actor
        row.save(update_fields=["report", "matched_at", "matched_by"])
        lost.status, lost.closed_at = ReportStatus.FOUND, now
        lost.save(update_fields=["status", "closed_at"])
        with translation.override(lost.language):
            station = row.station.name_in(lost.language)
        _tell(lost, "lost_found", "found", _reply_channel(lost), kept_at=row.kept_at, station=station)
    return row


# -- messages and links ------------------------------------------------------------------------------------------

def _reply_channel(report: LostReport) -> str:
    return "whatsapp" if report.channel == "whatsapp" else "sms"


def _tell(report: LostReport, template: str, key: str, channel: str, **context) -> None:
    from shikayat.notifications.outbox import enqueue

    with translation.override(report.language):
        kind = str(Kind(report.kind).label)
    enqueue(channel=channel, recipient=report.mobile, template=template, language=report.language,
            context={"number": report.number, "kind": kind, **context},
            dedupe_key=f"lost:{report.number}:{key}:{channel}")


def receipt_link(report: LostReport) -> str:
    """A link to the receipt's PDF for the reporter's own mobile (valid RECEIPT_LINK_DAYS days; later, by number
    and a one-time code on the web)."""
    return public_url(f"/lost/receipt/{signing.dumps(report.number, salt=RECEIPT_SALT)}/")


def report_for_link(token: str) -> LostReport:
    try:
        number = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_LINK_DAYS * 86400)
    except signing.BadSignature as error:
        raise NotFound(_("This link is not valid or has expired. Open your reports with your mobile number.")) \
            from error
    return LostReport.objects.select_related("station").get(number=number)


def verification_url(report: LostReport) -> str:
    return public_url(verification.path(report.number))


# -- verification ------------------------------------------------------------------------------------------------

def checked(number: str) -> verification.Checked | None:
    """A receipt as the verification page shows it (registered in apps.py): never the reporter's CNIC or mobile."""
    report = LostReport.objects.select_related("station").filter(number=number).first()
    if report is None:
        return None
    facts = [(_("Receipt number"), report.number), (_("What was lost"), report.get_kind_display())]
    if report.masked_identifier:
        facts.append((_("Identifier (last 4)"), report.masked_identifier))
    facts += [(_("Place"), report.place or (report.station.name if report.station else "")),
              (_("Date lost"), report.lost_on), (_("Date reported"), report.reported_at)]
    if report.station:
        facts.append((_("Police station"), report.station.name))
    if report.status == ReportStatus.FOUND:
        facts.append((_("Status"), report.get_status_display()))
    return verification.Checked(
        verification.REVOKED if report.status == ReportStatus.WITHDRAWN else verification.GENUINE,
        title=_("Lost-article report"), number=report.number, facts=tuple(facts),
        revoked_at=report.closed_at if report.status == ReportStatus.WITHDRAWN else None)


def today(now: datetime | None = None) -> date:
    return timezone.localdate(now or clock.now())
