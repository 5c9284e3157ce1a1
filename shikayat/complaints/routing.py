"""Where a new complaint goes: the lowest unit at or above the place of the
incident that has an officer of the SOP's minimum rank to take it.

Routing reads no database in the common case: the unit tree
(jurisdictions.selectors.unit_table) and who is posted where at which rank
(`staffing`) are reference data, cached per process and cleared on any save
or delete of units, postings and users (core.refcache; 60 s at most)."""

from collections.abc import Iterable
from dataclasses import dataclass

from shikayat.accounts.models import Posting, Role
from shikayat.categories.models import SOP
from shikayat.core.refcache import reference
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import unit_for_location, unit_table

from .permissions import is_barred_path

HANDLING_ROLES = (Role.ENQUIRY_OFFICER, Role.SUPERVISOR)


@dataclass(frozen=True)
class Staffing:
    """Active postings of active officers: per unit id and role, (rank, user id) most senior first (officers
    without a rank are left out: no SOP's minimum rank admits them)."""

    by_unit: dict[int, dict[str, tuple[tuple[int, int], ...]]]

    def officers(self, unit_id: int, roles: Iterable[str], min_rank: int, excluded: set[int]) -> bool:
        """Whether the unit has an officer of one of `roles`, of at least `min_rank`, not in `excluded`."""
        posted = self.by_unit.get(unit_id)
        if not posted:
            return False
        for role in roles:
            for rank, user_id in posted.get(role, ()):
                if rank < min_rank:
                    break
                if user_id not in excluded:
                    return True
        return False


def _load_staffing() -> Staffing:
    by_unit: dict[int, dict[str, list[tuple[int, int]]]] = {}
    rows = (Posting.objects.active().filter(user__is_active=True, user__rank__isnull=False)
            .values_list("unit_id", "role", "user__rank", "user_id"))
    for unit_id, role, rank, user_id in rows:
        by_unit.setdefault(unit_id, {}).setdefault(role, []).append((rank, user_id))
    return Staffing({unit_id: {role: tuple(sorted(officers, reverse=True)) for role, officers in roles.items()}
                     for unit_id, roles in by_unit.items()})


def staffing() -> Staffing:
    return reference.get(("staffing",), _load_staffing)


def place_unit(unit: Unit | None, lat, lng) -> Unit | None:
    if unit is not None:
        return unit
    if lat is not None and lng is not None:
        return unit_for_location(lat, lng)
    return None


def route(sop: SOP, place: Unit | None) -> Unit:
    """Cached wrapper of `find_unit` / `find_desk_unit` (see core.refcache for invalidation)."""
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
    table, posted = unit_table(), staffing()
    root = table.root
    chain = place.ancestor_ids() if place is not None else [root.pk] if root is not None else []  # root … place
    rank = sop.min_rank if min_rank is None else min_rank
    excluded = {getattr(officer, "pk", officer) for officer in excluded_officers}
    barred = list(barred_paths)
    for roles in ([[sop.desk_role]] if sop.desk_role else []) + [list(HANDLING_ROLES)]:
        for unit_id in reversed(chain):  # the deepest first
            unit = table.by_id.get(unit_id)
            if (unit is not None and posted.officers(unit_id, roles, rank, excluded)
                    and not is_barred_path(unit.path, barred)):
                return unit
    return root


def find_unit(sop: SOP, place: Unit | None) -> Unit:
    """The unit responsible for a complaint of this SOP at this place.

    Without a place the complaint goes to the top of the force (the CPO's
    complaint cell), which routes it by hand."""
    table = unit_table()
    if place is None:
        return table.root
    chain = place.ancestor_ids()  # root … place
    posted = staffing()
    for unit_id in reversed(chain):
        if posted.officers(unit_id, HANDLING_ROLES, sop.min_rank, set()):
            return place if unit_id == place.pk else table.by_id[unit_id]
    return table.by_id[chain[0]]
