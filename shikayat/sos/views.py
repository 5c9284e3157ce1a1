"""The console's alarm: a fast poll (every second; 304 while nothing changed) and the acknowledgement."""

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shikayat.core import clock
from shikayat.core.errors import NotFound
from shikayat.web.desk_views import desk_view

from . import actions, selectors


@desk_view("call_centre")
@require_GET
def alarms(request):
    now = clock.now()
    alerts = list(selectors.open_alarms(request.user, now))
    etag = selectors.fingerprint(alerts)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = JsonResponse({"alarms": [_row(alert, now) for alert in alerts]})
    response["ETag"], response["Cache-Control"] = etag, "private, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _row(alert, now) -> dict:
    station = alert.station
    return {
        "id": alert.pk, "phone": alert.phone or alert.wa_id, "language": alert.language,
        "raised_at": alert.raised_at.isoformat(), "raised": timezone.localtime(alert.raised_at).strftime("%H:%M:%S"),
        "triggers": alert.triggers,
        "station": station.name_in() if station else "", "station_phone": station.phone if station else "",
        "station_source": alert.get_station_source_display(),
        "lat": str(alert.lat) if alert.lat is not None else "", "lng": str(alert.lng) if alert.lng is not None else "",
        "located_at": alert.located_at.isoformat() if alert.located_at else "",
        "live": selectors.is_live(alert, now),
    }


@desk_view("call_centre")
@require_POST
def acknowledge(request, pk):
    try:
        alert, first = actions.acknowledge(pk, agent=request.user, at=clock.now())
    except NotFound:
        return JsonResponse({"error": _("There is no such SOS alert.")}, status=404)
    by = alert.acknowledged_by.get_full_name() or alert.acknowledged_by.username
    message = (_("You acknowledged the SOS from %(phone)s.") if first else
               _("%(by)s had already acknowledged the SOS from %(phone)s.")) % {"phone": alert.phone or alert.wa_id,
                                                                                  "by": by}
    return JsonResponse({"id": alert.pk, "acknowledged": first, "by": by,
                         "at": alert.acknowledged_at.isoformat(), "message": message})
