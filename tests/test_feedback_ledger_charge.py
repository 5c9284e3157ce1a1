"""A feedback stage let lapse is charged in the delay ledger (issue 21): when the citizen's time to answer ran out
and the office did not make the call-backs in time, the station's ledger shows the charge to its unit, and it
stops counting once the call-backs are made. Told by time travel (explicit `now=`)."""

from datetime import UTC, datetime, timedelta

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.deadlines import selectors as ledger
from shikayat.deadlines.models import DelayEntry, Stage
from shikayat.deadlines.sweep import run_sweep
from shikayat.demo.journey import Cast, advance

from .factories import complaint_data

T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def waiting(force):
    """Asked for feedback at hour 13 (THEFT: 72 h to answer, then 48 h for the call-backs: due at hour 133)."""
    o = force.officers
    cast = Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"])
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(), now=T0)
    times = iter(at(h) for h in (1, 2, 3, 4, 13))
    return advance(complaint, Status.AWAITING_FEEDBACK, cast, tick=lambda: next(times))


def test_a_lapsed_feedback_stage_is_charged_on_the_station_s_ledger(force):
    complaint = waiting(force)
    run_sweep(now=at(86))  # the citizen did not answer: to the call-back queue
    complaint.refresh_from_db()
    assert complaint.feedback_lapsed_at == at(86) and not DelayEntry.objects.exists()  # not the citizen's fault

    run_sweep(now=at(134))  # no call-back was made by hour 133

    entry = DelayEntry.objects.get(complaint=complaint)
    assert entry.stage == Stage.FEEDBACK and entry.due_at == at(133) and entry.unit == complaint.unit
    for head in (force.officers["sho_A"], force.officers["dpo_A"]):  # the station head and the district see it
        found = ledger.summary(head, at(140))
        assert [(row.label, row.breaches, row.open) for row in found["units"]] == [(complaint.unit.name, 1, 1)]
        assert [e.pk for e in ledger.entries(head, at(140), unassigned=True)] == [entry.pk]
    assert entry.hours_late(at(140)) == 7

    for hour in (150, 151, 152):  # the call-backs are made at last: the charge stops counting
        actions.record_feedback_attempt(complaint, actor=force.officers["agent"], now=at(hour))
    entry.refresh_from_db()
    assert entry.completed_at == at(152) and entry.hours_late(at(500)) == 19
