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


def id_in_answer(response, path: str) -> str:
    """The provider's id for our message at the dotted `path` of its JSON answer (e.g. "messages.0.id"), or ""."""
    if not path:
        return ""
    try:
        value = response.json()
    except ValueError:
        return ""
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return ""
    return str(value)[:128] if value not in (None, "") else ""
