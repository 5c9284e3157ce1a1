"""Reads for the officers' pages: the inbox per role and the permits' delay ledger, scoped by postings."""

from django.db.models import Q, QuerySet

from shikayat.accounts.models import Posting, Role, User
from shikayat.deadlines.ledger import scope_paths

from .models import PermitApplication, PermitDelay, PermitStatus

SHOWN = 200


def _paths(user: User, role: str) -> list[str]:
    return [p.unit.path for p in Posting.objects.active().filter(user=user, role=role).select_related("unit")]


def _under(paths: list[str], field: str) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def inbox(user: User) -> dict[str, QuerySet[PermitApplication]]:
    """Per role the user holds: the applications awaiting that role's step within the user's units."""
    rows = PermitApplication.objects.select_related("station", "district").order_by("due_at", "pk")
    found = {}
    if paths := _paths(user, Role.STATION_HEAD):
        found["station"] = rows.filter(_under(paths, "station_path"), status=PermitStatus.SUBMITTED,
                                       station_reported_at__isnull=True)
    if paths := _paths(user, Role.SPECIAL_BRANCH):
        found["branch"] = rows.filter(_under(paths, "district__path"), status=PermitStatus.SUBMITTED,
                                      branch_reported_at__isnull=True)
    if paths := _paths(user, Role.SUPERVISOR):
        found["decision"] = rows.filter(_under(paths, "district__path"), status=PermitStatus.REPORTED)
    return found


def visible(user: User) -> Q:
    """Applications the user may open: in the units of any posting in a permits role."""
    heads = _paths(user, Role.STATION_HEAD)
    query = _under(heads, "station_path") | _under(heads, "stations_passed__path")
    for role in (Role.SPECIAL_BRANCH, Role.SUPERVISOR):
        query |= _under(_paths(user, role), "district__path")
    return query


def late(user: User) -> QuerySet[PermitDelay]:
    """The late applications charged within the viewer's jurisdiction (supervisors, station heads, the
    accountability branch and the complaint cell, as the complaints' ledger), the latest first."""
    return (PermitDelay.objects.filter(_under(scope_paths(user), "unit_path"))
            .select_related("application__station", "officer", "unit").order_by("-detected_at", "-pk"))
