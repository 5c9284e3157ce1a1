"""GET /readyz: may this host take traffic? Each check reports what it found and how long it took; the
answer is 503 when a required one fails (SHIKAYAT_READY_REQUIRED: database, cache and storage by default).

The replica and the queue are reported but not required by default: a lagging or stopped replica sends reads
back to the primary (shikayat.core.replica), and a deep queue is the workers' trouble — taking every web host
out of the load balancer for either would turn a slowdown into an outage."""

import logging
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage

from . import figures
from .timebox import call_within, statement_timeout

log = logging.getLogger("shikayat.ops")

PROBE_NAME = "shikayat-readiness-probe"  # asked about, never written: exists() must merely answer


def _seconds() -> float:
    return settings.SHIKAYAT.get("READY_TIMEOUT_SECONDS", 1.0)


def _timed(check) -> dict | None:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # noqa: BLE001 (a failing service is a finding, not a crash)
        log.warning("readiness: %s failed: %s", check.__name__, error)
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
    if result is None:
        return None  # nothing to check here (no replica)
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def database() -> dict:
    with statement_timeout(_seconds()) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def cache_check() -> dict:
    key, value = f"shikayat:ready:{uuid.uuid4().hex}", uuid.uuid4().hex

    def round_trip():
        cache.set(key, value, timeout=10)
        read = cache.get(key)
        cache.delete(key)
        return read

    return {"ok": call_within(_seconds(), round_trip) == value}


def storage() -> dict:
    call_within(_seconds(), _reachable, default_storage)
    return {"ok": True}


def _reachable(storage) -> None:
    """Raises unless files can be read from and written to `storage`. Asking whether a name exists is enough on
    a disk (answered True or False, either is fine), not on an object store: a bucket that does not exist (a
    mistyped SHIKAYAT_S3_BUCKET on one host) answers "no such object" to that question while every upload
    fails. There the bucket itself is asked for (HEAD: missing or forbidden raises)."""
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        storage.connection.meta.client.head_bucket(Bucket=bucket)
    else:
        storage.exists(PROBE_NAME)


def queue() -> dict:
    if settings.TASKS_ENGINE == "redis":
        depth = call_within(_seconds(), figures.queue_depth)
    else:
        with statement_timeout(_seconds()):
            depth = figures.queue_depth()
    return {"ok": depth < settings.SHIKAYAT.get("READY_MAX_QUEUE_DEPTH", 10000), "depth": depth}


def replica() -> dict | None:
    lag = figures.replica_lag()
    if lag is None:
        return None
    limit = float(settings.SHIKAYAT.get("REPLICA_MAX_LAG_SECONDS", 10))
    return {"ok": math.isfinite(lag) and lag <= limit, "lag_seconds": lag if math.isfinite(lag) else None}


CHECKS = {"database": database, "cache": cache_check, "storage": storage, "queue": queue, "replica": replica}


def run() -> tuple[bool, dict]:
    """(ready, {name: result}) with every check run; a check answering None (no replica) is left out."""
    results = {}
    for name, check in CHECKS.items():
        result = _timed(check)
        if result is not None:
            results[name] = result
    required = settings.SHIKAYAT.get("READY_REQUIRED", ["database", "cache", "storage"])
    ready = all(results[name]["ok"] for name in required if name in results)
    return ready, results
