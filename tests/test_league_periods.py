"""The league's stored period totals (dashboards.periods): the same figures as summing the days, kept while
only today changes, forgotten as soon as a day they cover changes."""

from datetime import timedelta

import pytest

from shikayat.dashboards import league, periods
from shikayat.dashboards.figures import figures, officer_figures, period
from shikayat.dashboards.models import PeriodTotals
from shikayat.dashboards.rollup import Batch, rebuild
from shikayat.jurisdictions.models import UnitLevel

from .test_rollups import history  # noqa: F401  (the random history of real actions)

DAYS = 60


def _units(force, now):
    return {r.figures.unit.code: r.figures for r in league.unit_table(
        force.units["pb"], UnitLevel.objects.get(depth=4), now=now, days=DAYS)}


def _officers(force, now):
    return {r.figures.officer.username: r.figures for r in league.officer_table(force.units["pb"], now=now, days=DAYS)}


def _add(now, *, day_offset: int, unit, officer, disposed: int) -> None:
    """What a fold adds: `disposed` more on a day `day_offset` days before the league's last day."""
    day = period(now, DAYS)[1] - timedelta(days=day_offset)
    batch = Batch()
    batch.daily[(unit.pk, day)]["disposed"] += disposed
    batch.officers[(officer.pk, day)]["disposed"] += disposed
    batch.upsert()


@pytest.mark.parametrize("named", [periods.NAMED, 0], ids=["owners named", "every owner's rows read"])
def test_stored_totals_equal_the_summed_days(history, force, named, monkeypatch):  # noqa: F811
    monkeypatch.setattr(periods, "NAMED", named)
    now = history["now"]
    first = _units(force, now)
    assert PeriodTotals.objects.filter(kind="unit").count() == len(first)
    for code, f in _units(force, now).items():  # the second time from the stored rows
        alone = figures(f.unit, now=now, days=DAYS, detail=False)
        assert (f.totals, f.pending, f.overdue) == (alone.totals, alone.pending, alone.overdue), code
        assert f.totals == first[code].totals
    officers = _officers(force, now)
    assert PeriodTotals.objects.filter(kind="officer").count() == len(officers)
    again = _officers(force, now)
    for f in officer_figures([force.officers[n] for n in ("sho_A", "sho_B", "sdpo_A", "dpo_A")], now=now, days=DAYS):
        name = f.officer.username
        assert (again[name].totals, again[name].pending, again[name].overdue) == (f.totals, f.pending, f.overdue)
    district = {r.figures.officer.username: r.figures for r in league.officer_table(force.units["dA"], now=now,
                                                                                     days=DAYS)}
    assert "sho_A" in district and not {"sho_B", "igp"} & set(district)  # the province's stored rows, kept apart
    assert all(f.totals == again[name].totals for name, f in district.items())


def test_a_change_today_keeps_the_stored_totals_and_shows(history, force):  # noqa: F811
    now, station, officer = history["now"], force.units["sA1"], force.officers["sho_A"]
    before, held = _units(force, now)["SA1"].totals["disposed"], _officers(force, now)["sho_A"].totals["disposed"]
    stored = set(PeriodTotals.objects.values_list("pk", flat=True))
    _add(now, day_offset=0, unit=station, officer=officer, disposed=3)
    assert set(PeriodTotals.objects.values_list("pk", flat=True)) == stored
    assert _units(force, now)["SA1"].totals["disposed"] == before + 3
    assert _officers(force, now)["sho_A"].totals["disposed"] == held + 3


def test_a_change_to_a_past_day_forgets_the_totals_covering_it(history, force):  # noqa: F811
    now, station, officer = history["now"], force.units["sA1"], force.officers["sho_A"]
    before, held = _units(force, now)["SA1"].totals["disposed"], _officers(force, now)["sho_A"].totals["disposed"]
    _add(now, day_offset=2, unit=station, officer=officer, disposed=5)
    assert not PeriodTotals.objects.exists()
    assert _units(force, now)["SA1"].totals["disposed"] == before + 5
    assert _officers(force, now)["sho_A"].totals["disposed"] == held + 5
    alone = figures(station, now=now, days=DAYS, detail=False)
    assert _units(force, now)["SA1"].totals == alone.totals


def test_a_rebuild_forgets_every_stored_total(history, force):  # noqa: F811
    now = history["now"]
    _units(force, now)
    assert PeriodTotals.objects.exists()
    rebuild()
    assert not PeriodTotals.objects.exists()
