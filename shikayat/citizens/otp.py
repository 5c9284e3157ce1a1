"""Mobile verification by one-time code: six digits by SMS through the
outbox, valid 10 minutes, 5 wrong tries lock the number for 15 minutes, a
new code at most once a minute and 5 an hour. Only a hash is stored.

Every code is an SMS we pay for and a message someone receives unasked, so
besides the per-mobile limits a client address may have at most
SHIKAYAT_OTP_PER_ADDRESS_HOUR codes sent an hour, and the whole installation
SHIKAYAT_OTP_GLOBAL_HOUR (counted in the shared cache: core/ratelimit.py)."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.core import clock
from shikayat.core.errors import InvalidInput
from shikayat.core.phones import normalise_mobile
from shikayat.core.ratelimit import Rate, RateLimited, hit
from shikayat.notifications.outbox import enqueue

from .models import OneTimeCode

VALID_FOR = timedelta(minutes=10)
RESEND_AFTER = timedelta(seconds=60)
MAX_PER_HOUR = 5
MAX_ATTEMPTS = 5
LOCKED_FOR = timedelta(minutes=15)


def _hash(mobile: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


Throttled = RateLimited  # 429, with the reason in the user's language


def request_code(raw_mobile: str, *, client: str, language: str = "en", now: datetime | None = None) -> str:
    """Send a new code to the mobile; returns the E.164 number it went to.
    `client` is who asks (ratelimit.request_client(request) on the web)."""
    now = now or clock.now()
    mobile = normalise_mobile(raw_mobile)
    with transaction.atomic():
        recent = _recent(mobile, now)
        _check_not_locked(recent, now)
        if recent and recent[0].created_at > now - RESEND_AFTER:
            raise Throttled(_("A code was sent a moment ago. Please wait a minute before asking for another."))
        if len(recent) >= MAX_PER_HOUR:
            raise Throttled(_("Too many codes were requested for this number. Please try again in an hour."))
        _count_against_caps(client)
        code = f"{secrets.randbelow(10**6):06d}"
        row = OneTimeCode.objects.create(mobile=mobile, code_hash=_hash(mobile, code), created_at=now,
                                         expires_at=now + VALID_FOR)
        enqueue(channel="sms", recipient=mobile, template="otp_code", language=language,
                context={"code": code, "minutes": int(VALID_FOR.total_seconds() // 60)}, dedupe_key=f"otp:{row.pk}")
    return mobile


def _count_against_caps(client: str) -> None:
    """Count one code against the client's and the installation's hourly caps (only codes about to be sent
    count: a refusal above costs nothing)."""
    per_address, overall = settings.SHIKAYAT["OTP_PER_ADDRESS_HOUR"], settings.SHIKAYAT["OTP_GLOBAL_HOUR"]
    if per_address and hit("otp-client", client, Rate(per_address, 3600)) > per_address:
        raise Throttled(_("Too many codes were requested from this connection. Please try again in an hour."))
    if overall and hit("otp-all", "all", Rate(overall, 3600)) > overall:
        raise Throttled(_("We are sending too many codes just now. Please try again in a few minutes."))


def _check_not_locked(recent: list[OneTimeCode], now: datetime) -> None:
    for row in recent:
        if row.attempts >= MAX_ATTEMPTS and row.created_at > now - LOCKED_FOR:
            raise Throttled(_("Too many wrong codes. For your safety this number is locked for 15 minutes."))


def _recent(mobile: str, now: datetime) -> list[OneTimeCode]:
    return list(OneTimeCode.objects.select_for_update()
                .filter(mobile=mobile, created_at__gte=now - timedelta(hours=1)).order_by("-created_at"))


def verify_code(raw_mobile: str, code: str, *, now: datetime | None = None) -> str:
    """Check the latest code for the mobile; returns the E.164 number on success.
    A wrong try is counted (and committed) before the refusal is raised."""
    now = now or clock.now()
    mobile = normalise_mobile(raw_mobile)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    refusal = None
    with transaction.atomic():
        recent = _recent(mobile, now)
        _check_not_locked(recent, now)
        latest = recent[0] if recent else None
        if latest is None or latest.used_at is not None or latest.expires_at < now:
            message = _("This code has expired or was already used. Please ask for a new one.")
            raise InvalidInput(message, fields={"code": [message]}, code="otp_expired")
        if hmac.compare_digest(latest.code_hash, _hash(mobile, code)):
            latest.used_at = now
            latest.save(update_fields=["used_at"])
            return mobile
        latest.attempts += 1
        latest.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - latest.attempts
        if left <= 0:
            refusal = Throttled(_("Too many wrong codes. For your safety this number is locked for 15 minutes."))
        else:
            message = _("The code is not right. You have %(left)d more tries.") % {"left": left}
            refusal = InvalidInput(message, fields={"code": [message]}, code="otp_wrong")
    raise refusal
