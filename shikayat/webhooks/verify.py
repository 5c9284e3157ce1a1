"""The reference receiver's check, as the README shows it to integrators: copy it as it is (standard library only).

    ok = verify(request_body_bytes, request.headers["Shikayat-Signature"], "whsec_…")

The body must be the raw bytes received (not re-serialised JSON). Refused: a missing or malformed header, a
timestamp further than `tolerance` seconds from now (a replayed request), or no v1 signature matching the
secret. Then deduplicate by the event's "id" (also in the Shikayat-Event-Id header): a redelivery carries the
same id and body."""

import hashlib
import hmac
import time


def verify(body: bytes, header: str, secret: str, *, tolerance: int = 300, now: float | None = None) -> bool:
    timestamp, signatures = None, []
    for part in (header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isascii() and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value.strip().lower())
    if timestamp is None or not signatures or not secret:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    # Every candidate is compared in constant time, so the answer's timing tells nothing about the secret.
    return any([hmac.compare_digest(expected.encode(), given.encode()) for given in signatures])
