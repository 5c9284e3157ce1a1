"""Provider adapters (see shikayat/notifications/backends.py for the interface).
Shared here: how an HTTP answer maps to an outcome."""

from ..backends import DeliveryError, PermanentDeliveryError

# Answers that mean "not processed, try again later"; any other 4xx is the
# provider refusing this message for good.
RETRYABLE_4XX = {408, 429}


def retry_after_seconds(value: str | None) -> float | None:
    """The Retry-After header in seconds (the HTTP-date form is ignored)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def raise_for_status(provider: str, status: int, body: str, retry_after: str | None = None) -> None:
    """2xx: return. 408/429/5xx: DeliveryError (retried). Anything else: PermanentDeliveryError."""
    if 200 <= status < 300:
        return
    detail = f"{provider} answered HTTP {status}: {body[:300]}"
    if status in RETRYABLE_4XX or status >= 500:
        raise DeliveryError(detail, retry_after=retry_after_seconds(retry_after))
    raise PermanentDeliveryError(detail)
