"""Every log line of a request carries its id (the trusted proxy's X-Request-ID, else a new one), the response
echoes it, and SHIKAYAT_LOG_FORMAT=json writes one JSON object per line."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shikayat.ops.logformat import JsonFormatter
from shikayat.ops.requestid import RequestIdFilter

ROOT = Path(__file__).resolve().parent.parent
GENERATED = re.compile(r"[0-9a-f]{32}")

# A process configured as a deployment is (the settings' LOGGING, JSON format, one trusted proxy) serving three
# requests that each log a line (Django's "Not Found" warning); it prints the ids the responses carried.
SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client()
ids = [client.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-4f2a9c").headers["X-Request-ID"],
       client.get("/no-such-page/").headers["X-Request-ID"],
       client.get("/no-such-page/", HTTP_X_REQUEST_ID="bad id\\x01").headers["X-Request-ID"]]
print(json.dumps(ids))
"""


@pytest.fixture
def captured():
    """Log lines as the JSON handler writes them, from every logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_json_log_lines_carry_the_proxys_id_or_a_generated_one(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "SHIKAYAT_LOG_FORMAT": "json",
           "SHIKAYAT_TRUSTED_PROXIES": "1", "SHIKAYAT_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    given, generated, replaced = json.loads(done.stdout)
    lines = [json.loads(line) for line in done.stderr.splitlines()]  # every line is JSON, or this fails
    not_found = [line for line in lines if line["message"] == "Not Found: /no-such-page/"]
    # the response echoes the id, and the request's log line carries it
    assert given == "lb-4f2a9c" and GENERATED.fullmatch(generated) and GENERATED.fullmatch(replaced)
    assert [line["request_id"] for line in not_found] == [given, generated, replaced]
    assert set(not_found[0]) >= {"time", "level", "logger", "message", "request_id"}
    assert not_found[0]["level"] == "WARNING" and not_found[0]["logger"] == "django.request"


def test_without_a_trusted_proxy_the_clients_id_is_not_taken(client, db, captured):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="chosen-by-the-client")
    assert GENERATED.fullmatch(response["X-Request-ID"])
    [line] = [line for line in captured() if line["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]


def test_each_request_gets_its_own_id_and_lines_outside_requests_none(client, db, captured):
    first, second = client.get("/").headers["X-Request-ID"], client.get("/").headers["X-Request-ID"]
    assert first != second
    logging.getLogger("shikayat.test").warning("between requests")
    assert [line["request_id"] for line in captured() if line["message"] == "between requests"] == [""]


def test_the_exception_and_other_scripts_are_kept_in_the_json_line(captured):
    try:
        raise ValueError("شکایت नहीं मिली")
    except ValueError:
        logging.getLogger("shikayat.test").exception("failed for %s", "TE4P-DR6A")
    [line] = [line for line in captured() if line["logger"] == "shikayat.test"]
    assert line["message"] == "failed for TE4P-DR6A" and line["level"] == "ERROR"
    assert "Traceback" in line["exception"] and "ValueError: شکایت नहीं मिली" in line["exception"]


def test_a_jobs_log_lines_carry_its_task_id(db, settings, captured):
    # given the tasks run at once (the worker's signals are the same for every engine)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from shikayat.worker.tasks import sweep_deadlines

    # when
    result = sweep_deadlines.enqueue()
    # then: the line django-tasks writes as the job ends carries the job's id
    lines = [line for line in captured() if line["logger"] == "django_tasks" and str(result.id) in line["message"]]
    assert lines and all(line["request_id"] == f"task-{result.id}" for line in lines[1:])
    assert lines[-1]["request_id"] == f"task-{result.id}"
