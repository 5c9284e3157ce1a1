"""The force's map as data for the browser (jurisdictions/shapes.py): public, cached, revalidated by its ETag."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shikayat.jurisdictions.shapes import force_shapes

MAX_AGE_SECONDS = 300


@require_GET
def shapes(request):
    """GET [?within=<unit code>]: the whole force's areas and points (simplified for the overview), or one
    unit's subtree in detail."""
    within = request.GET.get("within", "").strip()[:32]
    found = force_shapes(within or None)
    if found is None:
        return JsonResponse({"error": _("There is no unit with this code.")}, status=404)
    cache = f"public, max-age={MAX_AGE_SECONDS}"
    if found.etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(found.body, content_type="application/geo+json; charset=utf-8")
    response["ETag"], response["Cache-Control"] = found.etag, cache
    return response
