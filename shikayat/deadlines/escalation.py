"""Who a missed deadline escalates to: a supervisor up the complaint's chain."""

from shikayat.accounts.models import Posting, Role
from shikayat.jurisdictions.models import path_ids

Supervisors = dict[int, list[tuple[int, int]]]  # unit id → [(officer id, rank)]


def supervisors_by_unit() -> Supervisors:
    """Every active supervisor posting, read once per sweep (a few thousand rows at most)."""
    found: Supervisors = {}
    for unit_id, user_id, rank in (Posting.objects.active().filter(role=Role.SUPERVISOR, user__is_active=True)
                                   .values_list("unit_id", "user_id", "user__rank")):
        found.setdefault(unit_id, []).append((user_id, rank or 0))
    return found


def supervisor_above(complaint, rank: int, supervisors: Supervisors | None = None) -> int | None:
    """The id of the nearest officer of at least `rank` posted as supervisor
    in the complaint's unit or above it. Never the officer holding the
    complaint; once escalated, only someone posted above the present
    escalation officer (one level up the chain). None when nobody fits up to
    the top: the complaint stays where it is."""
    chain = path_ids(complaint.unit_path)  # root … the unit
    supervisors = supervisors_by_unit() if supervisors is None else supervisors
    posted = [(depth, user_id, officer_rank) for depth, unit_id in enumerate(chain)
              for user_id, officer_rank in supervisors.get(unit_id, [])]
    ceiling = len(chain)
    if complaint.escalated_to_id is not None:
        held = [depth for depth, user_id, _rank in posted if user_id == complaint.escalated_to_id]
        ceiling = max(held) if held else ceiling
    candidates = [(depth, -officer_rank, -user_id) for depth, user_id, officer_rank in posted
                  if depth < ceiling and officer_rank >= rank
                  and user_id not in (complaint.assignee_id, complaint.escalated_to_id)]
    return -max(candidates)[2] if candidates else None
