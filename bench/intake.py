"""Intake: N complaints registered through the real action path
(validation, routing, E-tag, complaint + timeline event + outbox in one
transaction), against a baseline of raw driver INSERTs of the same rows
(complaint, event, outbox message; one transaction each) in the same run,
with the same number of worker processes."""

import multiprocessing as mp
import os
import random
import time
from contextlib import nullcontext

from tqdm import tqdm

from .common import AutoAnalyze, Timer, drop_database, percentile, recreate_database, report, setup_django

TARGET = {"per_s": 1000, "ratio": 0.40}  # issue 19: at least 0.40 of the raw driver at 100k
SAMPLE = 200  # complaints whose statements are counted (split between the workers)
_shared = {}


def _prepare(n: int) -> list[dict]:
    from shikayat.demo import force
    from shikayat.demo.complaints import DemoComplaints

    units = force.load_units("punjab")
    force.load_categories()
    users = force.load_officers(units, [("Bench", "Officer")])
    generator = DemoComplaints("punjab", users, seed=11)
    return [generator.data_for(generator.rng.choice(sorted(generator.categories))) for _ in range(n)]


def _init(counter):
    _shared["counter"] = counter


def _tick(done: int) -> None:
    if done % 50 == 0:
        with _shared["counter"].get_lock():
            _shared["counter"].value += 50


class _Counter:
    """Counts the statements Django sends (connection.execute_wrapper): deterministic, unlike a rate."""

    def __init__(self):
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        return execute(sql, params, many, context)


def _actions_worker(job: tuple[list[dict], int, int]) -> tuple[list[float], int, int]:
    """Per-request path (batch 1: one register_complaint per complaint) or the
    batch action (register_complaints, as imports use). Latency is per call.
    The statements of the first `sample` complaints are counted (after the
    first few calls, so that the reference cache is not all cold)."""
    from django.db import connection, connections

    from shikayat.complaints.intake import register_complaint, register_complaints
    from shikayat.complaints.permissions import SYSTEM

    payloads, batch, sample = job
    connections.close_all()
    latencies = []
    channels = ["web", "whatsapp", "call_centre", "front_desk", "sms"]
    counter, counted = _Counter(), 0
    warm = min(len(payloads) // 2, 50)
    for start_index in range(0, len(payloads), batch):
        chunk = payloads[start_index:start_index + batch]
        measure = start_index >= warm and counted < sample
        start = time.perf_counter()
        with connection.execute_wrapper(counter) if measure else nullcontext():
            if batch == 1:
                register_complaint(actor=SYSTEM, channel=channels[start_index % len(channels)], data=chunk[0])
            else:
                result = register_complaints(actor=SYSTEM, channel="portal_import", items=chunk)
                assert not result.errors, result.errors
        latencies.append((time.perf_counter() - start) * 1000)
        counted += len(chunk) if measure else 0
        for done in range(start_index + 1, start_index + len(chunk) + 1):
            _tick(done)
    connections.close_all()
    return latencies, counter.statements, counted


COMPLAINT_SQL = (
    "INSERT INTO complaints_complaint (etag, channel, external_ref, status, is_anonymous, complainant_name, "
    "complainant_mobile, complainant_email, complainant_id_number, complainant_address, is_overseas, language, "
    "category_id, description, incident_address, fir_number, unit_id, unit_path, is_confidential, "
    "escalation_level, reopen_count, feedback_attempts, held_status, received_at, cycle_started_at, "
    "contact_due_at, report_due_at, resolution, updated_at) VALUES ({p}) RETURNING id"
)
EVENT_SQL = (
    "INSERT INTO complaints_complaintevent (complaint_id, at, action, actor_label, actor_role, channel, from_status, "
    "to_status, is_public, note, data) VALUES ({p})"
)
OUTBOX_SQL = (
    "INSERT INTO notifications_outboxmessage (channel, recipient, template, language, context, dedupe_key, "
    "complaint_id, state, attempts, next_attempt_at, last_error, provider_message_id, created_at) VALUES ({p})"
)


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


def _raw_worker(job) -> list[float]:
    """The least code that writes the same three rows per complaint."""
    import json
    from datetime import UTC, datetime, timedelta

    url, rows, worker, batch, round_ = job
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
        mark = "?"
        begin = lambda: conn.execute("BEGIN IMMEDIATE")  # noqa: E731
        commit = lambda: conn.execute("COMMIT")  # noqa: E731
        cursor = conn
    else:
        import psycopg

        conn = psycopg.connect(url)
        mark = "%s"
        begin = lambda: None  # noqa: E731
        commit = conn.commit
        cursor = conn.cursor()
    sql = {key: template.format(p=", ".join([mark] * columns))
           for key, template, columns in (("c", COMPLAINT_SQL, 29), ("e", EVENT_SQL, 11), ("o", OUTBOX_SQL, 13))}
    latencies = []
    # One transaction per complaint, or per `batch` complaints when the
    # action path is measured in batches: like for like.
    for i, (category_id, unit_id, unit_path, data) in enumerate(rows, 1):
        now = datetime.now(UTC)
        etag = f"r{round_}{worker}{_base36(i):0>5}"  # lower case: can never collide with a real E-tag
        if (i - 1) % batch == 0:
            start = time.perf_counter()
            begin()
        row = cursor.execute(sql["c"], (
            etag, "web", "", "registered", False, data["name"], data["mobile"], "", "", data["address"], False,
            data["language"], category_id, data["description"], "", "", unit_id, unit_path, False, 0, 0, 0, "", now,
            now, now + timedelta(hours=8), now + timedelta(hours=72), "", now)).fetchone()
        cursor.execute(sql["e"], (row[0], now, "register", "system", "", "web", "", "registered", True, "", "{}"))
        cursor.execute(sql["o"], ("sms", data["mobile"], "complaint_registered", data["language"],
                                  json.dumps({"etag": etag}), f"{etag}:registered:sms", row[0], "pending", 0, now, "",
                                  "", now))
        if i % batch == 0 or i == len(rows):
            commit()
            latencies.append((time.perf_counter() - start) * 1000)
        _tick(i)
    conn.close()
    return latencies


def _run_pool(label: str, worker, jobs: list, total: int, processes: int,
              analyze: AutoAnalyze) -> tuple[float, list, list[float]]:
    """(seconds, each worker's result, the 1-minute load average sampled every 5 s while it ran); `analyze`
    does autovacuum's ANALYZE meanwhile if the cluster has autovacuum off."""
    counter = mp.get_context("fork").Value("i", 0)
    loads, sampled = [], time.monotonic()
    with mp.get_context("fork").Pool(processes, initializer=_init, initargs=(counter,)) as pool, \
            tqdm(total=total, desc=label, unit="c") as bar, Timer() as timer:
        pending = pool.map_async(worker, jobs)
        while not pending.ready():
            pending.wait(0.5)
            bar.update(counter.value - bar.n)
            analyze.tick()
            if time.monotonic() - sampled >= 5:
                loads.append(os.getloadavg()[0])
                sampled = time.monotonic()
        results = pending.get()
        bar.update(total - bar.n)
    loads.append(os.getloadavg()[0])
    return timer.seconds, results, loads


def _rounds(n: int, rounds: list[tuple]) -> str:
    """Each round's rate, when there were several."""
    if len(rounds) < 2:
        return ""
    return f" (fastest of {len(rounds)} rounds: {', '.join(f'{n / r[0]:,.0f}/s' for r in rounds)})"


def _load(values: list[float]) -> dict:
    return {"mean": round(sum(values) / len(values), 2), "max": round(max(values), 2)}


def run(args) -> int:
    n, db, workers = args.n, args.db, max(1, args.workers)
    print(f"intake benchmark: n={n:,} db={db} workers={workers} batch={args.batch}")
    url = recreate_database(db, "intake")
    setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    print("scratch database migrated; loading the Punjab force and generating payloads …")
    payloads = _prepare(n)
    from shikayat.categories.models import Category
    from shikayat.jurisdictions.models import Unit

    categories = dict(Category.objects.values_list("code", "pk"))
    units = {code: (pk, path) for code, pk, path in Unit.objects.values_list("code", "pk", "path")}
    connections.close_all()

    batch = max(1, args.batch)
    rounds = max(1, min(5, args.repeat))
    slices = [(payloads[i::workers], batch, -(-SAMPLE // workers)) for i in range(workers)]
    raw_rows = [(categories[d["category"]], *units[d["unit"]], d) for d in payloads]
    random.Random(3).shuffle(raw_rows)
    load_before = os.getloadavg()
    # Rounds alternate the action path and the raw INSERTs, so a burst of other work on the machine slows one
    # round of each rather than one side; each side is judged by its fastest round (noise only slows).
    actions, raws = [], []
    with AutoAnalyze(url) as analyze:
        for round_ in range(rounds):
            label = f" (round {round_ + 1} of {rounds})" if rounds > 1 else ""
            actions.append(_run_pool(f"actions{label}", _actions_worker, slices, n, workers, analyze))
            jobs = [(url, raw_rows[i::workers], i, batch, round_) for i in range(workers)]
            raws.append(_run_pool(f"raw inserts{label}", _raw_worker, jobs, n, workers, analyze))
    seconds, results, loads = min(actions, key=lambda r: r[0])
    latencies = sorted(x for part, _statements, _counted in results for x in part)
    statements, counted = sum(r[1] for r in results), sum(r[2] for r in results)
    per_complaint = statements / counted if counted else 0.0
    per_s = n / seconds
    from shikayat.complaints import etag as etags
    from shikayat.complaints.models import Complaint

    # The action path's complaints (the raw baseline's E-tags start with a lower-case r).
    tags = list(Complaint.objects.exclude(etag__startswith="r").values_list("etag", flat=True))
    written, distinct = len(tags), len(set(tags))
    valid = sum(etags.is_valid(t) for t in tags)
    connections.close_all()
    path = "register_complaint" if batch == 1 else f"register_complaints in batches of {batch}"
    print(f"action path ({path}): {n:,} complaints in {seconds:.1f} s = {per_s:,.0f}/s"
          f"{_rounds(n, actions)}; "
          f"p50 {percentile(latencies, 50):.2f} ms, p99 {percentile(latencies, 99):.2f} ms; "
          f"{per_complaint:.2f} statements per complaint (counted over {counted}); "
          f"load average before {load_before[0]:.2f}, during {_load(loads)}")

    base_seconds, base_results, base_loads = min(raws, key=lambda r: r[0])
    base_latencies = sorted(x for part in base_results for x in part)
    base_per_s = n / base_seconds
    print(f"baseline (raw driver INSERTs): {base_per_s:,.0f}/s"
          f"{_rounds(n, raws)}; "
          f"p50 {percentile(base_latencies, 50):.2f} ms")

    if not args.keep:
        drop_database(db, "intake")
    ratio = per_s / base_per_s
    figures = {"per_s": round(per_s, 1), "p50_ms": round(percentile(latencies, 50), 2),
               "p95_ms": round(percentile(latencies, 95), 2), "p99_ms": round(percentile(latencies, 99), 2),
               "workers": workers, "batch": batch,
               "latency_of": "one register_complaint call" if batch == 1 else f"one call registering {batch}",
               "complaints_written": written, "distinct_etags": distinct, "valid_etags": valid, "rounds": rounds,
               "rounds_per_s": [round(n / r[0], 1) for r in actions],
               "baseline_rounds_per_s": [round(n / r[0], 1) for r in raws],
               "statements_per_complaint": round(per_complaint, 2), "statements_counted_over": counted,
               "load_before": [round(x, 2) for x in load_before], "load_during": _load(loads),
               "load_during_baseline": _load(base_loads), "analyze": analyze.state}
    unit_of_work = "each" if batch == 1 else f"per {batch}"
    baseline = {"what": "raw INSERT of the same complaint, event and outbox rows with the driver, one transaction "
                        f"{unit_of_work}, same worker count", "per_s": round(base_per_s, 1)}
    met = per_s >= TARGET["per_s"] and ratio >= TARGET["ratio"] and written == distinct == valid == n * rounds
    name = "intake" if batch == 1 else "intake_batch"
    report(name, n, db, figures, baseline, ratio, TARGET, met, record=not args.no_record)
    return 0
