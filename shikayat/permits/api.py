"""Applying for permission and following the application over the API (/api/v1/permits/), for the systems that
apply on a citizen's behalf. The mobile is proven as on the web: a one-time code sent to it
(POST …/permits/code/, citizens/otp.py with its limits per mobile, per client address and in all), given back
with the application. The application is validated first (actions.clean_application, the web's own check), so a
refused one does not spend the code; then the code is checked and the checked application made
(actions.apply).
Reading needs the E-tag and the mobile, within the tracking limits (permits/tracking.py). Errors in the API's
one shape (api/errors.py), in the request's language."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shikayat.api.parsers import JSONParser
from shikayat.citizens import otp
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import clock
from shikayat.core.errors import InvalidInput
from shikayat.core.i18n import LANGS
from shikayat.core.input import FieldErrors, field_text
from shikayat.core.phones import normalise_mobile
from shikayat.core.ratelimit import request_client

from . import actions, tracking

STATUS = inline_serializer("PermitStatus", {"etag": serializers.CharField(), "status": serializers.CharField(),
                                            "status_label": serializers.CharField(),
                                            "steps": serializers.ListField(child=serializers.DictField()),
                                            "decision": serializers.DictField(allow_null=True),
                                            "revocation": serializers.DictField(allow_null=True)})
APPLICATION = inline_serializer("PermitApplicationInput", {
    "mobile": serializers.CharField(), "code": serializers.CharField(),
    "kind": serializers.ChoiceField(choices=["procession", "rally", "event", "loudspeaker", "film"]),
    "title": serializers.CharField(), "purpose": serializers.CharField(required=False),
    "date": serializers.DateField(), "start": serializers.TimeField(), "end": serializers.TimeField(),
    "venue": serializers.CharField(required=False), "route": serializers.ListField(child=serializers.CharField(),
                                                                                    required=False),
    "station": serializers.CharField(), "stations_passed": serializers.ListField(child=serializers.CharField(),
                                                                                  required=False),
    "lat": serializers.DecimalField(9, 6, required=False), "lng": serializers.DecimalField(9, 6, required=False),
    "attendance": serializers.IntegerField(), "loudspeaker_details": serializers.CharField(required=False),
    "organisers": serializers.ListField(child=serializers.DictField()),
    "language": serializers.CharField(required=False, help_text="en, ur or hi; default: the request's")})


class PublicPermits(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]


def _payload(request) -> dict:
    if not isinstance(request.data, dict):
        raise InvalidInput(_("Send the request as a JSON object."))
    data = dict(request.data)
    data.setdefault("language", (getattr(request, "LANGUAGE_CODE", "") or "en")[:2])
    return data


class PermitCode(PublicPermits):
    @extend_schema(request=inline_serializer("PermitCodeInput", {"mobile": serializers.CharField()}),
                   responses={202: inline_serializer("PermitCodeSent", {"mobile": serializers.CharField(),
                                                                        "valid_minutes": serializers.IntegerField()})},
                   description="Send a one-time code by SMS to the applicant's mobile; give it back with the "
                   "application. 429 past the limits per mobile, per client address and in all.")
    def post(self, request):
        data = _payload(request)
        language = data["language"] if data["language"] in LANGS else "en"
        mobile = otp.request_code(field_text(data, "mobile"), client=request_client(request), language=language)
        return Response({"mobile": mobile, "valid_minutes": int(otp.VALID_FOR.total_seconds() // 60)},
                        status=status.HTTP_202_ACCEPTED)


class PermitApply(PublicPermits):
    @extend_schema(request=APPLICATION, responses={201: STATUS},
                   description="Apply for permission, with the one-time code sent to the applicant's mobile. Every "
                   "problem of the application is answered at once (400) before the code is checked; a wrong "
                   "code is 400 with code `otp_wrong`, an expired or used one `otp_expired`.")
    def post(self, request):
        data, now = _payload(request), clock.now()
        errors, clean = FieldErrors(), None
        for key, message in (("mobile", _("Give the applicant's mobile number.")),
                             ("code", _("Give the one-time code sent to the applicant's mobile."))):
            if not field_text(data, key):
                errors.add(key, message)
        if field_text(data, "mobile"):
            try:
                normalise_mobile(field_text(data, "mobile"))
            except InvalidInput as error:
                errors.add("mobile", str(error.message))
        try:
            clean = actions.clean_application(data, [], now=now)
        except InvalidInput as error:
            errors.update({k: [*errors.get(k, []), *v] for k, v in error.fields.items()})
        if errors:
            raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))
        mobile = otp.verify_code(field_text(data, "mobile"), field_text(data, "code"), now=now)
        row = actions.apply(actor=CitizenActor(mobile=mobile, credential="otp"), data=data, channel="api", now=now,
                            clean=clean)
        return Response(tracking.status_of(row), status=status.HTTP_201_CREATED)


class PermitStatusRead(PublicPermits):
    @extend_schema(parameters=[OpenApiParameter("mobile", str, required=True)], responses=STATUS,
                   description="The application's status, steps and decision, as its applicant sees them. 404 "
                   "alike for an unknown E-tag and a wrong mobile; 429 past the tracking limits.")
    def get(self, request, etag: str):
        return Response(tracking.public_status(etag, request.query_params.get("mobile", ""),
                                               client=request_client(request)))
