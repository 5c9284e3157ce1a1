"""The force's map as data for the browser (jurisdictions/shapes.py): public, cached, revalidated by its ETag."""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shikayat.jurisdictions.shapes import force_shapes

MAX_AGE_SECONDS = 300


@require_GET
def shapes(request):
    """GET [?within=<unit code>][&lang=ur]: the whole force's areas and points (simplified for the overview), or
    one unit's subtree in detail; names in every language, or in `lang` only. Compressed when the browser
    accepts gzip."""
    within = request.GET.get("within", "").strip()[:32]
    found = force_shapes(within or None, request.GET.get("lang", "")[:8] or None)
    if found is None:
        return JsonResponse({"error": _("There is no unit with this code.")}, status=404)
    zipped = "gzip" in request.headers.get("Accept-Encoding", "")
    etag = f'{found.etag[:-1]}-gz"' if zipped else found.etag  # one tag per representation
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(found.gzipped if zipped else found.body,
                                content_type="application/geo+json; charset=utf-8")
        if zipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"], response["Cache-Control"] = etag, f"public, max-age={MAX_AGE_SECONDS}"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
