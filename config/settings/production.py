"""Production: PostgreSQL, DEBUG off, secrets only from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment (at least 32 characters) to run in production."
    )
if not SHIKAYAT["TOTP_KEYS"] or any(len(key) < 32 for key in SHIKAYAT["TOTP_KEYS"]):  # noqa: F405
    raise ImproperlyConfigured(
        "SHIKAYAT_TOTP_KEYS must be set in the environment (comma-separated keys, each at least 32 characters; "
        "the first encrypts officers' authenticator secrets, all decrypt) to run in production."
    )
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL database.")

DEBUG = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
