"""The accused officers of a complaint against police, and the units barred
from it: reading them from any channel's input, and recording them."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from shikayat.accounts.models import Posting, User
from shikayat.categories.models import SOP, Handling
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import ancestor_paths
from shikayat.core.errors import InvalidInput

from .models import Accused, Bar

MAX_ACCUSED = 10
MAX_DESCRIPTION = 200


@dataclass(frozen=True)
class AccusedInput:
    officer: User | None
    description: str


@dataclass(frozen=True)
class BarPath:
    path: str
    subtree: bool


def find_officer(reference: str) -> User | None:
    """An active officer by belt number or username (the register)."""
    reference = reference.strip()
    if not reference:
        return None
    return (User.objects.filter(is_active=True, rank__isnull=False)
            .filter(Q(belt_number__iexact=reference) | Q(username=reference)).order_by("pk").first())


def clean_accused(raw, sop: SOP | None) -> list[AccusedInput]:
    """Read `accused` from a channel's input: a list of {"officer": belt number
    or username} and/or {"description": "name, rank, station as known"}, or one
    line of text. Raises InvalidInput (field "accused") on anything else."""
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
        found.append(AccusedInput(officer=officer, description=description))
    return found


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"accused": [message]})


def postings_of(officers: list[User]) -> dict[int, list[str]]:
    """Active posting unit paths of each officer."""
    paths: dict[int, list[str]] = {}
    for user_id, path in (Posting.objects.active().filter(user__in=officers)
                          .values_list("user_id", "unit__path")):
        paths.setdefault(user_id, []).append(path)
    return paths


def bar_paths(sop: SOP, accused: list[AccusedInput]) -> list[BarPath]:
    """The accused officers' units (with everything below) and, as the SOP
    says, that many units of their chain above them."""
    if sop.accused_chain_levels is None:
        return []
    officers = [item.officer for item in accused if item.officer is not None]
    bars = set()
    for paths in postings_of(officers).values():
        for path in paths:
            bars.add(BarPath(path, True))
            above = ancestor_paths(path)[:-1]
            for upper in above[max(0, len(above) - sop.accused_chain_levels):] if sop.accused_chain_levels else []:
                bars.add(BarPath(upper, False))
    return sorted(bars, key=lambda bar: (bar.path, bar.subtree))


def is_barred_path(path: str, bars: list[BarPath]) -> bool:
    return any(path.startswith(bar.path) if bar.subtree else path == bar.path for bar in bars)


def accused_rank(accused: list[AccusedInput]) -> int | None:
    ranks = [item.officer.rank for item in accused if item.officer is not None and item.officer.rank]
    return max(ranks) if ranks else None


def record_accused(complaint: Complaint, accused: list[AccusedInput], sop: SOP, at: datetime,
                   added_by: str) -> list[Accused]:
    """Write the accused and the bars, and raise complaint.accused_rank (the caller saves the complaint)."""
    rows = Accused.objects.bulk_create([
        Accused(complaint=complaint, officer=item.officer, description=item.description[:MAX_DESCRIPTION],
                rank=item.officer.rank if item.officer else None, added_at=at, added_by=added_by[:150],
                unit=_main_unit(item.officer))
        for item in accused
    ])
    existing = set(Bar.objects.filter(complaint=complaint).values_list("path", "subtree"))
    Bar.objects.bulk_create([Bar(complaint=complaint, path=bar.path, subtree=bar.subtree)
                             for bar in bar_paths(sop, accused) if (bar.path, bar.subtree) not in existing])
    rank = accused_rank(accused)
    if rank is not None and (complaint.accused_rank is None or rank > complaint.accused_rank):
        complaint.accused_rank = rank
    complaint.__dict__.pop("_barred", None)
    return rows


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
    bars = complaint_bars(complaint)
    paths = postings_of(officers)
    return {officer.pk for officer in officers
            if officer.pk in accused
            or (complaint.accused_rank is not None and (officer.rank or 0) < complaint.accused_rank)
            or any(is_barred_path(path, bars) for path in paths.get(officer.pk, []))}
