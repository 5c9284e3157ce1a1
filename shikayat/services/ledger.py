"""Reads of the services' delay ledger (ServiceDelay) for its page, scoped like the complaints' ledger: the
viewer's postings as supervisor, station head, accountability branch or complaint cell
(deadlines.ledger.scope_paths). Counts the period as the dashboards do: from the start of its first local day."""

from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from shikayat.accounts.models import User
from shikayat.deadlines.ledger import scope_paths

from .models import ServiceDelay

PERIODS = (7, 30, 90, 365)
SHOWN = 200


def period_start(now: datetime, days: int) -> datetime:
    first = timezone.localdate(now) - timedelta(days=days - 1)
    return timezone.make_aware(datetime.combine(first, time.min))


def entries(user: User, *, now: datetime, days: int, within: str | None = None, officer_id: int | None = None,
            centre_id: int | None = None) -> QuerySet[ServiceDelay]:
    """Late applications charged in the viewer's jurisdiction and found late in the period, the latest first."""
    scope = Q(pk__in=[])
    for path in scope_paths(user):
        scope |= Q(unit_path__startswith=path)
    rows = ServiceDelay.objects.filter(scope, detected_at__gte=period_start(now, days))
    if within:
        rows = rows.filter(unit_path__startswith=within)
    if officer_id is not None:
        rows = rows.filter(officer_id=officer_id)
    if centre_id is not None:
        rows = rows.filter(centre_id=centre_id)
    return rows.select_related("request__service", "request__station", "officer", "unit", "centre").order_by(
        "-detected_at", "-pk")
