"""Production: PostgreSQL, DEBUG off, secrets only from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, env_bool, log_format

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


def _public_url_problem(value: str) -> str:
    """Why SHIKAYAT_PUBLIC_URL cannot be the base of the links sent to citizens ("" if it can)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        return "is not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an absolute http:// or https:// address"
    if parts.username or parts.password:
        return "must not carry a user name or password"
    if parts.path not in ("", "/") or parts.query or parts.fragment or ";" in value:
        return "must be the site's address alone (no path, query or fragment)"
    return ""


# Every link and QR code sent out (SMS, email, WhatsApp, the desk's slip, certificates, alerts) starts with it;
# a default would send citizens to http://127.0.0.1:8000.
problem = _public_url_problem(os.environ.get("SHIKAYAT_PUBLIC_URL", "").strip())
if problem:
    raise ImproperlyConfigured(
        f"SHIKAYAT_PUBLIC_URL must be set in the environment to the address citizens reach this site at, "
        f"e.g. https://shikayat.example.org, to run in production: it {problem}."
    )
SHIKAYAT["PUBLIC_URL"] = os.environ["SHIKAYAT_PUBLIC_URL"].strip().rstrip("/")  # noqa: F405
del problem

if STORAGES["default"].get("OPTIONS", {}).get("bucket_name") == "":  # noqa: F405
    raise ImproperlyConfigured("SHIKAYAT_STORAGE=s3 needs SHIKAYAT_S3_BUCKET, the bucket every host stores files in.")

if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL database.")

DEBUG = False
LOGGING["handlers"]["console"]["formatter"] = log_format("json")  # one JSON object per line, for a log shipper
POOLER = SHIKAYAT["DB_POOLER"]  # noqa: F405
if POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfigured(f"SHIKAYAT_DB_POOLER must be 'pgbouncer' or empty, not {POOLER!r}")
for database in DATABASES.values():
    if database["ENGINE"] != "shikayat.core.postgresql":
        continue
    # A reused connection is pinged before use only after SHIKAYAT_DB_CHECK_IDLE_SECONDS without a request
    # (shikayat/core/postgresql), not before every request as Django's CONN_HEALTH_CHECKS alone would.
    database["CONN_HEALTH_CHECKS"] = True
    # psycopg prepares a statement on the server once it has run this many times on a connection, so PostgreSQL
    # plans the hot reads (public tracking, the inbox) once per connection instead of on every request. Behind
    # PgBouncer in transaction mode (SHIKAYAT_DB_POOLER=pgbouncer) the default is off: a prepared statement lives
    # in one server session, which such a pooler does not keep for a client (1.21 and newer can, with
    # max_prepared_statements: then set SHIKAYAT_DB_PREPARE_THRESHOLD and SHIKAYAT_DB_PREPARED=1 again).
    threshold = os.environ.get("SHIKAYAT_DB_PREPARE_THRESHOLD", "").strip().lower() or ("off" if POOLER else "5")
    if threshold not in ("off", "none"):
        if not threshold.isdigit():
            raise ImproperlyConfigured(f"SHIKAYAT_DB_PREPARE_THRESHOLD must be a number or 'off', not {threshold!r}")
        database["OPTIONS"]["prepare_threshold"] = int(threshold)
    else:
        database["OPTIONS"].pop("prepare_threshold", None)
    if POOLER:
        # A server-side cursor (QuerySet.iterator() on PostgreSQL) is declared WITH HOLD outside a transaction:
        # the next FETCH may reach another server connection, where it does not exist. Client-side then.
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    del threshold
if POOLER:
    # core.inserts' own statements (empty: the default, off)
    SHIKAYAT["DB_PREPARED"] = env_bool("SHIKAYAT_DB_PREPARED", False) if os.environ.get(  # noqa: F405
        "SHIKAYAT_DB_PREPARED", "").strip() else False
del database

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
    # The load balancer probes and Prometheus scrapes over plain http (they are answered before the redirect
    # anyway: shikayat.ops.probes.ProbeMiddleware comes first).
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$", r"^metrics/?$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Static files are served by the web processes themselves (WhiteNoise, right after SecurityMiddleware) under names
# that carry a hash of their content (collectstatic, which scripts/serve runs first), with
# "Cache-Control: max-age=315360000, public, immutable": after the first page a citizen's phone asks for no
# stylesheet, script or font again. Each is stored with its gzip and Brotli copies, sent to browsers that accept
# them (shikayat/core/staticfiles.py: Brotli at a quality that keeps collectstatic to seconds; woff2 fonts and
# images are compressed already).
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 (SHIKAYAT_STORAGE: local disk or the shared object store)
    "staticfiles": {"BACKEND": "shikayat.core.staticfiles.CompressedManifestStorage"},
}
