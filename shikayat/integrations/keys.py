"""API keys of integrators: random, shown once, stored as a SHA-256 hash (a key has 240 bits of randomness, so a
plain hash is enough; no slow hash is needed as for passwords)."""

import hashlib
import secrets

from shikayat.core import clock

from .models import Integrator

PREFIX = "shk_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(integrator: Integrator) -> str:
    """A new key for the integrator (the old one stops working); returns it: the only time it is seen."""
    key = PREFIX + secrets.token_urlsafe(30)
    integrator.key_prefix = key[:len(PREFIX) + 6]
    integrator.key_hash = digest(key)
    integrator.key_issued_at = clock.now()
    integrator.save(update_fields=["key_prefix", "key_hash", "key_issued_at"])
    return key


def integrator_for(key: str) -> Integrator | None:
    """The active integrator holding this key, or None."""
    if not key or not key.startswith(PREFIX) or len(key) > 200:
        return None
    return Integrator.objects.filter(key_hash=digest(key), is_active=True).first()
