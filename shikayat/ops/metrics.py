"""Prometheus metrics, with prometheus_client (the reference client; django-prometheus was not taken: its
middleware pair, model and database instrumentation add metrics nobody asked for on every request, and the
figures wanted here — the outbox, the sweep, rollups — are ours to read anyway).

Two kinds:
- measured in the web process: the request latency histogram by view (route name), method and status class;
- read at scrape time (StateCollector): outbox backlog, dead letters and outcome unknown, the last sweep's
  duration and items, the task queue's depth, rollup lag, replica lag — cheap indexed reads, kept
  SHIKAYAT_METRICS_CACHE_SECONDS (5) in the process so that several scrapers cost one read.

Several processes (gunicorn or granian workers): set PROMETHEUS_MULTIPROC_DIR to an empty directory, the same
for every process of the host, emptied at each start (deploy/ does it); each process then writes its samples
there and a scrape of any of them sums all (prometheus_client's multiprocess mode)."""

import os
import threading
import time

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from . import figures
from .timebox import call_within, statement_timeout

REQUEST_SECONDS = Histogram(
    "shikayat_http_request_duration_seconds", "Time to answer a request, by view (route name), method and "
    "status class.", ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetricsMiddleware:
    """Times each request. Labels stay few: the route's name (never the path, which carries E-tags), "unmatched"
    for a path no route has, the method (or "other"), and the status class."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        REQUEST_SECONDS.labels(
            view=match.view_name if match else "unmatched",
            method=request.method if request.method in METHODS else "other",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response


def _gauge(name: str, documentation: str, value: float | None) -> GaugeMetricFamily | None:
    if value is None:
        return None
    return GaugeMetricFamily(name, documentation, value=value)


class StateCollector:
    """The service's state, read when Prometheus asks (at most once per SHIKAYAT_METRICS_CACHE_SECONDS)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._read_at = -1e9
        self._figures: dict = {}

    def forget(self) -> None:
        with self._lock:
            self._read_at = -1e9

    def figures(self) -> dict:
        with self._lock:
            if time.monotonic() - self._read_at >= settings.SHIKAYAT.get("METRICS_CACHE_SECONDS", 5):
                self._figures = _read()
                self._read_at = time.monotonic()
            return self._figures

    def collect(self):
        values = self.figures()
        outbox, rollups, sweep = values.get("outbox", {}), values.get("rollups", {}), values.get("sweep") or {}
        found = [
            _gauge("shikayat_state_read_ok", "1 when the figures below were read; 0 when the database did not "
                   "answer in time.", 0 if values.get("error") else 1),
            _gauge("shikayat_outbox_backlog", "Outbox messages due and not sent.", outbox.get("backlog")),
            _gauge("shikayat_outbox_oldest_due_seconds", "How long the oldest due outbox message has waited.",
                   outbox.get("oldest_due_seconds")),
            _gauge("shikayat_outbox_dead_letters", "Outbox messages given up on (a person must look).",
                   outbox.get("dead")),
            _gauge("shikayat_outbox_outcome_unknown", "Outbox messages that may or may not have been sent "
                   "(a person must check the provider before a retry).", outbox.get("uncertain")),
            _gauge("shikayat_sweep_duration_seconds", "Duration of the last deadline sweep.",
                   sweep.get("duration_seconds")),
            _gauge("shikayat_sweep_due_items", "Items the last deadline sweep found due and acted on.",
                   sweep.get("items")),
            _gauge("shikayat_sweep_last_finished_timestamp_seconds", "When the last deadline sweep ended "
                   "(Unix time).", sweep.get("finished_at")),
            _gauge("shikayat_task_queue_depth", "Background tasks ready to run, not yet taken by a worker.",
                   values.get("queue_depth")),
            _gauge("shikayat_rollup_pending_changes", "Dashboard changes waiting to be folded.",
                   rollups.get("pending")),
            _gauge("shikayat_rollup_lag_seconds", "Age of the oldest dashboard change not yet folded.",
                   rollups.get("lag_seconds")),
            _gauge("shikayat_replica_lag_seconds", "Read replica's replication lag (+Inf: down).",
                   values.get("replica_lag")),
        ]
        yield from (metric for metric in found if metric is not None)


def _read() -> dict:
    seconds = settings.SHIKAYAT.get("READY_TIMEOUT_SECONDS", 1.0)
    values: dict = {}
    try:
        with statement_timeout(seconds):
            values["outbox"] = figures.outbox()
            values["rollups"] = figures.rollups()
            values["sweep"] = figures.sweep()
            if settings.TASKS_ENGINE != "redis":
                values["queue_depth"] = figures.queue_depth()
    except Exception as error:  # noqa: BLE001 (reported as shikayat_state_read_ok 0)
        values["error"] = str(error)
    try:
        if settings.TASKS_ENGINE == "redis":
            values["queue_depth"] = call_within(seconds, figures.queue_depth)
    except Exception as error:  # noqa: BLE001
        values["error"] = str(error)
    values["replica_lag"] = figures.replica_lag()
    return values


STATE = StateCollector()


class _ThisProcess:
    """The default registry (this process's request histogram, process and Python metrics) as one collector."""

    def collect(self):
        return REGISTRY.collect()


def exposition() -> bytes:
    """The text a scrape receives: the request metrics (every process's, in multiprocess mode) and the state."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(STATE)
    return generate_latest(registry)
