"""Public tracking over HTTP at scale: N complaints (each with a public
timeline) in a scratch PostgreSQL database, the real application served as
production serves it (scripts/serve, production settings), wrk on 127.0.0.1
asking GET /api/v1/track/?etag=…&mobile=… for random complaints. Baseline: a
bare WSGI app answering the same bytes, same server and workers, same run;
with --repeat, rounds alternate the two (both servers up) and each side is
judged by its round with the least CPU per request.
--server and --threads compare the servers scripts/serve knows.

The machine is shared: the line records the load average before and during
each run, the CPU other work took meanwhile, and the CPU our processes spent
per request (server, PostgreSQL backends, wrk), which varies far less than
the rate.

The tracking rate limits count every request as in production (in each
process's memory, production's default, or in Redis with --cache-url), at
rates one load generator (one address) cannot reach; everything else is as
in production."""

import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tqdm import tqdm

from .common import ROOT, dataset_ready, recreate_database, report, scratch_database_url, setup_django
from .load import Watch, backend_pids, group_pids, named_pids

TARGET = {"per_s": 1500, "p99_ms": 20}
PORT = 8765  # the address the served application writes into links; servers listen on a free port (_serve)
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


SERVERS = ("granian", "gunicorn", "gunicorn-sync")  # scripts/serve's WEB_SERVER; the first is production's


def _serve(app: str, env: dict, workers: int, server: str = SERVERS[0], threads: int = 2) -> subprocess.Popen:
    """Start `app` (a WSGI module) as production does, with scripts/serve, in its own session (its process
    group is the server: master and workers), on a port nothing else holds (other benchmarks may be serving
    on this machine); the port is `process.port`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve"), f"{app}:application"], cwd=ROOT, start_new_session=True,
        env={**env, "PYTHON": sys.executable, "HOST": "127.0.0.1", "PORT": str(port), "WEB_SERVER": server,
             "WEB_WORKERS": str(workers), "WEB_THREADS": str(threads)})
    process.port = port
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/categories/", timeout=1)
            if process.poll() is None:
                return process
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    _stop(process)
    raise RuntimeError("the server did not start")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for _ in range(50):  # the workers leave after the master; the next server needs the port
        if not group_pids(process.pid):
            return
        time.sleep(0.1)


def _wrk(script: Path, seconds: int, connections: int, port: int) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    def ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = sum(int(x) for x in re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout)[: ]+(\d+)",
                                            out))
    return {"per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": ms("50"),
            "p90_ms": ms("90"), "p99_ms": ms("99"), "errors": errors,
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "cpu_s": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, "raw": out}


def _measure(script: Path, seconds: int, connections: int, server: subprocess.Popen, url: str | None,
             cache: bool = False) -> dict:
    """One measured wrk run, with what our processes spent per request and what else the machine did."""
    parts = {"app": lambda: group_pids(server.pid), "db": (lambda: backend_pids(url)) if url else set}
    if cache:
        parts["cache"] = lambda: named_pids("redis-server")
    with Watch(parts) as watch:
        result = _wrk(script, seconds, connections, server.port)
    watch.spent["wrk"] = result["cpu_s"]
    cpu = watch.cpu_ms_per_request(result["requests"])
    # What the cores could serve if nothing else ran: a projection from CPU per request, not a measurement.
    cpu_bound = round(1000 * (os.cpu_count() or 1) / max(0.001, sum(cpu.values())))
    return {**result, "load": watch.load(), "cpu_ms_per_req": cpu, "cpu_bound_per_s": cpu_bound}


def _cpu_total(measured: dict) -> float:
    return sum(measured["cpu_ms_per_req"].values())


def run(args) -> int:
    if args.db != "postgresql":
        print("tracking is measured on PostgreSQL only (the production database)", file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is needed (apt-get install wrk)", file=sys.stderr)
        return 2
    n, workers, threads, server_name = args.n, max(1, args.workers), max(1, args.threads), args.server
    if args.cache_url:
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()  # no counts left from an earlier run
        os.environ["SHIKAYAT_CACHE_URL"] = args.cache_url  # the served application inherits it
    scratch = "tracking" if n >= 100_000 else "tracking_smoke"  # smoke runs never replace the big data set
    url = scratch_database_url("postgresql", scratch)
    print(f"tracking benchmark: n={n:,} complaints, {server_name} (scripts/serve), {workers} workers × "
          f"{threads} thread(s)")
    if dataset_ready(url, n):
        print("reusing the scratch database from an earlier run (same n)")
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a data set kept from an earlier commit gets the newer tables
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
           "SECRET_KEY": "bench-" + "x" * 40, "LOG_LEVEL": "WARNING", "SECURE_COOKIES": "0",
           "SHIKAYAT_TRACK_RATE": "1000000000/min", "SHIKAYAT_TRACK_ETAG_RATE": "1000000000/hour"}
    body_file = workdir / "body.json"
    rounds = max(1, min(5, args.repeat))
    # Both servers stay up, and rounds alternate the application and the bare app, so a burst of other work on
    # the machine costs one round of each rather than one side; each side is judged by its round with the least
    # CPU per request (noise only adds CPU). An idle server costs next to nothing meanwhile.
    server = bare_server = None
    try:
        server = _serve("config.wsgi", env, workers, server_name, threads)
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{paths.read_text().splitlines()[0]}") as response:
            body = response.read()
        json.loads(body)
        body_file.write_bytes(body)
        bare_server = _serve("bench.bare_wsgi", {**env, "BENCH_BODY_FILE": str(body_file)}, workers, server_name,
                             threads)
        print("warming up …")
        _wrk(script, 5, 16, server.port)
        _wrk(script, 3, 16, bare_server.port)
        apps, bares = [], []
        for round_ in range(rounds):
            if rounds > 1:
                print(f"round {round_ + 1} of {rounds}: application, then the bare app", flush=True)
            apps.append(_measure(script, args.seconds, args.connections, server, url, cache=bool(args.cache_url)))
            bares.append(_measure(script, args.seconds, args.connections, bare_server, None))
    finally:
        for running in (server, bare_server):
            if running is not None:
                _stop(running)
    app, bare = min(apps, key=_cpu_total), min(bares, key=_cpu_total)
    print(app["raw"])
    print(f"application: {app['per_s']:,.0f} req/s, p50 {app['p50_ms']:.2f} ms, p99 {app['p99_ms']:.2f} ms, "
          f"errors {app['errors']}; CPU per request (ms): {app['cpu_ms_per_req']}, i.e. at most "
          f"{app['cpu_bound_per_s']:,}/s on {os.cpu_count()} idle cores")
    print(f"bare WSGI (same bytes): {bare['per_s']:,.0f} req/s, p99 {bare['p99_ms']:.2f} ms; "
          f"CPU per request (ms): {bare['cpu_ms_per_req']}")
    if rounds > 1:
        print(f"CPU per request by round (ms): application {[round(_cpu_total(r), 3) for r in apps]}, bare app "
              f"{[round(_cpu_total(r), 3) for r in bares]}; each side's least is judged")
    print(f"load average before {app['load']['before']}, during ≤ {app['load']['during_max_1m']}; "
          f"other work on the machine during the run: {app['load']['others_cpu_pct']} % of a core")
    figures = {k: round(v, 2) for k, v in app.items() if k in ("per_s", "p50_ms", "p90_ms", "p99_ms", "errors")}
    figures.update(cpu_ms_per_req=app["cpu_ms_per_req"], cpu_bound_per_s=app["cpu_bound_per_s"], server=server_name,
                   workers=workers, threads=threads, connections=args.connections,
                   seconds=args.seconds, body_bytes=len(body), rounds=rounds,
                   rounds_cpu_ms=[round(_cpu_total(r), 3) for r in apps],
                   baseline_rounds_cpu_ms=[round(_cpu_total(r), 3) for r in bares])
    baseline = {"what": "bare WSGI app answering the same bytes, same server and workers", "per_s": bare["per_s"],
                "p99_ms": round(bare["p99_ms"], 2), "cpu_ms_per_req": bare["cpu_ms_per_req"]}
    ratio = app["per_s"] / bare["per_s"]
    # CPU per request (server, PostgreSQL and wrk together), bare over application: unlike the rates it hardly
    # moves with other work on the machine, so CI's regression guard judges tracking by it.
    app_cpu, bare_cpu = _cpu_total(app), _cpu_total(bare)
    figures["cpu_ratio"] = round(bare_cpu / app_cpu, 4) if app_cpu else 0.0
    met = app["per_s"] >= TARGET["per_s"] and app["p99_ms"] < TARGET["p99_ms"] and app["errors"] == 0
    report("tracking", n, "postgresql", figures, baseline, ratio, TARGET, met, record=not args.no_record,
           load={"app": app["load"], "baseline": bare["load"]},
           cache="redis (SHIKAYAT_CACHE_URL)" if args.cache_url else "each process's memory",
           machine=f"{os.cpu_count()} cores shared by PostgreSQL, the server and wrk")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0
