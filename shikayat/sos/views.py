"""The console's alarm: a fast poll (every second; 304 while nothing changed) and the acknowledgement; the open
alerts on the force's map (the layer's data, and the page the console's "Show on the map" opens)."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shikayat.calls import actions as calls
from shikayat.core import clock
from shikayat.core.errors import NotFound
from shikayat.jurisdictions.models import Unit
from shikayat.web.desk_views import desk_view

from . import actions, selectors


@desk_view("call_centre")
@require_GET
def alarms(request):
    now = clock.now()
    alerts = list(selectors.open_alarms(request.user, now))
    return _etagged(request, selectors.fingerprint(alerts),
                    lambda: JsonResponse({"alarms": [_row(alert, now) for alert in alerts]}))


def _etagged(request, etag: str, answer):
    """304 when the browser holds this list already, else the answer; never cached by anyone else."""
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = answer()
    response["ETag"], response["Cache-Control"] = etag, "private, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@desk_view("call_centre")
@require_GET
def map_alerts(request):
    """GET [?unit=<code>]: the open alerts in the officer's scope (under the unit) for the force's map's SOS layer —
    those with a point, and those without one listed beside the map. Polled with the ETag (304 when unchanged)."""
    code = request.GET.get("unit", "").strip()[:32]
    within = ""
    if code:
        unit = Unit.objects.filter(code=code).only("path").first()
        if unit is None:
            return JsonResponse({"error": _("There is no unit with this code.")}, status=404)
        within = unit.path
    now = clock.now()
    alerts = list(selectors.map_alerts(request.user, now, within=within))
    shown = [_map_row(alert, now) for alert in alerts]
    # The list changes with the alerts, the language of the station names, and a live location that has ended.
    salt = (get_language() or "") + "".join("L" if row["live"] else "-" for row in shown)
    return _etagged(request, selectors.fingerprint(alerts, salt=salt), lambda: JsonResponse({
        "alerts": [row for row in shown if row["lat"] is not None],
        "no_location": [row for row in shown if row["lat"] is None]}))


def _map_row(alert, now) -> dict:
    """What the map says of an alert: where, which station, since when — not the citizen's number (the console
    has it, beside the acknowledgement)."""
    located = alert.lat is not None and alert.lng is not None
    return {
        "id": alert.pk, "station": alert.station.name_in(),
        "raised_at": alert.raised_at.isoformat(), "raised": timezone.localtime(alert.raised_at).strftime("%H:%M"),
        "triggers": alert.triggers,
        "lat": float(alert.lat) if located else None, "lng": float(alert.lng) if located else None,
        "live": selectors.is_live(alert, now),
    }


@desk_view("call_centre")
@require_GET
def map_page(request):
    """The force's map of the open alerts in the officer's call-centre scope; ?alert=<id> centres it on one
    (the console's "Show on the map")."""
    paths = calls.scope_paths(request.user)
    unit = Unit.objects.get(path=min(paths, key=len))
    focus = request.GET.get("alert", "")[:12]
    return render(request, "sos/map.html", {"unit": unit, "focus": focus if focus.isdigit() else ""})


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
