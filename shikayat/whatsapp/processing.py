"""Handing stored WhatsApp messages to the conversation engine, and recording
the delivery statuses that came with them. Runs in the worker.

Exactly once: a message is marked done in the same transaction as the
engine's own writes (its session, the complaint, the replies in the outbox),
so either all of it happened or none of it did and it is tried again.

In order, one worker per citizen: a worker takes a citizen's oldest pending
message only, locking that row (SKIP LOCKED on PostgreSQL: a second worker
skips the citizen instead of waiting), and the next message is taken only
after the commit. While the oldest waits for a retry, the citizen's later
messages wait behind it. On SQLite every transaction takes the write lock,
which serialises everything anyway.

A failure the message itself causes (text or a value no database or codec
takes: DataError, UnicodeError, RecursionError) fails it at once rather than
retrying what cannot succeed; the webhook stores deliveries cleaned, so this
is the last line only."""

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db import DataError, transaction
from django.db.models import Subquery

from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound
from shikayat.core.jsonsafe import clean_text
from shikayat.notifications.models import WhatsAppContact

from .models import InboundWhatsAppMessage, WebhookEvent
from .parse import incoming_from, parse_delivery
from .types import Incoming

log = logging.getLogger("shikayat.whatsapp")
State = InboundWhatsAppMessage.State

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=10)  # then 20, 40, 80 s
# What a message's own content causes: the same again on every retry.
PERMANENT = (DataError, UnicodeError, RecursionError)
WA_ID_FITS_CONTACT = WhatsAppContact._meta.get_field("wa_id").max_length


def process_pending(limit: int = 200, now: datetime | None = None) -> int:
    """Hand up to `limit` due messages to the engine, each citizen's in
    their own order; returns how many were tried (done, failed, or put back
    for a retry)."""
    now = now or clock.now()
    due = (InboundWhatsAppMessage.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
           .order_by("at", "id").values_list("wa_id", flat=True)[:limit])
    handled = 0
    for wa_id, waiting in Counter(due).items():  # citizens, oldest waiting first
        for _ in range(waiting):
            outcome = _process_next(wa_id, now)
            if outcome is None:
                break
            handled += 1
            if outcome == State.PENDING:
                break  # to be retried: the citizen's later messages wait behind it
    return handled


def _process_next(wa_id: str, now: datetime) -> str | None:
    """The citizen's oldest pending message, if it is due and no other worker
    holds it: handled in one transaction with the engine's own writes.
    Returns its new state, or None when there was nothing to take."""
    oldest = (InboundWhatsAppMessage.objects.filter(wa_id=wa_id, state=State.PENDING)
              .order_by("at", "id").values("pk")[:1])
    claimed = None
    try:
        with transaction.atomic():
            row = (InboundWhatsAppMessage.objects.select_for_update(skip_locked=True)
                   .filter(pk=Subquery(oldest), state=State.PENDING, next_attempt_at__lte=now).first())
            if row is None:
                return None  # nothing due, or another worker is on this citizen
            claimed = row
            incoming = incoming_from(row.payload, row.received_at)
            touch_contact(incoming)
            handle(incoming)
            row.state, row.attempts, row.processed_at, row.error = State.DONE, row.attempts + 1, now, ""
            row.save(update_fields=["state", "attempts", "processed_at", "error"])
            return row.state
    except Exception as error:  # any failure: counted, retried, then left for a person
        if claimed is None:
            raise
        return _record_failure(claimed, error, now)


def _record_failure(row: InboundWhatsAppMessage, error: Exception, now: datetime) -> str:
    """Everything the failed attempt wrote is gone; count it on the row (unless
    another worker has dealt with the row since) and keep the contact's time."""
    attempts = row.attempts + 1
    log.error("WhatsApp message %s from %s failed (attempt %d)", row.message_id, row.wa_id, attempts,
              exc_info=error)
    fields = {"attempts": attempts, "error": error_text(error)}
    if attempts >= MAX_ATTEMPTS or isinstance(error, PERMANENT):
        fields.update(state=State.FAILED, processed_at=now)
    else:
        fields.update(next_attempt_at=now + FIRST_RETRY * 2 ** (attempts - 1))
    with transaction.atomic():
        try:
            with transaction.atomic():
                touch_contact(incoming_from(row.payload, row.received_at))
        except PERMANENT:
            log.exception("WhatsApp message %s: the contact's time could not be kept", row.message_id)
        InboundWhatsAppMessage.objects.filter(pk=row.pk, state=State.PENDING, attempts=row.attempts).update(**fields)
    return fields.get("state", State.PENDING)


def error_text(error: BaseException) -> str:
    """What to keep of a failure on its row: storable, and short."""
    return clean_text(f"{type(error).__name__}: {error}"[:2000])


def handle(incoming: Incoming) -> None:
    """The conversation engine (shikayat.bot), imported when first needed."""
    from shikayat.bot import engine

    engine.handle(incoming)


def touch_contact(incoming: Incoming) -> None:
    """The citizen wrote to us: WhatsApp's 24-hour window for free-text
    replies is open from this message (a citizen's messages are handled in
    the order they were written, so the time moves forward). One upsert."""
    if len(incoming.wa_id) > WA_ID_FITS_CONTACT:
        return  # a business-scoped id too long for the contact table: replies go out as templates
    WhatsAppContact.objects.bulk_create(
        [WhatsAppContact(wa_id=incoming.wa_id, phone=incoming.phone, last_inbound_at=incoming.at)],
        update_conflicts=True, unique_fields=["wa_id"],
        update_fields=["last_inbound_at", "phone"] if incoming.phone else ["last_inbound_at"])


def record_statuses(limit: int = 200, now: datetime | None = None) -> int:
    """Delivery statuses from stored webhook events, against the outbox;
    returns how many events were finished. Statuses for messages we did not
    send (or no longer know) are ignored."""
    from shikayat.notifications.status import record_status

    now = now or clock.now()
    finished = 0
    ids = list(WebhookEvent.objects.filter(processed_at__isnull=True).order_by("received_at", "id")
               .values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            event = WebhookEvent.objects.select_for_update(skip_locked=True).filter(
                pk=pk, processed_at__isnull=True).first()
            if event is None:
                continue
            event.attempts += 1
            try:
                for report in parse_delivery(event.body, now).statuses:
                    try:
                        with transaction.atomic():
                            record_status("whatsapp", report.message_id, report.status, report.at, report.detail)
                    except (NotFound, InvalidInput):
                        log.debug("WhatsApp status %s for unknown message %s ignored", report.status,
                                  report.message_id)
            except Exception as error:
                log.exception("recording the statuses of WhatsApp event %s failed", pk)
                event.error = error_text(error)
                if event.attempts >= MAX_ATTEMPTS or isinstance(error, PERMANENT):
                    event.processed_at = now
            else:
                event.processed_at, event.error = now, ""
                finished += 1
            event.save(update_fields=["attempts", "processed_at", "error"])
    return finished
