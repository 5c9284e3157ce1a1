"""SMS through an HTTP gateway, described by a provider profile in
SHIKAYAT["SMS_API"]: where to POST, how to authenticate, JSON or form body
and its field names, and where the gateway's message id is in the answer.

Every request carries our idempotency key (header `Idempotency-Key` by
default, and a body field if the profile names one). Gateways that honour it
deliver a retried message once, which is why this adapter is safe_to_resend:
a timeout or a worker killed mid-send is simply retried."""

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..backends import DeliveryError, Outgoing
from . import id_in_answer, raise_for_status

DEFAULT_PROFILE = {
    "URL": "",
    "TOKEN": "",
    "AUTH_HEADER": "Authorization",
    "AUTH_SCHEME": "Bearer",  # "" sends the token bare (e.g. AUTH_HEADER "X-API-Key")
    "BODY": "json",  # or "form"
    "TO_FIELD": "to",
    "TEXT_FIELD": "text",
    "SENDER_FIELD": "from",
    "SENDER": "",
    "REFERENCE_FIELD": "reference",  # our idempotency key in the body too ("" leaves it out)
    "CALLBACK_FIELD": "",  # body field for the delivery-report URL, if the gateway takes one
    "CALLBACK_URL": "",
    "ID_FIELD": "id",  # the gateway's message id in its JSON answer (dotted path, e.g. "messages.0.id")
    "IDEMPOTENCY_HEADER": "Idempotency-Key",
    "CONNECT_TIMEOUT": 5.0,
    "READ_TIMEOUT": 15.0,
}


def profile() -> dict:
    return {**DEFAULT_PROFILE, **settings.SHIKAYAT.get("SMS_API", {})}


class SmsGatewayBackend:
    name = "sms"

    def __init__(self, config: dict | None = None):
        self.config = {**profile(), **(config or {})}
        if not self.config["URL"]:
            raise ImproperlyConfigured("SMS gateway URL is not configured (SHIKAYAT_SMS_API_URL).")
        # Without the header the gateway cannot recognise a retry.
        self.safe_to_resend = bool(self.config["IDEMPOTENCY_HEADER"])
        connect, read = float(self.config["CONNECT_TIMEOUT"]), float(self.config["READ_TIMEOUT"])
        self.client = httpx.Client(timeout=httpx.Timeout(read, connect=connect))

    def close(self) -> None:
        self.client.close()

    def _body(self, message: Outgoing) -> dict:
        c = self.config
        body = {c["TO_FIELD"]: message.recipient, c["TEXT_FIELD"]: message.text}
        for name, value in ((c["SENDER_FIELD"], c["SENDER"]), (c["REFERENCE_FIELD"], message.idempotency_key),
                            (c["CALLBACK_FIELD"], c["CALLBACK_URL"])):
            if name and value:
                body[name] = value
        return body

    def _headers(self, message: Outgoing) -> dict:
        c = self.config
        headers = {"Accept": "application/json"}
        if c["TOKEN"]:
            headers[c["AUTH_HEADER"]] = f"{c['AUTH_SCHEME']} {c['TOKEN']}".strip()
        if c["IDEMPOTENCY_HEADER"]:
            headers[c["IDEMPOTENCY_HEADER"]] = message.idempotency_key
        return headers

    def send(self, message: Outgoing) -> str:
        body = self._body(message)
        as_json = self.config["BODY"] != "form"
        try:
            response = self.client.post(self.config["URL"], headers=self._headers(message),
                                        **({"json": body} if as_json else {"data": body}))
        except httpx.TimeoutException as error:
            # A read timeout may mean it was sent; the idempotency key makes the retry safe.
            raise DeliveryError(f"SMS gateway timed out: {type(error).__name__}") from error
        except httpx.TransportError as error:
            raise DeliveryError(f"SMS gateway unreachable: {type(error).__name__}: {error}") from error
        raise_for_status("SMS gateway", response.status_code, response.text, response.headers.get("Retry-After"))
        return self._message_id(response)

    def _message_id(self, response: httpx.Response) -> str:
        return id_in_answer(response, self.config["ID_FIELD"])
