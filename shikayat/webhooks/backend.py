"""The worker's adapter for the "webhook" channel (SHIKAYAT["MESSAGE_BACKENDS"]["webhook"]): POST the event's
body, byte for byte as queued (Outgoing.text), to the subscription's URL, signed (signing.py), and log the attempt.

2xx: sent. 408, 429, 5xx, timeouts and unreachable hosts: retried with backoff (delivery.py). Any other answer
(4xx, a redirect), a deleted or inactive subscription, or a URL that is not allowed: the dead letter, with the
reason, for "Retry now" in the admin. Receivers deduplicate by the event id, so a retry is always safe."""

import time

import httpx
from django.conf import settings

from shikayat.accounts.secret_box import UnreadableSecret
from shikayat.core import clock
from shikayat.notifications.adapters import raise_for_status
from shikayat.notifications.backends import DeliveryError, Outgoing, PermanentDeliveryError
from shikayat.notifications.models import OutboxMessage

from . import events, signing
from .models import DeliveryAttempt, Subscription
from .targets import url_problem

ANSWER_KEPT = 500


class WebhookBackend:
    name = "webhook"
    # Every request carries the event id (and our idempotency key): receivers deduplicate by it.
    safe_to_resend = True

    def __init__(self):
        connect = float(settings.SHIKAYAT.get("WEBHOOKS_CONNECT_TIMEOUT", 5))
        read = float(settings.SHIKAYAT.get("WEBHOOKS_READ_TIMEOUT", 10))
        # Redirects are not followed: the address checked is the address posted to.
        self.client = httpx.Client(timeout=httpx.Timeout(read, connect=connect), follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def send(self, message: Outgoing) -> str:
        at = message.now or clock.now()
        attempt = DeliveryAttempt(event_id=str(message.context.get("id", ""))[:80],
                                  event_type=str(message.context.get("type", ""))[:20], attempted_at=at)
        attempt.message_id = OutboxMessage.objects.filter(
            dedupe_key=events.dedupe_key(message.recipient, attempt.event_id)).values_list("pk", flat=True).first()
        subscription = (Subscription.objects.select_related("integrator").filter(pk=int(message.recipient)).first()
                        if message.recipient.isdigit() else None)
        attempt.subscription = subscription
        try:
            return self._post(subscription, message, at, attempt)
        except DeliveryError as error:
            attempt.error = attempt.error or str(error)[:500]
            raise
        finally:
            attempt.save()

    def _post(self, subscription: Subscription | None, message: Outgoing, at, attempt: DeliveryAttempt) -> str:
        if subscription is None:
            raise PermanentDeliveryError(f"webhook subscription {message.recipient} was deleted")
        if not subscription.is_active or not subscription.integrator.is_active:
            raise PermanentDeliveryError(f"webhook subscription {subscription.pk} is inactive (or its integrator)")
        try:
            problem = url_problem(subscription.url, resolve=True)
        except OSError as error:
            raise DeliveryError(f"webhook host does not resolve: {error}") from error
        if problem:
            raise PermanentDeliveryError(f"webhook URL refused: {problem}")
        try:
            secrets = signing.signing_secrets(subscription, at)
        except UnreadableSecret as error:
            raise DeliveryError(f"webhook secret unreadable: {error}") from error
        if not secrets:
            raise PermanentDeliveryError("webhook subscription has no signing secret: issue one in the admin")
        body, timestamp = message.text.encode("utf-8"), int(at.timestamp())
        headers = {"Content-Type": "application/json", "User-Agent": "Shikayat-Webhooks/1",
                   "Shikayat-Event-Id": attempt.event_id, "Shikayat-Timestamp": str(timestamp),
                   "Shikayat-Signature": signing.header(secrets, timestamp, body),
                   "Idempotency-Key": message.idempotency_key}
        started = time.monotonic()
        try:
            with self.client.stream("POST", subscription.url, content=body, headers=headers) as response:
                answer = _start_of(response)
        except httpx.TimeoutException as error:
            raise DeliveryError(f"webhook receiver timed out: {type(error).__name__}") from error
        except httpx.TransportError as error:
            raise DeliveryError(f"webhook receiver unreachable: {type(error).__name__}: {error}") from error
        finally:
            attempt.duration_ms = int((time.monotonic() - started) * 1000)
        attempt.http_status, attempt.answer = response.status_code, answer
        if response.status_code == 410:  # Gone: the receiver says the endpoint no longer exists
            _pause(subscription, at, f"the receiver answered HTTP 410 Gone at {at:%Y-%m-%d %H:%M} UTC")
        raise_for_status("Webhook receiver", response.status_code, answer, response.headers.get("Retry-After"))
        return ""


def _pause(subscription: Subscription, at, reason: str) -> None:
    """Stop sending to this subscription: its later events go to the dead letter with the reason ("inactive")
    until an admin resumes it. A save, so the listeners' cached list of subscriptions is cleared too."""
    subscription.is_active, subscription.paused_at, subscription.paused_reason = False, at, reason[:200]
    subscription.save(update_fields=["is_active", "paused_at", "paused_reason"])


def _start_of(response: httpx.Response) -> str:
    """The first characters of the answer, without reading a large one whole."""
    kept = b""
    for chunk in response.iter_bytes():
        kept += chunk
        if len(kept) >= ANSWER_KEPT * 4:
            break
    return kept.decode("utf-8", errors="replace")[:ANSWER_KEPT]
