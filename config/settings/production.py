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

# Served over https behind a proxy (the default): the proxy terminates TLS and must set X-Forwarded-Proto
# (overwriting any the client sent). Plain http requests are redirected to https, browsers are told to use
# only https for SHIKAYAT_HSTS_SECONDS, and cookies are sent over https only. SHIKAYAT_HTTPS=0 for a trial on
# plain http (manage.py check --deploy then warns, rightly).
HTTPS = env_bool("SHIKAYAT_HTTPS", True)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SHIKAYAT_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SHIKAYAT_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SHIKAYAT_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
