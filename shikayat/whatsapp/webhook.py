"""The Cloud API webhook's work, apart from HTTP: checking Meta's signature,
the subscription handshake, and storing a delivery.

A delivery is stored in one short transaction: the raw event and one row per
message (INSERT … ON CONFLICT DO NOTHING on Meta's message id, so a
redelivered message is stored, and so processed, once). Nothing else happens
before the answer: the worker hands the messages to the conversation engine
and records the delivery statuses."""

import hmac
import json
import logging
import time
from functools import cache

from django.db import connection, transaction
from django.utils.translation import gettext_lazy

from shikayat.core import clock, jsonsafe
from shikayat.core.errors import DomainError
from shikayat.core.signing import signature_matches
from shikayat.notifications.adapters.whatsapp import config

from .models import InboundWhatsAppMessage, WebhookEvent
from .parse import parse_delivery

log = logging.getLogger("shikayat.whatsapp")


class WebhookNotConfigured(DomainError):
    status_code = 503
    code = "not_configured"
    default_message = gettext_lazy("The WhatsApp webhook is not configured on this server "
                                   "(SHIKAYAT_WHATSAPP_APP_SECRET / SHIKAYAT_WHATSAPP_VERIFY_TOKEN).")


class BadSignature(DomainError):
    status_code = 401
    code = "unauthenticated"
    default_message = gettext_lazy("The request's X-Hub-Signature-256 is missing or wrong.")


class WrongVerifyToken(DomainError):
    status_code = 403
    code = "permission_denied"
    default_message = gettext_lazy("The verification request's mode or token is wrong.")


class DeliveryTooLarge(DomainError):
    status_code = 413
    code = "too_large"
    default_message = gettext_lazy("The request body is too large.")


class MalformedDelivery(DomainError):
    status_code = 400
    code = "invalid_input"
    default_message = gettext_lazy("The request body is not a JSON object.")


def verify_subscription(mode: str, token: str, challenge: str) -> str:
    """Meta's GET handshake: the challenge to echo when the token is ours."""
    expected = config().get("VERIFY_TOKEN") or ""
    if not expected:
        raise WebhookNotConfigured()
    if mode != "subscribe" or not hmac.compare_digest(token.encode(), expected.encode()):
        raise WrongVerifyToken()
    return challenge


def check_signature(body: bytes, header: str) -> None:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed
    with the app secret>`, compared in constant time."""
    secret = config().get("APP_SECRET") or ""
    if not secret:
        raise WebhookNotConfigured()
    if not signature_matches(secret, body, header):
        raise BadSignature()


def receive(body: dict, raw: bytes | None = None) -> tuple[int, int]:
    """Store one verified delivery (`raw`: its bytes as received, stored as
    they are when given and storable); returns (messages, statuses) it
    carried. Processing is queued for right after the commit.

    Text no database takes (NUL, lone surrogates) is stored as U+FFFD, and
    nesting deeper than any real payload is cut off: a signed delivery is
    answered 200 and stored, never refused into Meta's retries."""
    now = clock.now()
    body, cleaned = jsonsafe.clean(body)
    if cleaned:
        log.warning("WhatsApp delivery with unstorable text or nesting stored cleaned (U+FFFD / null)")
        raw = None  # stored as cleaned, not as received
    delivery = parse_delivery(body, now)
    event = {"received_at": now, "message_count": len(delivery.messages), "status_count": len(delivery.statuses),
             "processed_at": None if delivery.statuses else now}
    if connection.vendor == "postgresql":
        _store_in_one_statement(_as_text(raw, body), event, delivery.messages, now)
    else:
        with transaction.atomic():
            row = WebhookEvent.objects.create(body=body, **event)
            InboundWhatsAppMessage.objects.bulk_create([
                InboundWhatsAppMessage(message_id=message_id, wa_id=sender, kind=kind, at=at, payload=payload,
                                       event=row, received_at=now, next_attempt_at=now)
                for message_id, sender, at, kind, payload in delivery.messages
            ], ignore_conflicts=True)
    if delivery.messages or delivery.statuses:
        transaction.on_commit(queue_processing)
    return len(delivery.messages), len(delivery.statuses)


def _as_text(raw: bytes | None, body: dict) -> str:
    try:
        return raw.decode("utf-8") if raw is not None else json.dumps(body)
    except UnicodeDecodeError:  # JSON in another Unicode encoding (json.loads accepts it)
        return json.dumps(body)


@cache
def _store_sql() -> str:
    event, message = WebhookEvent._meta.db_table, InboundWhatsAppMessage._meta.db_table
    return (
        f"WITH event AS (INSERT INTO {event} (received_at, body, message_count, status_count, processed_at, "
        f"attempts, error) VALUES (%s, %s::jsonb, %s, %s, %s, 0, '') RETURNING id) "
        f"INSERT INTO {message} (message_id, wa_id, kind, at, payload, event_id, received_at, state, attempts, "
        f"next_attempt_at, error) "
        f"SELECT m.message_id, m.wa_id, m.kind, m.at, m.payload, event.id, %s, 'pending', 0, %s, '' "
        f"FROM event, jsonb_to_recordset(%s::jsonb) AS m(message_id text, wa_id text, kind text, at timestamptz, "
        f"payload jsonb) "
        f"ON CONFLICT (message_id) DO NOTHING"
    )


def _store_in_one_statement(body: str, event: dict, messages: list, now) -> None:
    """PostgreSQL: the event and its messages in one statement, which is its
    own transaction: one round trip instead of BEGIN, two INSERTs and COMMIT
    (this is the webhook's whole cost at peak)."""
    rows = json.dumps([{"message_id": message_id, "wa_id": sender, "kind": kind, "at": at.isoformat(),
                        "payload": payload} for message_id, sender, at, kind, payload in messages])
    with connection.cursor() as cursor:
        cursor.execute(_store_sql(), [event["received_at"], body, event["message_count"], event["status_count"],
                                   event["processed_at"], now, now, rows])


def queue_processing() -> None:
    """Ask a worker to process now, so replies are quick. Runs after the
    commit. If the queue is down, the periodic job picks the rows up a few
    seconds later: never an error for Meta."""
    try:
        from .tasks import process_inbound

        if not _run_already_waiting(process_inbound):
            process_inbound.enqueue()
    except Exception:
        log.exception("could not queue WhatsApp processing; the periodic job will catch up")


# When this process last saw a processing run waiting in the database queue (time.monotonic()).
_waiting_seen_at = -1.0
TRUST_WAITING_SECONDS = 1.0


def _run_already_waiting(task) -> bool:
    """With the database queue: is a run queued and not yet started? It will
    see everything committed before it starts, so a second run would add
    nothing but a row per delivery (thousands a minute at peak). Having seen
    one, this process believes it for a second without asking again: the
    question costs as much as storing the delivery. If that run started in
    the meantime and missed this delivery, the next delivery's run or the
    periodic job (every few seconds) takes it. RQ's queue is cheap to add to
    and is not asked."""
    global _waiting_seen_at
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    if time.monotonic() - _waiting_seen_at < TRUST_WAITING_SECONDS:
        return True
    if DBTaskResult.objects.ready().filter(task_path=task.module_path).exists():
        _waiting_seen_at = time.monotonic()
        return True
    return False
