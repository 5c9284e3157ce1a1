"""Medians, officers' figures, children and league tables of the monitoring
dashboards, each against a direct count over the same random history."""

import statistics
from collections import Counter

import pytest
from django.test import override_settings

from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.workflow import OPEN
from shikayat.core.errors import NotFound
from shikayat.dashboards import league
from shikayat.dashboards.figures import (
    band_bounds,
    children,
    figures,
    median_band,
    officer_detail,
    officer_figures,
    viewable_officer,
)
from shikayat.dashboards.models import CONTACT_BANDS, RESOLVE_BANDS
from shikayat.dashboards.recount import recount
from shikayat.dashboards.rollup import hours_between
from shikayat.deadlines.models import DelayEntry
from shikayat.jurisdictions.models import Unit, UnitLevel

from .test_rollups import history  # noqa: F401  (the random history of real actions)

DAYS = 90  # covers the whole random history (about two months: test_rollups.history)


def _contact_and_resolve_hours() -> tuple[list[int], list[int]]:
    """Straight from the timelines: hours from each cycle's start to its first contact, and from receipt to
    each disposal."""
    contact, resolve = [], []
    for c in Complaint.objects.all():
        cycle_start, contacted = None, False
        for e in c.events.order_by("at", "id"):
            if e.action in ("register", "reopen"):
                cycle_start, contacted = e.at, False
            if e.action == "log_contact" and not contacted:
                contacted = True
                contact.append(hours_between(cycle_start, e.at))
            if e.to_status in ("closed", "rejected", "merged", "withdrawn") and e.from_status not in (
                    "closed", "rejected", "merged", "withdrawn"):
                resolve.append(hours_between(c.received_at, e.at))
    return contact, resolve


def test_medians_hold_the_true_median(history, force):  # noqa: F811
    got = figures(force.units["pb"], now=history["now"], days=DAYS)
    contact, resolve = _contact_and_resolve_hours()
    assert sum(got.totals[c] for c in CONTACT_BANDS) == len(contact) > 5
    assert sum(got.totals[c] for c in RESOLVE_BANDS) == len(resolve) > 5
    for bounds, hours in ((got.median_contact, contact), (got.median_resolve, resolve)):
        low, below = bounds
        true = statistics.median_low(hours)
        assert low <= true and (below is None or true < below), (bounds, true)


def test_median_band_picks_the_lower_median():
    assert median_band([0, 0, 0]) is None
    assert median_band([1, 1]) == 0
    assert median_band([1, 0, 2]) == 2
    assert median_band([0, 3, 1, 1]) == 1
    assert band_bounds(0) == (0, 1) and band_bounds(12) == (720, None)


def test_children_equal_their_own_dashboards(history, force):  # noqa: F811
    now = history["now"]
    for code in ("pb", "r1", "dA", "cB"):
        for kid in children(force.units[code], now=now, days=DAYS):
            alone = figures(kid.unit, now=now, days=DAYS, detail=False)
            assert (kid.totals, kid.pending, kid.overdue, kid.ageing) == (
                alone.totals, alone.pending, alone.overdue, alone.ageing), kid.unit.code


def test_officer_figures_equal_the_recount_and_what_they_hold(history, force):  # noqa: F811
    now = history["now"]
    officers = [force.officers[n] for n in ("sho_A", "sho_B", "sdpo_A", "sdpo_B")]
    per_officer = Counter()
    expected = {o.pk: Counter() for o in officers}
    for (officer_id, _day), add in recount().officers.items():
        if officer_id in expected:
            expected[officer_id].update(add)
    for f in officer_figures(officers, now=now, days=DAYS):
        o = f.officer
        assert {k: v for k, v in f.totals.items() if v} == {k: v for k, v in expected[o.pk].items() if v}
        held = Complaint.objects.filter(assignee=o, status__in=OPEN)
        assert f.pending == held.count()
        assert f.overdue == held.filter(report_due_at__lt=now).count()
        assert f.totals["delays"] == DelayEntry.objects.filter(officer=o).count()
        per_officer[o.pk] = f.totals["disposed"]
    assert sum(per_officer.values()) > 0
    detail = officer_detail(force.officers["sdpo_A"], now=now, days=DAYS)
    assert sum(a[1] for a in detail.ageing) == detail.pending
    assert sum(d for _f, _l, _r, d in detail.trend) == detail.totals["disposed"]


def test_trends_group_by_week_and_month(history, force):  # noqa: F811
    now = history["now"]
    for days, unit in ((30, "day"), (90, "week"), (365, "month")):
        got = figures(force.units["pb"], now=now, days=days)
        assert got.trend_unit == unit
        assert sum(r for _f, _l, r, _d in got.trend) == got.totals["received"]
        assert sum(d for _f, _l, _r, d in got.trend) == got.totals["disposed"]
    assert len(figures(force.units["pb"], now=now, days=365).trend) in (12, 13)


@override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "LEAGUE_MIN_DISPOSED": 2})
def test_league_score_is_the_published_weighted_mean(history, force):  # noqa: F811
    now = history["now"]
    stations = UnitLevel.objects.get(depth=4)
    rows = league.unit_table(force.units["pb"], stations, now=now, days=DAYS)
    assert {r.figures.unit.code for r in rows} == set(Unit.objects.filter(level=stations).values_list("code",
                                                                                                    flat=True))
    ranked = [r for r in rows if r.rank is not None]
    assert ranked, "some stations disposed enough to be ranked"
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    weights = league.DEFAULT_WEIGHTS
    for row in ranked:
        f, parts = row.figures, row.parts
        assert parts["report"] == f.report_compliance and parts["satisfaction"] == f.satisfaction_rate
        used = {k: w for k, w in weights.items() if parts[k] is not None}
        assert row.score == round(sum(parts[k] * w for k, w in used.items()) / sum(used.values()), 1)
        # the numbers behind the row are the station's own dashboard
        alone = figures(f.unit, now=now, days=DAYS, detail=False)
        assert (f.totals, f.pending, f.overdue) == (alone.totals, alone.pending, alone.overdue)
    for row in rows[len(ranked):]:
        assert row.score is None or row.figures.totals["disposed"] < 2


def test_league_weights_are_configurable(history, force):  # noqa: F811
    now, stations = history["now"], UnitLevel.objects.get(depth=4)
    with override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "LEAGUE_WEIGHTS": {"delays": 1},
                                     "LEAGUE_MIN_DISPOSED": 0}):
        rows = league.unit_table(force.units["pb"], stations, now=now, days=DAYS)
        for row in rows:
            if row.score is not None:
                assert row.score == round(row.parts["delays"], 1)
    with (override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "LEAGUE_WEIGHTS": {"speed": 1}}),
          pytest.raises(league.ImproperlyConfigured)):
        league.weights()


def test_officer_league_covers_the_subtree_only(history, force):  # noqa: F811
    rows = league.officer_table(force.units["dA"], now=history["now"], days=DAYS)
    names = {r.figures.officer.username for r in rows}
    assert {"sho_A", "asi_A", "sdpo_A", "dpo_A"} <= names
    assert not names & {"sho_B", "dpo_B", "igp"}


def test_officer_pages_are_scoped(history, force, client):  # noqa: F811
    o = force.officers
    assert viewable_officer(o["dpo_A"], "sho_A")[0] == o["sho_A"]
    for viewer, name in (("dpo_B", "sho_A"), ("dpo_A", "sho_B"), ("dpo_A", "nobody")):
        with pytest.raises(NotFound):
            viewable_officer(o[viewer], name)
    client.force_login(o["dpo_A"])
    page = client.get("/officer/dashboard/officer/sho_A/", {"days": 90})
    assert page.status_code == 200 and page.context["f"].officer == o["sho_A"]
    assert b"assignee=sho_A" in page.content
    assert client.get("/officer/dashboard/officer/sho_B/").status_code == 404
    station = client.get("/officer/dashboard/", {"unit": "SA1"})
    assert [f.officer.username for f in station.context["officers"]] == ["sho_A", "asi_A"]
    assert b"/officer/dashboard/officer/sho_A/" in station.content


def test_league_page_drills_to_the_complaints(history, force, client):  # noqa: F811
    client.force_login(force.officers["dpo_A"])
    page = client.get("/officer/dashboard/league/", {"unit": "DA", "kind": "units", "level": "4"})
    assert page.status_code == 200 and page.context["kind"] == "units"
    assert {r.figures.unit.code for r in page.context["rows"]} == {"SA1", "SA2"}
    assert b"/officer/complaints/?box=all&amp;unit=SA1&amp;overdue=1" in page.content
    assert b"Report within deadline" in page.content  # the published formula
    officers = client.get("/officer/dashboard/league/", {"unit": "DA", "kind": "officers"})
    assert b"assignee=sho_A&amp;status=open" in officers.content
    listed = client.get("/officer/complaints/", {"box": "all", "assignee": "sho_A", "status": "open"})
    assert listed.status_code == 200
    assert client.get("/officer/dashboard/league/", {"unit": "DB"}).status_code == 404


def test_bad_dashboard_input_is_explained(history, force, client):  # noqa: F811
    client.force_login(force.officers["dpo_A"])
    page = client.get("/officer/dashboard/", {"days": "13"})
    assert page.status_code == 400 and page.context["days"] == 30 and "days" in page.context["errors"]
    assert "The period can be 7, 30, 90, 365 days" in page.content.decode()
    bad_level = client.get("/officer/dashboard/league/", {"unit": "DA", "kind": "units", "level": "9"})
    assert bad_level.status_code == 400 and "no such level" in bad_level.content.decode()
    unknown = client.get("/officer/complaints/", {"box": "all", "assignee": "nobody"})
    assert "Unknown officer" in unknown.content.decode()


def test_the_history_has_events_for_every_measure(history):  # noqa: F811
    assert ComplaintEvent.objects.filter(action="escalate").exists()
    assert DelayEntry.objects.exists()
