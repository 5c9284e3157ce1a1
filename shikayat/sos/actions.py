"""Every change to an SOS alert, one function each: raise (or repeat) it, attach a location, acknowledge it.

Raising writes the alert, its log and the messages to the nearest station's SHO and duty officers and to the
call centre's duty number in the caller's transaction; the messages take the outbox's fastest path
(alerting.py) and the console's next poll (every second) shows the alarm."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.accounts.models import User
from shikayat.core.errors import InvalidInput, NotFound

from . import alerting, stations
from .models import SosAlert, SosEvent, SosLocation

Event = SosEvent.Kind


def repeat_minutes() -> int:
    """A second SOS from the same number within this many minutes updates the alert instead of raising another."""
    return int(settings.SHIKAYAT.get("SOS_REPEAT_MINUTES", 10))


def live_minutes() -> int:
    """A live location counts as ended when no point came for this many minutes; the alert keeps its last one."""
    return int(settings.SHIKAYAT.get("SOS_LIVE_MINUTES", 10))


@dataclass(frozen=True)
class Signal:
    """One SOS from a citizen: their WhatsApp id and number, language, and a point if they shared one."""

    wa_id: str
    phone: str
    language: str
    at: datetime
    lat: float | None = None
    lng: float | None = None
    live: bool = False

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None


def current_alert(wa_id: str, at: datetime) -> SosAlert | None:
    """The citizen's alert still taking repeats and location updates at `at`: its last SOS or point is recent
    (within the repeat window, or the live location's while points keep coming)."""
    window = timedelta(minutes=max(repeat_minutes(), live_minutes()))
    return (SosAlert.objects.select_for_update().filter(wa_id=wa_id, last_trigger_at__gte=at - window)
            .order_by("-last_trigger_at", "-id").first())


@transaction.atomic
def raise_alert(signal: Signal) -> tuple[SosAlert, bool]:
    """Raise an alert for this SOS, or update the citizen's current one (a repeat within minutes: no new alarm,
    no new messages to the station). Returns the alert and whether it is new."""
    _check_point(signal)
    alert = current_alert(signal.wa_id, signal.at)
    if alert is not None:
        alert.triggers += 1
        alert.last_trigger_at = max(alert.last_trigger_at, signal.at)
        SosEvent.objects.create(alert=alert, kind=Event.REPEATED, at=signal.at)
        moved = signal.has_point and _locate(alert, signal)
        alert.version += 1
        alert.save()
        if moved:
            alerting.queue_alert_messages(alert)  # the station now known is told too
        alert_id = alert.pk
        transaction.on_commit(lambda: alerting.deliver_now(alert_id))  # the citizen's answer, at once
        return alert, False
    station, source = stations.nearest(signal.lat, signal.lng, signal.phone, signal.wa_id)
    alert = SosAlert.objects.create(wa_id=signal.wa_id, phone=signal.phone, language=signal.language,
                                    station=station, station_source=source, raised_at=signal.at,
                                    last_trigger_at=signal.at)
    SosEvent.objects.create(alert=alert, kind=Event.RAISED, at=signal.at,
                            detail=station.code if station else "")
    if signal.has_point:
        _locate(alert, signal)
        alert.save()
    alerting.queue_alert_messages(alert)
    return alert, True


@transaction.atomic
def add_location(signal: Signal) -> SosAlert | None:
    """A point for the citizen's current alert (an update of their live location): kept with its time, and the
    alert shows it. None when no alert is current (the caller decides whether the point raises one)."""
    _check_point(signal)
    alert = current_alert(signal.wa_id, signal.at)
    if alert is None or not signal.has_point:
        return None
    moved = _locate(alert, signal)
    alert.last_trigger_at = max(alert.last_trigger_at, signal.at)
    alert.version += 1
    alert.save()
    if moved:
        alerting.queue_alert_messages(alert)  # the station now known is told too (the duty numbers not again)
    return alert


@transaction.atomic
def acknowledge(alert_id: int, *, agent: User, at: datetime) -> tuple[SosAlert, bool]:
    """An agent takes the alarm: it stops for every agent. The first acknowledgement stands (who and when);
    a later one by another agent changes nothing and says so (False)."""
    alert = SosAlert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("There is no such SOS alert."))
    if alert.acknowledged_at is not None:
        return alert, False
    alert.acknowledged_by, alert.acknowledged_at = agent, at
    alert.version += 1
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "version"])
    SosEvent.objects.create(alert=alert, kind=Event.ACKNOWLEDGED, by=agent, at=at)
    return alert, True


def _check_point(signal: Signal) -> None:
    if signal.has_point and not (-90 <= signal.lat <= 90 and -180 <= signal.lng <= 180):
        raise InvalidInput(_("The location is not a point on Earth."))


def _decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _locate(alert: SosAlert, signal: Signal) -> bool:
    """Keep the point; the alert shows the latest one (points can arrive out of order). An alert whose station
    was a guess (the last known) or unknown takes the station of the point: True when that changed it."""
    lat, lng = _decimal(signal.lat), _decimal(signal.lng)
    SosLocation.objects.create(alert=alert, lat=lat, lng=lng, at=signal.at, live=signal.live)
    SosEvent.objects.create(alert=alert, kind=Event.LOCATED, at=signal.at, detail=f"{lat},{lng}")
    if alert.located_at is None or signal.at >= alert.located_at:
        alert.lat, alert.lng, alert.located_at = lat, lng, signal.at
    if alert.station_source in (SosAlert.Source.LAST_KNOWN, SosAlert.Source.NONE):
        station, source = stations.nearest(signal.lat, signal.lng, "", "")
        if station is not None:
            moved = station.pk != alert.station_id
            alert.station, alert.station_source = station, source
            return moved
    return False
