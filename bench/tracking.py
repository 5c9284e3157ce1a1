"""Public tracking over HTTP at scale: N complaints (each with a public
timeline) in a scratch PostgreSQL database, the real application served by
gunicorn in production settings, wrk on 127.0.0.1 asking
GET /api/v1/track/?etag=…&mobile=… for random complaints. Baseline: a bare
WSGI app answering the same bytes, same server and workers, same run.

The tracking rate limits are switched off for the run (one load generator
is one address); everything else is as in production."""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tqdm import tqdm

from .common import ROOT, dataset_ready, recreate_database, report, scratch_database_url, setup_django

TARGET = {"per_s": 1500, "p99_ms": 20}
PORT = 8765
CHUNK = 20_000


def _mobile(i: int) -> str:
    return f"+92300{i % 10_000_000:07d}"


def _generate(url: str, n: int) -> None:
    """Migrate, load the Punjab force, then COPY n complaints with two public
    timeline events each (register, assign)."""
    import psycopg
    from django.core.management import call_command

    from shikayat.complaints.etag import encode
    from shikayat.demo import force

    call_command("migrate", verbosity=0)
    units = [u for u in force.load_units("punjab").values() if u.level.depth == 4]
    categories = [c for c in force.load_categories().values() if c.parent_id]
    statuses = ["registered", "assigned", "in_progress", "awaiting_feedback", "closed"]
    rng = random.Random(5)
    now = datetime.now(UTC)
    columns = ("id, etag, channel, external_ref, status, is_anonymous, complainant_name, complainant_mobile, "
               "complainant_email, complainant_id_number, complainant_address, is_overseas, language, category_id, "
               "description, incident_address, fir_number, unit_id, unit_path, is_confidential, escalation_level, "
               "reopen_count, feedback_attempts, held_status, received_at, cycle_started_at, contact_due_at, "
               "report_due_at, resolution, updated_at")
    with psycopg.connect(url) as conn, tqdm(total=n, desc="complaints", unit="c") as bar:
        for start in range(1, n + 1, CHUNK):
            stop = min(n, start + CHUNK - 1)
            with conn.cursor() as cur:
                with cur.copy(f"COPY complaints_complaint ({columns}) FROM STDIN") as copy:
                    for i in range(start, stop + 1):
                        unit, category = rng.choice(units), rng.choice(categories)
                        received = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
                        copy.write_row((i, encode(i), "web", "", rng.choice(statuses), False, "Bench Citizen",
                                        _mobile(i), "", "", "", False, "en", category.pk,
                                        "Bench complaint text for tracking.", "", "", unit.pk, unit.path, False, 0, 0,
                                        0, "", received, received, received + timedelta(hours=8),
                                        received + timedelta(hours=72), "", received))
                with cur.copy("COPY complaints_complaintevent (complaint_id, at, action, actor_label, actor_role, "
                              "channel, from_status, to_status, is_public, note, data) FROM STDIN") as copy:
                    for i in range(start, stop + 1):
                        copy.write_row((i, now, "register", "system", "", "web", "", "registered", True, "", "{}"))
                        copy.write_row((i, now, "assign", "Bench Officer", "complaint_cell", "web", "registered",
                                        "assigned", True, "", "{}"))
            conn.commit()
            bar.update(stop - start + 1)
        conn.execute("SELECT setval('complaints_complaint_id_seq', %s)", [n])
        conn.execute("SELECT setval('complaints_etag_seq', %s)", [n])
        conn.execute("ANALYZE")
        conn.execute("CREATE TABLE bench_meta (n integer)")
        conn.execute("INSERT INTO bench_meta VALUES (%s)", [n])


def _serve(app: str, env: dict, workers: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "--workers", str(workers), "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning",
         "--keep-alive", "5", app], cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/categories/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def _wrk(script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                          f"http://127.0.0.1:{PORT}"], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = sum(int(x) for x in re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout)[: ]+(\d+)",
                                            out))
    return {"per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": ms("50"),
            "p90_ms": ms("90"), "p99_ms": ms("99"), "errors": errors, "raw": out}


def run(args) -> int:
    if args.db != "postgresql":
        print("tracking is measured on PostgreSQL only (the production database)", file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is needed (apt-get install wrk)", file=sys.stderr)
        return 2
    n, workers = args.n, max(1, args.workers)
    scratch = "tracking" if n >= 100_000 else "tracking_smoke"  # smoke runs never replace the big data set
    url = scratch_database_url("postgresql", scratch)
    print(f"tracking benchmark: n={n:,} complaints, gunicorn workers={workers}")
    if dataset_ready(url, n):
        print("reusing the scratch database from an earlier run (same n)")
        setup_django(url)
    else:
        recreate_database("postgresql", scratch)
        setup_django(url)
        _generate(url, n)

    from shikayat.complaints.models import Complaint

    rng = random.Random(9)
    picks = [rng.randrange(1, n + 1) for _ in range(20_000)]
    # The E-tags as stored (a data set kept from an earlier run may predate the current E-tag key).
    stored = dict(Complaint.objects.filter(pk__in=set(picks)).values_list("pk", "etag"))
    workdir = Path(tempfile.mkdtemp(prefix="shikayat-bench-"))
    paths = workdir / "paths.txt"
    paths.write_text("".join(f"/api/v1/track/?etag={stored[i]}&mobile=%2B{_mobile(i)[1:]}\n" for i in picks))
    script = workdir / "paths.lua"
    script.write_text(f'local paths = {{}}\nfor line in io.lines("{paths}") do paths[#paths + 1] = line end\n'
                      'math.randomseed(7)\nrequest = function()\n'
                      '  return wrk.format("GET", paths[math.random(#paths)])\nend\n')

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "SHIKAYAT_TOTP_KEYS": "bench-" + "t" * 40, "SHIKAYAT_HTTPS": "0",
           "SHIKAYAT_PUBLIC_URL": f"http://127.0.0.1:{PORT}",
           "SECRET_KEY": "bench-" + "x" * 40, "SHIKAYAT_TRACK_RATE": "off", "SHIKAYAT_TRACK_ETAG_RATE": "off",
           "LOG_LEVEL": "WARNING",
           "SECURE_COOKIES": "0"}
    server = _serve("config.wsgi", env, workers)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{paths.read_text().splitlines()[0]}") as response:
            body = response.read()
        json.loads(body)
        print("warming up …")
        _wrk(script, 5, 16)
        app = _wrk(script, args.seconds, args.connections)
    finally:
        _stop(server)
    body_file = workdir / "body.json"
    body_file.write_bytes(body)
    server = _serve("bench.bare_wsgi", {**env, "BENCH_BODY_FILE": str(body_file)}, workers)
    try:
        _wrk(script, 3, 16)
        bare = _wrk(script, args.seconds, args.connections)
    finally:
        _stop(server)
    print(app["raw"])
    print(f"application: {app['per_s']:,.0f} req/s, p50 {app['p50_ms']:.2f} ms, p99 {app['p99_ms']:.2f} ms, "
          f"errors {app['errors']}")
    print(f"bare WSGI (same bytes): {bare['per_s']:,.0f} req/s, p99 {bare['p99_ms']:.2f} ms")
    figures = {k: round(v, 2) for k, v in app.items() if k != "raw"}
    figures.update(workers=workers, connections=args.connections, seconds=args.seconds, body_bytes=len(body))
    baseline = {"what": "bare WSGI app answering the same bytes, same gunicorn workers", "per_s": bare["per_s"],
                "p99_ms": round(bare["p99_ms"], 2)}
    ratio = app["per_s"] / bare["per_s"]
    met = app["per_s"] >= TARGET["per_s"] and app["p99_ms"] < TARGET["p99_ms"] and app["errors"] == 0
    report("tracking", n, "postgresql", figures, baseline, ratio, TARGET, met, record=not args.no_record,
           machine="2 cores shared by PostgreSQL, gunicorn and wrk")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0
