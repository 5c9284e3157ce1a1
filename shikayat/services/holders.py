"""Who held a service application when its deadline passed: the one the delay ledger charges (ServiceDelay).

An application has no marked officer as a complaint has; what it waits for says who holds it:
- the station's address report (submitted, the service verifies addresses): the applicant's police station,
  charged to its station head (SHO) when the station has exactly one;
- otherwise the record check and the decision: the service centre's district (the station's when no centre
  was chosen), charged to the service-centre staff member who last acted on it (who took it at the counter,
  or checked the record), if that member is still posted over it; else to the unit alone.

Read for a whole batch of the sweep at once: one query each for services, centres, station heads, events and
staff postings."""

from dataclasses import dataclass

from shikayat.accounts.models import Posting, Role, User
from shikayat.jurisdictions.models import Unit

from .models import DelayStage, RequestEvent, RequestStatus, Service, ServiceCentre, ServiceRequest


@dataclass(frozen=True)
class Holder:
    stage: str
    unit: Unit
    officer: User | None
    centre: ServiceCentre | None


def holders(requests: list[ServiceRequest], stations: dict[int, Unit]) -> dict[int, Holder]:
    """{request pk: Holder} for applications still open (the sweep's batch)."""
    services = Service.objects.in_bulk({r.service_id for r in requests})
    centres = ServiceCentre.objects.select_related("unit").in_bulk({r.centre_id for r in requests if r.centre_id})
    at_station = [r for r in requests if _awaits_address(r, services[r.service_id])]
    heads = _station_heads({r.station_id for r in at_station})
    staff = _last_staff([r for r in requests if r not in at_station], centres)
    held = {}
    for r in requests:
        centre = centres.get(r.centre_id)
        if r in at_station:
            held[r.pk] = Holder(DelayStage.ADDRESS, stations[r.station_id], heads.get(r.station_id), centre)
        else:
            desk = centre.unit if centre else stations[r.station_id]
            held[r.pk] = Holder(DelayStage.DECISION, desk, staff.get(r.pk), centre)
    return held


def _awaits_address(request: ServiceRequest, service: Service) -> bool:
    return request.status == RequestStatus.SUBMITTED and service.needs_address_verification


def _station_heads(station_ids: set[int]) -> dict[int, User]:
    """Each station's head, where the station has exactly one active."""
    found: dict[int, list[User]] = {}
    for posting in Posting.objects.active().filter(unit_id__in=station_ids, role=Role.STATION_HEAD,
                                                   user__is_active=True).select_related("user"):
        found.setdefault(posting.unit_id, []).append(posting.user)
    return {unit: users[0] for unit, users in found.items() if len({u.pk for u in users}) == 1}


def _last_staff(requests: list[ServiceRequest], centres: dict[int, ServiceCentre]) -> dict[int, User]:
    """The service-centre staff member who last acted on each application, while still posted over it."""
    if not requests:
        return {}
    events = list(RequestEvent.objects.filter(request__in=requests, actor__isnull=False)
                  .order_by("at", "id").values_list("request_id", "actor_id"))
    paths: dict[int, list[str]] = {}
    users: dict[int, User] = {}
    for posting in Posting.objects.active().filter(user_id__in={actor for _r, actor in events},
                                                   role=Role.SERVICE_CENTRE,
                                                   user__is_active=True).select_related("unit", "user"):
        paths.setdefault(posting.user_id, []).append(posting.unit.path)
        users[posting.user_id] = posting.user
    covered = {r.pk: [r.station_path] + ([centres[r.centre_id].unit.path] if r.centre_id in centres else [])
               for r in requests}
    held = {}
    for request_id, actor in events:  # the latest wins
        if any(c.startswith(p) for p in paths.get(actor, []) for c in covered[request_id]):
            held[request_id] = users[actor]
    return held
