"""SOS alerts on a unit's dashboard: how many were raised in the period at the stations of its subtree, how many
were acknowledged within SOS_ACKNOWLEDGE_MINUTES, and how many nobody has acknowledged. Counted straight from
SosAlert, as the service applications are: a handful a day per district, one aggregate query, no rollup to keep.
Alerts with no station known belong to no unit and are counted nowhere (the console shows them)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Q

from shikayat.jurisdictions.models import Unit
from shikayat.sos.models import SosAlert

from .figures import _ratio, period
from .services import _start


def acknowledge_minutes() -> int:
    return int(settings.SHIKAYAT.get("SOS_ACKNOWLEDGE_MINUTES", 2))


@dataclass(frozen=True)
class SosFigures:
    raised: int
    acknowledged: int
    within: int  # acknowledged within `minutes` of being raised
    minutes: int

    @property
    def unacknowledged(self) -> int:
        return self.raised - self.acknowledged

    @property
    def within_rate(self) -> float | None:
        return _ratio(self.within, self.raised)


def of_unit(unit: Unit, *, now: datetime, days: int = 30) -> SosFigures:
    """The alerts raised in the dashboard's period (its local days) at stations of the unit's subtree."""
    since, until = period(now, days)
    minutes = acknowledge_minutes()
    got = (SosAlert.objects
           .filter(station__path__startswith=unit.path, raised_at__gte=_start(since),
                   raised_at__lt=_start(until + timedelta(days=1)))
           .aggregate(raised=Count("pk"), acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
                      within=Count("pk", filter=Q(acknowledged_at__lte=F("raised_at") + timedelta(minutes=minutes)))))
    return SosFigures(raised=got["raised"], acknowledged=got["acknowledged"], within=got["within"], minutes=minutes)
