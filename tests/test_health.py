"""/healthz and /readyz: what a load balancer probes. Alive touches nothing; ready runs each check within a time
limit and answers 503 when a required one fails."""

import json
import math
import types

import pytest

from shikayat.ops import readiness
from shikayat.worker.tasks import sweep_deadlines


def ready(client, **headers):
    response = client.get("/readyz", **headers)
    assert response["Content-Type"] == "application/json" and response["Cache-Control"] == "no-store"
    return response.status_code, json.loads(response.content)


def test_healthz_answers_ok_without_a_database_query_or_a_cookie(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert not response.cookies and "X-Request-ID" not in response  # answered before any other middleware


def test_probes_pass_the_https_redirect_and_host_check_a_load_balancer_would_meet(client, settings, db):
    # given production's redirect to https and a probe over plain http by the host's address
    settings.SECURE_SSL_REDIRECT = True
    # when / then: a page is redirected (the setting is in force), the probes are answered
    assert client.get("/", HTTP_HOST="localhost").status_code == 301
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 200


def test_readyz_reports_each_check_and_is_ready(client, db):
    status, body = ready(client)
    assert status == 200 and body["ready"] is True
    assert set(body["checks"]) >= {"database", "cache", "storage", "queue"}
    for name in ("database", "cache", "storage", "queue"):
        assert body["checks"][name]["ok"] is True and body["checks"][name]["ms"] >= 0, name
    assert body["checks"]["queue"]["depth"] == 0


def test_the_queue_depth_counts_ready_tasks_and_a_deep_queue_is_reported_not_fatal(client, db, settings):
    # given two jobs waiting for a worker (the database engine) and a limit of two
    sweep_deadlines.enqueue()
    sweep_deadlines.enqueue()
    settings.SHIKAYAT = {**settings.SHIKAYAT, "READY_MAX_QUEUE_DEPTH": 2}
    # when
    status, body = ready(client)
    # then: the queue is not ok, but the web host still takes traffic (the workers are behind, not this host)
    assert body["checks"]["queue"] == {"ok": False, "depth": 2, "ms": body["checks"]["queue"]["ms"]}
    assert status == 200 and body["ready"] is True


def test_a_cache_that_does_not_answer_makes_the_host_unready(client, db, settings):
    # given a Redis cache on a port nothing listens on
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}
    # when
    status, body = ready(client)
    # then
    assert status == 503 and body["ready"] is False
    assert body["checks"]["cache"]["ok"] is False and "error" in body["checks"]["cache"]
    assert body["checks"]["database"]["ok"] is True


def test_why_a_check_failed_is_told_only_to_allowed_addresses(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}
    status, body = ready(client, REMOTE_ADDR="203.0.113.9")
    assert status == 503 and body["checks"]["cache"]["ok"] is False and "error" not in body["checks"]["cache"]


def test_a_database_that_fails_makes_the_host_unready(client, db, monkeypatch):
    def database():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(readiness.CHECKS, "database", database)
    status, body = ready(client)
    assert status == 503 and body["checks"]["database"]["ok"] is False
    assert "connection refused" in body["checks"]["database"]["error"]


def test_a_check_that_hangs_is_given_up_on_within_the_time_limit(client, db, settings, monkeypatch):
    # given an object store that never answers, and half a second per check
    settings.SHIKAYAT = {**settings.SHIKAYAT, "READY_TIMEOUT_SECONDS": 0.5}

    class Hanging:
        def exists(self, name):
            import time

            time.sleep(5)

    monkeypatch.setattr(readiness, "default_storage", Hanging())
    # when
    status, body = ready(client)
    # then
    assert status == 503 and body["checks"]["storage"]["ok"] is False
    assert 400 <= body["checks"]["storage"]["ms"] < 2000 and "TimedOut" in body["checks"]["storage"]["error"]


@pytest.fixture
def replica(monkeypatch):
    """The replica's lag as shikayat.core.replica.lag_seconds() reports it (None: no replica configured), set by
    the test; test_replica.py measures a real standby's."""
    from shikayat.core import replica as module

    state = types.SimpleNamespace(lag=None)
    monkeypatch.setattr(module, "lag_seconds", lambda: state.lag)
    return state


def test_no_replica_configured_no_replica_check(client, db, replica):
    assert "replica" not in ready(client)[1]["checks"]


def test_a_fresh_replica_is_ok_and_a_stopped_one_is_reported_but_not_fatal(client, db, replica, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REPLICA_MAX_LAG_SECONDS": 10}
    replica.lag = 0.25
    status, body = ready(client)
    assert status == 200 and body["checks"]["replica"]["ok"] is True
    assert body["checks"]["replica"]["lag_seconds"] == 0.25
    # a stopped replica: reads go back to the primary, so the host stays in
    replica.lag = math.inf
    status, body = ready(client)
    assert status == 200 and body["checks"]["replica"]["ok"] is False
    assert body["checks"]["replica"]["lag_seconds"] is None


@pytest.mark.postgres
def test_on_postgresql_a_statement_past_the_limit_is_cancelled(db):
    import time

    from django.db import OperationalError

    from shikayat.ops.timebox import statement_timeout

    started = time.monotonic()
    with pytest.raises(OperationalError, match="statement timeout"), statement_timeout(0.3) as connection, \
            connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    assert time.monotonic() - started < 2
