"""The monitoring dashboards over HTTP at scale, and what keeping their
rollups costs each action.

1. N complaints over two years with their timelines, delay ledger and
   rollups (shikayat.demo.generate) in a scratch PostgreSQL database.
2. The real application served as in production (scripts/serve); officers ask
   for the province, district and station dashboards and the league tables, and
   a citizen with no session for the public performance pages and open data,
   one request at a time from a client in a separate process on 127.0.0.1.
   Baseline: the province dashboard's main rollup SELECT through psycopg.
3. Rollup maintenance: complaints registered through intake.register_complaint
   and taken through assign, log_contact, log_field_visit and
   propose_resolution, complaint by complaint alternating between the real
   rollups and rollup.received / rollup.apply replaced by no-ops
   (monkeypatched in this process only), so machine noise falls on both sides
   alike; then the worker's fold of what was recorded, per change."""

import random
import statistics
import sys
import time
from datetime import timedelta

from tqdm import tqdm

from .common import Timer, dataset_ready, percentile, recreate_database, report, scratch_database_url, setup_django
from .inbox import ANONYMOUS, ask_as_officers

TARGET = {"p95_ms": 200, "rollup_added_pct": 10, "monthly_pdf_p95_ms": 1000}
MONTHLY_PDF = "report: a district's monthly PDF"
PUBLIC = "public: "  # the public performance pages' scenarios (no sign-in)
STEPS = ("assign", "log_contact", "log_field_visit", "propose_resolution")


def _generate(url: str, n: int, timeline: bool) -> float:
    import psycopg
    from django.core.management import call_command

    from shikayat.demo.generate import Generator

    call_command("migrate", verbosity=0)
    with tqdm(total=n, desc="complaints", unit="c") as bar:
        totals = Generator(n, seed=1, timeline=timeline, progress=bar.update).run()
    print(f"generated {totals.complaints:,} complaints, {totals.events:,} events, {totals.delays:,} delay entries, "
          f"{sum(totals.rollup_rows.values()):,} rollup rows ({dict(totals.rollup_rows)}) "
          f"in {totals.seconds:.0f} s ({totals.complaints / totals.seconds:,.0f} complaints/s)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CREATE TABLE bench_meta (n integer, timeline boolean, seconds float, added integer)")
        conn.execute("INSERT INTO bench_meta VALUES (%s, %s, %s, 0)", [n, timeline, totals.seconds])
    return totals.seconds


def _replicate(small: str, big: str, url: str, n_small: int, times: int) -> float:
    """The n_small data set copied `times` times over in SQL: each copy of a complaint gets a new id and
    E-tag but the same days, units, categories and outcomes, so every rollup counter is multiplied by
    `times` exactly. Timelines and the delay ledger are not copied (the dashboards do not read them)."""
    import psycopg

    from shikayat.complaints.etag import encode

    from .common import PG_ADMIN_URL

    started = time.perf_counter()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS shikayat_bench_{big} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE shikayat_bench_{big} TEMPLATE shikayat_bench_{small}")
    with psycopg.connect(url, autocommit=True) as conn:
        table = "complaints_complaint"
        columns = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER' "
            "ORDER BY ordinal_position", [table])]
        # Secondary indexes are dropped for the copy and built again afterwards (far faster than maintaining them).
        indexes = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS ("
            "SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table]).fetchall()
        for name, _definition in indexes:
            conn.execute(f"DROP INDEX {name}")
        # Earlier runs' upkeep rounds registered a few complaints after the data set: copies go above them.
        extra = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0] - n_small
        conn.execute("CREATE UNLOGGED TABLE bench_etag (id bigint PRIMARY KEY, etag varchar(8))")
        with conn.cursor().copy("COPY bench_etag (id, etag) FROM STDIN") as copy:
            for pk in tqdm(range(n_small + extra + 1, n_small * times + extra + 1), desc="E-tags", unit="c",
                           mininterval=2):
                copy.write_row((pk, encode(pk)))
        picked = ", ".join("e.id" if c == "id" else "e.etag" if c == "etag" else f"c.{c}" for c in columns)
        for k in tqdm(range(1, times), desc="copies", unit="copy"):
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} FROM {table} c "
                         f"JOIN bench_etag e ON e.id = c.id + {k * n_small + extra} WHERE c.id <= {n_small}")
        conn.execute("DROP TABLE bench_etag")
        for _name, definition in tqdm(indexes, desc="indexes", unit="index"):
            conn.execute(definition)
        for model_table in ("dashboards_dailyrollup", "dashboards_categorydaily", "dashboards_channeldaily",
                            "dashboards_officerrollup", "dashboards_opencount", "dashboards_officeropen"):
            counters = [r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND data_type = 'bigint' "
                "AND column_name <> 'id' AND column_name NOT LIKE '%%\\_id'", [model_table])]
            conn.execute(f"UPDATE {model_table} SET {', '.join(f'{c} = {c} * {times}' for c in counters)}")
        if conn.execute("SELECT to_regclass('dashboards_periodtotals')").fetchone()[0]:
            conn.execute("DELETE FROM dashboards_periodtotals")  # the league's stored sums of the base set's days
        conn.execute("SELECT setval('complaints_complaint_id_seq', %s)", [n_small * times + extra])
        conn.execute("SELECT setval('complaints_etag_seq', %s)", [n_small * times + extra])
        conn.execute("UPDATE bench_meta SET n = %s, seconds = seconds + %s",
                     [n_small * times, time.perf_counter() - started])
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _meta(url: str) -> tuple[bool, float, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT timeline, seconds, added FROM bench_meta").fetchone()


def _scenarios(rng: random.Random) -> list[tuple[str, list[str], list[str]]]:
    """(name, officers who ask, paths) — each request takes the next officer and a random path."""
    from shikayat.jurisdictions.models import Unit

    districts = rng.sample(sorted(Unit.objects.filter(level__depth=2).values_list("code", flat=True)), 10)
    stations = {d: sorted(Unit.objects.filter(level__depth=4, path__startswith=Unit.objects.get(code=d).path)
                          .values_list("code", flat=True)) for d in districts}
    dpos = [f"{d.lower()}.dpo" for d in districts]
    return [
        ("province dashboard, 30 days", ["igp", "cell"], ["/officer/dashboard/"]),
        ("province dashboard, 365 days", ["igp", "cell"], ["/officer/dashboard/?days=365"]),
        ("district dashboard, 30 days", ["cell"], [f"/officer/dashboard/?unit={d}" for d in districts]),
        ("district dashboard (own DPO), 30 days", dpos, ["/officer/dashboard/"]),
        ("station dashboard, 30 days", ["cell"],
         [f"/officer/dashboard/?unit={s}" for d in districts for s in stations[d]]),
        ("league: province's stations", ["igp"], ["/officer/dashboard/league/?kind=units"]),
        ("league: province's officers", ["igp"], ["/officer/dashboard/league/?kind=officers"]),
        ("league: district's officers", dpos, ["/officer/dashboard/league/?kind=officers"]),
        # Last month's, as the review meeting asks for it (figures from the rollups, drawn by WeasyPrint).
        (MONTHLY_PDF, ["cell"], [f"/officer/reports/monthly/?unit={d}&month={_last_month():%Y-%m}" for d in districts]),
        *_public_scenarios(districts, [s for d in districts for s in stations[d]]),
    ]


def _public_scenarios(districts: list[str], stations: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """The public performance pages and open data, asked by a citizen with no session. The server computes the
    figures for every request (SHIKAYAT_PUBLIC_FIGURES_CACHE_SECONDS=0): what a miss of the minute's cache costs."""
    scenarios = []
    for days in (30, 365):
        scenarios += [
            (f"{PUBLIC}province page, {days} days", [ANONYMOUS], [f"/performance/?days={days}"]),
            (f"{PUBLIC}district page, {days} days", [ANONYMOUS], [f"/performance/{d}/?days={days}" for d in districts]),
            (f"{PUBLIC}station page, {days} days", [ANONYMOUS], [f"/performance/{s}/?days={days}" for s in stations]),
        ]
    return scenarios + [
        (f"{PUBLIC}download, districts CSV, 365 days", [ANONYMOUS], ["/performance/data.csv?level=district&days=365"]),
        (f"{PUBLIC}download, stations CSV, 30 days", [ANONYMOUS], ["/performance/data.csv?level=station&days=30"]),
        (f"{PUBLIC}download, stations JSON, 365 days", [ANONYMOUS], ["/performance/data.json?level=station&days=365"]),
    ]


def _last_month():
    from django.utils import timezone

    from shikayat.reports.monthend import previous_month

    return previous_month(timezone.localdate())


def _baseline(url: str, requests: int) -> list[float]:
    """The province dashboard's main read with the least code: its period's rollup sums by one SELECT."""
    import psycopg
    from django.utils import timezone

    from shikayat.dashboards.figures import period
    from shikayat.dashboards.models import COUNTERS
    from shikayat.jurisdictions.models import Unit

    province = Unit.objects.get(parent__isnull=True)
    since, until = period(timezone.now(), 30)
    sql = (f"SELECT {', '.join(f'sum({c})' for c in COUNTERS)} FROM dashboards_dailyrollup "
           "WHERE unit_id = %s AND day BETWEEN %s AND %s")
    timings = []
    with psycopg.connect(url) as conn:
        for _ in range(requests):
            started = time.perf_counter()
            conn.execute(sql, [province.pk, since, until]).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def _step(actions, step: str, complaint, cell, officer, now):
    if step == "assign":
        return actions.assign(complaint, actor=cell, officer=officer, now=now)
    if step == "log_contact":
        return actions.log_contact(complaint, actor=officer, method="call", outcome="Spoke to them.", now=now)
    if step == "log_field_visit":
        return actions.log_field_visit(complaint, actor=officer, findings="Visited the place.", now=now)
    return actions.propose_resolution(complaint, actor=officer, resolution="Motorcycle recovered.", now=now)


def _upkeep(complaints: int, rng: random.Random) -> dict:
    """Median ms per intake and per action with the rollups on, and off (rollup.received / rollup.apply
    replaced by no-ops), alternating complaint by complaint so that vacuum, checkpoints and cache warmth
    fall on both sides alike; and what the worker's fold then costs per recorded change."""
    from shikayat.accounts.models import User
    from shikayat.categories.models import Category
    from shikayat.complaints import actions
    from shikayat.complaints.intake import register_complaint
    from shikayat.complaints.permissions import SYSTEM
    from shikayat.dashboards import rollup
    from shikayat.jurisdictions.models import Unit

    real = rollup.received, rollup.apply
    off = (lambda complaints: None), (lambda before, after, action, at: None)
    stations = list(Unit.objects.filter(level__depth=4).select_related("parent__parent"))
    categories = list(Category.objects.filter(parent__isnull=False, sop__min_rank__lte=40, sop__confidential=False)
                      .values_list("code", flat=True))
    users = User.objects.in_bulk(field_name="username")
    spent = {mode: {step: [] for step in ("intake", *STEPS)} for mode in ("on", "off")}
    folds = []
    rollup.fold_pending()
    warm_up = 20
    for i in tqdm(range(warm_up + complaints), desc="rollup upkeep", unit="c", mininterval=2):
        mode = "on" if i % 2 == 0 else "off"
        rollup.received, rollup.apply = real if mode == "on" else off
        try:
            station = rng.choice(stations)
            data = {"category": rng.choice(categories), "description": "Bench: my motorcycle was stolen.",
                    "name": "Bench Citizen", "mobile": f"0300{rng.randrange(10**7):07d}", "unit": station.code,
                    "language": "en"}
            times = {}
            started = time.perf_counter()
            complaint = register_complaint(actor=SYSTEM, channel="web", data=data)
            times["intake"] = time.perf_counter() - started
            cell = users[f"{station.parent.parent.code.lower()}.cell"]
            officer = users[f"{station.code.lower()}.sho"]
            now = complaint.received_at + timedelta(minutes=5)
            for step in STEPS:
                started = time.perf_counter()
                complaint = _step(actions, step, complaint, cell, officer, now)
                times[step] = time.perf_counter() - started
        finally:
            rollup.received, rollup.apply = real
        if i >= warm_up:
            for step, t in times.items():
                spent[mode][step].append(t)
        if i % 100 == 99:  # the worker's fold of what the "on" complaints recorded
            started = time.perf_counter()
            rollup.fold_pending()
            folds.append((time.perf_counter() - started) / (50 * (1 + len(STEPS))))
    out = {}
    for step in ("intake", *STEPS):
        on, off_ = statistics.median(spent["on"][step]) * 1000, statistics.median(spent["off"][step]) * 1000
        out[step] = {"ms_on": round(on, 2), "ms_off": round(off_, 2), "added_pct": round(100 * (on - off_) / off_, 1)}
    on = sum(statistics.median(spent["on"][s]) for s in STEPS)
    off_ = sum(statistics.median(spent["off"][s]) for s in STEPS)
    out["actions"] = {"ms_on": round(on * 1000, 2), "ms_off": round(off_ * 1000, 2),
                      "added_pct": round(100 * (on - off_) / off_, 1)}
    fold_ms = statistics.median(folds or [0.0]) * 1000
    typical = statistics.median([t for s in ("intake", *STEPS) for t in spent["off"][s]]) * 1000
    out["worker_fold"] = {"ms_per_change": round(fold_ms, 3), "pct_of_an_operation": round(100 * fold_ms / typical, 1)}
    return out


def run(args) -> int:
    if args.db != "postgresql":
        print("the dashboards are measured on PostgreSQL only (the production database)", file=sys.stderr)
        return 2
    n, timeline = args.n, not args.no_timeline
    workers, requests = max(1, args.workers), max(10, args.requests)
    # One scratch database per scale (smoke runs never replace a big data set); a 10M run may be built from the 1M one.
    scratch = f"dashboard_{n}" if n >= 100_000 else "dashboard_smoke"
    url = scratch_database_url("postgresql", scratch)
    print(f"dashboard benchmark: n={n:,} complaints (timeline {'on' if timeline else 'off'}), "
          f"server workers={workers}, {requests} requests per scenario")
    ready = dataset_ready(url, n)
    reused = ready and _meta(url)[0] == timeline
    if ready and not reused:  # a kept data set is never dropped for a flag left off (10M takes an hour to build)
        kept = _meta(url)[0]
        print(f"the kept {n:,}-complaint data set was generated with timelines {'on' if kept else 'off'}: run "
              f"{'without' if kept else 'with'} --no-timeline to reuse it, or drop {url.rsplit('/', 1)[1]} first "
              "to build another", file=sys.stderr)
        return 2
    replicated = args.replicate > 1
    if replicated and not reused:
        n_small = n // args.replicate
        small_url = scratch_database_url("postgresql", f"dashboard_{n_small}")
        if not dataset_ready(small_url, n_small):
            print(f"--replicate {args.replicate}: first build the {n_small:,}-complaint data set "
                  f"(python -m bench dashboard --n {n_small})", file=sys.stderr)
            return 2
        print(f"replicating the {n_small:,}-complaint data set {args.replicate} times in SQL")
        setup_django(url)  # the copies' E-tags are encoded with the settings' key
        print(f"  ({_replicate(f'dashboard_{n_small}', scratch, url, n_small, args.replicate):.0f} s)")
        reused = True
    if reused:
        print("reusing the scratch database from an earlier run (same n and timeline; it also holds the complaints "
              "earlier runs' rollup-upkeep rounds registered)")
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        generation_s = _meta(url)[1]
    else:
        recreate_database("postgresql", scratch)
        setup_django(url)
        generation_s = _generate(url, n, timeline)
    added = _meta(url)[2]
    # What the worker does in the first hour after a month ends (tasks.freeze_month_ends): the monthly report
    # then reads the month's pending and overdue instead of counting them over the district's complaints.
    from shikayat.reports.monthend import freeze

    with Timer() as frozen:
        frozen_units = freeze(_last_month())
    print(f"month end of {_last_month():%Y-%m} frozen as the worker does: {frozen_units:,} units in "
          f"{frozen.seconds:.1f} s{' (frozen by an earlier run)' if not frozen_units else ''}")
    rng = random.Random(5)
    results, errors, watch = ask_as_officers(url, workers, _scenarios(rng), requests, rng,
                                             env_extra={"SHIKAYAT_PUBLIC_FIGURES_CACHE_SECONDS": "0"})
    base = _baseline(url, requests)
    upkeep = _upkeep(max(20, args.upkeep), rng)
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE bench_meta SET added = added + %s", [max(20, args.upkeep) + 20])

    width = max(len(name) for name in results)
    for name, f in results.items():
        print(f"  {name:<{width}}  p50 {f['p50_ms']:7.1f} ms  p95 {f['p95_ms']:7.1f} ms  p99 {f['p99_ms']:7.1f} ms  "
              f"{f['bytes']:,} bytes")
    for step, f in upkeep.items():
        if step == "worker_fold":
            print(f"  worker fold, per intake or action {f['ms_per_change']:.3f} ms "
                  f"({f['pct_of_an_operation']}% of one, spent by the worker, outside the action)")
            continue
        print(f"  rollup upkeep, {step:<18} {f['ms_on']:7.2f} ms with rollups, {f['ms_off']:7.2f} ms with no-ops "
              f"(+{f['added_pct']}%)")
    judged = [f["p95_ms"] for name, f in results.items() if name.startswith(("province", "district"))]
    worst = max(judged)
    public_worst = max(f["p95_ms"] for name, f in results.items() if name.startswith(PUBLIC))
    base_p95 = percentile(base, 95)
    print(f"baseline (the province's 30-day rollup sums by one SELECT through psycopg): p95 {base_p95:.2f} ms")
    print(f"province/district dashboards worst p95 {worst} ms (target < {TARGET['p95_ms']} ms), errors {errors}; "
          f"rollups add {upkeep['intake']['added_pct']}% per intake, {upkeep['actions']['added_pct']}% per action "
          f"(target < {TARGET['rollup_added_pct']}%)")
    print(f"public performance pages and downloads worst p95 {public_worst} ms (target < {TARGET['p95_ms']} ms)")
    figures = {"p95_ms": worst, "public_p95_ms": public_worst, "errors": errors, "requests_per_scenario": requests,
               "workers": workers,
               "scenarios": results, "rollup_upkeep": upkeep,
               "rollup_added_pct": max(upkeep["intake"]["added_pct"], upkeep["actions"]["added_pct"]),
               "month_end_freeze_s": round(frozen.seconds, 1) if frozen_units else None,
               # Replicated: the seconds are the base set's generation plus the copying, not a generation rate.
               "generation": {"seconds": round(generation_s, 1), "timeline": timeline, "reused": reused,
                              **({} if replicated else {"per_s": round(n / generation_s, 1)})},
               "complaints_in_db": n + added,
               "replicated": (f"the {n // args.replicate:,} data set copied {args.replicate} times in SQL "
                              "(complaints and rollups; timelines not copied)") if replicated else None}
    baseline = {"what": "the province's 30-day rollup sums by one SELECT through psycopg", "p95_ms": round(base_p95, 2)}
    met = (worst < TARGET["p95_ms"] and public_worst < TARGET["p95_ms"] and errors == 0
           and figures["rollup_added_pct"] < TARGET["rollup_added_pct"])
    report("dashboard", n, "postgresql", figures, baseline, base_p95 / worst, TARGET, met, record=not args.no_record,
           machine="2 cores shared by PostgreSQL, the server and the client", load=watch.load(),
           upkeep_note="rollup.received/rollup.apply monkeypatched to no-ops for every other complaint "
                       "(this process only)")
    return 0 if errors == 0 else 1
