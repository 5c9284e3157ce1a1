"""The dashboards' rollups against a direct recount, after a random history
of real actions; and every officer sees only their own subtree's figures."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint, register_complaints
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM, CitizenActor
from shikayat.complaints.workflow import OPEN, TERMINAL, Status
from shikayat.core.errors import DomainError, NotFound
from shikayat.dashboards.figures import figures, viewable_unit
from shikayat.dashboards.models import COUNTERS, DailyRollup, OfficerOpen, OpenCount, PendingChange
from shikayat.dashboards.recount import recount
from shikayat.dashboards.rollup import Batch, fold, fold_pending, local_day, rebuild
from shikayat.deadlines.models import DelayEntry
from shikayat.deadlines.sweep import run_sweep
from shikayat.jurisdictions.models import Unit

from .factories import complaint_data

START = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))
CHANNELS = ("web", "whatsapp", "call_centre", "sms")
STATIONS = ("SA1", "SA2", "SB1", "SB2")


def _citizen(c):
    return CitizenActor(mobile=c.complainant_mobile)


def _step(rng: random.Random, c: Complaint, force, others: list[Complaint], now):
    """One plausible action for the complaint's status (it may still be refused)."""
    o, u = force.officers, force.units
    pool = ["sdpo_A", "sdpo_B"] + (["sho_A", "sho_B"] if c.category.code == "THEFT" else [])
    status, officer = c.status, c.assignee
    choices = []  # (weight, action): mostly forward, sometimes sideways

    def add(weight, action):
        choices.append((weight, action))

    if status in (Status.REGISTERED, Status.REOPENED, Status.ASSIGNED):
        add(8, lambda: actions.assign(c, actor=o["cpo_cell"], officer=o[rng.choice(pool)], now=now))
    if status in (Status.REGISTERED, Status.REOPENED, Status.ASSIGNED, Status.IN_PROGRESS):
        target = u[rng.choice(["sA1", "sA2", "sB1", "sB2", "dA", "cB"])]
        add(1, lambda: actions.transfer(c, actor=o["cpo_cell"], unit=target, reason="Wrong district.", now=now))
        original = rng.choice(others)
        add(0.3, lambda: actions.mark_duplicate(c, actor=o["cpo_cell"], original_etag=original.etag, now=now))
    if status in OPEN:
        add(0.3, lambda: actions.withdraw(c, actor=_citizen(c), reason="Settled.", now=now))
        add(0.5, lambda: actions.escalate(c, actor=SYSTEM, officer=o["igp"], stage="contact", now=now))
    if status in (Status.ASSIGNED, Status.IN_PROGRESS) and officer:
        add(4, lambda: actions.log_contact(c, actor=officer, method="call", outcome="Spoke to them.", now=now))
    if status == Status.IN_PROGRESS and officer:
        add(4, lambda: actions.log_field_visit(c, actor=officer, findings="Visited the place.", now=now))
        add(4, lambda: actions.propose_resolution(c, actor=officer, resolution="Property recovered.", now=now))
        add(0.4, lambda: actions.request_rejection(c, actor=officer, reason="civil_matter",
                                                   explanation="A civil dispute.", now=now))
    if status == Status.RESOLUTION_PROPOSED:
        add(5, lambda: actions.approve_resolution(c, actor=o["igp"], now=now))
    if status == Status.REJECTION_REQUESTED:
        add(5, lambda: actions.approve_rejection(c, actor=o["igp"], now=now))
    if status == Status.AWAITING_FEEDBACK:
        rating = rng.choice([None, 1, 2, 3, 4, 5])
        add(3, lambda: actions.record_feedback(c, actor=_citizen(c), satisfied=True, rating=rating, now=now))
        add(2, lambda: actions.record_feedback(c, actor=_citizen(c), satisfied=False, rating=rating,
                                               comment="Nothing was done.", now=now))
    if choices:
        rng.choices([a for _w, a in choices], weights=[w for w, _a in choices])[0]()


@pytest.fixture
def history(force):
    """About 40 complaints (10 through the bulk path) and 400 random actions over weeks."""
    rng = random.Random(7)
    now = START
    complaints = []

    def lodge(i):
        data = complaint_data(unit=rng.choice(STATIONS), category=rng.choice(["THEFT", "THEFT", "AGAINST-POLICE"]),
                              mobile=f"0300{1000000 + i}")
        complaints.append(register_complaint(actor=SYSTEM, channel=rng.choice(CHANNELS), data=data, now=now))

    for i in range(8):
        lodge(i)
    batch = register_complaints(actor=SYSTEM, channel="portal_import", now=now, items=[
        complaint_data(unit=rng.choice(STATIONS), mobile=f"0311{2000000 + i}", external_ref=f"P-{i}")
        for i in range(10)])
    complaints += batch.complaints
    refused = 0
    for step in range(400):
        # Mostly minutes apart (contacts in time), now and then days (late contacts, ageing).
        now += timedelta(minutes=rng.randint(1, 40)) if rng.random() < 0.97 else timedelta(days=rng.randint(1, 6))
        if rng.random() < 0.06:
            lodge(100 + step)
        recent = complaints[-6:] if rng.random() < 0.7 else complaints
        c = Complaint.objects.select_related("category", "assignee").get(pk=rng.choice(recent).pk)
        try:
            _step(rng, c, force, [x for x in complaints if x.pk != c.pk], now)
        except DomainError:
            refused += 1
        if step % 40 == 39:  # the worker's sweep: missed deadlines go to the ledger, escalations follow
            run_sweep(now=now)
        if step % 25 == 24:  # the worker's fold, between actions
            fold_pending()
    fold_pending()
    return {"now": now, "refused": refused}


def _rollup_rows() -> dict:
    """Every rollup table's rows as {model: {key: counters}}, keyed like rollup.Batch, once every pending
    change is folded in."""
    fold_pending()
    tables = {}
    for model, (keys, _rows) in Batch().tables().items():
        counters = [f.name for f in model._meta.concrete_fields if f.name not in (*keys, "id")]
        columns = [model._meta.get_field(k).attname for k in keys]
        tables[model] = {tuple(r[c] for c in columns): Counter({c: r[c] for c in counters})
                         for r in model.objects.values(*columns, *counters)}
    return tables


def _recounted() -> dict:
    return {model: rows for model, (_keys, rows) in recount().tables().items()}


def _nonzero(rows: dict) -> dict:
    return {k: +v for k, v in rows.items() if +v}


def test_the_history_exercises_every_kind_of_change(history):
    actions_seen = set(ComplaintEvent.objects.values_list("action", flat=True))
    assert {"register", "assign", "transfer", "log_contact", "log_field_visit", "propose_resolution",
            "approve_resolution", "confirm_satisfied", "reopen", "mark_duplicate", "withdraw", "approve_rejection",
            "escalate"} <= actions_seen
    assert history["refused"] > 0  # refused actions must leave the rollups untouched too
    transfers = ComplaintEvent.objects.filter(action="transfer")
    assert any(e.data["from_unit"][1] != e.data["to_unit"][1] for e in transfers)  # between districts
    totals = Counter()
    for row in DailyRollup.objects.all():
        totals.update({c: getattr(row, c) for c in COUNTERS})
    for counter in ("contacted_in_time", "contacted_late", "reported_in_time", "reported_late", "rating_count",
                    "satisfied", "dissatisfied", "escalations", "delays"):
        assert totals[counter], counter
    pb = figures(Unit.objects.get(code="PB"), now=history["now"])
    assert sum(1 for a in pb.ageing if a[1]) >= 2, pb.ageing



def test_rollups_equal_a_recount_row_by_row(history):
    got, expected = _rollup_rows(), _recounted()
    for model in got:
        assert _nonzero(got[model]) == _nonzero(expected[model]), model.__name__
        assert _nonzero(got[model]), f"{model.__name__} rows were written"


@pytest.mark.parametrize("code", ["PB", "DA", "DB", "CB", "SA1", "SB1"])
def test_every_figure_equals_a_direct_count_over_the_complaints(history, force, code):
    unit = {u.code: u for u in force.units.values()}[code]
    now = history["now"]
    # The window covers the whole history (about two months; its length follows which random steps are refused).
    got = figures(unit, now=now, days=90)
    mine = Complaint.objects.filter(unit_path__startswith=unit.path)
    open_ = mine.filter(status__in=OPEN)
    assert got.pending == open_.count()
    assert got.overdue == open_.filter(report_due_at__lt=now).count()
    today = local_day(now)
    ages = [(today - local_day(c.received_at)).days for c in open_]
    assert [a[1] for a in got.ageing] == [
        sum(0 <= a <= 7 for a in ages), sum(8 <= a <= 15 for a in ages), sum(16 <= a <= 30 for a in ages),
        sum(a > 30 for a in ages)]
    # Flow figures: replayed from the timeline, for units in the subtree at the time of each event.
    expected = Counter()
    for (unit_id, _day), add in recount().daily.items():
        if unit_id == unit.pk:  # the recount's own subtree rows for this unit
            expected.update(add)
    assert got.totals == {c: expected[c] for c in COUNTERS}
    assert sum(got.totals.values()) > 0


def test_province_figures_match_the_complaints_table_directly(history, force):
    got = figures(force.units["pb"], now=history["now"], days=90)
    assert got.totals["received"] == Complaint.objects.count()
    assert got.totals["disposed"] == Complaint.objects.filter(status__in=TERMINAL).count()
    assert got.totals["reopened"] == ComplaintEvent.objects.filter(action="reopen").count()
    assert got.totals["satisfied"] == Complaint.objects.filter(
        status=Status.CLOSED, events__action="confirm_satisfied").count()
    assert got.totals["escalations"] == ComplaintEvent.objects.filter(action="escalate").count()
    assert got.totals["delays"] == DelayEntry.objects.count()
    by_channel = {ch: n["received"] for ch, n in got.by_channel}
    assert by_channel == dict(Counter(Complaint.objects.values_list("channel", flat=True)))


def test_rebuild_restores_damaged_rollups(history):
    before = _rollup_rows()
    DailyRollup.objects.filter(pk__in=DailyRollup.objects.values("pk")[:3]).update(received=99)
    OpenCount.objects.all().delete()
    OfficerOpen.objects.filter(pk__in=OfficerOpen.objects.values("pk")[:2]).update(count=7)
    rebuild()
    after = _rollup_rows()
    for model in before:
        assert _nonzero(after[model]) == _nonzero(before[model]), model.__name__


def test_summary_figures_read_rollups_not_complaints(history, force):
    with CaptureQueriesContext(connection) as queries:
        figures(force.units["pb"], now=history["now"], days=30)
    touching = [q["sql"] for q in queries if "complaints_complaint" in q["sql"]]
    # Only "overdue" (it changes with the clock, not with an action) counts open complaints, by index.
    assert len(touching) == 1 and "report_due_at" in touching[0]
    assert len(queries) <= 6


def test_an_officer_sees_only_their_subtree(history, force):
    o = force.officers
    assert viewable_unit(o["dpo_B"], None).code == "DB"
    assert viewable_unit(o["dpo_B"], "SB2").code == "SB2"
    for code in ("DA", "SA1", "CA", "PB", "R1", "NOPE"):
        with pytest.raises(NotFound):
            viewable_unit(o["dpo_B"], code)
    assert viewable_unit(o["igp"], "SA1").code == "SA1"


def test_the_page_shows_the_subtree_and_refuses_other_units(history, force, client):
    client.force_login(force.officers["dpo_A"])
    page = client.get("/officer/dashboard/")
    assert page.status_code == 200 and page.context["unit"].code == "DA"
    assert b"<svg" in page.content
    station = client.get("/officer/dashboard/", {"unit": "SA1"})
    assert station.status_code == 200
    got = station.context["f"]
    assert got.pending == Complaint.objects.filter(unit__code="SA1", status__in=OPEN).count()
    assert b"/officer/complaints/?box=all&amp;unit=SA1&amp;overdue=1" in station.content
    assert [c.unit.code for c in page.context["children"]] == ["CA"]
    for code in ("DB", "SB1", "PB"):
        assert client.get("/officer/dashboard/", {"unit": code}).status_code == 404
    client.force_login(force.officers["dpo_B"])
    assert client.get("/officer/dashboard/", {"unit": "SA1"}).status_code == 404
    assert client.get("/officer/dashboard/").context["unit"].code == "DB"


def test_officers_without_an_oversight_posting_get_no_dashboard(force, client):
    client.force_login(force.officers["asi_A"])
    assert client.get("/officer/dashboard/").status_code == 404
    assert b"/officer/dashboard/" not in client.get("/officer/complaints/").content
    client.force_login(force.officers["sho_A"])  # the station head: his station's dashboard
    assert b"/officer/dashboard/" in client.get("/officer/complaints/").content
    client.force_login(force.officers["cell_A"])
    assert b"/officer/dashboard/" in client.get("/officer/complaints/").content


def test_an_empty_dashboard_renders(force, client):
    client.force_login(force.officers["igp"])
    page = client.get("/officer/dashboard/")
    assert page.status_code == 200 and page.context["f"].pending == 0


def test_actions_append_pending_changes_that_fold_exactly_once(force, new_complaint):
    complaint = new_complaint()
    assert PendingChange.objects.count() == 1  # intake: one row, nothing added to the tables yet
    assert not DailyRollup.objects.exists()
    assert fold_pending() == 1 and fold_pending() == 0
    day = local_day(complaint.received_at)
    station = DailyRollup.objects.get(unit=complaint.unit, day=day)
    assert station.received == 1
    assert DailyRollup.objects.get(unit__code="PB", day=day).received == 1
    with pytest.raises(DomainError):  # refused: rolls back, leaves nothing pending
        actions.log_field_visit(complaint, actor=force.officers["sho_A"], findings="x")  # not marked yet
    assert not PendingChange.objects.exists()
    actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Spoke to them.")
    assert PendingChange.objects.count() == 2
    assert fold(limit=1) == 1 and PendingChange.objects.count() == 1  # oldest first, in bounded batches
    fold_pending()
    station.refresh_from_db()
    assert station.contacted_in_time == 1 and OfficerOpen.objects.get(officer=force.officers["sho_A"]).count == 1


def test_the_worker_job_and_the_dashboard_fold(force, new_complaint, client):
    from shikayat.worker.tasks import fold_rollups

    new_complaint()
    assert fold_rollups.call() == 1
    new_complaint()
    client.force_login(force.officers["dpo_A"])
    assert client.get("/officer/dashboard/").context["f"].pending == 2
    assert not PendingChange.objects.exists()


def test_a_complaint_against_police_is_counted_where_it_went_when_rerouted(force):
    """Naming the accused reroutes a complaint against police to a desk clear of them; what happens to it after
    (here the citizen withdraws it) is counted in that unit by the rollups and by the recount alike."""
    from shikayat.accountability import actions as enquiry

    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="AGAINST-POLICE", unit="SA1", description="A constable at the gate took money from me.",
        accused=[{"description": "A constable at the gate, name unknown"}]))
    held_at = complaint.unit_path
    complaint = enquiry.name_accused(complaint, actor=o["igp"], accused=[{"officer": "sho_A"}])
    assert complaint.unit_path != held_at  # rerouted
    actions.withdraw(complaint, actor=CitizenActor(mobile=complaint.complainant_mobile), reason="Settled.")
    fold_pending()
    got, expected = _rollup_rows(), _recounted()
    for model in got:
        assert _nonzero(got[model]) == _nonzero(expected[model]), model.__name__
