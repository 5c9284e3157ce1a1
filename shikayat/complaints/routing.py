"""Where a new complaint goes: the lowest unit at or above the place of the
incident that has an officer of the SOP's minimum rank to take it."""

from shikayat.accounts.models import Posting, Role
from shikayat.categories.models import SOP
from shikayat.core.refcache import reference
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import unit_for_location

from .permissions import is_barred_path

HANDLING_ROLES = (Role.ENQUIRY_OFFICER, Role.SUPERVISOR)


def place_unit(unit: Unit | None, lat, lng) -> Unit | None:
    if unit is not None:
        return unit
    if lat is not None and lng is not None:
        return unit_for_location(lat, lng)
    return None


def route(sop: SOP, place: Unit | None) -> Unit:
    """Cached wrapper of `find_unit` (see core.refcache for invalidation)."""
    if sop.desk_role:
        key = ("route-desk", sop.desk_role, sop.min_rank, place.pk if place else None)
        return reference.get(key, lambda: find_desk_unit(sop, place))
    key = ("route", sop.min_rank, place.pk if place else None)
    return reference.get(key, lambda: find_unit(sop, place))


def find_desk_unit(sop: SOP, place: Unit | None, *, min_rank: int | None = None, barred_paths=(),
                   excluded_officers=()) -> Unit:
    """The nearest unit at or above the place with an officer of the SOP's
    desk role (the accountability branch, the women officers' cell) of at
    least `min_rank` (default: the SOP's) who is not excluded and not posted
    in a barred unit; failing that, one with an enquiry officer or
    supervisor; failing that, the top of the force.

    `barred_paths` holds permissions.BarPath rows: against police,
    the accused's unit (and below) and part of their chain."""
    root = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    chain = place.ancestor_ids() if place is not None else [root.pk]  # root … place
    rank = sop.min_rank if min_rank is None else min_rank
    for roles in ([[sop.desk_role]] if sop.desk_role else []) + [list(HANDLING_ROLES)]:
        postings = (Posting.objects.active()
                    .filter(unit_id__in=chain, role__in=roles, user__is_active=True, user__rank__gte=rank)
                    .exclude(user__in=list(excluded_officers)).select_related("unit"))
        fitting = [p.unit for p in postings if not is_barred_path(p.unit.path, list(barred_paths))]
        if fitting:
            return max(fitting, key=lambda unit: len(unit.path))
    return root


def find_unit(sop: SOP, place: Unit | None) -> Unit:
    """The unit responsible for a complaint of this SOP at this place.

    Without a place the complaint goes to the top of the force (the CPO's
    complaint cell), which routes it by hand."""
    if place is None:
        return Unit.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    chain = place.ancestor_ids()  # root … place
    staffed = set(
        Posting.objects.active()
        .filter(unit_id__in=chain, role__in=HANDLING_ROLES, user__is_active=True, user__rank__gte=sop.min_rank)
        .values_list("unit_id", flat=True)
    )
    for unit_id in reversed(chain):
        if unit_id in staffed:
            return place if unit_id == place.pk else Unit.objects.get(pk=unit_id)
    return Unit.objects.get(pk=chain[0])
