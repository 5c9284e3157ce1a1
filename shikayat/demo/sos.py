"""A week of past SOS alerts for the demo (the admin's SOS list and its log are not empty): each raised from a
point near a station with coordinates, a few with live-location updates, a few repeated, every one acknowledged
by a call-centre agent within a minute or two. None is left open: an open alarm would sound on every demo
console; send "SOS" from the WhatsApp simulator to see one."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from shikayat.accounts.models import Posting, Role
from shikayat.jurisdictions.selectors import stations_with_coordinates
from shikayat.sos.models import SosAlert, SosEvent, SosLocation

from .complaints import random_mobile

Event = SosEvent.Kind


def load_week(*, now: datetime, seed: int = 7, count: int = 24, country: str = "PK") -> int:
    """`count` alerts over the seven days before `now` (none if there are alerts already): how many were written."""
    stations = stations_with_coordinates()
    agents = sorted({p.user for p in Posting.objects.active().filter(role=Role.CALL_CENTRE).select_related("user")},
                    key=lambda user: user.username)
    if SosAlert.objects.exists() or not stations or not agents:
        return 0
    rng = random.Random(seed)
    languages = ["ur", "en"] if country == "PK" else ["hi", "en"]
    for _ in range(count):
        station = rng.choice(stations)
        raised = now - timedelta(minutes=rng.randrange(60, 7 * 24 * 60))
        phone = random_mobile(rng, country)
        alert = SosAlert.objects.create(wa_id=phone.lstrip("+"), phone=phone, language=rng.choice(languages),
                                        station=station, station_source=SosAlert.Source.STATION_AREA
                                        if station.area else SosAlert.Source.NEAREST,
                                        raised_at=raised, last_trigger_at=raised)
        events = [SosEvent(alert=alert, kind=Event.RAISED, at=raised, detail=station.code)]
        lat, lng = float(station.lat) + rng.uniform(-0.01, 0.01), float(station.lng) + rng.uniform(-0.01, 0.01)
        points = rng.choice([0, 1, 1, 4])  # no location, one shared, or a live location's few updates
        at = raised
        for n in range(points):
            at = raised + timedelta(seconds=20 + 60 * n)
            lat, lng = lat + rng.uniform(-0.001, 0.001), lng + rng.uniform(-0.001, 0.001)
            point = Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")
            SosLocation.objects.create(alert=alert, lat=point[0], lng=point[1], at=at, live=points > 1)
            events.append(SosEvent(alert=alert, kind=Event.LOCATED, at=at, detail=f"{point[0]},{point[1]}"))
            alert.lat, alert.lng, alert.located_at = point[0], point[1], at
        if rng.random() < 0.25:
            alert.triggers = 2
            events.append(SosEvent(alert=alert, kind=Event.REPEATED, at=raised + timedelta(seconds=45)))
        agent = rng.choice(agents)
        alert.acknowledged_by, alert.acknowledged_at = agent, raised + timedelta(seconds=rng.randrange(5, 120))
        alert.last_trigger_at = max(at, raised)
        events.append(SosEvent(alert=alert, kind=Event.ACKNOWLEDGED, by=agent, at=alert.acknowledged_at))
        alert.save()
        SosEvent.objects.bulk_create(events)
    return count
