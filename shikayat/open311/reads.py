"""GET requests: complaints as GeoReport v2 service requests, for an API key only (our own /track/ asks for the
E-tag and the mobile, so the open web reads nothing here). Never listed, whoever asks (even the key that posted
it): a complaint of a confidential category or a special handling (against police, gender harassment). Never any
personal data: no name, mobile, email or CNIC in any field. A complaint another key (or another channel) brought
in reads coarse: no description or media_url, the station's area for the address, lat/long to 2 decimals; only
the key that posted it gets its description and exact place back. One query for the page's complaints (with
their holding unit, category and Open311 source) and one for their latest public steps."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.categories.models import Handling
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.workflow import TERMINAL
from shikayat.core.errors import InvalidInput
from shikayat.integrations.models import Integrator
from shikayat.updates import wording

from . import catalogue
from .render import Open311Error, about

MAX_RESULTS = 1000
MAX_SPAN = timedelta(days=90)
STATUSES = ("open", "closed")
# A zone's "+" sent unencoded in a query string arrives as a space ("…T14:30:00 05:00"): read it as the "+".
ZONE_AS_SPACE = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$")
# Steps whose citizen wording quotes what an officer wrote (a resolution, a rejection's explanation, an enquiry's
# outcome): free text that may name people. Only the key that posted the complaint reads it; others read this.
PLAIN = {
    "approve_resolution": gettext_lazy("The police proposed a resolution of this complaint."),
    "approve_rejection": gettext_lazy("This complaint was not taken forward."),
    "inform_outcome": gettext_lazy("The enquiry into this complaint is complete."),
}


@dataclass(frozen=True)
class Query:
    ids: tuple[str, ...]
    codes: tuple[str, ...]
    statuses: tuple[str, ...]
    start: datetime
    end: datetime


def _when(params, name: str) -> datetime | None:
    raw = ZONE_AS_SPACE.sub(r"\1+\2", (params.get(name) or "").strip())
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise Open311Error(400, about(name, _("Give a W3C date and time with its zone, like "
                                              "2026-11-23T14:30:00+05:00 or 2026-11-23T09:30:00Z.")))
    return value


def _listed(params, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in (params.get(name) or "").split(",") if part.strip()))


def parse(params, now: datetime) -> Query:
    """The list's parameters, or Open311Error(400) naming the one that is wrong."""
    ids = []
    for raw in _listed(params, "service_request_id")[:MAX_RESULTS]:
        try:
            ids.append(etags.normalise(raw))
        except InvalidInput as error:
            raise Open311Error(400, about("service_request_id", str(error.message))) from error
    statuses = _listed(params, "status")
    if any(status not in STATUSES for status in statuses):
        raise Open311Error(400, about("status", _("Give open or closed (or both, comma separated).")))
    start, end = _when(params, "start_date"), _when(params, "end_date")
    end = end or (start + MAX_SPAN if start else now)
    start = start or end - MAX_SPAN
    if start > end:
        raise Open311Error(400, _("start_date must be before end_date."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("The dates may span at most 90 days."))
    return Query(ids=tuple(ids), codes=_listed(params, "service_code"), statuses=statuses, start=start, end=end)


def _told():
    return Q(is_public=True) | Q(action__in=wording.TOLD_WITHOUT_NOTE)


def visible(integrator: Integrator):
    """The complaints this key may read: open services only (its chosen ones, if any), never confidential."""
    services = catalogue.services(integrator)
    return Complaint.objects.filter(category_id__in=[s.category.pk for s in services.values()],
                                    is_confidential=False, handling=Handling.GENERAL), services


def readable(integrator: Integrator, complaint_id: int) -> bool:
    """Whether this key may read the complaint (every read path asks the same: visible())."""
    return visible(integrator)[0].filter(pk=complaint_id).exists()


def _page(rows) -> list[tuple[Complaint, ComplaintEvent | None]]:
    latest = ComplaintEvent.objects.filter(_told(), complaint_id=OuterRef("pk")).order_by("-at", "-id")
    # The category's SOP (and its parent's) come along: the citizen's wording of a decision names the appeal window.
    complaints = list(rows.select_related("category__sop", "category__parent__sop", "unit", "incident_unit",
                                          "assignee", "escalated_to", "open311_request")
                      .annotate(latest_step=Subquery(latest.values("id")[:1]))[:MAX_RESULTS])
    events = ComplaintEvent.objects.in_bulk([c.latest_step for c in complaints if c.latest_step])
    return [(complaint, events.get(complaint.latest_step)) for complaint in complaints]


def search(integrator: Integrator, query: Query) -> list[tuple[Complaint, ComplaintEvent | None]]:
    rows, services = visible(integrator)
    if query.ids:  # the spec: service_request_id overrides every other parameter
        rows = rows.filter(etag__in=query.ids)
    else:
        rows = rows.filter(received_at__gte=query.start, received_at__lte=query.end)
        if query.codes:
            rows = rows.filter(category_id__in=[services[c].category.pk for c in query.codes if c in services])
        if query.statuses == ("open",):
            rows = rows.exclude(status__in=TERMINAL)
        elif query.statuses == ("closed",):
            rows = rows.filter(status__in=TERMINAL)
    return _page(rows.order_by("-received_at", "-id"))


def one(integrator: Integrator, raw_id: str) -> tuple[Complaint, ComplaintEvent | None]:
    """The request, or 404 as if absent (a confidential one, another service's, a malformed id alike)."""
    try:
        etag = etags.normalise(raw_id)
    except InvalidInput:
        etag = ""
    found = _page(visible(integrator)[0].filter(etag=etag)) if etag else []
    if not found:
        raise Open311Error(404, _("There is no service request %(id)s.") % {"id": raw_id[:20]})
    return found[0]


def _stamp(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _coordinate(value: Decimal | None, exact: bool) -> float | None:
    if value is None:
        return None
    return float(value) if exact else float(value.quantize(Decimal("0.01")))


def expected(complaint: Complaint) -> datetime | None:
    """The next deadline the complainant is promised (as /track/ shows it): the officer's contact, then the
    enquiry report; none once a resolution is proposed or the complaint is closed."""
    if not complaint.is_open or complaint.resolution_proposed_at is not None:
        return None
    return complaint.contact_due_at if complaint.first_contacted_at is None else complaint.report_due_at


def status_notes(complaint: Complaint, event: ComplaintEvent | None, lang: str, own: bool) -> str:
    if event is None:
        return ""
    if not own and event.action in PLAIN:
        return str(PLAIN[event.action])
    line = wording.line(event, complaint, lang)
    return line.text if line else ""


def request_row(complaint: Complaint, event: ComplaintEvent | None, integrator: Integrator, lang: str) -> dict:
    """One service request, in the spec's fields and order; `own`: posted by this key."""
    source = getattr(complaint, "open311_request", None)
    own = source is not None and source.integrator_id == integrator.pk
    place = complaint.incident_unit or complaint.unit
    return {
        "service_request_id": complaint.etag_display,
        "status": "closed" if complaint.status in TERMINAL else "open",
        "status_notes": status_notes(complaint, event, lang, own),
        "service_name": complaint.category.name_in(lang),
        "service_code": complaint.category.code,
        "description": complaint.description if own else "",
        "agency_responsible": complaint.unit.name_in(lang),
        "service_notice": "",
        "requested_datetime": _stamp(complaint.received_at),
        "updated_datetime": _stamp(event.at if event else complaint.received_at),
        "expected_datetime": _stamp(expected(complaint)),
        "address": (complaint.incident_address or place.name_in(lang)) if own else place.name_in(lang),
        "address_id": source.address_id if own else "",
        "zipcode": "",
        "lat": _coordinate(complaint.lat, own),
        "long": _coordinate(complaint.lng, own),
        "media_url": source.media_url if own else "",
    }
