"""One error shape for every API answer:
{"error": {"code": ..., "message": ..., "fields": {field: [messages]}}}"""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from shikayat.core.errors import DomainError


def error_body(code: str, message, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": {k: [str(m) for m in v] for k, v in
                                                                         (fields or {}).items()}}}


def domain_error_body(exc: DomainError) -> dict:
    body = error_body(exc.code, exc.message, exc.fields)
    if getattr(exc, "current", None) is not None:  # versions.StaleVersion: what the complaint is now
        body["error"]["current"] = exc.current
    return body


def error_response(code: str, message, http_status: int, fields: dict | None = None) -> Response:
    return Response(error_body(code, message, fields), status=http_status)


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    out[f"{key}.{sub}"] = messages
            else:
                out[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    return {"non_field_errors": [str(v) for v in (detail if isinstance(detail, list) else [detail])]}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(domain_error_body(exc), status=exc.status_code)
    if isinstance(exc, exceptions.ValidationError):
        return error_response("invalid_input", _("Please correct the highlighted fields."),
                              status.HTTP_400_BAD_REQUEST, _flatten(exc.detail))
    if isinstance(exc, Http404):
        return error_response("not_found", _("Not found."), status.HTTP_404_NOT_FOUND)
    response = drf_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        detail = exc.detail if not isinstance(exc.detail, (list, dict)) else _("The request could not be processed.")
        response.data = {"error": {"code": exc.default_code, "message": str(detail), "fields": {}}}
    return response
