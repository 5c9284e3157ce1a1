"""WhatsApp Cloud API, configured in SHIKAYAT["WHATSAPP"].

WhatsApp accepts free text only within 24 hours of the citizen's last message
to us (WhatsAppContact.last_inbound_at, kept by the WhatsApp bot); outside it
only an approved template. Our template names map to approved ones through
TEMPLATES ({"complaint_registered": {"name": "...", "params": ["etag", ...]}});
a template not listed is sent under its own name, its body parameters in the
order its placeholders appear in the English text, each on one line (Meta refuses
line breaks in a parameter).

Replies of the WhatsApp bot (template "bot_reply", shikayat/bot) always answer
a message the citizen has just sent, so they go as session messages: free
text, or an interactive list, reply buttons or a location request when the
row's context carries an "interactive" payload (checked against Meta's
limits below; a payload over them is refused for good, not retried).

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
    "MEDIA_HOSTS": ["graph.facebook.com", "lookaside.fbsbx.com"],
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
BOT_REPLY = "bot_reply"
# Meta's limits for session messages (Cloud API reference, "Interactive messages").
TEXT_MAX = 4096
BODY_MAX = 1024
HEADER_FOOTER_MAX = 60
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
LIST_BUTTON_MAX = 20
LIST_ROWS_MAX = 10
SECTION_TITLE_MAX = 24
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
ROW_ID_MAX = 200


def config() -> dict:
    return {**DEFAULTS, **settings.SHIKAYAT.get("WHATSAPP", {})}


def template_parameters(template: str) -> list[str]:
    """Context keys in the order their placeholders appear in the English text."""
    with translation.override("en"):
        return list(dict.fromkeys(PLACEHOLDER.findall(str(TEMPLATES[template]))))


def template_text(value) -> str:
    """A template parameter as Meta takes it: no line breaks or tabs, no run of more than four spaces (error
    132018); a multi-line value (an update's folded steps) becomes one line."""
    return " ".join(str(value).split())


def within_session(recipient: str, now) -> bool:
    """Has the citizen written to us on WhatsApp in the last 24 hours?"""
    digits = recipient.lstrip("+")
    contact = WhatsAppContact.objects.filter(Q(phone=recipient) | Q(wa_id=digits)).order_by("-last_inbound_at").first()
    return bool(contact and contact.last_inbound_at and now - contact.last_inbound_at < SESSION_WINDOW)


def interactive_problems(interactive: dict) -> list[str]:
    """Why Meta would refuse this interactive payload (empty: it fits)."""
    problems = []
    kind = interactive.get("type")
    body = (interactive.get("body") or {}).get("text", "")
    if not body or len(body) > BODY_MAX:
        problems.append(f"body text must have 1 to {BODY_MAX} characters (has {len(body)})")
    for part in ("header", "footer"):
        text = (interactive.get(part) or {}).get("text", "")
        if len(text) > HEADER_FOOTER_MAX:
            problems.append(f"{part} longer than {HEADER_FOOTER_MAX} characters")
    action = interactive.get("action") or {}
    if kind == "button":
        buttons = action.get("buttons") or []
        if not 1 <= len(buttons) <= BUTTONS_MAX:
            problems.append(f"{len(buttons)} buttons (1 to {BUTTONS_MAX} allowed)")
        replies = [b.get("reply") or {} for b in buttons]
        problems += _choice_problems(replies, "button", BUTTON_TITLE_MAX, BUTTON_ID_MAX)
    elif kind == "list":
        sections = action.get("sections") or []
        rows = [row for section in sections for row in section.get("rows") or []]
        if not action.get("button") or len(action["button"]) > LIST_BUTTON_MAX:
            problems.append(f"list button label must have 1 to {LIST_BUTTON_MAX} characters")
        if not 1 <= len(rows) <= LIST_ROWS_MAX:
            problems.append(f"{len(rows)} list rows (1 to {LIST_ROWS_MAX} allowed)")
        if any(len(section.get("title", "")) > SECTION_TITLE_MAX for section in sections) or (
                len(sections) > 1 and not all(section.get("title") for section in sections)):
            problems.append(f"section titles: needed with several sections, at most {SECTION_TITLE_MAX} characters")
        problems += _choice_problems(rows, "row", ROW_TITLE_MAX, ROW_ID_MAX)
        if any(len(row.get("description", "")) > ROW_DESCRIPTION_MAX for row in rows):
            problems.append(f"row description longer than {ROW_DESCRIPTION_MAX} characters")
    elif kind == "location_request_message":
        if action != {"name": "send_location"}:
            problems.append('a location request\'s action must be {"name": "send_location"}')
    else:
        problems.append(f"unsupported interactive type {kind!r}")
    return problems


def _choice_problems(choices: list[dict], what: str, title_max: int, id_max: int) -> list[str]:
    problems = []
    ids = [choice.get("id", "") for choice in choices]
    if any(not 1 <= len(choice.get("title", "")) <= title_max for choice in choices):
        problems.append(f"{what} title must have 1 to {title_max} characters")
    if any(not 1 <= len(i) <= id_max for i in ids) or len(set(ids)) != len(ids):
        problems.append(f"{what} ids must be unique, 1 to {id_max} characters")
    return problems


def session_message(message: Outgoing) -> dict:
    """A bot reply as a session message: text, or the interactive payload
    from the context (its body defaults to the rendered text)."""
    interactive = message.context.get("interactive")
    if not interactive:
        if not message.text or len(message.text) > TEXT_MAX:
            raise PermanentDeliveryError(f"WhatsApp text must have 1 to {TEXT_MAX} characters")
        return {"type": "text", "text": {"preview_url": False, "body": message.text}}
    interactive = {"body": {"text": message.text}, **interactive}
    problems = interactive_problems(interactive)
    if problems:
        raise PermanentDeliveryError("WhatsApp interactive message over Meta's limits: " + "; ".join(problems))
    return {"type": "interactive", "interactive": interactive}


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
        if message.template == BOT_REPLY:
            return {**base, **session_message(message)}
        if within_session(message.recipient, message.now or clock.now()):
            return {**base, "type": "text", "text": {"preview_url": False, "body": message.text}}
        approved = self.config["TEMPLATES"].get(message.template, {})
        params = approved.get("params") or template_parameters(message.template)
        language = self.config["LANGUAGE_CODES"].get(message.language, message.language)
        try:
            parameters = [{"type": "text", "text": template_text(message.context[key])} for key in params]
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
