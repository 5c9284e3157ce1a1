"""Settings shared by every environment. Everything that differs between
machines is read from the environment, never edited here."""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SHIKAYAT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting; unset or empty (an environment file's blank value) means the default."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shikayat.core",
    "shikayat.accounts",
    "shikayat.jurisdictions",
    "shikayat.categories",
    "shikayat.complaints",
    "shikayat.notifications",
    "shikayat.citizens",
    "shikayat.updates",
    "shikayat.information",
    "shikayat.channels",
    "shikayat.api",
    "shikayat.web",
    "shikayat.demo",
    "shikayat.deadlines",
    "shikayat.whatsapp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "shikayat.worker",
    "shikayat.bot",
    "shikayat.reports",
    "shikayat.dashboards",
    "shikayat.accountability",
    "shikayat.services",
    "shikayat.permits",
    "shikayat.calls",
    "shikayat.sos",
    "shikayat.quality",
    "shikayat.similar",
    "shikayat.integrations",
    "shikayat.webhooks",
    "shikayat.open311",
    "shikayat.ops",
    "shikayat.backup",
    "shikayat.firs",
    "shikayat.registers",
    "shikayat.lost",
]

MIDDLEWARE = [
    # /healthz, /readyz, /metrics answered here, before the https redirect, ALLOWED_HOSTS, sessions (shikayat/ops)
    "shikayat.ops.probes.ProbeMiddleware",
    "shikayat.ops.requestid.RequestIdMiddleware",  # every log line of the request carries its id
    "shikayat.ops.metrics.RequestMetricsMiddleware",
    "shikayat.core.security_headers.SecurityHeadersMiddleware",  # first: its headers go on every response
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shikayat.core.messages.MessageMiddleware",  # Django's, the store made on first use
    "shikayat.accounts.middleware.OfficerSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shikayat.core.replica.ReadYourWrites",  # with a read replica: a writer reads only from the primary
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # on every page: the `when` and `day` filters, and `shown_actor` (ranks in the reader's language)
            "builtins": ["shikayat.core.templatetags.dates", "shikayat.accounts.templatetags.ranks"],
        },
    },
]


def database_from_env(default_url: str, variable: str = "DATABASE_URL") -> dict:
    config = dj_database_url.parse(os.environ.get(variable, default_url), conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock up front, so concurrent
        # writers queue on the busy timeout instead of failing to upgrade a
        # read lock ("database is locked").
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, health-checking a reused connection only after a pause (shikayat/core/postgresql).
        config["ENGINE"] = "shikayat.core.postgresql"
        # Parameters travel apart from the SQL text (server-side binding). The hottest INSERTs are prepared by
        # core.inserts itself; SHIKAYAT_DB_PREPARE_THRESHOLD (a number; production sets 5 unless told "off")
        # lets psycopg prepare every statement run that many times on a connection, so PostgreSQL plans the hot
        # reads once per connection. A prepared SELECT may settle on a generic plan, blind to the officer's unit
        # path or the status asked for: measure the officers' lists (bench inbox) before changing it.
        config.setdefault("OPTIONS", {})["server_side_binding"] = True
        threshold = os.environ.get("SHIKAYAT_DB_PREPARE_THRESHOLD", "").strip()
        if threshold.isdigit():
            config["OPTIONS"]["prepare_threshold"] = int(threshold)
    return config


DATABASES = {"default": database_from_env(f"sqlite:///{VAR_DIR / 'shikayat.sqlite3'}")}
DATABASE_ROUTERS = []
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    # A streaming standby of the primary for the heavy read-only pages (shikayat/core/replica.py): same engine and
    # options; a replica that does not answer within seconds is skipped (the primary serves), not waited for.
    DATABASES["replica"] = database_from_env("", "DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] != "shikayat.core.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL (a standby of DATABASE_URL).")
    DATABASES["replica"]["OPTIONS"].setdefault(
        "connect_timeout", int(os.environ.get("SHIKAYAT_REPLICA_CONNECT_TIMEOUT", 2)))
    DATABASE_ROUTERS = ["shikayat.core.replica.Router"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:officer-complaints"
LOGOUT_REDIRECT_URL = "web:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Karachi")
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]  # day/month/year and the 24-hour clock in en, ur and hi
FORM_RENDERER = "shikayat.core.forms.Renderer"  # labels: no colon after "?" or "؟", required fields marked
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))


def file_storage_from_env() -> dict:
    """Where stored files live (complaint attachments and front-desk scans, service application documents,
    missing-child and most-wanted photos, WhatsApp media awaiting an application): SHIKAYAT_STORAGE=local (the
    default, MEDIA_ROOT on this machine) or s3 (any S3-compatible object store: AWS S3, MinIO, Ceph RGW), which
    every web and worker host shares. Objects are private: browsers get files only through the app's scoped
    views, which stream them (shikayat/core/downloads.py), never from a bucket URL."""
    engine = os.environ.get("SHIKAYAT_STORAGE", "local").strip().lower() or "local"
    if engine == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if engine != "s3":
        raise ImproperlyConfigured(f"SHIKAYAT_STORAGE must be 'local' or 's3', not {engine!r}.")
    endpoint = os.environ.get("SHIKAYAT_S3_ENDPOINT_URL", "").strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("SHIKAYAT_S3_BUCKET", "").strip(),
        "endpoint_url": endpoint or None,  # None: AWS itself
        "region_name": os.environ.get("SHIKAYAT_S3_REGION", "").strip() or "us-east-1",
        # MinIO and Ceph RGW answer at http(s)://host:port/bucket/key; AWS at bucket.s3.amazonaws.com too.
        "addressing_style": "path" if endpoint else None,
        "signature_version": "s3v4",
        # No ACL sent: the object is private, as the bucket's owner made it (never public-read).
        "default_acl": None,
        # A name already taken gets a suffix, never replaces another complaint's evidence.
        "file_overwrite": False,
        # Should a signed URL ever be made, it lives a minute; the pages never make one (files are streamed).
        "querystring_auth": True,
        "querystring_expire": 60,
        # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (or an instance role).
    }}


STORAGES = {
    "default": file_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's parsers, with a JSON parser that answers 400 (not 500) to a body nested too deeply.
    "DEFAULT_PARSER_CLASSES": ["shikayat.api.parsers.JSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "EXCEPTION_HANDLER": "shikayat.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "shikayat.api.pagination.ComplaintCursorPagination",
    "PAGE_SIZE": 50,
    # DRF's throttles read X-Forwarded-For only as far as the trusted proxies (SHIKAYAT_TRUSTED_PROXIES).
    "NUM_PROXIES": int(os.environ.get("SHIKAYAT_TRUSTED_PROXIES", 0)),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Shikayat API",
    "DESCRIPTION": "Police complaint management: intake from every channel, E-tags, workflow actions, timeline.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two kinds of "outcome": a failed call's (feedback call-backs and contact attempts) and proceedings'.
    "ENUM_NAME_OVERRIDES": {"AttemptOutcomeEnum": "shikayat.api.serializers.ATTEMPT_OUTCOMES"},
}

# Content-Security-Policy of every page (shikayat/core/security_headers.py): everything from this site only, no
# inline script or style. The API's documentation pages (third-party viewers) get API_DOCS_CSP instead.
# The force's map (web/static/web/map.js) is drawn from the units' areas with no tile server. A force that runs its
# own may add a raster layer: SHIKAYAT_MAP_TILES_URL, e.g. https://tiles.police.example/{z}/{x}/{y}.png — images are
# then allowed from exactly that origin. Empty (the default): nothing is fetched from anywhere else.
MAP_TILES_URL = os.environ.get("SHIKAYAT_MAP_TILES_URL", "").strip()
_tiles = urlsplit(MAP_TILES_URL)
MAP_TILES_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc}" if _tiles.scheme in ("http", "https") and _tiles.netloc else ""
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                           f"img-src 'self'{' ' + MAP_TILES_ORIGIN if MAP_TILES_ORIGIN else ''}; "
                           "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
API_DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

# The force this installation serves: default dialling region for mobiles
# typed without a country code, and the E-tag prefix letter.
SHIKAYAT = {
    "DEFAULT_REGION": os.environ.get("SHIKAYAT_DEFAULT_REGION", "PK"),
    "MAP_TILES_URL": MAP_TILES_URL if MAP_TILES_ORIGIN else "",
    "CONTENT_SECURITY_POLICY": os.environ.get("SHIKAYAT_CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY),
    "API_DOCS_CSP": os.environ.get("SHIKAYAT_API_DOCS_CSP", API_DOCS_CSP),
    "FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE": int(os.environ.get("SHIKAYAT_FEEDBACK_ATTEMPTS", 3)),
    # Days after a complaint is closed that its complainant is asked, once, whether the police action held
    # (shikayat/deadlines/followup.py); a "no" reopens it on appeal. 0: never asked.
    "FOLLOWUP_AFTER_DAYS": int(os.environ.get("SHIKAYAT_FOLLOWUP_AFTER_DAYS", 21)),
    "DESCRIPTION_MAX_LENGTH": 5000,
    # PostgreSQL: intake's one statement per complaint (core.inserts) is prepared once per connection and its
    # plan kept. Off behind PgBouncer in transaction pooling mode before 1.21 (or without max_prepared_statements):
    # a prepared statement lives in one server session, which such a pooler does not keep for a client.
    "DB_PREPARED": env_bool("SHIKAYAT_DB_PREPARED", True),
    # Read replica (DATABASE_REPLICA_URL, shikayat/core/replica.py): lagging more than this many seconds behind
    # the primary, it is not read from; unreachable, it is not tried again for REPLICA_RETRY_SECONDS.
    "REPLICA_MAX_LAG_SECONDS": float(os.environ.get("SHIKAYAT_REPLICA_MAX_LAG_SECONDS", 10)),
    "REPLICA_RETRY_SECONDS": float(os.environ.get("SHIKAYAT_REPLICA_RETRY_SECONDS", 30)),
    # "pgbouncer": the primary is reached through PgBouncer in transaction pooling mode (production.py: no
    # server-side cursors, no prepared statements).
    "DB_POOLER": os.environ.get("SHIKAYAT_DB_POOLER", "").strip().lower(),
    # Rate limits (shikayat/core/ratelimit.py; "N/min", "N/hour", "N/day" or "off"), counted in the shared cache
    # (SHIKAYAT_CACHE_URL) when there is one. Tracking by E-tag, on every channel: lookups per client (address,
    # or SMS / WhatsApp sender), and wrong mobiles per E-tag before that E-tag rests until its window ends.
    "TRACK_RATE": os.environ.get("SHIKAYAT_TRACK_RATE", "30/min"),
    "TRACK_ETAG_RATE": os.environ.get("SHIKAYAT_TRACK_ETAG_RATE", "10/hour"),
    # One-time codes by SMS: besides 5 an hour per mobile, at most this many an hour per client address and
    # in all (0: no cap).
    "OTP_PER_ADDRESS_HOUR": int(os.environ.get("SHIKAYAT_OTP_PER_ADDRESS_HOUR", 10)),
    "OTP_GLOBAL_HOUR": int(os.environ.get("SHIKAYAT_OTP_GLOBAL_HOUR", 1000)),
    # Officer sign-in (shikayat/accounts/signin.py): wrong passwords or codes per address across all accounts
    # in an hour before that address must wait, and the longest wait one account or address is given.
    "SIGNIN_ADDRESS_FAILURES_HOUR": int(os.environ.get("SHIKAYAT_SIGNIN_ADDRESS_FAILURES_HOUR", 30)),
    "SIGNIN_MAX_DELAY_MINUTES": int(os.environ.get("SHIKAYAT_SIGNIN_MAX_DELAY_MINUTES", 15)),
    # How many proxies in front of the web processes append to X-Forwarded-For (0: REMOTE_ADDR is the client;
    # 1: one nginx or load balancer). More than there really are lets any client choose its address.
    "TRUSTED_PROXIES": int(os.environ.get("SHIKAYAT_TRUSTED_PROXIES", 0)),
    # With CONN_HEALTH_CHECKS (production), a reused PostgreSQL connection is pinged only when its last request
    # ended this many seconds ago (shikayat/core/postgresql); 0: before every request, as Django does.
    "DB_CHECK_IDLE_SECONDS": float(os.environ.get("SHIKAYAT_DB_CHECK_IDLE_SECONDS", 10)),
    # E-tags are a keyed permutation of a counter; the key (any long random text) defaults to one derived from
    # SECRET_KEY. Changing it changes new E-tags only: issued ones are stored and stay valid.
    "ETAG_KEY": os.environ.get("SHIKAYAT_ETAG_KEY", ""),
    # Where citizens reach this installation, e.g. https://shikayat.example.org: the start of every link and
    # QR code sent out (messages, the desk's slip, certificates, alerts; complaints.links.public_url).
    # Required in production; scripts/run sets it from PORT.
    "PUBLIC_URL": os.environ.get("SHIKAYAT_PUBLIC_URL", "http://127.0.0.1:8000"),
    "ATTACHMENT_MAX_BYTES": int(os.environ.get("SHIKAYAT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)),
    # Roles (e.g. "supervisor,admin") whose officers must use two-step sign-in; empty: optional for all.
    "TOTP_REQUIRED_ROLES": env_list("SHIKAYAT_TOTP_REQUIRED_ROLES"),
    # Keys that encrypt officers' authenticator secrets at rest (comma-separated; the first encrypts, all decrypt;
    # rotate with manage.py rotate_totp_keys). Empty: derived from SECRET_KEY (development only; production
    # refuses to start without them). See shikayat/accounts/secret_box.py.
    "TOTP_KEYS": env_list("SHIKAYAT_TOTP_KEYS"),
    # Officers are signed out after this many minutes without a request (0: never).
    "OFFICER_IDLE_MINUTES": int(os.environ.get("SHIKAYAT_OFFICER_IDLE_MINUTES", 30)),
    # SMS gateway intake (POST /api/v1/intake/sms/): the gateway's shared secret (no token: the endpoint
    # answers 503), the keywords that start a complaint, and the category SMS complaints are filed under.
    "SMS_GATEWAY_TOKEN": os.environ.get("SHIKAYAT_SMS_GATEWAY_TOKEN", ""),
    # The telephone system's shared secret: its call events are signed with it (calls/telephony.py).
    "TELEPHONY_TOKEN": os.environ.get("SHIKAYAT_TELEPHONY_TOKEN", ""),
    # SOS from WhatsApp (shikayat/sos): the emergency number the citizen is told (empty: the first helpline listed),
    # the call centre's duty numbers the alert goes to (comma-separated E.164), a repeat within SOS_REPEAT_MINUTES
    # updates the alert, and a live location with no point for SOS_LIVE_MINUTES has ended. The dashboards count the
    # alerts acknowledged within SOS_ACKNOWLEDGE_MINUTES of being raised.
    "SOS_HELPLINE": os.environ.get("SHIKAYAT_SOS_HELPLINE", ""),
    "SOS_DUTY_NUMBERS": os.environ.get("SHIKAYAT_SOS_DUTY_NUMBERS", ""),
    "SOS_REPEAT_MINUTES": int(os.environ.get("SHIKAYAT_SOS_REPEAT_MINUTES", 10)),
    "SOS_LIVE_MINUTES": int(os.environ.get("SHIKAYAT_SOS_LIVE_MINUTES", 10)),
    "SOS_ACKNOWLEDGE_MINUTES": int(os.environ.get("SHIKAYAT_SOS_ACKNOWLEDGE_MINUTES", 2)),
    "SMS_KEYWORDS": env_list("SHIKAYAT_SMS_KEYWORDS", "COMPLAINT,SHIKAYAT,شکایت,शिकायत"),
    "SMS_INTAKE_CATEGORY": os.environ.get("SHIKAYAT_SMS_INTAKE_CATEGORY", "OTHER-GENERAL"),
    # Email intake (manage.py intake_email): the category new email complaints are filed under, the
    # intake address itself (mail from it is a loop), and the IMAP mailbox read with --imap.
    # Open311 GeoReport v2 (/open311/v2/): the jurisdiction_id clients may send (any other is answered 404);
    # empty: the host name of PUBLIC_URL.
    "OPEN311_JURISDICTION": os.environ.get("SHIKAYAT_OPEN311_JURISDICTION", ""),
    # The service list and definitions may be read without a key: counted per client address instead.
    "OPEN311_KEYLESS_RATE": os.environ.get("SHIKAYAT_OPEN311_KEYLESS_RATE", "60/min"),
    # Public searches of the registers (shikayat/registers): searches per client (address, or WhatsApp sender),
    # the shortest part of a registration / chassis / engine number searched for, and the most rows answered.
    "REGISTER_SEARCH_RATE": os.environ.get("SHIKAYAT_REGISTER_SEARCH_RATE", "20/min"),
    "REGISTER_PARTIAL_MIN": int(os.environ.get("SHIKAYAT_REGISTER_PARTIAL_MIN", 4)),
    "REGISTER_RESULTS_MAX": int(os.environ.get("SHIKAYAT_REGISTER_RESULTS_MAX", 10)),
    "EMAIL_INTAKE_CATEGORY": os.environ.get("SHIKAYAT_EMAIL_INTAKE_CATEGORY", "OTHER-GENERAL"),
    "EMAIL_INTAKE_ADDRESS": os.environ.get("SHIKAYAT_EMAIL_INTAKE_ADDRESS", ""),
    "IMAP": {
        "HOST": os.environ.get("SHIKAYAT_IMAP_HOST", ""),
        "PORT": int(os.environ.get("SHIKAYAT_IMAP_PORT", 993)),
        "USER": os.environ.get("SHIKAYAT_IMAP_USER", ""),
        "PASSWORD": os.environ.get("SHIKAYAT_IMAP_PASSWORD", ""),
        "FOLDER": os.environ.get("SHIKAYAT_IMAP_FOLDER", "INBOX"),
        "SSL": env_bool("SHIKAYAT_IMAP_SSL", True),
    },
    # Deadlines: weekday numbers (Monday 0 … Sunday 6, e.g. "6" or "4,6") on which SOP hours do not run,
    # like the holidays entered in the admin; empty and no holidays: calendar hours. Reminders go
    # REMINDER_HOURS before a deadline, or at most REMINDER_FRACTION of the stage's window before it.
    "WEEKEND_DAYS": env_list("SHIKAYAT_WEEKEND_DAYS"),
    "REMINDER_HOURS": float(os.environ.get("SHIKAYAT_REMINDER_HOURS", 2)),
    "REMINDER_FRACTION": float(os.environ.get("SHIKAYAT_REMINDER_FRACTION", 0.25)),
    # Delay ledger: an officer with at least this many missed deadlines in 90 days is a repeat offender.
    "REPEAT_OFFENDER_BREACHES": int(os.environ.get("SHIKAYAT_REPEAT_OFFENDER_BREACHES", 3)),
    # Periodic jobs (manage.py run_worker / run_scheduler): the outbox and the deadline sweep every N seconds,
    # the supervisors' digest daily at DIGEST_HOUR (local time, TIME_ZONE); a digest more than
    # DIGEST_CATCH_UP_HOURS late (the scheduler was down) waits for the next day.
    "SCHEDULE": {
        "OUTBOX_SECONDS": int(os.environ.get("SHIKAYAT_OUTBOX_SECONDS", 5)),
        "SWEEP_SECONDS": int(os.environ.get("SHIKAYAT_SWEEP_SECONDS", 60)),
        "ROLLUP_SECONDS": int(os.environ.get("SHIKAYAT_ROLLUP_SECONDS", 5)),
        "DIGEST_HOUR": int(os.environ.get("SHIKAYAT_DIGEST_HOUR", 7)),
        "DIGEST_CATCH_UP_HOURS": int(os.environ.get("SHIKAYAT_DIGEST_CATCH_UP_HOURS", 6)),
        "KEEP_HISTORY_DAYS": int(os.environ.get("SHIKAYAT_KEEP_TASK_HISTORY_DAYS", 7)),
        # WhatsApp messages are processed as they arrive; this pass (run only when the webhook is configured)
        # catches whatever that missed, and retries failed messages and media downloads.
        "WHATSAPP_SECONDS": int(os.environ.get("SHIKAYAT_WHATSAPP_SECONDS", 5)),
        # The portals' daily disposal files (shikayat/channels/disposal.py), at this local hour.
        "DISPOSAL_HOUR": int(os.environ.get("SHIKAYAT_DISPOSAL_HOUR", 1)),
    },
    # Outbox delivery (shikayat/notifications): the adapter per channel (console, file, sms-gateway, twilio,
    # whatsapp, email, or a dotted path; console needs no service), and how long a worker's claim on a
    # message lasts (longer than one send's connect + read timeouts; a dead worker's messages wait this long).
    "MESSAGE_BACKENDS": {
        "sms": os.environ.get("SHIKAYAT_OUTBOX_SMS", "console"),
        "email": os.environ.get("SHIKAYAT_OUTBOX_EMAIL", "console"),
        "whatsapp": os.environ.get("SHIKAYAT_OUTBOX_WHATSAPP", "console"),
        # Status written back to the portals complaints were imported from (PortalConnection, in the admin).
        "portal": os.environ.get("SHIKAYAT_OUTBOX_PORTAL", "shikayat.channels.portal_api.PortalBackend"),
        # Integrators' signed webhooks (shikayat/webhooks): the worker POSTs each event to the subscription's URL.
        "webhook": os.environ.get("SHIKAYAT_OUTBOX_WEBHOOK", "shikayat.webhooks.backend.WebhookBackend"),
    },
    # Webhooks go to https:// URLs on public addresses only (SSRF); development and tests may allow http:// and
    # this machine or a private network.
    "WEBHOOKS_ALLOW_HTTP": env_bool("SHIKAYAT_WEBHOOKS_ALLOW_HTTP", False),
    "WEBHOOKS_ALLOW_PRIVATE": env_bool("SHIKAYAT_WEBHOOKS_ALLOW_PRIVATE", False),
    "WEBHOOKS_CONNECT_TIMEOUT": float(os.environ.get("SHIKAYAT_WEBHOOKS_CONNECT_TIMEOUT", 5)),
    "WEBHOOKS_READ_TIMEOUT": float(os.environ.get("SHIKAYAT_WEBHOOKS_READ_TIMEOUT", 10)),
    # The webhooks' delivery log keeps this many days (the worker's daily prune_history forgets older attempts).
    "WEBHOOKS_LOG_DAYS": int(os.environ.get("SHIKAYAT_WEBHOOKS_LOG_DAYS", 90)),
    "OUTBOX_LEASE_SECONDS": float(os.environ.get("SHIKAYAT_OUTBOX_LEASE_SECONDS", 120)),
    # League tables: weight of each published component of the score (shikayat/dashboards/league.py), and how
    # many complaints a unit or officer must have disposed in the period to be ranked.
    "LEAGUE_WEIGHTS": json.loads(os.environ.get("SHIKAYAT_LEAGUE_WEIGHTS") or "{}"),
    "LEAGUE_MIN_DISPOSED": int(os.environ.get("SHIKAYAT_LEAGUE_MIN_DISPOSED", 5)),
    # The licence of the public performance figures' open data (/performance/data/): its name and where it is read.
    "OPEN_DATA_LICENCE": os.environ.get("SHIKAYAT_OPEN_DATA_LICENCE", "CC BY 4.0"),
    "OPEN_DATA_LICENCE_URL": os.environ.get("SHIKAYAT_OPEN_DATA_LICENCE_URL",
                                            "https://creativecommons.org/licenses/by/4.0/"),
    # Seconds the public pages keep a unit's computed figures (0: computed for every request).
    "PUBLIC_FIGURES_CACHE_SECONDS": int(os.environ.get("SHIKAYAT_PUBLIC_FIGURES_CACHE_SECONDS", 60)),
    # Quality of disposal (shikayat/quality): the share of closings, chosen by a hash of the E-tag, the complaint
    # cell grades besides every reopened one (100: all of them).
    "QUALITY_SAMPLE_PERCENT": float(os.environ.get("SHIKAYAT_QUALITY_SAMPLE_PERCENT", 10)),
    # Missing-child alerts (Zainab Alert) go at once to every police station within this many km of the last-seen place.
    "MISSING_CHILD_RADIUS_KM": float(os.environ.get("SHIKAYAT_MISSING_CHILD_RADIUS_KM", 10)),
    # A citizen's complaint in one of these categories is told at once to the stations within that radius.
    "MISSING_CHILD_CATEGORIES": env_list("SHIKAYAT_MISSING_CHILD_CATEGORIES", "WC-MISSING-CHILD"),
    # Roles that see a sealed complainant identity (name, mobile, email, ID number, address) of a
    # complaint they may view; everyone else sees "identity sealed".
    "SEALED_IDENTITY_ROLES": env_list("SHIKAYAT_SEALED_IDENTITY_ROLES", "accountability"),
    # Outgoing SMS through an HTTP gateway (sms-gateway): URL, token, sender; SHIKAYAT_SMS_API_PROFILE (JSON)
    # overrides the field names and auth header, see shikayat/notifications/adapters/sms_gateway.py.
    "SMS_API": {
        "URL": os.environ.get("SHIKAYAT_SMS_API_URL", ""),
        "TOKEN": os.environ.get("SHIKAYAT_SMS_API_TOKEN", ""),
        "SENDER": os.environ.get("SHIKAYAT_SMS_API_SENDER", ""),
        "CONNECT_TIMEOUT": float(os.environ.get("SHIKAYAT_SMS_API_CONNECT_TIMEOUT", 5)),
        "READ_TIMEOUT": float(os.environ.get("SHIKAYAT_SMS_API_READ_TIMEOUT", 15)),
        **json.loads(os.environ.get("SHIKAYAT_SMS_API_PROFILE") or "{}"),
    },
    "TWILIO": {
        "ACCOUNT_SID": os.environ.get("SHIKAYAT_TWILIO_ACCOUNT_SID", ""),
        "AUTH_TOKEN": os.environ.get("SHIKAYAT_TWILIO_AUTH_TOKEN", ""),
        "FROM": os.environ.get("SHIKAYAT_TWILIO_FROM", ""),
        "MESSAGING_SERVICE_SID": os.environ.get("SHIKAYAT_TWILIO_MESSAGING_SERVICE_SID", ""),
        # The public URL of /api/v1/delivery/twilio/ ("": no status callbacks).
        "STATUS_CALLBACK": os.environ.get("SHIKAYAT_TWILIO_STATUS_CALLBACK", ""),
    },
    # WhatsApp Cloud API; SHIKAYAT_WHATSAPP_TEMPLATES (JSON) maps our templates to approved ones:
    # {"complaint_registered": {"name": "complaint_ack", "params": ["etag", "contact_hours", "track_url"]}}.
    "WHATSAPP": {
        "BASE_URL": os.environ.get("SHIKAYAT_WHATSAPP_BASE_URL", "https://graph.facebook.com"),
        "API_VERSION": os.environ.get("SHIKAYAT_WHATSAPP_API_VERSION", "v21.0"),
        # The only hosts (https) the access token is sent to besides BASE_URL's own: where Meta serves media
        # files. An entry starting with a dot also allows its subdomains.
        "MEDIA_HOSTS": env_list("SHIKAYAT_WHATSAPP_MEDIA_HOSTS", "graph.facebook.com,lookaside.fbsbx.com"),
        "PHONE_NUMBER_ID": os.environ.get("SHIKAYAT_WHATSAPP_PHONE_NUMBER_ID", ""),
        "TOKEN": os.environ.get("SHIKAYAT_WHATSAPP_TOKEN", ""),
        "TEMPLATES": json.loads(os.environ.get("SHIKAYAT_WHATSAPP_TEMPLATES") or "{}"),
        # The webhook (/api/v1/whatsapp/webhook/): the token Meta echoes in its GET handshake, and the app
        # secret its POSTs are signed with (X-Hub-Signature-256). Without them the webhook answers 503.
        "VERIFY_TOKEN": os.environ.get("SHIKAYAT_WHATSAPP_VERIFY_TOKEN", ""),
        "APP_SECRET": os.environ.get("SHIKAYAT_WHATSAPP_APP_SECRET", ""),
    },
    # What the complainant hears of every step (shikayat/updates; checked at start, updates.E001): steps within
    # UPDATE_FOLD_MINUTES of the first go as one message; at most UPDATES_PER_DAY messages about one complaint on
    # one channel in any 24 hours (0: no cap; the rest join the next message); SMS updates due in SMS_QUIET_HOURS
    # (local time, TIME_ZONE; "" for none) wait until they end; officers are named to citizens only with
    # NAME_OFFICERS_TO_CITIZENS (otherwise by rank and unit).
    "UPDATE_FOLD_MINUTES": os.environ.get("SHIKAYAT_UPDATE_FOLD_MINUTES", "5"),
    "UPDATES_PER_DAY": os.environ.get("SHIKAYAT_UPDATES_PER_DAY", "4"),
    "SMS_QUIET_HOURS": os.environ.get("SHIKAYAT_SMS_QUIET_HOURS", "21:00-08:00"),
    "NAME_OFFICERS_TO_CITIZENS": os.environ.get("SHIKAYAT_NAME_OFFICERS_TO_CITIZENS", "false"),
    # Domain of outgoing emails' Message-IDs ("" : this host's name).
    "EMAIL_MESSAGE_ID_DOMAIN": os.environ.get("SHIKAYAT_EMAIL_MESSAGE_ID_DOMAIN", ""),
    # WhatsApp bot (shikayat/bot): a flow idle this long starts again on the next message; a shared location
    # farther than BOT_MAX_DISTANCE_KM from every police station is outside the force; BOT_CATEGORIES (codes)
    # are offered when lodging (unknown codes are skipped; none known: the first ten with an SOP); each
    # special service files under the category named in BOT_SERVICE_CATEGORIES.
    "BOT_IDLE_MINUTES": int(os.environ.get("SHIKAYAT_BOT_IDLE_MINUTES", 30)),
    "BOT_MAX_DISTANCE_KM": float(os.environ.get("SHIKAYAT_BOT_MAX_DISTANCE_KM", 100)),
    "BOT_MAX_ATTACHMENTS": int(os.environ.get("SHIKAYAT_BOT_MAX_ATTACHMENTS", 5)),
    "BOT_CATEGORIES": env_list("SHIKAYAT_BOT_CATEGORIES", "CRIME-THEFT,CRIME-ROBBERY,CRIME-BURGLARY,"
                               "CRIME-VEHICLE-THEFT,CRIME-FRAUD,CRIME-CYBER,CRIME-ASSAULT,POL-MISCONDUCT,POL-NO-FIR,"
                               "OTHER-GENERAL"),
    # Probes and metrics (shikayat/ops): /metrics answers the bearer of METRICS_TOKEN, or requests all of whose
    # addresses (peer and X-Forwarded-For) are in METRICS_ALLOW (addresses or networks); anyone else gets 404.
    # State figures are read at most every METRICS_CACHE_SECONDS per process. /readyz gives each check
    # READY_TIMEOUT_SECONDS and answers 503 when one of READY_REQUIRED fails; the queue check fails at
    # READY_MAX_QUEUE_DEPTH ready tasks.
    "METRICS_TOKEN": os.environ.get("SHIKAYAT_METRICS_TOKEN", ""),
    "METRICS_ALLOW": env_list("SHIKAYAT_METRICS_ALLOW", "127.0.0.1,::1"),
    "METRICS_CACHE_SECONDS": float(os.environ.get("SHIKAYAT_METRICS_CACHE_SECONDS", 5)),
    "READY_TIMEOUT_SECONDS": float(os.environ.get("SHIKAYAT_READY_TIMEOUT_SECONDS", 1)),
    "READY_REQUIRED": env_list("SHIKAYAT_READY_REQUIRED", "database,cache,storage"),
    "READY_MAX_QUEUE_DEPTH": int(os.environ.get("SHIKAYAT_READY_MAX_QUEUE_DEPTH", 10000)),
    "BOT_SERVICE_CATEGORIES": {
        "harassment": os.environ.get("SHIKAYAT_BOT_HARASSMENT_CATEGORY", "WC-HARASSMENT"),
        "missing_child": os.environ.get("SHIKAYAT_BOT_MISSING_CHILD_CATEGORY", "WC-MISSING-CHILD"),
        "verification": os.environ.get("SHIKAYAT_BOT_VERIFICATION_CATEGORY", "SVC-VERIFICATION"),
        "suggestion": os.environ.get("SHIKAYAT_BOT_SUGGESTION_CATEGORY", "OTHER-SUGGESTION"),
    },
}



def log_format(default: str) -> str:
    """SHIKAYAT_LOG_FORMAT: "json" (one object per line, for a log shipper) or "text" (for people)."""
    chosen = os.environ.get("SHIKAYAT_LOG_FORMAT", default).strip().lower()
    if chosen not in ("json", "text"):
        raise ImproperlyConfigured(f"SHIKAYAT_LOG_FORMAT must be 'json' or 'text', not {chosen!r}")
    return chosen


# Every record carries request_id (the request's, or "task-<id>" in a worker's job; shikayat/ops/requestid.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "shikayat.ops.requestid.RequestIdFilter"}},
    "formatters": {"text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
                   "json": {"()": "shikayat.ops.logformat.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format("text"),
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Background work runs on django-tasks (the backport of Django 6's tasks framework). The queue lives in the
# database by default (SQLite or PostgreSQL; no other service needed); SHIKAYAT_TASKS_BACKEND=redis hands it
# to RQ on REDIS_URL for scale. Either way `manage.py run_worker` runs the scheduler and a worker.
TASKS_ENGINES = {"database": "django_tasks_db.DatabaseBackend", "redis": "django_tasks_rq.RQBackend"}
TASKS_ENGINE = os.environ.get("SHIKAYAT_TASKS_BACKEND", "database").strip().lower()
if TASKS_ENGINE not in TASKS_ENGINES:
    raise ImproperlyConfigured(f"SHIKAYAT_TASKS_BACKEND must be 'database' or 'redis', not {TASKS_ENGINE!r}")
TASKS = {"default": {"BACKEND": TASKS_ENGINES[TASKS_ENGINE], "QUEUES": ["default"]}}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The cache holds guides that may be a minute old (inbox box counts, dashboards' confidential counts). In each
# process's memory by default (no service needed); with several web processes, SHIKAYAT_CACHE_URL=redis://…
# shares it, so each officer's counts are worked out once a minute rather than once per process.
CACHE_URL = os.environ.get("SHIKAYAT_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"SHIKAYAT_CACHE_URL must be a redis:// URL, not {CACHE_URL!r}")
# Time-limited: a hung Redis fails a page fast instead of stalling every web process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                      "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}
          if CACHE_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Several web hosts share sessions through that cache; cached_db also writes them to the database, so a cache
# flush or restart signs nobody out.
if CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}

# Outgoing email (the outbox's email adapter, SHIKAYAT_OUTBOX_EMAIL=email): any Django email backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", 20))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Shikayat <no-reply@localhost>")
