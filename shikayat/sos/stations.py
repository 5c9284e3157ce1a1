"""Which station an SOS goes to: the one whose area contains the point, else the nearest station's point, else
the station of the citizen's latest complaint (their last known station)."""

from shikayat.complaints.models import Complaint
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import point_in_ring, unit_for_location, unit_table

from .models import SosAlert

Source = SosAlert.Source


def nearest(lat: float | None, lng: float | None, phone: str, wa_id: str) -> tuple[Unit | None, str]:
    if lat is not None and lng is not None:
        table = unit_table()
        for unit in table.stations_with_areas:
            if point_in_ring(lng, lat, unit.area):
                return Unit.objects.get(pk=unit.pk), Source.STATION_AREA
        unit = unit_for_location(lat, lng)
        if unit is not None:
            return Unit.objects.get(pk=unit.pk), Source.NEAREST
    unit = last_known(phone)
    return (unit, Source.LAST_KNOWN) if unit is not None else (None, Source.NONE)


def last_known(phone: str) -> Unit | None:
    """The police station of the citizen's latest complaint from this mobile number: where it happened, else the
    station holding it (a complaint held above the stations names none)."""
    if not phone:
        return None
    stations = {unit.pk for unit in unit_table().stations}
    latest = (Complaint.objects.filter(complainant_mobile=phone).order_by("-received_at", "-id")
              .values_list("incident_unit_id", "unit_id")[:5])
    for incident_unit, holder in latest:
        for pk in (incident_unit, holder):
            if pk in stations:
                return Unit.objects.get(pk=pk)
    return None
