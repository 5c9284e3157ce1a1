"""Send due outbox messages without losing or duplicating any.

1. Claim: a short transaction takes a batch of due rows (SELECT … FOR UPDATE
   SKIP LOCKED on PostgreSQL; SQLite's IMMEDIATE transaction serialises
   workers), gives them a lease (lease_owner, leased_until) and commits.
   While leased a row is not due; when the lease expires (the worker died) it
   is due again and another worker claims it.
2. Send, outside any transaction. Just before the provider is called the row
   records sending_started_at (and renews the lease), and every send carries
   the row's idempotency key.
3. Record the outcome in a second short write, only if this worker still
   holds the lease.

The one window left: a worker dies after calling the provider and before
recording the outcome. The next claim sees sending_started_at set. Adapters
whose provider deduplicates by our key (the HTTP SMS gateway) are simply
retried; for the others (Twilio, WhatsApp) the row becomes UNCERTAIN for a
person to check the provider's log and requeue from the admin if needed.
That window is one HTTP request plus one UPDATE per message.

Ordered channels (a portal, an integrator's webhooks): the messages about one complaint to one recipient are
sent in the order they were queued (by id). A row is claimed only when no earlier row of its sequence is still
pending or uncertain (a dead one no longer holds the others back); within a batch a sequence stops at its first
row that was not sent, and the rest wait for it.

Failures: PermanentDeliveryError (a 4xx other than 408/429, a template that
does not render) goes straight to the dead letter; others are retried with
exponential backoff and jitter, and after MAX_ATTEMPTS the row is DEAD.
"""

import logging
import os
import random
import socket
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q

from shikayat.core import clock

from .backends import DeliveryError, Outgoing, PermanentDeliveryError, UncertainDelivery, backend_for
from .messages import render, render_subject
from .models import OutboxMessage

log = logging.getLogger("shikayat.outbox")
State = OutboxMessage.State

MAX_ATTEMPTS = 8
ORDERED_CHANNELS = frozenset({"portal", "webhook"})
# Ordered channels whose recipient keeps the last status it was sent (a portal), unlike a webhook receiver, which
# gets each event with its time: an older step retried there is followed by the latest again (requeue).
RESTATED_CHANNELS = frozenset({"portal"})
# How soon a row held back by an earlier one looks again (at most): the earlier one may be sent meanwhile.
HELD_BACK_RECHECK = timedelta(seconds=30)
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)


def lease_length() -> timedelta:
    """How long a claim lasts; must exceed one send's worst case (the adapters' timeouts)."""
    return timedelta(seconds=float(settings.SHIKAYAT.get("OUTBOX_LEASE_SECONDS", 120)))


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: doubling from RETRY_BASE up to RETRY_CAP,
    the second half random so that many failed messages do not return at once."""
    ceiling = min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)
    return ceiling / 2 + ceiling / 2 * random.random()


def deliver_due(limit: int = 100, now: datetime | None = None) -> int:
    """Send up to `limit` due messages; returns how many were sent. `now`
    fixes the clock (tests); without it each step reads the real time.
    Call it outside a transaction: sends must not hold database locks."""
    owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    adapters = _Adapters()
    try:
        batch = claim(limit=limit, owner=owner, now=now, adapters=adapters)
        sent = 0
        stopped: dict[tuple, OutboxMessage] = {}  # ordered sequences whose earlier row was not sent
        for message in batch:
            key = sequence(message)
            if key in stopped:
                _wait_behind(message, owner, now, stopped[key])
                continue
            done = _deliver_one(message, owner=owner, now=now, adapters=adapters)
            sent += done
            if key and not done:
                stopped[key] = message
        return sent
    finally:
        adapters.close()


def sequence(message: OutboxMessage) -> tuple | None:
    """The ordered sequence a message belongs to, or None (people's channels: any order)."""
    if message.channel not in ORDERED_CHANNELS:
        return None
    return (message.channel, message.recipient, message.complaint_id)


def _held_back(rows: list[OutboxMessage], at: datetime) -> dict[int, datetime]:
    """Rows of ordered sequences that must wait: an earlier row of the sequence, not in `rows`, is still
    pending or uncertain. Maps each to when to look again."""
    ordered = [row for row in rows if sequence(row)]
    if not ordered:
        return {}
    firsts = (OutboxMessage.objects
              .filter(channel__in={row.channel for row in ordered}, recipient__in={row.recipient for row in ordered},
                      complaint_id__in={row.complaint_id for row in ordered},
                      state__in=[State.PENDING, State.UNCERTAIN])
              .values("channel", "recipient", "complaint_id").annotate(first=Min("id")))
    first = {(f["channel"], f["recipient"], f["complaint_id"]): f["first"] for f in firsts}
    claimed = {row.pk for row in rows}
    blockers = {first[sequence(row)] for row in ordered if first.get(sequence(row), row.pk) not in claimed}
    due = dict(OutboxMessage.objects.filter(pk__in=blockers).values_list("pk", "next_attempt_at"))
    held = {}
    for row in ordered:
        blocker = first.get(sequence(row), row.pk)
        if blocker not in claimed:
            held[row.pk] = min(max(due.get(blocker) or at, at + timedelta(seconds=1)), at + HELD_BACK_RECHECK)
    return held


def claim(*, limit: int, owner: str, now: datetime | None = None, adapters=None) -> list[OutboxMessage]:
    """Lease up to `limit` due messages to `owner` (one short transaction).
    A due row whose previous send started but never finished goes to
    UNCERTAIN unless its adapter is safe to resend."""
    adapters = adapters or _Adapters()
    at = now or clock.now()
    until = at + lease_length()
    with transaction.atomic():
        due = OutboxMessage.objects.filter(state=State.PENDING, next_attempt_at__lte=at).order_by("next_attempt_at")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due[:limit])
        unsure = [row.pk for row in rows if row.sending_started_at and not adapters.safe_to_resend(row.channel)]
        if unsure:
            # lease_owner stays: should the old worker still be alive, it may yet record what happened.
            OutboxMessage.objects.filter(pk__in=unsure).update(
                state=State.UNCERTAIN, leased_until=None,
                last_error="The worker stopped while this message was being sent; the provider may or may not "
                           "have sent it. Check the provider's log, then requeue it if it was not sent.")
            log.warning("outbox: %d message(s) with unknown outcome need a person: %s", len(unsure), unsure)
        rows = [row for row in rows if row.pk not in unsure]
        held = _held_back(rows, at)
        for pk, again in held.items():
            OutboxMessage.objects.filter(pk=pk).update(next_attempt_at=again)
        # In id order, except that a message queued as urgent (due before it was made: an SOS alert's, see
        # shikayat/sos/alerting.py) goes ahead of the batch. Ordered channels are never urgent.
        claimed = sorted((row for row in rows if row.pk not in held),
                         key=lambda row: (row.next_attempt_at >= row.created_at, row.pk))
        OutboxMessage.objects.filter(pk__in=[row.pk for row in claimed]).update(
            lease_owner=owner, leased_until=until, next_attempt_at=until)
    return claimed


def _deliver_one(message: OutboxMessage, *, owner: str, now: datetime | None, adapters) -> int:
    try:
        adapter = adapters.get(message.channel)
    except Exception as error:  # misconfigured adapter: keep the message, retry later
        log.exception("outbox: no adapter for %s", message.channel)
        message.attempts += 1  # counted, so that a lasting misconfiguration ends in the dead letter
        return _retry_later(message, owner, now, f"adapter not available: {type(error).__name__}: {error}",
                            attempts=message.attempts)
    try:
        outgoing = _outgoing(message, now)
    except (KeyError, ValueError, TypeError) as error:
        return _dead(message, owner, now, f"message does not render: {type(error).__name__}: {error}")
    if not _start_sending(message, owner, now):
        return 0  # the lease went to another worker meanwhile
    try:
        provider_message_id = adapter.send(outgoing)
    except PermanentDeliveryError as error:
        return _dead(message, owner, now, str(error))
    except UncertainDelivery as error:
        if adapter.safe_to_resend:
            return _retry_later(message, owner, now, str(error))
        return _uncertain(message, owner, now, str(error))
    except DeliveryError as error:
        return _retry_later(message, owner, now, str(error), error.retry_after)
    except Exception as error:  # an adapter bug: whether it sent is unknown
        log.exception("outbox %s: adapter %s failed", message.pk, adapter.name)
        detail = f"{type(error).__name__}: {error}"
        if adapter.safe_to_resend:
            return _retry_later(message, owner, now, detail)
        return _uncertain(message, owner, now, detail)
    recorded = _record(message, owner, state=State.SENT, sent_at=now or clock.now(), provider=adapter.name,
                       provider_message_id=(provider_message_id or "")[:128])
    if not recorded:
        log.warning("outbox %s: sent, but another worker holds it now (its retry carries the same key)", message.pk)
    return 1


def _outgoing(message: OutboxMessage, now: datetime | None) -> Outgoing:
    return Outgoing(
        channel=message.channel, recipient=message.recipient, idempotency_key=message.idempotency_key,
        text=render(message.template, message.language, message.context),
        subject=render_subject(message.template, message.language, message.context) if message.channel == "email"
        else "",
        template=message.template, language=message.language, context=message.context, now=now,
    )


def _start_sending(message: OutboxMessage, owner: str, now: datetime | None) -> bool:
    """Mark the send as started and renew the lease, if the lease is still ours."""
    at = now or clock.now()
    until = at + lease_length()
    started = OutboxMessage.objects.filter(pk=message.pk, lease_owner=owner, state=State.PENDING).update(
        sending_started_at=at, leased_until=until, next_attempt_at=until, attempts=F("attempts") + 1)
    message.attempts += 1
    return started == 1


def _record(message: OutboxMessage, owner: str, **fields) -> bool:
    """The outcome, written only while this worker holds the lease; frees the lease."""
    return OutboxMessage.objects.filter(
        pk=message.pk, lease_owner=owner, state__in=[State.PENDING, State.UNCERTAIN]
    ).update(lease_owner="", leased_until=None, sending_started_at=None, **fields) == 1


def _retry_later(message, owner, now, error: str, retry_after: float | None = None, **extra) -> int:
    at = now or clock.now()
    if message.attempts >= MAX_ATTEMPTS:
        return _dead(message, owner, now, f"gave up after {message.attempts} attempts: {error}", **extra)
    delay = timedelta(seconds=retry_after) if retry_after else backoff(max(message.attempts, 1))
    _record(message, owner, state=State.PENDING, next_attempt_at=at + delay, last_error=error[:2000], **extra)
    log.info("outbox %s: attempt %d failed, retry at %s: %s", message.pk, message.attempts, at + delay, error)
    return 0


def _wait_behind(message: OutboxMessage, owner: str, now: datetime | None, earlier: OutboxMessage) -> None:
    """Give back the lease of a row whose earlier row in its sequence was not sent: it waits for that one."""
    at = now or clock.now()
    _record(message, owner, state=State.PENDING, next_attempt_at=at + timedelta(seconds=1))
    log.info("outbox %s: waits for %s, an earlier message of its sequence", message.pk, earlier.pk)


def _dead(message, owner, now, error: str, **extra) -> int:
    _record(message, owner, state=State.DEAD, last_error=error[:2000], **extra)
    log.error("outbox %s: dead letter: %s", message.pk, error)
    return 0


def _uncertain(message, owner, now, error: str) -> int:
    _record(message, owner, state=State.UNCERTAIN, last_error=f"outcome unknown: {error}"[:2000])
    log.error("outbox %s: outcome unknown, needs a person: %s", message.pk, error)
    return 0


def requeue(ids, now: datetime | None = None) -> int:
    """Send dead or uncertain messages (and pending ones waiting for a retry)
    again now, with a fresh set of attempts: the admin's "retry now". Sent
    messages, and pending ones a worker is sending, are left alone.

    A portal keeps the last status it was sent. A dead step retried after later steps of its complaint went
    would leave the portal on that older status, so the latest of them is sent again after it (see restate)."""
    at = now or clock.now()
    ids = list(ids)
    waiting = Q(state=State.PENDING, sending_started_at__isnull=True) & (
        Q(leased_until__isnull=True) | Q(leased_until__lte=at))
    with transaction.atomic():
        revived = list(OutboxMessage.objects.filter(state__in=[State.DEAD, State.UNCERTAIN], pk__in=ids,
                                                    channel__in=RESTATED_CHANNELS))
        count = OutboxMessage.objects.filter(
            Q(state__in=[State.DEAD, State.UNCERTAIN]) | waiting, pk__in=ids
        ).update(state=State.PENDING, attempts=0, next_attempt_at=at, lease_owner="", leased_until=None,
                 sending_started_at=None)
        for row in revived:
            restate(row, at)
    return count


def restate(revived: OutboxMessage, at: datetime) -> OutboxMessage | None:
    """When `revived` (an older step sent again) would otherwise be the last its recipient hears of the
    complaint, queue the latest step already sent after it once more, behind it: the portal ends on the current
    status. Nothing when a later step is still waiting (it goes after the revived one anyway) or none went."""
    later = OutboxMessage.objects.filter(channel=revived.channel, recipient=revived.recipient,
                                         complaint_id=revived.complaint_id, pk__gt=revived.pk)
    if later.filter(state__in=[State.PENDING, State.UNCERTAIN]).exists():
        return None
    latest = later.filter(state=State.SENT).order_by("-pk").first()
    if latest is None:
        return None
    again = OutboxMessage.objects.create(
        channel=latest.channel, recipient=latest.recipient, template=latest.template, language=latest.language,
        context=latest.context, complaint_id=latest.complaint_id, next_attempt_at=at, created_at=at,
        dedupe_key=f"again:{latest.pk}:after:{revived.pk}:{uuid.uuid4().hex[:12]}")
    log.info("outbox %s: %s sent again after %s, the older step retried", again.pk, latest.pk, revived.pk)
    return again


class _Adapters:
    """One adapter per channel for the whole batch (connections are reused)."""

    def __init__(self):
        self._made = {}

    def get(self, channel: str):
        if channel not in self._made:
            self._made[channel] = backend_for(channel)
        return self._made[channel]

    def safe_to_resend(self, channel: str) -> bool:
        try:
            return bool(self.get(channel).safe_to_resend)
        except Exception:
            return False

    def close(self) -> None:
        for adapter in self._made.values():
            close = getattr(adapter, "close", None)
            if close:
                try:
                    close()
                except Exception:
                    log.exception("outbox: closing %s", adapter)


def deliver_ids(ids, now: datetime | None = None) -> int:
    """Send these messages now, ahead of whatever else is due (an SOS alert's: shikayat/sos/alerting.py):
    claimed by id with the same lease as a batch, sent in id order. Rows already sent, taken by another
    worker or not due are left alone; returns how many were sent."""
    owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    at = now or clock.now()
    until = at + lease_length()
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(pk__in=list(ids), state=State.PENDING, next_attempt_at__lte=at,
                                            sending_started_at__isnull=True).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = [row for row in rows if not sequence(row)]  # ordered channels keep to deliver_due's order
        OutboxMessage.objects.filter(pk__in=[row.pk for row in claimed]).update(
            lease_owner=owner, leased_until=until, next_attempt_at=until)
    adapters = _Adapters()
    try:
        return sum(_deliver_one(row, owner=owner, now=now, adapters=adapters) for row in claimed)
    finally:
        adapters.close()
