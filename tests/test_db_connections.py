"""Database connections in production: a reused connection is pinged only after a pause (core/postgresql), and
PostgreSQL plans the hot reads once per connection (psycopg's prepared statements, SHIKAYAT_DB_PREPARE_THRESHOLD)."""

import os
import subprocess
import sys
import time

import pytest
from django.db import close_old_connections, connection

from shikayat.complaints import selectors

from .test_worker import ROOT


@pytest.fixture
def pings(transactional_db, monkeypatch):  # (PostgreSQL: the backend is shikayat.core.postgresql)
    """The default connection kept between requests with health checks on (as in production); each ping is
    counted."""
    connection.ensure_connection()
    monkeypatch.setattr(connection, "close_at", None)  # test settings close it after each request
    monkeypatch.setattr(connection, "health_check_enabled", True)
    counted, usable = [], connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: counted.append(1) or usable())
    yield counted


def _request():
    close_old_connections()  # what Django runs as a request starts (request_started) …
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    close_old_connections()  # … and as it ends (request_finished)


@pytest.mark.postgres
def test_a_connection_that_served_a_request_moments_ago_is_not_pinged(pings, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "DB_CHECK_IDLE_SECONDS": 10}
    _request()
    assert len(pings) == 1  # no request on it yet: checked
    for _ in range(5):
        _request()
    assert len(pings) == 1
    connection.request_boundary_at = time.monotonic() - 11  # idle past the limit: checked again
    _request()
    assert len(pings) == 2


@pytest.mark.postgres
def test_with_no_idle_limit_every_request_pings_as_django_does(pings, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "DB_CHECK_IDLE_SECONDS": 0}
    for _ in range(3):
        _request()
    assert len(pings) == 3


def _production_database(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SHIKAYAT_DB_")}
    clean.update({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/shikayat",
                  "SHIKAYAT_TOTP_KEYS": "t" * 40, "SHIKAYAT_PUBLIC_URL": "https://shikayat.example.org",
                  "DJANGO_SETTINGS_MODULE": "config.settings.production"}, **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "d = settings.DATABASES['default']; print(d['OPTIONS'].get('prepare_threshold'), d['CONN_HEALTH_CHECKS'], "
         "settings.SHIKAYAT['DB_CHECK_IDLE_SECONDS'])"], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_prepares_statements_and_checks_connections_after_a_pause():
    assert _production_database().stdout.split() == ["5", "True", "10.0"]
    behind_pgbouncer = _production_database(SHIKAYAT_DB_PREPARE_THRESHOLD="off")
    assert behind_pgbouncer.stdout.split()[0] == "None"
    wrong = _production_database(SHIKAYAT_DB_PREPARE_THRESHOLD="always")
    assert wrong.returncode != 0 and "SHIKAYAT_DB_PREPARE_THRESHOLD must be a number or 'off'" in wrong.stderr


@pytest.mark.postgres
def test_public_tracking_runs_as_a_prepared_statement_with_the_same_answer(new_complaint, monkeypatch):
    complaint = new_complaint()
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", 0)  # prepare on first use
    answers = [selectors.public_status(complaint.etag, "+923001234567", client=f"test:{i}") for i in range(3)]
    assert answers[0] == answers[1] == answers[2] and answers[0]["timeline"][0]["action"] == "register"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("complainant_mobile" in statement for statement in prepared)
