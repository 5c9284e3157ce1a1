"""Signed tracking links, with a purpose.

A link *sent* to the complainant's own mobile or email (the acknowledgement,
an SMS status reply) proves that its holder has their phone or mailbox, so it
may also act for them (give feedback, add evidence, withdraw); it names the
channel it went by, which the timeline records as the credential. Any other
link — printed on the front desk's slip, in its QR code, read out over the
telephone — only shows the status: the officer who handed it over holds it as
well. Acting then needs the citizen's own proof (a one-time code)."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

VIEW_SALT = "shikayat.track-link.view"
ACT_SALT = "shikayat.track-link.act"
# Links signed before they had a purpose: sent by SMS or email to the complainant, but also printed on the
# desk's slip. They still act, except on a complaint an officer registered (it may have been on a slip).
LEGACY_SALT = "shikayat.track-link"
LINK_MAX_AGE = 180 * 24 * 3600
SENT_BY = {"sms": "sms_link", "email": "email_link", "whatsapp": "whatsapp_link"}


@dataclass(frozen=True)
class LinkGrant:
    etag: str
    credential: str  # how the holder proved to be the complainant; "" = the link only shows the status


def tracking_token(etag: str, *, sent_by: str = "") -> str:
    """A view-only token, or with `sent_by` ("sms", "email", "whatsapp") one that acts: only for a
    message queued to the complainant's own number or address on that channel."""
    if not sent_by:
        return signing.TimestampSigner(salt=VIEW_SALT).sign(etag)
    if sent_by not in SENT_BY:
        raise ValueError(f"no acting link for channel {sent_by!r}")
    return signing.TimestampSigner(salt=ACT_SALT).sign(f"{etag}:{sent_by}")


def _unsign(token: str, salt: str) -> str | None:
    try:
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None


def grant_from_token(token: str) -> LinkGrant | None:
    """What a token lets its holder do, or None if it is forged or expired."""
    payload = _unsign(token, ACT_SALT)
    if payload is not None:
        etag, _sep, sent_by = payload.partition(":")
        return LinkGrant(etag, SENT_BY.get(sent_by, ""))
    etag = _unsign(token, VIEW_SALT)
    if etag is not None:
        return LinkGrant(etag, "")
    etag = _unsign(token, LEGACY_SALT)
    if etag is not None:
        return LinkGrant(etag, "" if _registered_by_an_officer(etag) else "sms_link")
    return None


def _registered_by_an_officer(etag: str) -> bool:
    from .models import ComplaintEvent

    return ComplaintEvent.objects.filter(complaint__etag=etag, action="register", actor__isnull=False).exists()


def tracking_url(etag: str, *, sent_by: str = "") -> str:
    return public_url(reverse("web:track-link", args=[tracking_token(etag, sent_by=sent_by)]))


def public_url(path: str) -> str:
    """An absolute address on this installation's public site, for every link and QR code that leaves it
    (messages, the desk's slip, certificates, alerts). The one setting: SHIKAYAT_PUBLIC_URL."""
    return settings.SHIKAYAT["PUBLIC_URL"].rstrip("/") + path
