"""CI's regression guard (issue 19): small-scale runs of intake, sweep and tracking, each judged by its ratio to
the baseline measured in the same run (the machine is shared and noisy, so absolute times mean little), against
the floors in bench/floors.json.

    python -m bench guard                        # every bench; exit 1 if one stays below its floor
    python -m bench guard --only intake          # a subset
    python -m bench guard --calibrate            # K runs each on an idle machine; writes bench/floors.json

Noise on a shared machine only slows a run down, so a bench passes as soon as one attempt reaches its floor; it is
re-run (up to --attempts) only while below, and judged by its best attempt. A floor is MARGIN x the median of the
calibration's K ratios, so a change that makes a bench's path 30% slower (its ratio / 1.3, i.e. x 0.77) falls
below it while ordinary noise does not — as long as a bench's run-to-run spread stays within about +-10%, as on a
quiet machine (bench/floors.json keeps each calibration's runs; a loaded one spreads intake's ratio +-25%).

Each bench runs as `python -m bench <name> ... --no-record` in a subprocess (Django is set up once per process,
for one scratch database) in scratch databases with the suffix _guard, so the guard never meets a developer's
benchmark or the CI smoke runs; it drops them first, so every run builds its data with the current schema."""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .common import ROOT, commit_id, drop_database

FLOORS = ROOT / "bench" / "floors.json"
SUFFIX = "_guard"
MARGIN = 0.85  # floor = MARGIN x calibration median: a 30% slower path (x 0.77) fails, noise (see above) does not
ATTEMPTS = 3
CALIBRATION_RUNS = 5
TIMEOUT_S = 600  # one bench run; a hung server must not hang CI
FULL_SCALE_PLACEHOLDER = ("TO FILL IN: the full-scale bench/results/<bench>.jsonl lines (commit, when) these floors "
                          "were checked against")


@dataclass(frozen=True)
class Spec:
    """One guarded bench: its `python -m bench` arguments (the sizes), what its ratio compares, the scratch
    databases it uses (bench names them by scale; dropped before a guard run) and how to look closer."""

    args: tuple[str, ...]
    ratio_of: str
    scratch: tuple[str, ...]
    profile: str
    key: str = "ratio"  # where the judged ratio is in the bench's JSON line ("figures.cpu_ratio": in its figures)


SPECS = {
    "intake": Spec(("intake", "--n", "2000", "--db", "postgresql", "--repeat", "3"),
                   "register_complaint per second (one complaint per transaction) / raw driver INSERTs per second",
                   ("intake",),
                   "python -m bench intake --n 100000 --db postgresql (statements per complaint in its line)"),
    "sweep": Spec(("sweep", "--n", "20000", "--fixed-due", "1000", "--repeat", "2"),
                  "set-based SQL baseline seconds / run_sweep seconds over the same 1,000 due items",
                  ("sweep_smoke",),
                  "python -m bench sweep --n 1000000 (each round's seconds and step_seconds in its line)"),
    "tracking": Spec(("tracking", "--n", "2000", "--seconds", "5", "--connections", "8", "--repeat", "3"),
                     "a bare WSGI app's CPU per request / public tracking's (server, PostgreSQL and wrk; same "
                     "server and bytes), each side's least over 3 alternating rounds: the rates spread +-25% with "
                     "other work on the machine, CPU per request less",
                     ("tracking_smoke",),
                     "python -m bench tracking --n 1000000 (CPU per request in its line)", key="figures.cpu_ratio"),
}


class GuardError(Exception):
    """A bench run went wrong (crashed, hung, or did wrong work): the guard fails (exit 1)."""


class FloorsError(Exception):
    """bench/floors.json is missing, invalid or set at other sizes: the guard cannot judge (exit 2)."""


# -- running one bench ------------------------------------------------------------------------------------------

def sizes(name: str) -> list[str]:
    """The arguments that set a bench's scale, as recorded with its floor."""
    return list(SPECS[name].args[1:])


def run_bench(name: str) -> float:
    """One small-scale run of `name` in a subprocess; its ratio from the JSON line it prints last."""
    command = [sys.executable, "-m", "bench", *SPECS[name].args, "--no-record", "--scratch-suffix", SUFFIX]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
                              env={**os.environ, "BENCH_SCRATCH_SUFFIX": SUFFIX})
    except subprocess.TimeoutExpired as error:
        raise GuardError(f"{name}: no answer in {TIMEOUT_S} s ({' '.join(command[1:])})") from error
    line = last_json_line(done.stdout)
    if done.returncode != 0 or line is None:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise GuardError(f"{name}: `{' '.join(command[2:])}` exited {done.returncode}"
                         f"{'' if line else ' without its JSON line'}:\n{tail}")
    problem = insane(line)
    if problem:
        raise GuardError(f"{name}: {problem}")
    print(f"  {name}: {sides(line)}", flush=True)
    return judged_ratio(line, SPECS[name].key)


def judged_ratio(line: dict, key: str) -> float:
    """The ratio at `key` ("ratio", or "figures.<name>") of a bench's JSON line."""
    value = line
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if not isinstance(value, int | float):
        raise GuardError(f"the bench's JSON line has no {key}")
    return float(value)


def sides(line: dict) -> str:
    """The two figures behind a ratio: a ratio can also rise because noise slowed its baseline."""
    figures, baseline = line.get("figures", {}), line.get("baseline", {})
    if "cpu_ratio" in figures and "cpu_ms_per_req" in figures and "cpu_ms_per_req" in baseline:
        split = ", ".join(f"{part} {ms:.3f}" for part, ms in figures["cpu_ms_per_req"].items())
        others = (figures.get("load") or line.get("load", {}).get("app") or {}).get("others_cpu_pct")
        return (f"{sum(figures['cpu_ms_per_req'].values()):.3f} ms of CPU per request ({split}) against the "
                f"baseline's {sum(baseline['cpu_ms_per_req'].values()):.3f} ms ({figures['per_s']:,.0f}/s against "
                f"{baseline['per_s']:,.0f}/s)" + ("" if others is None else
                                                 f"; other work on the machine meanwhile: {others} % of a core"))
    if "per_s" in figures and "per_s" in baseline:
        return f"{figures['per_s']:,.0f}/s against the baseline's {baseline['per_s']:,.0f}/s"
    if "seconds_fixed_due" in figures and "seconds" in baseline:
        return f"{figures['seconds_fixed_due']:.3f} s against the baseline's {baseline['seconds']:.3f} s"
    return "(no figures)"


def last_json_line(stdout: str) -> dict | None:
    for text in reversed(stdout.strip().splitlines()):
        if text.startswith("{"):
            try:
                line = json.loads(text)
            except ValueError:
                return None
            return line if isinstance(line.get("ratio"), int | float) else None
    return None


def insane(line: dict) -> str | None:
    """A run whose ratio cannot be trusted because the work itself went wrong (a fast error is not fast work)."""
    figures = line.get("figures", {})
    if figures.get("errors"):
        return f"{figures['errors']} request errors during the run"
    if "complaints_written" in figures and not (
            figures["complaints_written"] == figures.get("distinct_etags") == figures.get("valid_etags")
            == line["n"] * figures.get("rounds", 1)):
        return (f"{figures['complaints_written']} complaints written for {line['n']}, "
                f"{figures.get('distinct_etags')} distinct and {figures.get('valid_etags')} valid E-tags")
    if figures.get("all_due_items_handled") is False:
        return "the sweep did not handle every due item"
    return None


def drop_scratch(names: list[str]) -> None:
    """Each guard run builds its data afresh (a data set kept from before a migration would fail for the wrong
    reason); attempts within the run reuse it."""
    os.environ["BENCH_SCRATCH_SUFFIX"] = SUFFIX
    for name in names:
        for scratch in SPECS[name].scratch:
            drop_database("postgresql", scratch)


# -- floors ----------------------------------------------------------------------------------------------------

def load_floors(path: Path, names: list[str]) -> dict[str, float]:
    """Each named bench's floor, checked: present, a ratio in (0, 1], and set at the sizes the guard runs now."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FloorsError(f"{path} is missing: run `python -m bench guard --calibrate` on an idle machine") from error
    except ValueError as error:
        raise FloorsError(f"{path} is not valid JSON ({error})") from error
    benches = document.get("benches") if isinstance(document, dict) else None
    if not isinstance(benches, dict):
        raise FloorsError(f"{path} has no \"benches\" object")
    floors = {}
    for name in names:
        entry = benches.get(name)
        if not isinstance(entry, dict):
            raise FloorsError(f"{path} has no floor for {name}: run `python -m bench guard --calibrate --only {name}`")
        floor = entry.get("floor")
        if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 < floor <= 1:
            raise FloorsError(f"{path}: {name}'s floor must be a ratio above 0 and at most 1, not {floor!r}")
        if entry.get("sizes") != sizes(name):
            raise FloorsError(f"{path}: {name}'s floor was set at {entry.get('sizes')}, the guard now runs "
                             f"{sizes(name)}; ratios change with scale, so recalibrate: "
                             f"`python -m bench guard --calibrate --only {name}`")
        floors[name] = float(floor)
    return floors


# -- judging ---------------------------------------------------------------------------------------------------

@dataclass
class Verdict:
    name: str
    floor: float
    ratios: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return max(self.ratios)

    @property
    def passed(self) -> bool:
        return self.best >= self.floor

    @property
    def margin_pct(self) -> float:
        """How far the best ratio is above (+) or below (-) the floor, in percent of the floor."""
        return (self.best / self.floor - 1) * 100


def judge(name: str, floor: float, run: Callable[[str], float], attempts: int, out=lambda text: None) -> Verdict:
    """Run until one attempt reaches the floor, at most `attempts` times."""
    verdict = Verdict(name, floor)
    for index in range(max(1, attempts)):
        verdict.ratios.append(run(name))
        where = "at or above" if verdict.ratios[-1] >= floor else "below"
        out(f"{name} attempt {index + 1} of at most {attempts}: ratio {verdict.ratios[-1]:.3f}, {where} its floor "
            f"{floor:.3f}")
        if verdict.passed:
            break
    return verdict


def table(verdicts: list[Verdict], load_before: tuple, load_after: tuple, seconds: float) -> str:
    rows = [("bench", "best", "attempts", "floor", "margin", "verdict")]
    rows += [(v.name, f"{v.best:.3f}", " ".join(f"{r:.3f}" for r in v.ratios), f"{v.floor:.3f}",
              f"{v.margin_pct:+.1f}%", "PASS" if v.passed else "FAIL") for v in verdicts]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.append(f"load average before {_load(load_before)}, after {_load(load_after)} on {os.cpu_count()} cores; "
                 f"{seconds:.0f} s")
    return "\n".join(lines)


def failure_message(verdict: Verdict) -> str:
    spec = SPECS[verdict.name]
    tries = len(verdict.ratios)
    return (f"FAIL {verdict.name}: best ratio {verdict.best:.3f} of {tries} attempt{'s' if tries > 1 else ''} is "
            f"{-verdict.margin_pct:.1f}% below its floor {verdict.floor:.3f}; the ratio is {spec.ratio_of}.\n"
            f"  Something on {verdict.name}'s path got slower against its in-run baseline. Profile it: reproduce "
            f"at full scale with {spec.profile}, and compare with its last line in bench/results/"
            f"{verdict.name}.jsonl.\n"
            f"  Recalibrate (`python -m bench guard --calibrate --only {verdict.name}` on an idle machine) only if "
            f"the slowdown is intended and justified in the commit, with the full-scale figures recorded.")


def guard(names: list[str], floors: dict[str, float], run: Callable[[str], float], attempts: int,
          out=print) -> int:
    load_before, start = os.getloadavg(), time.monotonic()
    verdicts = []
    for name in names:
        verdicts.append(judge(name, floors[name], run, attempts, out))
    out(table(verdicts, load_before, os.getloadavg(), time.monotonic() - start))
    failed = [v for v in verdicts if not v.passed]
    for verdict in failed:
        out(failure_message(verdict))
    return 1 if failed else 0


# -- calibrating -----------------------------------------------------------------------------------------------

def floor_from(ratios: list[float], margin: float) -> float:
    return round(margin * statistics.median(ratios), 3)


def calibrate(names: list[str], runs: int, margin: float, run: Callable[[str], float], previous: dict | None,
              out=print) -> dict:
    """K runs of each bench; its floor is margin x their median. Benches not named keep their previous entry."""
    document = previous if isinstance(previous, dict) and isinstance(previous.get("benches"), dict) else {}
    benches = dict(document.get("benches", {}))
    for name in names:
        load_before = os.getloadavg()
        ratios = []
        for index in range(runs):
            ratios.append(run(name))
            out(f"{name} run {index + 1} of {runs}: ratio {ratios[-1]:.3f}")
        benches[name] = {
            "floor": floor_from(ratios, margin), "median": round(statistics.median(ratios), 4), "margin": margin,
            "ratios": ratios, "spread_pct": round((max(ratios) - min(ratios)) / statistics.median(ratios) * 100, 1),
            "ratio_of": SPECS[name].ratio_of, "sizes": sizes(name), "commit": commit_id(),
            "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "cores": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "full_scale": FULL_SCALE_PLACEHOLDER,
        }
        out(f"{name}: median {benches[name]['median']:.3f}, floor {benches[name]['floor']:.3f} "
            f"(x {margin}), spread {benches[name]['spread_pct']}% of the median")
    return {"about": "Floors of `python -m bench guard` (bench/guard.py): per bench, margin x the median of the "
                     "calibration's ratios, with the runs behind it. Written by --calibrate; recalibrate only for "
                     "an intended, justified change, on an idle machine.",
            "benches": {name: benches[name] for name in SPECS if name in benches}}


def write_floors(path: Path, document: dict) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # Lists of numbers or strings on one line each: the ratios read as a row.
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda match: "[" + re.sub(r",\s+", ", ", match.group(1)) + "]", text)
    path.write_text(text + "\n", encoding="utf-8")


def _previous(path: Path) -> dict | None:
    """The floors file as it stands, whose other benches a partial calibration keeps (none if unreadable)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _load(values) -> str:
    return " ".join(f"{x:.2f}" for x in values)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SPECS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SPECS)} (comma-separated), not {text!r}")
    return [name for name in SPECS if name in names]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench guard", formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__,
        epilog="benches and their sizes:\n" + "\n".join(f"  {name:<9} {' '.join(spec.args[1:])}\n"
                                                         f"            ratio: {spec.ratio_of}"
                                                         for name, spec in SPECS.items())
        + f"\n\nExit status: 0 all at or above their floors, 1 one below (or a bench run failed), 2 {FLOORS.name} "
          "missing, invalid or set at other sizes.")
    parser.add_argument("--only", type=_names, default=list(SPECS), metavar="NAMES",
                        help=f"comma-separated subset of {','.join(SPECS)} (default: all)")
    parser.add_argument("--attempts", type=int, default=ATTEMPTS,
                        help=f"runs per bench at most, stopping at the first at or above its floor (default "
                             f"{ATTEMPTS})")
    parser.add_argument("--calibrate", action="store_true",
                        help=f"run each bench K times and write {FLOORS.relative_to(ROOT)} (on an idle machine)")
    parser.add_argument("--runs", type=int, default=CALIBRATION_RUNS, metavar="K",
                        help=f"with --calibrate: runs per bench (default {CALIBRATION_RUNS})")
    parser.add_argument("--margin", type=float, default=MARGIN,
                        help=f"with --calibrate: floor = margin x median ratio (default {MARGIN})")
    parser.add_argument("--floors", type=Path, default=FLOORS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.attempts < 1 or args.runs < 1 or not 0 < args.margin <= 1:
        parser.error("--attempts and --runs are at least 1; --margin is above 0 and at most 1")
    try:
        if args.calibrate:
            previous = _previous(args.floors)
            drop_scratch(args.only)
            document = calibrate(args.only, args.runs, args.margin, run_bench, previous)
            write_floors(args.floors, document)
            print(f"wrote {args.floors}; fill in each bench's full_scale with the full-scale lines checked against")
            return 0
        floors = load_floors(args.floors, args.only)
        print(f"regression guard: {', '.join(args.only)} at small scale, best of up to {args.attempts} attempts "
              f"each against {args.floors.name}; load average {_load(os.getloadavg())}", flush=True)
        drop_scratch(args.only)
        return guard(args.only, floors, run_bench, args.attempts, out=lambda text: print(text, flush=True))
    except FloorsError as error:
        print(f"guard: {error}", file=sys.stderr)
        return 2
    except GuardError as error:
        print(f"guard: FAIL {error}", file=sys.stderr)
        return 1
