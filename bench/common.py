"""Scratch databases, the report line and percentiles shared by every benchmark."""

import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def scratch_name(name: str) -> str:
    """A benchmark's scratch database name plus this run's suffix (`--scratch-suffix`, e.g. `_guard`; the
    BENCH_SCRATCH_SUFFIX environment variable), so runs that must never meet — the CI guard, another
    helper's benchmark on the same server — use databases of their own."""
    suffix = os.environ.get("BENCH_SCRATCH_SUFFIX", "")
    if not re.fullmatch(r"[a-z0-9_]{0,20}", suffix):
        raise ValueError(f"a scratch suffix is up to 20 of a-z, 0-9 and _, not {suffix!r}")
    return f"{name}{suffix}"


def scratch_database_url(db: str, name: str) -> str:
    name = scratch_name(name)
    if db == "sqlite":
        return f"sqlite:////tmp/shikayat-bench-{name}.sqlite3"
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/shikayat_bench_{name}"


def recreate_database(db: str, name: str) -> str:
    """Drop and create the scratch database; never touches the development one."""
    url = scratch_database_url(db, name)
    if db == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS shikayat_bench_{scratch_name(name)} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE shikayat_bench_{scratch_name(name)}")
    return url


def drop_database(db: str, name: str) -> None:
    if db == "sqlite":
        return
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS shikayat_bench_{scratch_name(name)} WITH (FORCE)")


def dataset_ready(url: str, n: int) -> bool:
    """Whether the scratch database already holds the data set for this n
    (benchmarks record it in a bench_meta table and reuse it)."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT n FROM bench_meta").fetchone()
            return row is not None and row[0] == n
    except psycopg.Error:
        return False


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    import django

    django.setup()


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def commit_id() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def report(bench: str, n: int, db: str, figures: dict, baseline: dict, ratio: float, target: dict, met: bool,
           record: bool = True, **extra) -> dict:
    line = {"bench": bench, "n": n, "db": db, "commit": commit_id(), "cores": os.cpu_count(),
            "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "figures": figures, "baseline": baseline,
            "ratio": round(ratio, 3), "target": target, "met": met, **extra}
    text = json.dumps(line, ensure_ascii=False)
    if record:
        RESULTS.mkdir(parents=True, exist_ok=True)
        with (RESULTS / f"{bench}.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(text)
    sys.stdout.flush()
    return line


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


class AutoAnalyze:
    """Does autovacuum's ANALYZE when the cluster runs with autovacuum off (this machine's CI configuration,
    /etc/postgresql/15/main/conf.d/90-ci.conf, turns it off; production keeps it on).

    Without it a benchmark that writes into empty tables measures an artefact: every connection caches the plan of
    its foreign-key checks (SELECT 1 FROM complaints_complaint WHERE id = $1 FOR KEY SHARE) made while the table had
    one page, a sequential scan, and keeps it until the table is analyzed, so each new event or outbox row scans the
    whole complaint table (measured: 2.4 scans of 10k rows per complaint, intake falling from 790/s to 330/s within
    20k complaints). The rule is autovacuum's own: a table is analyzed once its rows changed since its last analyze
    exceed autovacuum_analyze_threshold + autovacuum_analyze_scale_factor x its rows (50 + 10 %), checked every
    `every` seconds (autovacuum's naptime is 60 s on an idle server, a busy one's launcher visits sooner). A no-op on
    SQLite and when autovacuum is on."""

    def __init__(self, url: str, every: float = 10.0):
        self.url, self.every, self.analyzed, self.conn, self.last = url, every, [], None, time.monotonic()

    def __enter__(self):
        if self.url.startswith("postgres"):
            import psycopg

            self.conn = psycopg.connect(self.url, autocommit=True)
            if self.conn.execute("SHOW autovacuum").fetchone()[0] == "on":
                self.conn.close()
                self.conn = None
        return self

    def __exit__(self, *exc):
        if self.conn is not None:
            self.conn.close()

    @property
    def state(self) -> str:
        """For the result line: whose ANALYZE ran."""
        if self.conn is None and not self.analyzed:
            return "autovacuum on" if self.url.startswith("postgres") else "sqlite"
        return f"autovacuum off, stand-in analyzed {len(self.analyzed)} times every {self.every:g} s"

    def tick(self) -> None:
        if self.conn is None or time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        due = self.conn.execute(
            "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::int "
            "+ current_setting('autovacuum_analyze_scale_factor')::float * greatest(c.reltuples, 0)").fetchall()
        for (table,) in due:
            self.conn.execute(f'ANALYZE "{table}"')
            self.analyzed.append(table)
