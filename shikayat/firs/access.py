"""Who may import FIRs and which FIRs an officer sees (by the units of their postings, like every officer page)."""

from django.db.models import Q, QuerySet

from shikayat.accounts.models import Role, User
from shikayat.complaints.permissions import active_postings
from shikayat.jurisdictions.models import Unit

from .models import Fir, FirCopy, FirCopyRefusal

IMPORT_ROLES = frozenset({Role.COMPLAINT_CELL, Role.ADMIN})


def may_import(user: User) -> bool:
    return user.is_active and any(p.role in IMPORT_ROLES for p in active_postings(user))


def may_see(user: User) -> bool:
    return user.is_active and bool(active_postings(user))


def _paths(user: User) -> list[str]:
    return [p.unit.path for p in active_postings(user)] if user.is_active else []


def _within(paths: list[str], field: str) -> Q:
    match = Q(pk__in=[])
    for path in paths:
        match |= Q(**{f"{field}__startswith": path})
    return match


def firs_for(user: User) -> QuerySet[Fir]:
    return Fir.objects.filter(_within(_paths(user), "unit_path")).select_related("unit")


def copies_for(user: User) -> QuerySet[FirCopy]:
    return FirCopy.objects.filter(_within(_paths(user), "fir__unit_path")).select_related("fir__unit")


def refusals_for(user: User) -> QuerySet[FirCopyRefusal]:
    """Refused requests naming one of the user's stations (a station code typed is kept as given)."""
    codes = Unit.objects.filter(_within(_paths(user), "path")).values("code")
    return FirCopyRefusal.objects.filter(unit_code__in=codes)
