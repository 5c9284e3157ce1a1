"""Officers' authenticator secrets, encrypted at rest (Fernet: AES-128-CBC
with an HMAC-SHA256, from `cryptography`).

The keys come from the environment, SHIKAYAT_TOTP_KEYS: comma-separated, the
first encrypts and every one decrypts, so a key is rotated by putting the new
one first, running `manage.py rotate_totp_keys` (everything is re-encrypted
with it) and then dropping the old one. Each key is any string of at least
32 characters (e.g. `python -c "import secrets; print(secrets.token_urlsafe(32))"`);
the Fernet key is its SHA-256, so neither its alphabet nor its length matter.
Without SHIKAYAT_TOTP_KEYS (development, tests) one key is derived from
SECRET_KEY; production settings refuse to start without it, so that changing
SECRET_KEY never switches off every officer's second factor."""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

MIN_KEY_LENGTH = 32
PURPOSE = b"shikayat.accounts.totp-secret\0"


class UnreadableSecret(Exception):
    """None of the configured keys opens this secret (a key was dropped before rotating to the new one)."""


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.SHIKAYAT.get("TOTP_KEYS") or ())
    return keys or (f"derived-from-SECRET_KEY:{settings.SECRET_KEY}",)


def _fernet_key(key: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(PURPOSE + key.encode()).digest())


@lru_cache(maxsize=4)
def _box(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def box() -> MultiFernet:
    return _box(configured_keys())


def encrypt(secret: str) -> str:
    """The secret encrypted with the first key (a different token every time)."""
    return box().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return box().decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeError, ValueError) as error:
        raise UnreadableSecret("no configured SHIKAYAT_TOTP_KEYS key opens this secret") from error


def rotate(token: str) -> str:
    """The same secret encrypted with the first key."""
    try:
        return box().rotate(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise UnreadableSecret("no configured SHIKAYAT_TOTP_KEYS key opens this secret") from error


def is_encrypted(value: str) -> bool:
    """Does a configured key open this value? (A clear base32 secret never looks like a Fernet token.)"""
    try:
        decrypt(value)
    except UnreadableSecret:
        return False
    return True
