"""Subscription secrets and the signature header (Stripe's scheme, which integrators know):

    Shikayat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>

While a secret is being replaced the header carries one v1= per secret (the new one first), so a receiver that
still holds the old secret keeps accepting events until it switches (ROTATION_OVERLAP).

Secrets are kept encrypted with the keys of shikayat/accounts/secret_box.py (SHIKAYAT_TOTP_KEYS): the worker
must sign with the secret itself, so it cannot be stored as a hash like an API key, and a copy of the database
alone (a backup, a read-only leak) must not let anyone forge events. `manage.py rotate_webhook_secrets`
re-encrypts them when those keys are rotated (run it with rotate_totp_keys)."""

import hashlib
import hmac
import secrets as random
from datetime import datetime, timedelta

from shikayat.accounts import secret_box
from shikayat.core import clock

from .models import Subscription

PREFIX = "whsec_"
ROTATION_OVERLAP = timedelta(hours=24)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of "<timestamp>.<body>"."""
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def header(secrets: list[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={sign(secret, timestamp, body)}" for secret in secrets)])


def issue_secret(subscription: Subscription, now: datetime | None = None) -> str:
    """A new signing secret for the subscription; returns it (the only time it is shown). The one it replaces
    keeps signing too for ROTATION_OVERLAP."""
    now = now or clock.now()
    secret = PREFIX + random.token_urlsafe(32)
    if subscription.secret:
        subscription.previous_secret, subscription.previous_secret_until = subscription.secret, now + ROTATION_OVERLAP
    subscription.secret, subscription.secret_issued_at = secret_box.encrypt(secret), now
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_until", "secret_issued_at"])
    return secret


def signing_secrets(subscription: Subscription, now: datetime) -> list[str]:
    """The secrets to sign with now, the current one first (raises secret_box.UnreadableSecret when no
    configured key opens them)."""
    found = [secret_box.decrypt(subscription.secret)] if subscription.secret else []
    if subscription.previous_secret and subscription.previous_secret_until and now < subscription.previous_secret_until:
        found.append(secret_box.decrypt(subscription.previous_secret))
    return found


def reencrypt(subscription: Subscription) -> None:
    """The subscription's secrets encrypted with the first configured key (after a key rotation)."""
    subscription.secret = secret_box.rotate(subscription.secret) if subscription.secret else ""
    subscription.previous_secret = (secret_box.rotate(subscription.previous_secret)
                                    if subscription.previous_secret else "")
    subscription.save(update_fields=["secret", "previous_secret"])
