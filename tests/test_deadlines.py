"""Deadlines that bite: the working-day calendar, the sweep's reminders,
breaches, ledger entries and escalations, exactly once, told by time travel
(explicit `now=` arguments)."""

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from shikayat.accounts.models import Rank
from shikayat.categories.models import SOP, EscalationStep
from shikayat.complaints import actions, inbox, sla
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.refcache import reference
from shikayat.deadlines.digest import send_digests
from shikayat.deadlines.models import DelayEntry, Holiday
from shikayat.deadlines.sweep import run_sweep
from shikayat.notifications.models import OutboxMessage

from .factories import build_force, category, complaint_data
from .journey import citizen_of

T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # Monday 09:00 in Karachi
NOTHING = {"reminded": 0, "contact_breaches": 0, "report_breaches": 0, "escalated": 0, "enquiry_breaches": 0,
           "service_breaches": 0, "permit_breaches": 0, "feedback_lapses": 0, "callback_breaches": 0,
           "followups": 0,
           "investigation_breaches": 0}


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def counts(**changed) -> dict:
    return {**NOTHING, **changed}


def reachable(force):
    """Officers with a mobile number, so messages to them are queued."""
    for i, officer in enumerate(force.officers.values()):
        officer.mobile = f"+92300{i:07d}"
        officer.save()
    force.officers["sdpo_A"].preferred_language = "ur"
    force.officers["sdpo_A"].save()
    return force


@pytest.fixture
def people(force):
    return reachable(force).officers


def lodge(hours: float = 0, **overrides) -> Complaint:
    return register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**overrides), now=at(hours))


def marked(people, hours: float = 0, officer: str = "sho_A", **overrides) -> Complaint:
    complaint = lodge(hours, **overrides)
    return actions.assign(complaint, actor=people["cell_A"], officer=people[officer], now=at(hours + 0.1))


def to(officer, template: str):
    return OutboxMessage.objects.filter(recipient=officer.mobile, template=template)


# -- the calendar: pure functions -------------------------------------------

KARACHI = ZoneInfo("Asia/Karachi")
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))
calendars = st.builds(
    lambda weekend, holidays: sla.Calendar(tz=KARACHI, weekend_days=frozenset(weekend), holidays=frozenset(holidays)),
    st.sets(st.integers(0, 6), max_size=3),
    st.sets(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 3, 1)), max_size=40),
)


def working_seconds(start: datetime, end: datetime, calendar: sla.Calendar) -> float:
    """The slow, obvious count: each local day's overlap with [start, end) if it is a working day."""
    total, day = 0.0, start.astimezone(KARACHI).date()
    while True:
        begin = datetime.combine(day, datetime.min.time(), tzinfo=KARACHI)
        finish = begin + timedelta(days=1)
        if begin >= end:
            return total
        if calendar.is_working_day(day):
            total += max(0.0, (min(end, finish) - max(start, begin)).total_seconds())
        day += timedelta(days=1)


@given(start=moments, hours=st.integers(1, 400), calendar=calendars)
def test_deadline_counts_exactly_the_working_hours(start, hours, calendar):
    due = sla.add_hours(start, hours, calendar)
    assert due >= start + timedelta(hours=hours)
    assert working_seconds(start, due, calendar) == pytest.approx(hours * 3600)


@given(first=moments, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
       hours=st.integers(1, 400), more=st.integers(0, 100), calendar=calendars)
def test_deadlines_are_monotonic(first, later, hours, more, calendar):
    assert sla.add_hours(first, hours, calendar) <= sla.add_hours(first + later, hours, calendar)
    assert sla.add_hours(first, hours, calendar) <= sla.add_hours(first, hours + more, calendar)


@given(start=moments, hours=st.integers(1, 400), calendar=calendars)
def test_a_deadline_never_falls_inside_a_day_off(start, hours, calendar):
    local = sla.add_hours(start, hours, calendar).astimezone(KARACHI)
    assert calendar.is_working_day(local.date()) or local.time() == datetime.min.time()


@given(start=moments, hours=st.integers(1, 400))
def test_without_a_calendar_hours_are_calendar_hours(start, hours):
    empty = sla.Calendar(tz=KARACHI)
    assert sla.add_hours(start, hours) == sla.add_hours(start, hours, empty) == start + timedelta(hours=hours)


def test_sunday_and_a_holiday_are_skipped():
    calendar = sla.Calendar(tz=KARACHI, weekend_days=frozenset({6}), holidays=frozenset({date(2026, 11, 9)}))
    saturday_8pm = datetime(2026, 11, 7, 20, 0, tzinfo=KARACHI)
    # 4 hours on Saturday, Sunday off, Monday 9 November a holiday: 4 more hours on Tuesday.
    assert sla.add_hours(saturday_8pm, 8, calendar) == datetime(2026, 11, 10, 4, 0, tzinfo=KARACHI)
    with pytest.raises(ValueError):
        sla.Calendar(tz=KARACHI, weekend_days=frozenset(range(7)))


def test_intake_and_reopen_count_in_the_forces_calendar(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WEEKEND_DAYS": ["6"]}
    Holiday.objects.create(date=date(2026, 11, 9), name_en="Iqbal Day", name_ur="یوم اقبال", name_hi="इक़बाल दिवस")
    reference.clear()
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(),
                                   now=datetime(2026, 11, 7, 20, 0, tzinfo=KARACHI))
    assert complaint.contact_due_at == datetime(2026, 11, 10, 4, 0, tzinfo=KARACHI)
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WEEKEND_DAYS": []}
    Holiday.objects.all().delete()  # clears the cached calendar
    again = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(),
                               now=datetime(2026, 11, 7, 20, 0, tzinfo=KARACHI))
    assert again.contact_due_at == datetime(2026, 11, 8, 4, 0, tzinfo=KARACHI)


# -- the sweep ---------------------------------------------------------------

def test_contact_deadline_reminds_then_breaches_then_escalates_exactly_once(people):
    complaint = marked(people)  # THEFT: contact in 8 h, report in 72 h; ladder: SDPO 24 h after the breach
    sho, sdpo = people["sho_A"], people["sdpo_A"]

    assert run_sweep(now=at(5)) == NOTHING  # reminders go 2 hours before
    assert run_sweep(now=at(6.5)) == counts(reminded=1)
    assert run_sweep(now=at(7)) == NOTHING
    reminder = to(sho, "contact_due_soon").get()
    assert reminder.complaint == complaint and reminder.context["etag"] == complaint.etag_display

    breach_time = at(8) + timedelta(minutes=1)
    assert run_sweep(now=breach_time) == counts(contact_breaches=1)
    assert run_sweep(now=breach_time + timedelta(minutes=5)) == NOTHING
    entry = DelayEntry.objects.get(complaint=complaint)
    assert (entry.stage, entry.officer, entry.unit.code) == ("contact", sho, "SA1")
    assert entry.due_at == at(8) and entry.detected_at == breach_time and entry.cycle_started_at == T0
    complaint.refresh_from_db()
    assert complaint.contact_breached_at == breach_time and complaint.next_escalation_at == at(32)

    assert run_sweep(now=at(31)) == NOTHING
    assert run_sweep(now=at(32.1)) == counts(escalated=1)
    assert run_sweep(now=at(32.2)) == NOTHING
    complaint.refresh_from_db()
    assert complaint.escalated_to == sdpo and complaint.escalation_level == 1
    assert complaint.escalated_at == at(32.1) and complaint.next_escalation_at is None
    event = complaint.events.get(action="escalate")
    assert event.from_status == event.to_status == "assigned" and event.actor_label == "system"
    assert event.data == {"level": 1, "stage": "contact", "officer": sdpo.pk} and event.is_public
    notice = to(sdpo, "escalated_to_you").get()
    assert notice.language == "ur" and notice.context["level"] == 1
    # The complainant is told once, in their update (still waiting since the marking: nothing delivered here).
    [update] = OutboxMessage.objects.filter(complaint=complaint, template="complaint_update")
    assert update.context["steps"].count("escalated") == 1
    assert update.context["steps"].endswith("• Your complaint was not dealt with in time, so it was escalated to a "
                                            "senior officer of rank DSP / ASP (SDPO, Circle Officer).")
    assert [c.etag for c in inbox.page(sdpo, {"box": "escalated"}).rows] == [complaint.etag]
    assert DelayEntry.objects.count() == 1 and to(sho, "contact_due_soon").count() == 1


def test_report_deadline_is_charged_to_whoever_holds_the_complaint_then(people):
    complaint = marked(people)
    actions.assign(complaint, actor=people["cell_A"], officer=people["sdpo_A"], now=at(1))
    actions.log_contact(complaint, actor=people["sdpo_A"], method="call", outcome="Took the statement.", now=at(2))

    assert run_sweep(now=at(70.5)) == counts(reminded=1)
    assert to(people["sdpo_A"], "report_due_soon").count() == 1 and not to(people["sho_A"], "report_due_soon")
    assert run_sweep(now=at(72.5)) == counts(report_breaches=1)
    entry = DelayEntry.objects.get(complaint=complaint)
    assert (entry.stage, entry.officer, entry.unit.code, entry.due_at) == ("report", people["sdpo_A"], "CA", at(72))


def test_a_transfer_or_a_note_between_sweeps_never_resets_a_breach(people):
    complaint = marked(people)
    run_sweep(now=at(9))
    actions.add_note(complaint, actor=people["sho_A"], text="Complainant's phone is switched off.", now=at(10))
    actions.transfer(complaint, actor=people["cell_A"], unit=people["cell_A"].postings.get().unit,
                     reason="District cell takes it over.", now=at(11))
    assert run_sweep(now=at(12)) == NOTHING
    complaint.refresh_from_db()
    assert complaint.contact_breached_at == at(9) and complaint.assignee is None
    entry = DelayEntry.objects.get()
    assert entry.officer == people["sho_A"] and entry.unit.code == "SA1"  # charged to the holder at the time


def test_an_unassigned_complaint_reminds_its_units_office(people):
    complaint = lodge()
    assert run_sweep(now=at(6.5)) == counts(reminded=1)
    # Station SA1's head (the SHO) marks its complaints: he hears of it, not the circle above.
    assert to(people["sho_A"], "contact_due_soon").get().complaint == complaint
    assert not to(people["sdpo_A"], "contact_due_soon").exists()
    run_sweep(now=at(8.5))
    assert DelayEntry.objects.get().officer is None


def test_contact_done_after_the_breach_stops_the_escalation_and_the_clock(people):
    complaint = marked(people)
    run_sweep(now=at(9))
    actions.log_contact(complaint, actor=people["sho_A"], method="visit", outcome="Met at the station.", now=at(12))
    assert run_sweep(now=at(33)) == NOTHING
    complaint.refresh_from_db()
    assert complaint.escalation_level == 0 and complaint.next_escalation_at is None
    entry = DelayEntry.objects.get()
    assert entry.completed_at == at(12) and entry.hours_late(at(500)) == 4


def test_the_ladder_climbs_one_level_at_a_time_up_to_the_top(people):
    theft = SOP.objects.get(category__code="THEFT")
    EscalationStep.objects.bulk_create([EscalationStep(sop=theft, step=2, rank=Rank.DPO, hours_after_breach=48),
                                        EscalationStep(sop=theft, step=3, rank=Rank.RPO, hours_after_breach=96),
                                        EscalationStep(sop=theft, step=4, rank=Rank.IGP, hours_after_breach=120)])
    reference.clear()
    complaint = marked(people)
    run_sweep(now=at(9))
    holders = []
    for hours in (33, 57, 105, 129, 300):
        run_sweep(now=at(hours))
        complaint.refresh_from_db()
        holders.append((complaint.escalation_level, complaint.escalated_to.username))
    # SDPO (circle), DPO (district), then the IGP (no DIG in R1); the IGP is the top: it stays there.
    assert holders == [(1, "sdpo_A"), (2, "dpo_A"), (3, "igp"), (4, "igp"), (4, "igp")]
    assert complaint.events.filter(action="escalate").count() == 4
    assert complaint.events.filter(action="escalate", is_public=True).count() == 3
    assert complaint.next_escalation_at is None

    # A sweep that was stopped for days climbs every step whose time has come at once: one event, one notice.
    late = marked(people)
    run_sweep(now=at(9))
    run_sweep(now=at(110))
    late.refresh_from_db()
    assert (late.escalation_level, late.escalated_to.username) == (3, "igp") and late.next_escalation_at == at(128)
    assert late.events.filter(action="escalate").count() == 1
    assert to(people["sdpo_A"], "escalated_to_you").filter(complaint=late).count() == 0


def test_reopen_starts_a_new_cycle_with_its_own_deadlines(people):
    o = people
    complaint = marked(o)
    run_sweep(now=at(9))  # contact missed in the first cycle
    complaint = actions.log_contact(complaint, actor=o["sho_A"], method="call", outcome="Statement.", now=at(10))
    complaint = actions.log_field_visit(complaint, actor=o["sho_A"], findings="Visited the place.", now=at(11))
    complaint = actions.propose_resolution(complaint, actor=o["sho_A"], resolution="Recovered.", now=at(12))
    complaint = actions.approve_resolution(complaint, actor=o["dpo_A"], now=at(13))
    complaint = actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=False,
                                        comment="Nothing was returned.", now=at(20))
    assert complaint.first_contacted_at is None and complaint.contact_breached_at is None
    assert complaint.contact_due_at == at(28) and complaint.cycle_started_at == at(20)

    assert run_sweep(now=at(26.5)) == counts(reminded=1)
    assert run_sweep(now=at(28.5)) == counts(contact_breaches=1)
    first, second = DelayEntry.objects.order_by("cycle_started_at")
    assert (first.cycle_started_at, first.completed_at, first.unit.code) == (T0, at(10), "SA1")
    assert (second.cycle_started_at, second.officer, second.unit.code) == (at(20), None, "CA")


def test_closed_complaints_are_not_swept(people):
    complaint = marked(people)
    actions.withdraw(complaint, actor=citizen_of(complaint), reason="Settled.", now=at(1))
    assert run_sweep(now=at(100)) == NOTHING


def test_sweep_works_in_small_batches(people):
    for _ in range(7):
        marked(people)
    assert run_sweep(now=at(6.5), batch=2) == counts(reminded=7)
    assert run_sweep(now=at(33), batch=3) == counts(contact_breaches=7, report_breaches=0, escalated=7)
    assert DelayEntry.objects.count() == 7


def test_digest_goes_once_a_day_to_each_supervisor(people):
    marked(people)
    run_sweep(now=at(9))
    assert send_digests(now=at(10)) == 3  # igp, dpo_A, sdpo_A; district B's supervisors have nothing to report
    digest = to(people["dpo_A"], "deadline_digest").get()
    assert (digest.context["pending"], digest.context["overdue"], digest.context["breached_today"]) == (1, 1, 1)
    assert send_digests(now=at(11)) == 0
    assert send_digests(now=at(34)) > 0  # the next day


# -- two workers at once (PostgreSQL) ----------------------------------------

def two_sweeps_at_once(now, batch: int) -> list[dict]:
    """Two sweeps started together in two threads (each its own connection); their counts, none failing."""
    barrier, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            barrier.wait()
            results.append(run_sweep(now=now, batch=batch))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_charge_and_escalate_each_complaint_once():
    force = reachable(build_force())
    o = force.officers
    complaints = [actions.assign(lodge(), actor=o["cell_A"], officer=o["sho_A"], now=at(0.1)) for _ in range(40)]
    results = two_sweeps_at_once(now=at(33), batch=5)
    assert sum(r["contact_breaches"] for r in results) == 40 and sum(r["escalated"] for r in results) == 40
    for complaint in complaints:
        assert DelayEntry.objects.filter(complaint=complaint).count() == 1
        assert complaint.events.filter(action="escalate").count() == 1
    assert OutboxMessage.objects.filter(template="escalated_to_you").count() == 40
    assert set(Complaint.objects.values_list("escalation_level", flat=True)) == {1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalating_complaints_of_several_categories_and_units_never_deadlock():
    """Each escalation locks its complaint's row only: two sweeps taking complaints of the same categories and
    units in different orders never wait on each other, let alone deadlock (each escalation would be logged as
    failed and left for the next sweep)."""
    force = reachable(build_force())
    o = force.officers
    kinds = [category(f"KIND-{n}", parent=force.categories["crime"]) for n in range(4)]
    complaints = [actions.assign(lodge(category=kinds[i % 4].code, unit="SA1" if i % 3 else "SB1"),
                                 actor=o["cell_A" if i % 3 else "cell_B"], officer=o["sho_A" if i % 3 else "sho_B"],
                                 now=at(0.1)) for i in range(40)]
    results = two_sweeps_at_once(now=at(33), batch=5)
    assert sum(r["escalated"] for r in results) == 40
    assert all(c.events.filter(action="escalate").count() == 1 for c in complaints)
