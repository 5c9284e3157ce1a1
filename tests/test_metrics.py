"""/metrics: the names Prometheus scrapes, their values after real events (a dead letter from a gateway that
refuses, a sweep, a registered complaint waiting for the rollup fold, a page served), and who may scrape."""

import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from shikayat.notifications import delivery
from shikayat.notifications.outbox import enqueue
from shikayat.ops import metrics
from shikayat.worker.tasks import sweep_deadlines

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["shikayat_http_request_duration_seconds", "shikayat_outbox_backlog", "shikayat_outbox_oldest_due_seconds",
         "shikayat_outbox_dead_letters", "shikayat_outbox_outcome_unknown", "shikayat_sweep_duration_seconds",
         "shikayat_sweep_due_items", "shikayat_sweep_last_finished_timestamp_seconds", "shikayat_task_queue_depth",
         "shikayat_rollup_pending_changes", "shikayat_rollup_lag_seconds", "shikayat_state_read_ok"]


@pytest.fixture(autouse=True)
def fresh_figures(settings):
    """Every scrape reads the database (no figures kept from an earlier scrape or test)."""
    settings.SHIKAYAT = {**settings.SHIKAYAT, "METRICS_CACHE_SECONDS": 0}
    metrics.STATE.forget()


def scrape(client, **headers) -> str:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")  # the text exposition format
    return response.content.decode()


def value(text: str, name: str, **labels) -> float | None:
    """The sample `name{labels}` in the exposition text (labels in any order), or None."""
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_:]+)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
            if all(found.get(key) == wanted for key, wanted in labels.items()):
                return float(match[3])
    return None


def test_every_metric_name_is_exposed(client, db):
    client.get("/")  # one request, so the histogram has a sample
    sweep_deadlines.call()  # one sweep, so its figures exist
    text = scrape(client)
    for name in NAMES:
        assert f"# TYPE {name} " in text, name
    assert value(text, "shikayat_state_read_ok") == 1


def test_the_request_histogram_is_labelled_by_the_views_route_name(client, db):
    before = value(scrape(client), "shikayat_http_request_duration_seconds_count", view="web:home", method="GET",
                   status="2xx") or 0
    assert client.get("/").status_code == 200
    client.get("/no/such/page/")
    text = scrape(client)
    assert value(text, "shikayat_http_request_duration_seconds_count", view="web:home", method="GET",
                 status="2xx") == before + 1
    # a path no route has is "unmatched": the path (E-tags, ids) never becomes a label
    assert value(text, "shikayat_http_request_duration_seconds_count", view="unmatched", status="4xx") >= 1
    assert "/no/such/page/" not in text


class RefusingGateway:
    """An SMS gateway that refuses every message with HTTP 400 (a permanent error: dead letter)."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = b'{"message": "invalid number"}'
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def refusing_gateway(settings):
    gateway = RefusingGateway()
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {"sms": "sms-gateway"}, "SMS_API": {
        "URL": gateway.url, "TOKEN": "out-token", "SENDER": "SHIKAYAT", "CONNECT_TIMEOUT": 1, "READ_TIMEOUT": 2}}
    yield gateway
    gateway.stop()


def test_a_message_the_gateway_refuses_is_counted_as_a_dead_letter(client, db, refusing_gateway):
    # given two messages due, in the backlog
    for i in range(2):
        enqueue(channel="sms", recipient=f"+92300123450{i}", template="complaint_closed", language="en",
                context={"etag": "TE4P-DR6A"}, dedupe_key=f"metrics:{i}")
    text = scrape(client)
    assert value(text, "shikayat_outbox_backlog") == 2 and value(text, "shikayat_outbox_dead_letters") == 0
    # when the worker sends them and the gateway refuses both
    delivery.deliver_due(now=timezone.now() + timedelta(seconds=1))
    # then
    text = scrape(client)
    assert value(text, "shikayat_outbox_dead_letters") == 2
    assert value(text, "shikayat_outbox_backlog") == 0 and value(text, "shikayat_outbox_outcome_unknown") == 0


def test_the_last_sweep_is_reported_from_the_table_every_host_reads(client, db):
    sweep_deadlines.call()
    text = scrape(client)
    assert value(text, "shikayat_sweep_due_items") == 0
    assert 0 <= value(text, "shikayat_sweep_duration_seconds") < 60
    assert abs(value(text, "shikayat_sweep_last_finished_timestamp_seconds") - timezone.now().timestamp()) < 60


def test_the_sweeps_due_items_count_what_it_found_due(client, new_complaint):
    # given two complaints whose contact deadline passed an hour ago
    from shikayat.complaints.models import Complaint

    for _ in range(2):
        new_complaint()
    Complaint.objects.update(contact_due_at=timezone.now() - timedelta(hours=1))
    # when a worker sweeps
    counts = sweep_deadlines.call()
    # then the sweep's items on /metrics are what it acted on, both breaches among them
    assert counts["contact_breaches"] == 2
    assert value(scrape(client), "shikayat_sweep_due_items") == sum(counts.values()) >= 2


def test_the_replica_lag_is_exposed_when_a_replica_is_configured(client, db, monkeypatch):
    """The figure is the one shikayat.core.replica measures (test_replica.py measures a real standby's): absent
    without a replica, the lag in seconds with one, +Inf while it is down."""
    from shikayat.core import replica

    lag = {"seconds": None}
    monkeypatch.setattr(replica, "lag_seconds", lambda: lag["seconds"])
    assert "shikayat_replica_lag_seconds" not in scrape(client)  # no replica configured
    lag["seconds"] = 0.75
    text = scrape(client)
    assert "# TYPE shikayat_replica_lag_seconds gauge" in text
    assert value(text, "shikayat_replica_lag_seconds") == 0.75
    metrics.STATE.forget()
    lag["seconds"] = float("inf")
    assert value(scrape(client), "shikayat_replica_lag_seconds") == float("inf")


def test_a_registered_complaint_waits_in_the_rollup_backlog_until_the_fold(client, new_complaint):
    from shikayat.dashboards.rollup import fold_pending

    new_complaint()
    text = scrape(client)
    assert value(text, "shikayat_rollup_pending_changes") >= 1
    assert value(text, "shikayat_rollup_lag_seconds") >= 0
    fold_pending()
    text = scrape(client)
    assert value(text, "shikayat_rollup_pending_changes") == 0 and value(text, "shikayat_rollup_lag_seconds") == 0


def test_the_task_queue_depth_counts_waiting_jobs(client, db):
    sweep_deadlines.enqueue()
    assert value(scrape(client), "shikayat_task_queue_depth") == 1


def test_figures_are_read_once_per_cache_period(client, db, settings, django_assert_num_queries):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "METRICS_CACHE_SECONDS": 60}
    scrape(client)
    with django_assert_num_queries(0):
        scrape(client)


# --- who may scrape ---------------------------------------------------------------------------------------------


def test_an_address_outside_the_allowed_list_gets_404(client, db):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_a_proxy_on_loopback_does_not_lend_its_address_to_the_client_behind_it(client, db, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TRUSTED_PROXIES": 1}
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 404


def test_allowed_networks_and_the_bearer_token(client, db, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "METRICS_ALLOW": ["10.0.0.0/8"], "METRICS_TOKEN": "s3cret-scrape-token"}
    assert client.get("/metrics", REMOTE_ADDR="10.2.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404  # loopback no longer listed
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token", **outside).status_code == 404
    assert "shikayat_outbox_backlog" in scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", **outside)


# --- several processes ------------------------------------------------------------------------------------------

SERVE_ONE = """
import sys, django
django.setup()
from django.test import Client
client = Client()
client.get("/no-such-page/")
if sys.argv[1] == "scrape":
    sys.stdout.write(client.get("/metrics").content.decode())
"""


def test_with_a_multiprocess_directory_a_scrape_of_one_process_counts_every_processs_requests(tmp_path):
    shared = tmp_path / "prometheus"
    shared.mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PROMETHEUS_MULTIPROC_DIR": str(shared),
           "ALLOWED_HOSTS": "testserver", "SHIKAYAT_VAR_DIR": str(tmp_path)}

    def run(mode: str) -> str:
        done = subprocess.run([sys.executable, "-c", SERVE_ONE, mode], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    # given one web process that served a request and ended
    run("serve")
    # when another serves one and is scraped
    text = run("scrape")
    # then the scrape counts both processes' requests
    assert value(text, "shikayat_http_request_duration_seconds_count", view="unmatched", method="GET",
                 status="4xx") == 2
