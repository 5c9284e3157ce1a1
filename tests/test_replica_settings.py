"""Production settings for a read replica and for PgBouncer in transaction pooling mode (no database needed)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = ("import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({a: {'threshold': d['OPTIONS'].get('prepare_threshold'), "
        "'no_server_cursors': d.get('DISABLE_SERVER_SIDE_CURSORS', False), 'max_age': d['CONN_MAX_AGE'], "
        "'port': d['PORT'], 'timeout': d['OPTIONS'].get('connect_timeout')} for a, d in s.DATABASES.items()} "
        "| {'prepared': s.SHIKAYAT['DB_PREPARED'], 'routers': s.DATABASE_ROUTERS}))")


def _production(*command: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SHIKAYAT_DB_", "DATABASE_"))}
    clean.update({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:6432/shikayat",
                  "SHIKAYAT_TOTP_KEYS": "t" * 40, "SHIKAYAT_PUBLIC_URL": "https://shikayat.example.org",
                  "DJANGO_SETTINGS_MODULE": "config.settings.production"}, **env)
    return subprocess.run([sys.executable, *command], cwd=ROOT, env=clean, capture_output=True, text=True)


def _settings(**env) -> dict:
    result = _production("-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_replica_or_pooler_nothing_changes():
    shown = _settings()
    assert set(shown) == {"default", "prepared", "routers"}
    assert shown["routers"] == [] and shown["prepared"] is True
    assert shown["default"]["threshold"] == 5 and shown["default"]["no_server_cursors"] is False


def test_a_replica_url_adds_the_replica_and_its_router():
    shown = _settings(DATABASE_REPLICA_URL="postgres://postgres@10.0.0.2:5432/shikayat")
    assert shown["routers"] == ["shikayat.core.replica.Router"]
    assert shown["replica"] == {"threshold": 5, "no_server_cursors": False, "max_age": 60, "port": 5432,
                                "timeout": 2}


def test_pgbouncer_turns_off_prepared_statements_and_server_side_cursors_and_keeps_connections():
    shown = _settings(SHIKAYAT_DB_POOLER="pgbouncer")
    assert shown["default"] == {"threshold": None, "no_server_cursors": True, "max_age": 60, "port": 6432,
                                "timeout": None}
    assert shown["prepared"] is False
    blank = _settings(SHIKAYAT_DB_POOLER="pgbouncer", SHIKAYAT_DB_PREPARE_THRESHOLD="", SHIKAYAT_DB_PREPARED="")
    assert blank["default"]["threshold"] is None and blank["prepared"] is False  # empty lines of an env file


def test_check_deploy_warns_of_prepared_statements_behind_pgbouncer():
    quiet = _production("manage.py", "check", "--deploy", SHIKAYAT_DB_POOLER="pgbouncer")
    loud = _production("manage.py", "check", "--deploy", SHIKAYAT_DB_POOLER="pgbouncer",
                       SHIKAYAT_DB_PREPARE_THRESHOLD="5", SHIKAYAT_DB_PREPARED="1")
    assert "shikayat.W002" not in quiet.stdout + quiet.stderr
    assert (loud.stdout + loud.stderr).count("shikayat.W002") == 2


def test_an_unknown_pooler_is_refused():
    result = _production("-c", SHOW, SHIKAYAT_DB_POOLER="pgpool")
    assert result.returncode != 0 and "SHIKAYAT_DB_POOLER must be 'pgbouncer' or empty" in result.stderr
