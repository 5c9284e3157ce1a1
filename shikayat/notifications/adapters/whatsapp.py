"""WhatsApp Cloud API, configured in SHIKAYAT["WHATSAPP"].

WhatsApp accepts free text only within 24 hours of the citizen's last message
to us (WhatsAppContact.last_inbound_at, kept by the WhatsApp bot); outside it
only an approved template. Our template names map to approved ones through
TEMPLATES ({"complaint_registered": {"name": "...", "params": ["etag", ...]}});
a template not listed is sent under its own name, its body parameters in the
order its placeholders appear in the English text.

The Cloud API does not deduplicate by a client key: not safe_to_resend."""

import re
from datetime import timedelta

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import translation

from shikayat.core import clock

from ..backends import DeliveryError, Outgoing, PermanentDeliveryError, UncertainDelivery
from ..messages import TEMPLATES
from ..models import WhatsAppContact
from . import raise_for_status

SESSION_WINDOW = timedelta(hours=24)
DEFAULTS = {
    "BASE_URL": "https://graph.facebook.com",
    "API_VERSION": "v21.0",
    "PHONE_NUMBER_ID": "",
    "TOKEN": "",
    "TEMPLATES": {},
    "LANGUAGE_CODES": {"en": "en", "ur": "ur", "hi": "hi"},
    "CONNECT_TIMEOUT": 5.0,
    "READ_TIMEOUT": 15.0,
}
# Graph API error codes that mean "slow down / try later" although they come with HTTP 400.
RETRYABLE_CODES = {4, 80007, 130429, 131048, 131056, 133016}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def config() -> dict:
    return {**DEFAULTS, **settings.SHIKAYAT.get("WHATSAPP", {})}


def template_parameters(template: str) -> list[str]:
    """Context keys in the order their placeholders appear in the English text."""
    with translation.override("en"):
        return list(dict.fromkeys(PLACEHOLDER.findall(str(TEMPLATES[template]))))


def within_session(recipient: str, now) -> bool:
    """Has the citizen written to us on WhatsApp in the last 24 hours?"""
    digits = recipient.lstrip("+")
    contact = WhatsAppContact.objects.filter(Q(phone=recipient) | Q(wa_id=digits)).order_by("-last_inbound_at").first()
    return bool(contact and contact.last_inbound_at and now - contact.last_inbound_at < SESSION_WINDOW)


class WhatsAppBackend:
    name = "whatsapp"
    safe_to_resend = False

    def __init__(self, options: dict | None = None):
        self.config = {**config(), **(options or {})}
        c = self.config
        if not (c["PHONE_NUMBER_ID"] and c["TOKEN"]):
            raise ImproperlyConfigured("WhatsApp needs SHIKAYAT_WHATSAPP_PHONE_NUMBER_ID and SHIKAYAT_WHATSAPP_TOKEN.")
        self.url = f"{c['BASE_URL'].rstrip('/')}/{c['API_VERSION']}/{c['PHONE_NUMBER_ID']}/messages"
        self.client = httpx.Client(timeout=httpx.Timeout(float(c["READ_TIMEOUT"]), connect=float(c["CONNECT_TIMEOUT"])))

    def close(self) -> None:
        self.client.close()

    def payload(self, message: Outgoing) -> dict:
        base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.recipient.lstrip("+")}
        if within_session(message.recipient, message.now or clock.now()):
            return {**base, "type": "text", "text": {"preview_url": False, "body": message.text}}
        approved = self.config["TEMPLATES"].get(message.template, {})
        params = approved.get("params") or template_parameters(message.template)
        language = self.config["LANGUAGE_CODES"].get(message.language, message.language)
        try:
            parameters = [{"type": "text", "text": str(message.context[key])} for key in params]
        except KeyError as error:
            raise PermanentDeliveryError(f"WhatsApp template parameter missing from the context: {error}") from error
        return {**base, "type": "template", "template": {
            "name": approved.get("name", message.template), "language": {"code": language},
            "components": [{"type": "body", "parameters": parameters}] if parameters else []}}

    def send(self, message: Outgoing) -> str:
        headers = {"Authorization": f"Bearer {self.config['TOKEN']}"}
        try:
            response = self.client.post(self.url, json=self.payload(message), headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise DeliveryError(f"WhatsApp unreachable: {type(error).__name__}") from error
        except httpx.TransportError as error:
            raise UncertainDelivery(f"no answer from WhatsApp: {type(error).__name__}") from error
        answer = _json(response)
        code = (answer.get("error") or {}).get("code") if isinstance(answer, dict) else None
        if response.status_code >= 400 and code in RETRYABLE_CODES:
            raise DeliveryError(f"WhatsApp rate limit ({code})", retry_after=60)
        raise_for_status("WhatsApp", response.status_code, response.text)
        try:
            return str(answer["messages"][0]["id"])[:128]
        except (KeyError, IndexError, TypeError):
            return ""


def _json(response: httpx.Response):
    try:
        return response.json()
    except ValueError:
        return {}
