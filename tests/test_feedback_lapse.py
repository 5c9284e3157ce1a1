"""The citizen's feedback on the SOP's clock (shikayat/deadlines/feedback.py): when the time to answer runs out
the sweep sends the complaint to the call-back queue; the delay ledger is charged only when the officers do not
make the call-backs in time, never because the citizen did not answer. Told by time travel (explicit `now=`)."""

from datetime import UTC, datetime, timedelta

import pytest

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.deadlines.models import DelayEntry
from shikayat.deadlines.sweep import run_sweep
from shikayat.demo.journey import Cast, advance

from .factories import complaint_data
from .journey import citizen_of

T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)
QUEUE = "/officer/call-centre/callbacks/"


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def waiting(force):
    """Complaints asked for feedback at hour 13 (THEFT: 72 h to answer, then 48 h for the call-backs)."""
    o = force.officers
    cast = Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"])

    def make(**overrides):
        complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**overrides), now=T0)
        times = iter(at(h) for h in (1, 2, 3, 4, 13))
        return advance(complaint, Status.AWAITING_FEEDBACK, cast, tick=lambda: next(times))

    return make


def sweep(hours: float) -> dict:
    found = run_sweep(now=at(hours))
    return {key: found[key] for key in ("feedback_lapses", "callback_breaches")}


def test_the_feedback_time_lapses_only_after_the_sops_window(waiting):
    complaint = waiting()
    assert complaint.feedback_due_at == at(85)
    assert sweep(84.9) == {"feedback_lapses": 0, "callback_breaches": 0}
    complaint.refresh_from_db()
    assert complaint.feedback_lapsed_at is None and complaint.callback_due_at is None

    assert sweep(85.5) == {"feedback_lapses": 1, "callback_breaches": 0}
    complaint.refresh_from_db()
    assert complaint.feedback_lapsed_at == at(85.5) and complaint.callback_due_at == at(85 + 48)
    assert complaint.status == Status.AWAITING_FEEDBACK
    assert sweep(86) == {"feedback_lapses": 0, "callback_breaches": 0}  # once
    assert not DelayEntry.objects.exists()  # the citizen not answering is nobody's delay


def test_a_lapsed_complaint_is_in_the_call_back_queue(waiting, client, force):
    lapsed, fresh = waiting(), waiting()
    Complaint.objects.filter(pk=fresh.pk).update(feedback_due_at=at(200))  # asked later: still has time
    sweep(86)
    client.force_login(force.officers["agent"])
    everything = client.get(QUEUE).content.decode()
    assert f'id="cb-{lapsed.etag}"' in everything and f'id="cb-{fresh.etag}"' in everything
    due = client.get(QUEUE, {"lapsed": "1"}).content.decode()
    assert f'id="cb-{lapsed.etag}"' in due and f'id="cb-{fresh.etag}"' not in due
    assert "Call back by" in due


def test_the_ledger_is_charged_only_when_the_call_backs_were_not_made(waiting, force):
    agent = force.officers["agent"]
    neglected, tried, answered = waiting(), waiting(), waiting()
    sweep(86)
    for _ in range(3):  # the call centre tried three times; the citizen never picked up
        actions.record_feedback_attempt(tried, actor=agent, now=at(100))
    actions.record_feedback_attempt(neglected, actor=agent, now=at(100))  # one attempt is not enough
    actions.record_feedback(answered, actor=citizen_of(answered), satisfied=True, rating=4, now=at(120))

    assert sweep(132) == {"feedback_lapses": 0, "callback_breaches": 0}  # the call-backs are due at hour 133
    assert sweep(134) == {"feedback_lapses": 0, "callback_breaches": 1}
    entry = DelayEntry.objects.get()
    assert entry.complaint == neglected and entry.stage == "feedback"
    assert entry.due_at == at(133) and entry.detected_at == at(134) and entry.cycle_started_at == T0
    assert entry.officer is None and entry.unit == neglected.unit  # the unit whose office owes the call-backs
    assert sweep(140) == {"feedback_lapses": 0, "callback_breaches": 0}  # checked once
    assert DelayEntry.objects.count() == 1

    # The attempts are made at last: the entry stops counting hours late.
    for hour in (150, 151):
        actions.record_feedback_attempt(neglected, actor=agent, now=at(hour))
    entry.refresh_from_db()
    assert entry.completed_at == at(151) and entry.hours_late(at(500)) == 18
    # And a supervisor may close it with reasons, as before.
    closed = actions.close_without_confirmation(neglected, actor=force.officers["dpo_A"], now=at(152),
                                                reasons="Three calls over two days, no answer.")
    assert closed.status == Status.CLOSED


def test_a_citizen_who_answers_in_time_is_never_swept(waiting):
    complaint = waiting()
    actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=False, now=at(50),
                            comment="The motorcycle was never returned.")
    assert sweep(500) == {"feedback_lapses": 0, "callback_breaches": 0}
    assert not DelayEntry.objects.filter(stage="feedback").exists()


def test_asked_again_in_a_new_cycle_the_clock_starts_again(waiting, force):
    o = force.officers
    complaint = waiting()
    sweep(134)  # lapsed at hour 85, call-backs missed at hour 133: charged for the first cycle
    complaint = actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=False, now=at(140),
                                        comment="Still nothing, after all these days.")
    assert complaint.feedback_lapsed_at is None and complaint.callback_due_at is None
    complaint = actions.assign(complaint, actor=o["dpo_A"], officer=o["sdpo_A"], now=at(141))
    complaint = actions.log_contact(complaint, actor=o["sdpo_A"], method="call", outcome="Spoke.", now=at(142))
    complaint = actions.log_field_visit(complaint, actor=o["sdpo_A"], findings="Visited.", now=at(143))
    complaint = actions.propose_resolution(complaint, actor=o["sdpo_A"], resolution="Recovered.", now=at(144))
    complaint = actions.approve_resolution(complaint, actor=o["dpo_A"], now=at(145))
    assert sweep(218) == {"feedback_lapses": 1, "callback_breaches": 0}
    assert sweep(266) == {"feedback_lapses": 0, "callback_breaches": 1}
    assert list(DelayEntry.objects.filter(stage="feedback").order_by("cycle_started_at")
                .values_list("cycle_started_at", "due_at")) == [(T0, at(133)), (at(140), at(217 + 48))]
