"""Delivery status callbacks: providers tell us what became of a message.

POST /api/v1/delivery/sms/     the HTTP SMS gateway: JSON or form {id, status, at?, detail?}, authenticated
                               like SMS intake (Bearer SHIKAYAT_SMS_GATEWAY_TOKEN or HMAC signature)
POST /api/v1/delivery/twilio/  Twilio's status callback (form), signed with X-Twilio-Signature
WhatsApp statuses come through the WhatsApp webhook, which calls status.record_status."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from twilio.request_validator import RequestValidator

from shikayat.api.parsers import JSONParser
from shikayat.channels.sms import check_gateway
from shikayat.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from shikayat.core.jsonsafe import clean_text

from . import status
from .adapters import twilio_sms


class GenericStatus(serializers.Serializer):
    id = serializers.CharField(max_length=128)
    status = serializers.CharField(max_length=32)
    at = serializers.DateTimeField(required=False)
    detail = serializers.CharField(required=False, allow_blank=True, max_length=500)


class TwilioNotConfigured(DomainError):
    status_code = 503
    code = "not_configured"
    default_message = gettext_lazy("Twilio is not configured on this server.")


def _gateway_report(request) -> tuple[str, str, object, str]:
    check_gateway(authorization=request.headers.get("Authorization", ""),
                  signature=request.headers.get("X-Shikayat-Signature", ""), body=request.body)
    report = GenericStatus(data=request.data)
    report.is_valid(raise_exception=True)
    data = report.validated_data
    return data["id"], data["status"], data.get("at"), data.get("detail", "")


def _twilio_report(request) -> tuple[str, str, object, str]:
    config = twilio_sms.config()
    if not config["AUTH_TOKEN"]:
        raise TwilioNotConfigured()
    # Twilio signs the URL it called: the configured one, as proxies may change what Django sees.
    url = config["STATUS_CALLBACK"] or request.build_absolute_uri()
    params = {key: request.POST.get(key) for key in request.POST}
    if not RequestValidator(config["AUTH_TOKEN"]).validate(url, params, request.headers.get("X-Twilio-Signature", "")):
        raise PermissionDenied(_("The request's Twilio signature is missing or wrong."))
    # Checked as signed; then made storable (a NUL in a form value is a database error, not a status).
    params = {key: clean_text(value or "") for key, value in params.items()}
    sid, word = params.get("MessageSid") or params.get("SmsSid"), params.get("MessageStatus") or params.get("SmsStatus")
    if not sid or not word:
        raise InvalidInput(_("MessageSid and MessageStatus are required."))
    error = params.get("ErrorCode") or ""
    return sid, word, None, f"Twilio error {error}" if error else ""


READERS = {"sms": _gateway_report, "twilio": _twilio_report}


class DeliveryStatusCallback(APIView):
    """A provider reports a message's delivery status. Authenticated by the
    provider's secret or signature, not by a session (so no CSRF)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=GenericStatus,
        responses=inline_serializer("DeliveryStatusResult", {"status": serializers.CharField()}),
        description="Delivery report for a message we sent. `provider` is `sms` (the HTTP SMS gateway: "
        "`{id, status, at?, detail?}` with `Authorization: Bearer <SHIKAYAT_SMS_GATEWAY_TOKEN>` or "
        "`X-Shikayat-Signature`) or `twilio` (Twilio's form callback, checked against X-Twilio-Signature; "
        "403 when wrong). 404 for a message id we never sent.",
    )
    def post(self, request, provider: str):
        reader = READERS.get(provider)
        if reader is None:
            raise NotFound(_("Unknown delivery provider."))
        message_id, word, at, detail = reader(request)
        event = status.record_status(provider, message_id, word, at=at, detail=detail)
        return Response({"status": event.status})

