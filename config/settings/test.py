"""Test runs: fast hashing, a file-backed SQLite test database (so threads in
concurrency tests share it), or PostgreSQL when DATABASE_URL says so."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="shikayat-test-media-"))

# Close connections at the end of every request, so the live server's request
# threads (browser tests) hold no PostgreSQL session between requests.
DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"{tempfile.gettempdir()}/shikayat-test-{os.getpid()}.sqlite3"}

# No SMS quiet hours unless a test sets them: whether an update waits must not depend on the hour the suite runs.
SHIKAYAT = {**SHIKAYAT, "SMS_QUIET_HOURS": ""}  # noqa: F405

# A replica configured in the environment is not the test database's: tests/test_replica.py makes its own standby.
DATABASES.pop("replica", None)
DATABASE_ROUTERS = []
