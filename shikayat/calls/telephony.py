"""The telephone system's events: ringing, answered, ended. Each is signed like the SMS gateway's posts
(`X-Shikayat-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with SHIKAYAT_TELEPHONY_TOKEN) and
processed once: its event id is stored with the change it made, in one transaction, so a redelivery changes
nothing. A bad signature is a 401 and a bad payload a 400, both before anything is written."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.core import clock, signing
from shikayat.core.errors import DomainError, InvalidInput
from shikayat.core.phones import normalise_mobile
from shikayat.core.signing import signature_matches

from .actions import agent_path
from .models import Call, Direction, Extension, Outcome, State, TelephonyEvent

KINDS = ("ringing", "answered", "ended")
MAX_BODY = 16_384


class TelephonyNotConfigured(DomainError):
    status_code = 503
    code = "not_configured"
    default_message = gettext_lazy("The telephone system's endpoint is not configured on this server (no "
                                   "token is set).")


class TelephonyUnauthenticated(DomainError):
    status_code = 401
    code = "unauthenticated"
    default_message = gettext_lazy("The telephone system's signature is missing or wrong.")


def check_signature(*, signature: str, body: bytes) -> None:
    """`X-Shikayat-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time."""
    token = settings.SHIKAYAT.get("TELEPHONY_TOKEN") or ""
    if not token:
        raise TelephonyNotConfigured()
    if not signature_matches(token, body, signature, bare_hex_too=True):
        raise TelephonyUnauthenticated()


def sign(body: bytes, token: str) -> str:
    """The header value a telephone system sends (used by tests and the demo)."""
    return signing.sign(token, body)


@dataclass(frozen=True)
class Event:
    event_id: str
    kind: str
    call_id: str
    caller: str
    extension: str
    at: datetime
    recording: str
    payload: dict


def _text(data: dict, key: str, errors: dict, *, required: bool = True, max_length: int = 100) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = [_("Must be text.")]
        return ""
    value = value.strip()
    if "\x00" in value:
        errors[key] = [_("Must be text.")]
    elif required and not value:
        errors[key] = [_("This field is required.")]
    elif len(value) > max_length:
        errors[key] = [_("At most %(n)s characters.") % {"n": max_length}]
    return value


def parse(body: bytes) -> Event:
    """The JSON body as an Event, or InvalidInput naming every bad field."""
    if len(body) > MAX_BODY:
        raise InvalidInput(_("The event is too large."))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(_("The body must be a JSON object.")) from error
    if not isinstance(data, dict):
        raise InvalidInput(_("The body must be a JSON object."))
    errors: dict[str, list[str]] = {}
    event_id, call_id = _text(data, "event_id", errors), _text(data, "call_id", errors)
    kind = _text(data, "event", errors, max_length=10)
    if kind and "event" not in errors and kind not in KINDS:
        errors["event"] = [_("Must be one of %(choices)s.") % {"choices": ", ".join(KINDS)}]
    extension = _text(data, "extension", errors, required=kind != "ended", max_length=20)
    recording = _text(data, "recording", errors, required=False, max_length=255)
    caller = _text(data, "caller", errors, max_length=40)
    if caller and "caller" not in errors:
        try:
            caller = normalise_mobile(caller)
        except InvalidInput as error:
            errors["caller"] = [str(error.message)]
    raw_at = _text(data, "at", errors, max_length=40)
    at = None
    if raw_at and "at" not in errors:
        try:
            at = parse_datetime(raw_at)
        except ValueError:
            at = None
        if at is None or at.tzinfo is None:
            errors["at"] = [_("Must be a date and time with its UTC offset, e.g. 2026-12-05T10:15:00+05:00.")]
    if extension and "extension" not in errors and not Extension.objects.filter(number=extension).exists():
        errors["extension"] = [_("No agent has telephone extension %(extension)s.") % {"extension": extension}]
    if errors:
        raise InvalidInput(_("The telephone event is not valid; nothing was stored."), fields=errors)
    return Event(event_id=event_id, kind=kind, call_id=call_id, caller=caller, extension=extension, at=at,
                 recording=recording, payload=data)


def _call_for(event: Event) -> Call:
    """The call this event belongs to: by the telephone system's call id, or the agent's call with this
    caller that the console started before the telephone system said so, or a new one."""
    call = Call.objects.select_for_update().filter(external_id=event.call_id).first()
    if call is not None:
        return call
    agent = Extension.objects.select_related("agent").get(number=event.extension).agent if event.extension else None
    if agent is not None:
        call = (Call.objects.select_for_update().filter(agent=agent, caller=event.caller, external_id__isnull=True,
                                                          state__in=(State.RINGING, State.OPEN))
                .order_by("-started_at").first())
        if call is not None:
            call.external_id = event.call_id
            return call
    return Call(caller=event.caller, agent=agent, extension=event.extension, unit_path=agent_path(agent) if agent
                else "", direction=Direction.INBOUND, state=State.RINGING, started_at=event.at,
                external_id=event.call_id)


def _apply(call: Call, event: Event) -> None:
    if event.extension and not call.extension:
        call.extension = event.extension
    if event.recording:
        call.recording_ref = event.recording
    if event.kind == "answered" and call.answered_at is None:
        call.answered_at = event.at
        if call.state == State.RINGING:
            call.state = State.OPEN
    elif event.kind == "ended":
        call.ended_at = event.at
        if call.answered_at is None and call.state != State.CLOSED:
            call.state, call.outcome, call.closed_at = State.CLOSED, Outcome.ABANDONED, event.at


def receive(event: Event, now: datetime | None = None) -> tuple[Call, bool]:
    """Apply the event to its call once: (the call, whether this event id had been processed before)."""
    now = now or clock.now()
    done = TelephonyEvent.objects.filter(event_id=event.event_id).select_related("call").first()
    if done is not None:
        return done.call, True
    for attempt in range(2):
        try:
            with transaction.atomic():
                call = _call_for(event)
                _apply(call, event)
                call.save()
                TelephonyEvent.objects.create(event_id=event.event_id, kind=event.kind, call=call, at=event.at,
                                              received_at=now, payload=event.payload)
            return call, False
        except IntegrityError:
            # The same event delivered twice at once: the other delivery stored it, and this one rolled back.
            done = TelephonyEvent.objects.filter(event_id=event.event_id).select_related("call").first()
            if done is not None:
                return done.call, True
            # Another event of the same new call created it first (call_id is unique): apply to that one.
            if attempt:
                raise
    raise AssertionError("unreachable")
