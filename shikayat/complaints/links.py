"""The signed tracking link sent to the complainant by SMS: whoever follows
it holds the complainant's phone, so it may also act for them."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

LINK_SALT = "shikayat.track-link"
LINK_MAX_AGE = 180 * 24 * 3600


def tracking_token(etag: str) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign(etag)


def etag_from_token(token: str) -> str | None:
    try:
        return signing.TimestampSigner(salt=LINK_SALT).unsign(token, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None


def tracking_url(etag: str) -> str:
    return public_url(reverse("web:track-link", args=[tracking_token(etag)]))


def public_url(path: str) -> str:
    """An absolute address on this installation's public site (for links in messages and QR codes)."""
    return settings.SHIKAYAT.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/") + path
