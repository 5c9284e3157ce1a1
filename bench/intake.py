"""Intake: N complaints registered through the real action path
(validation, routing, E-tag, complaint + timeline event + outbox in one
transaction), against a baseline of raw driver INSERTs of the same rows
(complaint, event, outbox message; one transaction each) in the same run,
with the same number of worker processes."""

import multiprocessing as mp
import random
import time

from tqdm import tqdm

from .common import Timer, drop_database, percentile, recreate_database, report, setup_django

TARGET = {"per_s": 1000, "ratio": 0.25}
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


def _actions_worker(job: tuple[list[dict], int]) -> list[float]:
    """Per-request path (batch 1: one register_complaint per complaint) or the
    batch action (register_complaints, as imports use). Latency is per call."""
    from django.db import connections

    from shikayat.complaints.intake import register_complaint, register_complaints
    from shikayat.complaints.permissions import SYSTEM

    payloads, batch = job
    connections.close_all()
    latencies = []
    channels = ["web", "whatsapp", "call_centre", "front_desk", "sms"]
    for start_index in range(0, len(payloads), batch):
        chunk = payloads[start_index:start_index + batch]
        start = time.perf_counter()
        if batch == 1:
            register_complaint(actor=SYSTEM, channel=channels[start_index % len(channels)], data=chunk[0])
        else:
            result = register_complaints(actor=SYSTEM, channel="portal_import", items=chunk)
            assert not result.errors, result.errors
        latencies.append((time.perf_counter() - start) * 1000)
        for done in range(start_index + 1, start_index + len(chunk) + 1):
            _tick(done)
    connections.close_all()
    return latencies


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


def _raw_worker(job) -> list[float]:
    """The least code that writes the same three rows per complaint."""
    import json
    from datetime import UTC, datetime, timedelta

    url, rows, worker, batch = job
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
        etag = f"r{worker}{i:06d}"  # lower case: can never collide with a real E-tag
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


def _run_pool(label: str, worker, jobs: list, total: int, processes: int) -> tuple[float, list[float]]:
    counter = mp.get_context("fork").Value("i", 0)
    with mp.get_context("fork").Pool(processes, initializer=_init, initargs=(counter,)) as pool, \
            tqdm(total=total, desc=label, unit="c") as bar, Timer() as timer:
        pending = pool.map_async(worker, jobs)
        while not pending.ready():
            pending.wait(0.5)
            bar.update(counter.value - bar.n)
        results = pending.get()
        bar.update(total - bar.n)
    return timer.seconds, sorted(x for part in results for x in part)


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
    slices = [(payloads[i::workers], batch) for i in range(workers)]
    seconds, latencies = _run_pool("actions", _actions_worker, slices, n, workers)
    per_s = n / seconds
    from shikayat.complaints import etag as etags
    from shikayat.complaints.models import Complaint

    tags = list(Complaint.objects.values_list("etag", flat=True))
    written, distinct = len(tags), len(set(tags))
    valid = sum(etags.is_valid(t) for t in tags)
    connections.close_all()
    path = "register_complaint" if batch == 1 else f"register_complaints in batches of {batch}"
    print(f"action path ({path}): {n:,} complaints in {seconds:.1f} s = {per_s:,.0f}/s; "
          f"p50 {percentile(latencies, 50):.2f} ms, p99 {percentile(latencies, 99):.2f} ms")

    raw_rows = [(categories[d["category"]], *units[d["unit"]], d) for d in payloads]
    random.Random(3).shuffle(raw_rows)
    jobs = [(url, raw_rows[i::workers], i, batch) for i in range(workers)]
    base_seconds, base_latencies = _run_pool("raw inserts", _raw_worker, jobs, n, workers)
    base_per_s = n / base_seconds
    print(f"baseline (raw driver INSERTs): {base_per_s:,.0f}/s; p50 {percentile(base_latencies, 50):.2f} ms")

    if not args.keep:
        drop_database(db, "intake")
    ratio = per_s / base_per_s
    figures = {"per_s": round(per_s, 1), "p50_ms": round(percentile(latencies, 50), 2),
               "p95_ms": round(percentile(latencies, 95), 2), "p99_ms": round(percentile(latencies, 99), 2),
               "workers": workers, "batch": batch,
               "latency_of": "one register_complaint call" if batch == 1 else f"one call registering {batch}",
               "complaints_written": written, "distinct_etags": distinct, "valid_etags": valid}
    unit_of_work = "each" if batch == 1 else f"per {batch}"
    baseline = {"what": "raw INSERT of the same complaint, event and outbox rows with the driver, one transaction "
                        f"{unit_of_work}, same worker count", "per_s": round(base_per_s, 1)}
    met = per_s >= TARGET["per_s"] and ratio >= TARGET["ratio"] and written == distinct == valid == n
    name = "intake" if batch == 1 else "intake_batch"
    report(name, n, db, figures, baseline, ratio, TARGET, met, record=not args.no_record)
    return 0
