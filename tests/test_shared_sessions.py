"""With a shared cache (SHIKAYAT_CACHE_URL) sessions live in it and in the database (cached_db): every web host
reads the same session, losing the cache signs nobody out, and the officers' idle sign-out still works."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import caches

from .conftest import local_redis
from .test_two_factor import SESSION_LAST_SEEN, T0, now, password_step, signed_in, with_shikayat  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
REDIS_DB = 14


def test_a_shared_cache_url_puts_sessions_in_the_cache_and_the_database():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "SHIKAYAT_CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "django.contrib.sessions.backends.cached_db", done.stderr
    env.pop("SHIKAYAT_CACHE_URL")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "django.contrib.sessions.backends.db", done.stderr


@pytest.fixture
def shared_sessions(settings):
    local_redis(REDIS_DB, "the shared-session tests")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}", "KEY_PREFIX": "ops-test"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return caches["default"]


def test_an_officers_session_survives_losing_the_cache_and_idle_sign_out_still_works(
        client, force, now, settings, shared_sessions):  # noqa: F811 (now: the frozen clock fixture)
    # given an officer signed in, the session in the shared cache
    with_shikayat(settings, OFFICER_IDLE_MINUTES=2)
    password_step(client, "cell_A")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert shared_sessions.get(KEY_PREFIX + key)[SESSION_LAST_SEEN] == T0.timestamp()
    # when the cache loses it (Redis restarted, flushed)
    shared_sessions.delete(KEY_PREFIX + key)
    # then the database copy keeps the officer signed in
    now.move(seconds=60)
    assert client.get("/officer/complaints/").status_code == 200 and signed_in(client)
    # and the idle timeout still signs the officer out
    now.move(seconds=121)
    response = client.get("/officer/complaints/")
    assert response["Location"].startswith("/officer/login/") and not signed_in(client)
