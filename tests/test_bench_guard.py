"""The CI regression guard's logic (bench/guard.py), with the bench runs faked: floors file checks, best of
attempts with an early stop, the verdict and its message, and calibration's floors and provenance."""

import json

import pytest

from bench import guard


class Runs:
    """A fake bench runner: each bench answers its ratios in turn, and the calls are recorded."""

    def __init__(self, **ratios: list[float]):
        self.ratios = {name: list(values) for name, values in ratios.items()}
        self.calls: list[str] = []

    def __call__(self, name: str) -> float:
        self.calls.append(name)
        return self.ratios[name].pop(0)


def floors_file(tmp_path, **benches) -> object:
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"benches": benches}))
    return path


def entry(name: str, floor=0.2, **overrides) -> dict:
    return {"floor": floor, "sizes": guard.sizes(name), **overrides}


# -- floors file -----------------------------------------------------------------------------------------------

def test_floors_are_read_for_the_benches_named(tmp_path):
    path = floors_file(tmp_path, intake=entry("intake", 0.18), sweep=entry("sweep", 0.33))

    assert guard.load_floors(path, ["intake", "sweep"]) == {"intake": 0.18, "sweep": 0.33}
    assert guard.load_floors(path, ["sweep"]) == {"sweep": 0.33}


def test_a_missing_floors_file_says_how_to_make_one(tmp_path):
    with pytest.raises(guard.FloorsError, match="missing: run `python -m bench guard --calibrate`"):
        guard.load_floors(tmp_path / "floors.json", ["intake"])


@pytest.mark.parametrize("text, message", [
    ("{not json", "not valid JSON"),
    ("[]", 'no "benches" object'),
    ('{"benches": {}}', "no floor for intake: run `python -m bench guard --calibrate --only intake`"),
])
def test_a_broken_floors_file_is_refused(tmp_path, text, message):
    path = tmp_path / "floors.json"
    path.write_text(text)

    with pytest.raises(guard.FloorsError, match=message):
        guard.load_floors(path, ["intake"])


@pytest.mark.parametrize("floor", [0, -0.1, 1.5, "0.2", None, True])
def test_a_floor_must_be_a_ratio(tmp_path, floor):
    path = floors_file(tmp_path, intake=entry("intake", floor))

    with pytest.raises(guard.FloorsError, match="floor must be a ratio"):
        guard.load_floors(path, ["intake"])


def test_a_floor_set_at_other_sizes_asks_for_recalibration(tmp_path):
    path = floors_file(tmp_path, intake=entry("intake", sizes=["--n", "50", "--db", "postgresql"]))

    with pytest.raises(guard.FloorsError, match=r"set at \['--n', '50'.*recalibrate.*--only intake"):
        guard.load_floors(path, ["intake"])


def test_the_committed_floors_file_is_valid_for_every_bench():
    floors = guard.load_floors(guard.FLOORS, list(guard.SPECS))

    assert set(floors) == {"intake", "sweep", "tracking"}


# -- attempts and verdict --------------------------------------------------------------------------------------

def test_a_bench_above_its_floor_runs_once():
    runs = Runs(intake=[0.25, 0.30])

    verdict = guard.judge("intake", 0.2, runs, attempts=3)

    assert verdict.ratios == [0.25] and verdict.passed
    assert runs.calls == ["intake"]


def test_a_bench_below_its_floor_is_rerun_until_one_attempt_reaches_it():
    runs = Runs(sweep=[0.15, 0.21, 0.40])

    verdict = guard.judge("sweep", 0.2, runs, attempts=3)

    assert verdict.ratios == [0.15, 0.21]
    assert verdict.best == 0.21 and verdict.passed


def test_a_bench_below_its_floor_in_every_attempt_fails_on_its_best():
    runs = Runs(tracking=[0.10, 0.16, 0.12, 0.5])

    verdict = guard.judge("tracking", 0.2, runs, attempts=3)

    assert verdict.ratios == [0.10, 0.16, 0.12]
    assert verdict.best == 0.16 and not verdict.passed
    assert verdict.margin_pct == pytest.approx(-20.0)


def test_exactly_at_the_floor_passes():
    assert guard.judge("intake", 0.2, Runs(intake=[0.2]), attempts=3).passed


def test_a_failure_names_the_bench_how_far_below_and_what_to_do():
    verdict = guard.Verdict("intake", floor=0.2, ratios=[0.10, 0.15, 0.12])

    message = guard.failure_message(verdict)

    assert message.startswith("FAIL intake: best ratio 0.150 of 3 attempts is 25.0% below its floor 0.200; "
                              "the ratio is register_complaint per second")
    assert "Profile it" in message and "python -m bench intake --n 100000" in message
    assert "bench/results/intake.jsonl" in message
    assert "Recalibrate (`python -m bench guard --calibrate --only intake`" in message
    assert "only if the slowdown is intended and justified" in message


def test_the_guard_prints_a_table_and_fails_if_one_bench_is_below():
    runs = Runs(intake=[0.25], sweep=[0.30, 0.31, 0.29], tracking=[0.05])
    printed = []

    status = guard.guard(["intake", "sweep", "tracking"], {"intake": 0.2, "sweep": 0.4, "tracking": 0.04}, runs,
                         attempts=3, out=printed.append)

    assert status == 1
    assert runs.calls == ["intake", "sweep", "sweep", "sweep", "tracking"]
    output = "\n".join(printed)
    header, intake, sweep, tracking, load = next(text for text in printed if text.startswith("bench")).splitlines()
    assert header.split() == ["bench", "best", "attempts", "floor", "margin", "verdict"]
    assert intake.split() == ["intake", "0.250", "0.250", "0.200", "+25.0%", "PASS"]
    assert sweep.split() == ["sweep", "0.310", "0.300", "0.310", "0.290", "0.400", "-22.5%", "FAIL"]
    assert tracking.split()[-1] == "PASS"
    assert load.startswith("load average before ")
    assert "FAIL sweep: best ratio 0.310 of 3 attempts is 22.5% below its floor 0.400" in output
    assert "FAIL intake" not in output
    assert "sweep attempt 2 of at most 3: ratio 0.310, below its floor 0.400" in output
    assert "tracking attempt 1 of at most 3: ratio 0.050, at or above its floor 0.040" in output


def test_the_guard_passes_when_every_bench_reaches_its_floor():
    runs = Runs(intake=[0.25], sweep=[0.1, 0.5])

    assert guard.guard(["intake", "sweep"], {"intake": 0.2, "sweep": 0.4}, runs, attempts=3,
                       out=lambda text: None) == 0


def test_the_guard_exits_2_without_a_valid_floors_file(tmp_path, capsys):
    status = guard.main(["--floors", str(tmp_path / "none.json")])

    assert status == 2
    assert "missing" in capsys.readouterr().err


def test_only_takes_known_benches_in_the_guards_order():
    assert guard._names("tracking, intake") == ["intake", "tracking"]
    with pytest.raises(Exception, match="choose from intake, sweep, tracking"):
        guard._names("intake,dashboard")


# -- a bench's JSON line ---------------------------------------------------------------------------------------

def test_the_ratio_comes_from_the_last_json_line():
    stdout = "intake benchmark: n=1000\n{\"note\": 1}\nbaseline …\n{\"bench\": \"intake\", \"ratio\": 0.21}\n"

    assert guard.last_json_line(stdout)["ratio"] == 0.21
    assert guard.last_json_line("no line at all\n") is None


@pytest.mark.parametrize("figures, problem", [
    ({"errors": 3}, "3 request errors"),
    ({"complaints_written": 999, "distinct_etags": 999, "valid_etags": 999}, "999 complaints written for 1000"),
    ({"all_due_items_handled": False}, "did not handle every due item"),
])
def test_a_run_that_did_the_wrong_work_is_not_judged_by_its_ratio(figures, problem):
    assert problem in guard.insane({"n": 1000, "ratio": 0.3, "figures": figures})


def test_rounds_of_intake_count_every_rounds_complaints():
    written = {"complaints_written": 3000, "distinct_etags": 3000, "valid_etags": 3000}
    assert guard.insane({"n": 1000, "ratio": 0.3, "figures": {**written, "rounds": 3}}) is None
    assert "3000 complaints written for 1000" in guard.insane({"n": 1000, "ratio": 0.3, "figures": written})


def test_tracking_is_judged_by_its_cpu_ratio_and_the_rest_by_their_ratio():
    line = {"ratio": 0.02, "figures": {"cpu_ratio": 0.061, "per_s": 900.0, "cpu_ms_per_req": {"app": 0.7, "db": 0.1},
                                       }, "baseline": {"per_s": 30000.0, "cpu_ms_per_req": {"app": 0.04}}}
    assert guard.SPECS["tracking"].key == "figures.cpu_ratio"
    assert guard.judged_ratio(line, guard.SPECS["tracking"].key) == 0.061
    assert guard.judged_ratio(line, guard.SPECS["intake"].key) == 0.02
    with pytest.raises(guard.GuardError, match="no figures.cpu_ratio"):
        guard.judged_ratio({"ratio": 0.02, "figures": {}}, "figures.cpu_ratio")
    assert guard.sides(line).startswith("0.800 ms of CPU per request (app 0.700, db 0.100) against the baseline's "
                                        "0.040 ms")
    line["load"] = {"app": {"others_cpu_pct": 61.5}}
    assert guard.sides(line).endswith("other work on the machine meanwhile: 61.5 % of a core")


def test_a_run_that_did_its_work_is_sane():
    assert guard.insane({"n": 1000, "ratio": 0.3, "figures": {
        "errors": 0, "complaints_written": 1000, "distinct_etags": 1000, "valid_etags": 1000,
        "all_due_items_handled": True}}) is None


# -- calibration -----------------------------------------------------------------------------------------------

def test_a_floor_is_the_margin_times_the_median():
    assert guard.floor_from([0.20, 0.24, 0.22, 0.30, 0.10], 0.85) == round(0.85 * 0.22, 3)
    assert guard.floor_from([0.20, 0.30], 0.8) == 0.2


def test_calibration_runs_each_bench_k_times_and_records_its_provenance():
    runs = Runs(intake=[0.20, 0.24, 0.22], tracking=[0.05, 0.06, 0.04])

    document = guard.calibrate(["intake", "tracking"], 3, 0.85, runs, previous=None, out=lambda text: None)

    assert runs.calls == ["intake"] * 3 + ["tracking"] * 3
    intake = document["benches"]["intake"]
    assert intake["floor"] == round(0.85 * 0.22, 3) and intake["median"] == 0.22 and intake["margin"] == 0.85
    assert intake["ratios"] == [0.20, 0.24, 0.22]
    assert intake["sizes"] == guard.sizes("intake")
    assert intake["cores"] and len(intake["load_before"]) == 3 and len(intake["load_after"]) == 3
    assert intake["commit"] and intake["when"].endswith("Z")
    assert intake["full_scale"] == guard.FULL_SCALE_PLACEHOLDER
    assert document["benches"]["tracking"]["floor"] == round(0.85 * 0.05, 3)


def test_a_partial_calibration_keeps_the_other_benches_floors(tmp_path):
    previous = {"benches": {"sweep": entry("sweep", 0.33), "intake": entry("intake", 0.1)}}

    document = guard.calibrate(["intake"], 1, 0.85, Runs(intake=[0.2]), previous, out=lambda text: None)
    path = tmp_path / "floors.json"
    guard.write_floors(path, document)

    assert list(document["benches"]) == ["intake", "sweep"]
    assert guard.load_floors(path, ["intake", "sweep"]) == {"intake": 0.17, "sweep": 0.33}


def test_an_attempt_shows_the_two_figures_behind_its_ratio():
    assert guard.sides({"figures": {"per_s": 180.4}, "baseline": {"per_s": 1408.0}}) == \
        "180/s against the baseline's 1,408/s"
    assert guard.sides({"figures": {"seconds_fixed_due": 0.3}, "baseline": {"seconds": 0.129}}) == \
        "0.300 s against the baseline's 0.129 s"
