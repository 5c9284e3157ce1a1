"""The investigation stage after an FIR (shikayat/deadlines/investigation.py): linking an FIR starts it with the
SOP's deadline, the deadline sweep reminds the holder, marks a missed deadline once, charges the delay ledger and
escalates; the challan or final report (with its number and date) ends it, and is refused without them. Officers
and the complainant see it on their pages. Time is passed in (explicit `now=`)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from shikayat.categories.models import SOP
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput, TransitionNotAllowed
from shikayat.core.refcache import reference
from shikayat.deadlines.investigation import submit_final_report
from shikayat.deadlines.models import DelayEntry, Investigation
from shikayat.deadlines.sweep import run_sweep
from shikayat.notifications.models import OutboxMessage
from shikayat.updates import wording

from .clients import signed_in
from .factories import category, complaint_data

T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)
DAYS = 3


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def people(force):
    for i, officer in enumerate(force.officers.values()):
        officer.mobile = f"+92300{i:07d}"
        officer.save()
    # Contact and report windows far beyond the test's days: only the investigation's deadline falls due.
    category("CASE", contact_hours=24 * 365, report_hours=24 * 365, investigation_days=DAYS)
    reference.clear()
    return force.officers


def with_fir(people, hours: float = 1, officer: str = "sho_A") -> Complaint:
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(category="CASE"), now=at(0))
    complaint = actions.assign(complaint, actor=people["cell_A"], officer=people[officer], now=at(0.5))
    return actions.link_fir(complaint, actor=people[officer], fir_number="512/2026", police_station="Civil Lines",
                            now=at(hours))


def running(complaint) -> Investigation:
    return Investigation.objects.get(complaint=complaint, ended_at__isnull=True)


def to(officer, template: str):
    return OutboxMessage.objects.filter(recipient=officer.mobile, template=template)


# -- starting ---------------------------------------------------------------------------------------------------

def test_linking_an_fir_starts_the_investigation_with_the_sops_deadline(people):
    complaint = with_fir(people, hours=1)

    found = running(complaint)
    assert found.fir_number == "512/2026" and found.started_at == at(1)
    assert found.due_at == at(1) + timedelta(days=DAYS)
    event = ComplaintEvent.objects.get(complaint=complaint, action="link_fir")
    assert event.data["investigation_due"] == found.due_at.isoformat()


def test_a_corrected_fir_number_keeps_the_running_investigation_and_its_deadline(people):
    complaint = with_fir(people, hours=1)
    due = running(complaint).due_at

    actions.link_fir(complaint, actor=people["sho_A"], fir_number="513/2026", now=at(30))

    assert Investigation.objects.filter(complaint=complaint).count() == 1
    assert running(complaint).due_at == due and running(complaint).fir_number == "513/2026"


def test_the_deadline_is_the_sops_and_editable(people):
    SOP.objects.filter(category__code="CASE").update(investigation_days=30)
    reference.clear()
    complaint = with_fir(people, hours=2)
    assert running(complaint).due_at == at(2) + timedelta(days=30)


# -- the sweep: reminder, breach → ledger → escalation -----------------------------------------------------------

def test_the_holder_is_reminded_once_before_the_deadline(people):
    complaint = with_fir(people)
    due = running(complaint).due_at

    assert run_sweep(now=due - timedelta(hours=3))["reminded"] == 0  # the lead is 2 hours
    assert run_sweep(now=due - timedelta(hours=1))["reminded"] == 1
    assert run_sweep(now=due - timedelta(minutes=30))["reminded"] == 0  # once

    reminders = to(people["sho_A"], "investigation_due_soon")
    assert reminders.count() == 1 and reminders.get().complaint_id == complaint.pk
    assert running(complaint).reminded_at == due - timedelta(hours=1)


def test_a_missed_deadline_is_charged_once_and_escalated(people):
    complaint = with_fir(people)
    due = running(complaint).due_at

    assert run_sweep(now=due - timedelta(minutes=1))["investigation_breaches"] == 0
    result = run_sweep(now=due + timedelta(minutes=1))
    assert result["investigation_breaches"] == 1 and result["contact_breaches"] == result["report_breaches"] == 0
    assert run_sweep(now=due + timedelta(minutes=2))["investigation_breaches"] == 0  # once

    entry = DelayEntry.objects.get(complaint=complaint)
    assert (entry.stage, entry.officer, entry.unit_id) == ("investigation", people["sho_A"], complaint.unit_id)
    assert entry.due_at == due and entry.cycle_started_at == at(1) and entry.completed_at is None
    complaint.refresh_from_db()
    assert complaint.escalation_level == 1 and complaint.escalated_to == people["sdpo_A"]
    escalation = ComplaintEvent.objects.get(complaint=complaint, action="escalate")
    assert escalation.data["stage"] == "investigation"
    assert "investigation of your case was not completed in time" in wording.line(escalation, complaint, "en").text
    assert to(people["sdpo_A"], "escalated_to_you").count() == 1


def test_an_investigation_ended_in_time_is_never_charged(people):
    complaint = with_fir(people)
    due = running(complaint).due_at
    submit_final_report(complaint, actor=people["sho_A"], kind="challan", number="CH-77/2026",
                        report_date=date(2026, 11, 3), now=at(30))

    result = run_sweep(now=due + timedelta(hours=1))
    assert result["investigation_breaches"] == 0 and result["reminded"] == 0
    assert not DelayEntry.objects.filter(complaint=complaint).exists()


# -- ending it ---------------------------------------------------------------------------------------------------

def test_the_final_report_ends_the_investigation_and_the_ledger_stops(people):
    complaint = with_fir(people)
    due = running(complaint).due_at
    run_sweep(now=due + timedelta(minutes=1))

    submit_final_report(complaint, actor=people["sho_A"], kind="final_report", number="FR-12", report_date="05/11/2026",
                        note="Accused untraced.", now=due + timedelta(hours=5))

    ended = Investigation.objects.get(complaint=complaint)
    assert ended.ended_at == due + timedelta(hours=5) and ended.ended_by == people["sho_A"]
    assert (ended.report_kind, ended.report_number, ended.report_date) == ("final_report", "FR-12", date(2026, 11, 5))
    assert DelayEntry.objects.get(complaint=complaint).completed_at == due + timedelta(hours=5)
    event = ComplaintEvent.objects.get(complaint=complaint, action="submit_final_report")
    assert event.is_public and event.data["late"] is True
    assert "final report number FR-12 to the court on 05/11/2026" in wording.line(event, complaint, "en").text
    with pytest.raises(TransitionNotAllowed):  # nothing is running any more
        submit_final_report(complaint, actor=people["sho_A"], kind="challan", number="CH-1",
                            report_date="2026-11-05", now=due + timedelta(hours=6))


@pytest.mark.parametrize("kind, number, report_date, field", [
    ("", "CH-1", "2026-11-03", "kind"),
    ("verdict", "CH-1", "2026-11-03", "kind"),
    ("challan", "  ", "2026-11-03", "number"),
    ("challan", "x" * 41, "2026-11-03", "number"),
    ("challan", "CH-1", "", "date"),
    ("challan", "CH-1", "31/02/2026", "date"),
    ("challan", "CH-1", "2027-01-01", "date"),  # in the future
])
def test_the_final_report_is_refused_without_its_fields(people, kind, number, report_date, field):
    complaint = with_fir(people)

    with pytest.raises(InvalidInput) as refused:
        submit_final_report(complaint, actor=people["sho_A"], kind=kind, number=number, report_date=report_date,
                            now=at(30))

    assert field in refused.value.fields and all(str(m) for m in refused.value.fields[field])
    assert running(complaint).report_number == ""  # still running, nothing written
    assert not ComplaintEvent.objects.filter(complaint=complaint, action="submit_final_report").exists()


def test_without_an_fir_there_is_no_investigation_to_end(people):
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(category="CASE"), now=at(0))
    complaint = actions.assign(complaint, actor=people["cell_A"], officer=people["sho_A"], now=at(0.5))
    with pytest.raises(TransitionNotAllowed):
        submit_final_report(complaint, actor=people["sho_A"], kind="challan", number="CH-1",
                            report_date="2026-11-02", now=at(2))


# -- the pages ---------------------------------------------------------------------------------------------------

def test_the_officer_page_shows_the_stage_and_refuses_an_empty_report(people):
    complaint = with_fir(people, hours=0.8)  # before now: the page counts from the real clock
    Investigation.objects.filter(complaint=complaint).update(due_at=datetime.now(UTC) + timedelta(days=2, hours=1))
    client = signed_in(people["sho_A"])

    html = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert 'id="investigation"' in html and "512/2026" in html and "2 d" in html and "left" in html
    assert 'id="action-submit_final_report"' in html

    refused = client.post(f"/officer/complaints/{complaint.etag}/actions/submit_final_report/",
                          {"kind": "challan", "number": "", "date": ""})
    assert refused.status_code == 400
    assert running(complaint).ended_at is None

    done = client.post(f"/officer/complaints/{complaint.etag}/actions/submit_final_report/",
                       {"kind": "challan", "number": "CH-9/2026", "date": "02/11/2026"})
    assert done.status_code == 302
    assert Investigation.objects.get(complaint=complaint).report_number == "CH-9/2026"


def test_the_citizen_sees_the_stage_in_their_words(people):
    complaint = with_fir(people)
    client = Client()
    client.post("/track/", {"etag": complaint.etag_display, "mobile": "03001234567"})

    html = client.get(f"/track/{complaint.etag}/").content.decode()
    assert 'id="investigation"' in html
    assert "The police must complete the investigation of your case (FIR 512/2026)" in html

    submit_final_report(complaint, actor=people["sho_A"], kind="challan", number="CH-9/2026",
                        report_date="2026-11-02", now=at(5))
    html = client.get(f"/track/{complaint.etag}/").content.decode()
    assert "The investigation of your case (FIR 512/2026) is complete" in html and "Challan" in html
