"""The signature every machine door checks: `sha256=<hex HMAC-SHA256 of the raw body, keyed with a shared
secret>` (the SMS gateway's and the telephone system's X-Shikayat-Signature, Meta's X-Hub-Signature-256)."""

import hashlib
import hmac


def sign(secret: str, body: bytes) -> str:
    """The header value a sender puts on `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str, body: bytes, header: str, *, bare_hex_too: bool = False) -> bool:
    """Whether `header` signs `body` with `secret`, compared in constant time (hex in either case). The
    `sha256=` prefix is required unless `bare_hex_too` (our own gateways' header has always taken the hex
    alone as well). An empty secret or header matches nothing."""
    scheme, sep, given = header.strip().partition("=")
    if not sep and bare_hex_too:
        scheme, given = "sha256", scheme
    if not secret or not given or scheme.lower() != "sha256":
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.strip().lower().encode(), expected.encode())
