"""The accused officers of a complaint against police, and the units barred
from it: reading them from any channel's input, and recording them."""

import os
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shikayat.accounts.models import Posting, Rank, User
from shikayat.categories.models import SOP, Handling
from shikayat.complaints import routing
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import BarPath, ancestor_paths, is_barred_path
from shikayat.core.errors import InvalidInput
from shikayat.core.refcache import reference
from shikayat.jurisdictions.models import Unit, UnitLevel, path_ids
from shikayat.jurisdictions.selectors import unit_table

from . import naming
from .models import Accused, Bar

MAX_ACCUSED = 10
MAX_DESCRIPTION = 200


@dataclass(frozen=True)
class AccusedInput:
    """One accused: `officer` from the register when identified for certain, else only described, with the
    rank and police stations the description names (`rank`, `stations`). `certain` is False for an officer
    read out of the complaint's own text rather than named as the accused: the branch still confirms it."""

    officer: User | None
    description: str
    rank: int | None = None
    stations: tuple[int, ...] = ()
    certain: bool = True

    @property
    def seniority(self) -> int | None:
        return self.officer.rank if self.officer is not None else self.rank


def find_officer(reference: str) -> User | None:
    """An active officer by belt number or username (the register)."""
    reference = reference.strip()
    if not reference:
        return None
    return (User.objects.filter(is_active=True, rank__isnull=False)
            .filter(Q(belt_number__iexact=reference) | Q(username=reference)).order_by("pk").first())


def clean_accused(raw, sop: SOP | None, place: Unit | None = None) -> list[AccusedInput]:
    """Read `accused` from a channel's input: a list of {"officer": belt number
    or username} and/or {"description": "name, rank, station as known"}, or one
    line of text. A description is read against the officer register (see
    naming.read): an exact belt number or user name, or a name with a rank and
    a station (named, or the place of the incident) that fit one officer only.
    Raises InvalidInput (field "accused") on anything else."""
    if raw in (None, "", []):
        return []
    items = [{"description": raw}] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise _invalid(_("Give the accused officers as a list of {officer, description}."))
    if sop is not None and sop.handling != Handling.AGAINST_POLICE:
        raise _invalid(_("Only complaints against police name an accused officer."))
    if len(items) > MAX_ACCUSED:
        raise _invalid(_("At most %(max)d accused officers.") % {"max": MAX_ACCUSED})
    found = []
    for item in items:
        reference = str(item.get("officer") or "").strip()
        description = str(item.get("description") or "").strip()
        if len(description) > MAX_DESCRIPTION:
            raise _invalid(_("Describe each accused officer in at most %(max)d characters.") % {"max": MAX_DESCRIPTION})
        officer = find_officer(reference) if reference else None
        if reference and officer is None:
            raise _invalid(_("No serving officer with belt number or user name “%(ref)s”; describe the officer "
                             "instead.") % {"ref": reference[:40]})
        if officer is None and not description:
            raise _invalid(_("Name the accused officer or describe them (name, rank, police station)."))
        if officer is not None:
            found.append(AccusedInput(officer=officer, description=description))
            continue
        reading = naming.read(description, place)
        found.extend([AccusedInput(officer=one, description=description) for one in reading.officers]
                     or [AccusedInput(officer=None, description=description, rank=reading.rank,
                                      stations=tuple(reading.stations))])
    return found


def accused_in_text(text: str, place: Unit | None) -> list[AccusedInput]:
    """A complaint against police that names no accused (an SMS, an email, a bot user who skipped the
    question): whoever its own words identify, to be confirmed by the accountability branch, or else one
    undescribed accused with the rank and stations the words name."""
    reading = naming.read(text, place)
    described = NOT_NAMED if not reading.officers else FROM_TEXT
    return ([AccusedInput(officer=one, description=described, certain=False) for one in reading.officers]
            or [AccusedInput(officer=None, description=described, rank=reading.rank, stations=tuple(reading.stations),
                             certain=False)])


# Stored on the accused row in English and shown in the reader's language (accountability_tags.accused_text).
NOT_NAMED = gettext_noop("Not named: to be identified from the complaint")
FROM_TEXT = gettext_noop("Read from the complaint's text")


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"accused": [message]})


def postings_of(officers: list[User]) -> dict[int, list[str]]:
    """Active posting unit paths of each officer (none read when there is no officer)."""
    paths: dict[int, list[str]] = {}
    if not officers:
        return paths
    for user_id, path in (Posting.objects.active().filter(user__in=officers)
                          .values_list("user_id", "unit__path")):
        paths.setdefault(user_id, []).append(path)
    return paths


def _chain_bars(sop: SOP, paths) -> set[BarPath]:
    """Each unit (with everything below) and, as the SOP says, that many units of its chain above it."""
    bars = set()
    for path in paths:
        bars.add(BarPath(path, True))
        above = ancestor_paths(path)[:-1]
        for upper in above[max(0, len(above) - sop.accused_chain_levels):] if sop.accused_chain_levels else []:
            bars.add(BarPath(upper, False))
    return bars


def bar_paths(sop: SOP, accused: list[AccusedInput], place: Unit | None = None,
              posted: dict[int, list[str]] | None = None) -> list[BarPath]:
    """The accused officers' units (with everything below) and, as the SOP
    says, that many units of their chain above them. An accused not yet
    identified bars the unit they could serve in (see plausible_path).
    `posted`: the officers' postings_of, when the caller has read them."""
    if sop.accused_chain_levels is None:
        return []
    if posted is None:
        posted = postings_of([item.officer for item in accused if item.officer is not None])
    paths = [path for paths in posted.values() for path in paths]
    paths += [path for item in _uncovered(accused) for path in plausible_paths(item, place)]
    return sorted(_chain_bars(sop, paths), key=lambda bar: (bar.path, bar.subtree))


def _district_depth(scheme: str) -> int:
    """Depth of the force's district level (levels are data; "district" in both Punjab and UP)."""
    return reference.get(("district-depth", scheme), lambda: UnitLevel.objects.filter(
        scheme=scheme, code="district").values_list("depth", flat=True).first() or 2)


def plausible_paths(item: AccusedInput, place: Unit | None) -> list[str]:
    """Where an accused who is only described could be posted: the district of each station the description
    names (else of the place of the incident); the region above it when the rank named heads a region; none
    for ranks above that (the whole force: only a hold at the top keeps them out)."""
    if item.rank is not None and item.rank >= Rank.ADDL_IG:
        return []
    by_id = unit_table().by_id
    units = [by_id[pk] for pk in item.stations if pk in by_id]
    if not units and place is not None:
        units = [place]
    paths = set()
    for unit in units:
        depth = _district_depth(unit.level.scheme) - (1 if item.rank is not None and item.rank >= Rank.RPO else 0)
        chain = ancestor_paths(unit.path)  # root … the unit
        paths.add(chain[min(depth, len(chain) - 1)])
    return sorted(paths)


def accused_rank(accused: list[AccusedInput]) -> int | None:
    """The most senior rank among the accused: the register's for identified officers, the rank the
    description names for the others (juniors of either never see the complaint)."""
    ranks = [item.seniority for item in accused if item.seniority]
    return max(ranks) if ranks else None


def is_pending(sop: SOP, accused: list[AccusedInput]) -> bool:
    """Whether a complaint against police must be held until the accountability branch names its accused:
    nobody named, an officer read only from the complaint's text, or someone described whom nothing keeps
    out (only a described rank strictly junior to an identified accused's is kept out by seniority)."""
    if sop.handling != Handling.AGAINST_POLICE:
        return False
    return not accused or any(not item.certain for item in accused) or bool(_uncovered(accused))


def _uncovered(accused: list[AccusedInput]) -> list[AccusedInput]:
    """The accused only described whom the identified accused's seniority does not keep out."""
    known = accused_rank([item for item in accused if item.officer is not None])
    return [item for item in accused
            if item.officer is None and (item.rank is None or known is None or item.rank >= known)]


@dataclass(frozen=True)
class Desk:
    """Where a new complaint against police goes, and what its accused and bar rows will hold (intake writes
    them from this once the complaint's row exists: record_new)."""

    unit: Unit
    bars: list[BarPath]
    pending: bool
    accused: tuple[AccusedInput, ...] = ()
    posted: dict[int, list[str]] = field(default_factory=dict)  # the identified accused's postings_of


def desk_for(sop: SOP, accused: list[AccusedInput], place: Unit | None) -> Desk:
    """Where a complaint against police goes. Identified accused: the SOP's desk (the accountability branch)
    outside their units and chain, an officer not junior to any of them. Not (fully) identified: held by the
    branch high enough that no plausible accused sees it — above the region over the districts the accused
    could serve in, or at the top of the force when a district head (or higher) is named or nothing says
    where — until the branch names the accused (actions.name_accused)."""
    pending = is_pending(sop, accused)
    posted = postings_of([item.officer for item in accused if item.officer is not None])
    bars = bar_paths(sop, accused, place, posted)
    if pending:
        return Desk(unit=hold_desk(sop, accused, place, bars, posted), bars=bars, pending=True,
                    accused=tuple(accused), posted=posted)
    unit = routing.find_desk_unit(sop, place, min_rank=max(sop.min_rank, accused_rank(accused) or 0),
                                  barred_paths=bars,
                                  excluded_officers=[item.officer for item in accused if item.officer is not None])
    return Desk(unit=unit, bars=bars, pending=False, accused=tuple(accused), posted=posted)


def hold_desk(sop: SOP, accused: list[AccusedInput], place: Unit | None, bars: list[BarPath],
              posted: dict[int, list[str]] | None = None) -> Unit:
    """The branch that holds a complaint whose accused is not identified (see desk_for)."""
    return routing.find_desk_unit(sop, _hold_start(accused, place, posted),
                                  min_rank=max(sop.min_rank, accused_rank(accused) or 0), barred_paths=bars,
                                  excluded_officers=[item.officer for item in accused if item.officer is not None])


def _hold_start(accused: list[AccusedInput], place: Unit | None,
                postings: dict[int, list[str]] | None = None) -> Unit | None:
    """The lowest unit a held complaint may sit at: the region (range) over every district the accused could
    serve in, or None (the top of the force) when a district head or higher is named or nothing says where."""
    unsure = [item for item in accused if item.officer is None or not item.certain] or [AccusedInput(None, "")]
    if any((item.seniority or 0) >= Rank.DPO for item in unsure):
        return None
    if postings is None:
        postings = postings_of([item.officer for item in accused if item.officer is not None])
    paths = []
    for item in unsure:
        found = plausible_paths(item, place) if item.officer is None else postings.get(item.officer.pk, [])
        if not found:
            return None
        paths.extend(found)
    paths.extend(path for posted in postings.values() for path in posted)
    by_id = unit_table().by_id
    parents = []
    for ids in (path_ids(path) for path in paths):
        unit = by_id.get(ids[-1])
        district = _district_depth(unit.level.scheme if unit is not None else "")
        parents.append(ids[:min(len(ids), district + 1) - 1])  # the region above the district
    common = os.path.commonprefix(parents)
    return by_id.get(common[-1]) if common else None


def record_accused(complaint: Complaint, accused: list[AccusedInput], sop: SOP, at: datetime,
                   added_by: str, place: Unit | None = None) -> list[Accused]:
    """Write the accused and the bars, and raise complaint.accused_rank (the caller saves the complaint)."""
    rows = Accused.objects.bulk_create([
        Accused(complaint=complaint, officer=item.officer, description=item.description[:MAX_DESCRIPTION],
                rank=item.seniority, added_at=at, added_by=added_by[:150],
                unit=_main_unit(item.officer) if item.officer else _named_station(item))
        for item in accused
    ])
    existing = set(Bar.objects.filter(complaint=complaint).values_list("path", "subtree"))
    Bar.objects.bulk_create([Bar(complaint=complaint, path=bar.path, subtree=bar.subtree)
                             for bar in bar_paths(sop, accused, place) if (bar.path, bar.subtree) not in existing])
    rank = accused_rank(accused)
    if rank is not None and (complaint.accused_rank is None or rank > complaint.accused_rank):
        complaint.accused_rank = rank
    complaint.__dict__.pop("_barred", None)
    return rows


def record_new(complaint: Complaint, desk: Desk, at: datetime, added_by: str) -> list[Accused]:
    """Intake: write the accused and the bars of a complaint just registered, as desk_for found them (its
    rank is already on the row), reading nothing again."""
    rows = Accused.objects.bulk_create([
        Accused(complaint=complaint, officer=item.officer, description=item.description[:MAX_DESCRIPTION],
                rank=item.seniority, added_at=at, added_by=added_by[:150],
                unit_id=_main_unit_id(desk.posted.get(item.officer.pk, [])) if item.officer else
                getattr(_named_station(item), "pk", None))
        for item in desk.accused
    ])
    Bar.objects.bulk_create([Bar(complaint=complaint, path=bar.path, subtree=bar.subtree) for bar in desk.bars])
    return rows


def _main_unit_id(paths: list[str]) -> int | None:
    """The unit of an officer's first posting in path order (as _main_unit), from their postings' paths."""
    return path_ids(min(paths))[-1] if paths else None


def _named_station(item: AccusedInput) -> Unit | None:
    return unit_table().by_id.get(item.stations[0]) if len(item.stations) == 1 else None


def _main_unit(officer: User | None):
    if officer is None:
        return None
    posting = Posting.objects.active().filter(user=officer).select_related("unit").order_by("unit__path").first()
    return posting.unit if posting else None


def complaint_bars(complaint: Complaint) -> list[BarPath]:
    return [BarPath(path, subtree) for path, subtree in complaint.bars.values_list("path", "subtree")]


def barred_reason(officer: User, complaint: Complaint) -> str | None:
    """Why `officer` may not handle this complaint against police, or None."""
    if complaint.handling != Handling.AGAINST_POLICE:
        return None
    if complaint.accused.filter(officer=officer).exists():
        return _("%(officer)s is accused in this complaint.") % {"officer": officer}
    if complaint.accused_rank is not None and (officer.rank or 0) < complaint.accused_rank:
        return _("%(officer)s is junior to an accused officer.") % {"officer": officer}
    bars = complaint_bars(complaint)
    if any(is_barred_path(path, bars) for path in postings_of([officer]).get(officer.pk, [])):
        return _("%(officer)s is posted in the accused officer's unit or chain, which the SOP bars from this "
                 "complaint.") % {"officer": officer}
    return None


def barred_officers(complaint: Complaint, officers: list[User]) -> set[int]:
    """The ids of those of `officers` barred from this complaint (see barred_reason), in three queries."""
    if complaint.handling != Handling.AGAINST_POLICE or not officers:
        return set()
    accused = set(complaint.accused.filter(officer__isnull=False).values_list("officer_id", flat=True))
    return barred_among(complaint, officers, accused, complaint_bars(complaint), postings_of(officers))


def barred_among(complaint: Complaint, officers: list[User], accused: set[int], bars: list[BarPath],
                 paths: dict[int, list[str]]) -> set[int]:
    """barred_officers from what the caller has read: the complaint's accused officers' ids and bars, and the
    officers' posting paths (the deadline sweep reads them for a whole batch)."""
    if complaint.handling != Handling.AGAINST_POLICE:
        return set()
    return {officer.pk for officer in officers
            if officer.pk in accused
            or (complaint.accused_rank is not None and (officer.rank or 0) < complaint.accused_rank)
            or any(is_barred_path(path, bars) for path in paths.get(officer.pk, []))}
