"""GET/POST /api/v1/whatsapp/webhook/: Meta's WhatsApp Cloud API webhook.

A plain Django view, not DRF: Meta signs the raw bytes, so nothing may parse
the body before the signature is checked, and no session or CSRF applies
(Meta is no browser). Errors use the API's shape {"error": {code, message,
fields}}."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from shikayat.core import jsonsafe
from shikayat.core.errors import DomainError

from . import webhook

MAX_BODY_BYTES = 4 * 1024 * 1024


def _error(error: DomainError) -> JsonResponse:
    return JsonResponse({"error": {"code": error.code, "message": str(error.message), "fields": {}}},
                        status=error.status_code)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cloud_api_webhook(request):
    try:
        if request.method == "GET":
            challenge = webhook.verify_subscription(request.GET.get("hub.mode", ""),
                                                    request.GET.get("hub.verify_token", ""),
                                                    request.GET.get("hub.challenge", ""))
            return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
        # Meta's deliveries may reach 3 MB, above Django's limit for request.body: read the stream ourselves.
        raw = request.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            raise webhook.DeliveryTooLarge()
        webhook.check_signature(raw, request.headers.get("X-Hub-Signature-256", ""))
        try:
            body = jsonsafe.loads(raw)
        except jsonsafe.Unreadable:  # not JSON, or nested beyond what any parser should follow
            body = None
        if not isinstance(body, dict):
            raise webhook.MalformedDelivery()
        messages, statuses = webhook.receive(body, raw=raw)
    except DomainError as error:
        return _error(error)
    return JsonResponse({"received": messages, "statuses": statuses})
