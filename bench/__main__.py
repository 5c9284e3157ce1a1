"""Shikayat benchmarks.

    python -m bench                                   # list benchmarks and their default scale
    python -m bench intake --n 100000 --db postgresql # run one
    python -m bench guard [--calibrate]               # CI's regression guard (bench/guard.py)

Each prints readable lines, then one JSON line (see ../shared/BENCH.md),
which is also appended to bench/results/<bench>.jsonl unless --no-record.

The guard (.ci/run runs it) runs intake, sweep and tracking at small scale in
scratch databases of their own (*_guard) and fails (exit 1) when a bench's
ratio to its in-run baseline stays below its floor in bench/floors.json in
every attempt (best of up to 3: noise only slows a run). Floors are 0.85 x
the median of --calibrate's runs, so a path made 30% slower fails (on a
quiet machine: load widens the spread). Recalibrate
(`python -m bench guard --calibrate`, on an idle machine) only for an intended
and justified slowdown; `python -m bench guard --help` for the rest."""

import argparse
import os
import sys

BENCHES = {
    "intake": ("bench.intake", "register N complaints through the real action path vs raw driver INSERTs",
               100_000),
    "tracking": ("bench.tracking", "public tracking over HTTP (scripts/serve + wrk) at N complaints vs a bare WSGI app",
                 1_000_000),
    "inbox": ("bench.inbox", "officers' inbox first pages and searches over HTTP at N complaints vs an indexed SELECT",
              1_000_000),
    "sweep": ("bench.sweep", "deadline sweep over N complaints of which 1% are due vs the same writes in set-based "
              "SQL", 1_000_000),
    "whatsapp": ("bench.whatsapp", "WhatsApp webhook: N signed deliveries POSTed (scripts/serve + wrk) vs a bare WSGI "
                 "app, then conversation processing by the bot", 50_000),
    "dashboard": ("bench.dashboard", "province/district/station dashboards and league tables over HTTP at N generated "
                  "complaints vs a rollup SELECT, and the rollups' added cost per intake and action", 1_000_000),
    "duplicates": ("bench.duplicates", "duplicate search at intake at N complaints: the listener's added ms per "
                   "registration (alternating with it off), and precision / recall on a generated labelled set of "
                   "near-duplicates in Urdu, Hindi and Roman Urdu", 1_000_000),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "list"):
        print(__doc__)
        for name, (_module, what, n) in BENCHES.items():
            print(f"  {name:<10} default --n {n:>9,}  {what}")
        print("  guard      (CI) small intake, sweep and tracking runs, each ratio against bench/floors.json")
        return 0
    name = argv[0]
    if name == "guard":  # CI's regression guard over small intake, sweep and tracking runs (bench/guard.py)
        from bench.guard import main as guard

        return guard(argv[1:])
    if name not in BENCHES:
        print(f"unknown benchmark {name!r}; choose from: {', '.join(BENCHES)}", file=sys.stderr)
        return 2
    module_name, what, default_n = BENCHES[name]
    parser = argparse.ArgumentParser(prog=f"python -m bench {name}", description=what)
    parser.add_argument("--n", type=int, default=default_n, help=f"how many (default {default_n:,})")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) if name == "tracking" else 2,
                        help="worker processes (default: 2; for tracking one per core, as scripts/serve)")
    if name == "tracking":
        parser.add_argument("--seconds", type=int, default=20, help="measured seconds of load (default 20)")
        parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
        parser.add_argument("--repeat", type=int, default=1,
                            help="rounds of (application, bare app), at most 5, both servers up; each side is "
                                 "judged by its round with the least CPU per request")
    if name in ("inbox", "tracking"):
        from .tracking import SERVERS

        parser.add_argument("--server", default=SERVERS[0], choices=SERVERS,
                            help=f"scripts/serve's WEB_SERVER (default {SERVERS[0]}, production's)")
        parser.add_argument("--threads", type=int, default=2,
                            help="request threads per worker (default 2, as scripts/serve)")
        parser.add_argument("--cache-url", default="",
                            help="serve with SHIKAYAT_CACHE_URL (a redis:// URL: emptied first) instead of each "
                                 "process's own memory")
    if name == "inbox":
        parser.add_argument("--requests", type=int, default=200, help="requests per scenario (default 200)")
    if name == "sweep":
        parser.add_argument("--fixed-due", type=int, default=10_000,
                            help="also sweep with this many due items, whatever N (default 10,000)")
        parser.add_argument("--batch", type=int, default=500, help="the sweep's batch (default 500, as the worker)")
        parser.add_argument("--repeat", type=int, default=1,
                            help="rounds of (baseline, sweep) on the same due items; figures are the best round's")
    if name == "whatsapp":
        parser.set_defaults(workers=4)
        parser.add_argument("--seconds", type=int, default=20, help="measured seconds of load (default 20)")
        parser.add_argument("--connections", type=int, default=32, help="connections for the rate (default 32)")
        parser.add_argument("--latency-connections", type=int, default=8,
                            help="connections for the acknowledgement latency (default 8)")
        parser.add_argument("--per-post", type=int, default=1, help="messages in each delivery (default 1)")
        parser.add_argument("--process", type=int, default=3000,
                            help="stored messages the bot engine then processes (default 3,000)")
    if name == "intake":
        parser.add_argument("--batch", type=int, default=1,
                            help="1: one register_complaint per complaint (default); N: register_complaints by N")
        parser.add_argument("--repeat", type=int, default=1,
                            help="rounds of N each (actions, then raw INSERTs), at most 5; figures are the best "
                                 "round's")
    if name == "dashboard":
        parser.add_argument("--requests", type=int, default=100, help="requests per scenario (default 100)")
        parser.add_argument("--upkeep", type=int, default=1000,
                            help="complaints registered and acted on to cost the rollups (default 1,000)")
        parser.add_argument("--no-timeline", action="store_true", help="generate without timeline events")
        parser.add_argument("--replicate", type=int, default=1,
                            help="build N as this many copies of the N/K data set (which must exist) in SQL")
    if name == "duplicates":
        parser.add_argument("--intake", type=int, default=1000,
                            help="fresh complaints registered, alternating with and without the listener (default "
                                 "1,000)")
        parser.add_argument("--cases", type=int, default=300, help="labelled cases (default 300)")
    parser.add_argument("--no-record", action="store_true", help="do not append to bench/results (smoke runs)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--scratch-suffix", default=os.environ.get("BENCH_SCRATCH_SUFFIX", ""),
                        help="added to the scratch database's name (e.g. _guard), so this run never shares one")
    args = parser.parse_args(argv[1:])
    os.environ["BENCH_SCRATCH_SUFFIX"] = args.scratch_suffix
    module = __import__(module_name, fromlist=["run"])
    return module.run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
