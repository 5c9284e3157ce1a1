"""Appeal (issue 18, part C): a rejection, a merger or a closing without the citizen's confirmation may be
appealed within the SOP's days; it reopens one level above whoever decided, with fresh deadlines, on every
door (the citizen's page after their proof, WhatsApp, the call centre, the front desk), and the dashboards
count appeals and those upheld."""

from datetime import timedelta

import pytest

from shikayat.categories.models import SOP
from shikayat.complaints import actions, appeals, permissions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, TransitionNotAllowed
from shikayat.dashboards.figures import figures
from shikayat.dashboards.rollup import fold_pending
from shikayat.deadlines.models import DelayEntry
from shikayat.deadlines.sweep import run_sweep
from shikayat.jurisdictions.models import Unit

from .factories import complaint_data
from .journey import bring_to, citizen_of
from .test_bot import (
    Chat,
    bot,  # noqa: F401 (fixture)
    reach,
)
from .test_citizen_pages import verify
from .test_rollups import _nonzero, _recounted, _rollup_rows

GROUNDS = "The thief is known to the police and nobody asked him anything."


def closed_unanswered(force, new_complaint, **overrides) -> Complaint:
    """Closed by the DPO of district A without the citizen's answer, after three unanswered call-backs."""
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint, **overrides)
    for _ in range(3):
        complaint = actions.record_feedback_attempt(complaint, actor=force.officers["agent"])
    return actions.close_without_confirmation(complaint, actor=force.officers["dpo_A"], reasons="Never answered.")


def decided(decision: str, force, new_complaint, **overrides) -> Complaint:
    if decision == "closed":
        return closed_unanswered(force, new_complaint, **overrides)
    return bring_to(decision, force, new_complaint, **overrides)


DECISIONS = {Status.REJECTED: "approve_rejection", Status.MERGED: "mark_duplicate",
             "closed": "close_without_confirmation"}


# --- the window ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("decision", DECISIONS)
def test_each_decision_may_be_appealed_within_the_window_one_level_above_whoever_decided(decision, force,
                                                                                          new_complaint):
    # Given a complaint at station SA1, decided by the DPO or the complaint cell of district A
    complaint = decided(decision, force, new_complaint)
    window = actions.appeal_window(complaint)
    assert window.open and window.reason == "" and window.until == complaint.closed_at + timedelta(days=30)
    # When the citizen appeals
    appealed = actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS, channel="web")
    # Then it is reopened in the region above district A, unmarked, no longer closed
    assert appealed.status == Status.REOPENED and appealed.unit.code == "R1"
    assert appealed.unit_path == Unit.objects.get(code="R1").path
    assert appealed.assignee is None and appealed.closed_at is None and appealed.duplicate_of is None
    event = appealed.events.get(action="appeal")
    assert event.is_public and event.note == GROUNDS and event.data["credential"] == "otp"
    assert {k: event.data[k] for k in ("unit", "unit_id", "grounds", "decided_by_action", "via", "from_unit",
                                       "to_unit")} == {
        "unit": "R1", "unit_id": appealed.unit_id, "grounds": GROUNDS, "decided_by_action": DECISIONS[decision],
        "via": "appeal", "from_unit": "SA1", "to_unit": "R1"}
    assert event.from_status == complaint.status and event.to_status == Status.REOPENED


def test_the_appeal_is_refused_after_the_window(force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    SOP.objects.filter(category__code="THEFT").update(appeal_days=10)
    complaint = Complaint.objects.get(pk=complaint.pk)  # as the next request reads it (not the cached SOP)
    late = complaint.closed_at + timedelta(days=10, minutes=1)
    window = actions.appeal_window(complaint, late)
    assert not window.open and window.until == complaint.closed_at + timedelta(days=10)
    assert "The time to appeal ended on" in window.reason
    events = complaint.events.count()
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS, now=late)
    assert refused.value.code == "appeal_window_closed" and "The time to appeal ended on" in refused.value.message
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED and complaint.events.count() == events
    # A minute earlier it was still open.
    assert actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS,
                          now=late - timedelta(minutes=2)).status == Status.REOPENED


def test_a_closing_the_citizen_confirmed_is_not_appealed(force, new_complaint):
    complaint = bring_to(Status.CLOSED, force, new_complaint)  # the citizen said they were satisfied
    window = actions.appeal_window(complaint)
    assert not window.open and window.until is None and "you were satisfied" in window.reason
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS)
    assert refused.value.code == "appeal_not_possible"


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.WITHDRAWN, Status.AWAITING_FEEDBACK])
def test_nothing_else_is_appealed(status, force, new_complaint):
    complaint = bring_to(status, force, new_complaint)
    assert not actions.appeal_window(complaint).open
    with pytest.raises(TransitionNotAllowed):
        actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS)


def test_grounds_are_required(force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    with pytest.raises(InvalidInput) as refused:
        actions.appeal(complaint, actor=citizen_of(complaint), grounds="   ")
    assert refused.value.fields == {"grounds": ["Please say why you appeal against the decision."]}


# --- where it goes -----------------------------------------------------------------------------------------------

def test_decided_at_the_circle_it_goes_to_the_district(force, new_complaint):
    o = force.officers
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    complaint = actions.request_rejection(complaint, actor=o["sho_A"], reason="civil_matter", explanation="Rent.")
    complaint = actions.approve_rejection(complaint, actor=o["sdpo_A"])  # supervisor of circle CA
    assert actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS).unit.code == "DA"


def test_without_the_deciders_posting_it_goes_above_the_complaints_unit(force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    force.officers["dpo_A"].postings.all().delete()  # the decider has left the force's postings
    appealed = actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS)
    assert appealed.unit.code == "CA"  # above station SA1, where the complaint was


def test_an_inactive_unit_above_is_passed_over_and_the_top_stays_the_top(force, new_complaint):
    Unit.objects.filter(code="R1").update(is_active=False)
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    assert actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS).unit.code == "PB"
    # Merged by the province's own complaint cell: nothing is above the top, the appeal stays there.
    original, other = new_complaint(), new_complaint()
    other = actions.log_contact(other, actor=force.officers["cpo_cell"], method="call", outcome="Spoke to him.")
    other = actions.mark_duplicate(other, actor=force.officers["cpo_cell"], original_etag=original.etag)
    assert actions.appeal(other, actor=citizen_of(other), grounds=GROUNDS).unit.code == "PB"


def test_against_police_the_appeal_never_lands_on_a_barred_unit(force):
    o = force.officers
    # Against the SHO of SA1: SA1 and the circle above it (accused_chain_levels=1) are barred.
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="AGAINST-POLICE", unit="SA1", accused=[{"officer": "sho_A"}],
        description="The SHO of the station took Rs 5000 and still refused to register my FIR."))
    barred = {bar.path for bar in permissions.handling_rules("against_police").bars(complaint)}
    assert Unit.objects.get(code="CA").path in barred
    # Climbing from the accused's station passes over the barred circle.
    assert appeals.unit_above(complaint, Unit.objects.get(code="SA1")).code == "DA"
    complaint = actions.log_contact(complaint, actor=o["igp"], method="call", outcome="Spoke to the complainant.")
    complaint = actions.request_rejection(complaint, actor=o["igp"], reason="false_or_frivolous",
                                          explanation="The register shows the FIR was registered.")
    complaint = actions.approve_rejection(complaint, actor=o["dpo_A"])
    appealed = actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS)
    assert appealed.unit.code == "R1" and appealed.status == Status.REOPENED
    assert not permissions.can_view(o["sho_A"], appealed)  # the accused still never sees it


# --- fresh deadlines ---------------------------------------------------------------------------------------------

def test_the_appeal_starts_a_new_cycle_with_fresh_deadlines(force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    at = complaint.closed_at + timedelta(days=3)
    appealed = actions.appeal(complaint, actor=citizen_of(complaint), grounds=GROUNDS, now=at)
    # THEFT's SOP: contact within 8 hours, report within 72, counted from the appeal.
    assert appealed.cycle_started_at == appealed.appealed_at == at
    assert appealed.contact_due_at == at + timedelta(hours=8) and appealed.report_due_at == at + timedelta(hours=72)
    assert appealed.first_contacted_at is None and appealed.resolution_proposed_at is None
    assert appealed.contact_breached_at is None and appealed.escalation_level == 0
    # The sweep watches the new cycle: missed contact is charged to the region that now holds it.
    run_sweep(now=at + timedelta(hours=8, minutes=5))
    entry = DelayEntry.objects.get(cycle_started_at=at, stage="contact")
    assert entry.due_at == at + timedelta(hours=8) and entry.unit.code == "R1"


# --- the doors ---------------------------------------------------------------------------------------------------

def test_the_citizens_page_offers_the_appeal_after_their_proof(client, force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    client.post("/track/", {"etag": complaint.etag, "mobile": "03001234567"})
    page = client.get(f"/track/{complaint.etag}/").content.decode()
    assert 'id="appeal"' in page and "Verify your mobile number to appeal" in page and 'name="grounds"' not in page
    # Without the proof, posting does nothing but send them to verify.
    refused = client.post(f"/track/{complaint.etag}/appeal/", {"grounds": GROUNDS})
    assert "/verify/" in refused["Location"]
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED

    verify(client, next_url=f"/track/{complaint.etag}/")
    assert 'name="grounds"' in client.get(f"/track/{complaint.etag}/").content.decode()
    response = client.post(f"/track/{complaint.etag}/appeal/", {"grounds": GROUNDS}, follow=True)
    assert "Your appeal has been recorded. Your complaint is now with R1." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "R1"
    event = complaint.events.get(action="appeal")
    assert event.channel == "web" and event.data["credential"] == "otp"


def test_the_citizens_page_says_when_the_time_to_appeal_ended(client, force, new_complaint):
    complaint = bring_to(Status.MERGED, force, new_complaint)
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=clock.now() - timedelta(days=31))
    verify(client, next_url=f"/track/{complaint.etag}/")
    page = client.get(f"/track/{complaint.etag}/").content.decode()
    assert 'id="appeal"' not in page and "The time to appeal ended on" in page
    client.post(f"/track/{complaint.etag}/appeal/", {"grounds": GROUNDS})
    complaint.refresh_from_db()
    assert complaint.status == Status.MERGED


def test_an_appeal_on_whatsapp(bot, new_complaint):  # noqa: F811
    complaint = closed_unanswered(bot, new_complaint, mobile="03001234567")
    chat = Chat()
    reach(chat, "status:etag")
    [status] = chat.say(complaint.etag_display)
    assert "You may appeal this decision to a senior officer until" in status.context["text"]
    assert chat.state == "appeal:offer"
    [ask] = chat.tap("appeal:yes")
    assert chat.state == "appeal:grounds"
    [short] = chat.say("bad")
    assert "at least 10 characters" in short.context["text"] and chat.state == "appeal:grounds"
    [done] = chat.say(GROUNDS)
    assert "Your appeal is recorded" in done.context["text"] and "R1" in done.context["text"]
    assert chat.state == "menu"
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "R1"
    event = complaint.events.get(action="appeal")
    assert event.channel == "whatsapp" and event.data["credential"] == "whatsapp" and event.note == GROUNDS


def test_whatsapp_offers_no_appeal_on_a_typed_number_or_after_a_satisfied_close(bot, new_complaint):  # noqa: F811
    rejected = bring_to(Status.REJECTED, bot, new_complaint, mobile="03001234567")
    satisfied = bring_to(Status.CLOSED, bot, new_complaint, mobile="03001234567")
    typed = Chat(wa_id="PK.77", phone="")
    typed.start()
    typed.say("2")  # Complaint status
    typed.say("03001234567")
    [status] = typed.say(rejected.etag_display)
    assert "appeal" not in status.context["text"] and typed.state == "menu"
    chat = Chat()
    reach(chat, "status:etag")
    [closed] = chat.say(satisfied.etag_display)
    assert "appeal" not in closed.context["text"] and chat.state == "menu"


def test_the_call_centre_records_the_callers_appeal(client, force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    client.force_login(force.officers["agent"])
    page = client.get("/officer/call-centre/", {"etag": complaint.etag}).content.decode()
    assert 'id="caller-appeal"' in page
    response = client.post(f"/officer/call-centre/appeal/{complaint.etag}/", {"grounds": GROUNDS})
    assert response.status_code == 302 and response["Location"] == f"/officer/call-centre/?etag={complaint.etag}"
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "R1"
    event = complaint.events.get(action="appeal")
    assert event.channel == "call_centre" and event.actor == force.officers["agent"]
    assert event.actor_role == "call_centre"
    page = client.get(response["Location"]).content.decode()
    assert "the caller&#x27;s appeal is recorded" in page and 'id="caller-appeal"' not in page


def test_the_call_centre_is_told_when_the_window_has_passed(client, force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=clock.now() - timedelta(days=40))
    client.force_login(force.officers["agent"])
    page = client.get("/officer/call-centre/", {"etag": complaint.etag}).content.decode()
    assert 'id="caller-appeal"' not in page and "The time to appeal ended on" in page
    response = client.post(f"/officer/call-centre/appeal/{complaint.etag}/", {"grounds": GROUNDS}, follow=True)
    assert "The time to appeal ended on" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED


def test_the_front_desk_appeals_for_a_walk_in_from_the_complaint_page(client, force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    client.force_login(force.officers["desk_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "Appeal to the level above" in page
    client.post(f"/officer/complaints/{complaint.etag}/actions/appeal/", {"grounds": GROUNDS})
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "R1"
    assert complaint.events.get(action="appeal").actor == force.officers["desk_A"]


def test_officers_who_decide_are_not_offered_the_appeal(client, force, new_complaint):
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    client.force_login(force.officers["dpo_A"])
    assert "Appeal to the level above" not in client.get(f"/officer/complaints/{complaint.etag}/").content.decode()


# --- dashboards --------------------------------------------------------------------------------------------------

def resolve_again(complaint: Complaint, force, *, satisfied: bool = True) -> Complaint:
    """The region's cell marks the appealed complaint to the SDPO, who resolves it; the citizen answers."""
    o = force.officers
    c = actions.assign(complaint, actor=o["cpo_cell"], officer=o["sdpo_A"])
    c = actions.log_contact(c, actor=o["sdpo_A"], method="visit", outcome="Met the complainant again.")
    c = actions.log_field_visit(c, actor=o["sdpo_A"], findings="The suspect was questioned.")
    c = actions.propose_resolution(c, actor=o["sdpo_A"], resolution="Motorcycle recovered from the suspect.")
    c = actions.approve_resolution(c, actor=o["igp"])
    if satisfied:
        return actions.record_feedback(c, actor=citizen_of(c), satisfied=True, rating=5)
    for _ in range(3):
        c = actions.record_feedback_attempt(c, actor=o["agent"])
    return actions.close_without_confirmation(c, actor=o["igp"], reasons="Unreachable again.")


def test_the_dashboards_count_appeals_and_those_upheld(client, force, new_complaint):
    first = bring_to(Status.REJECTED, force, new_complaint)
    first = actions.appeal(first, actor=citizen_of(first), grounds=GROUNDS)
    upheld = resolve_again(first, force, satisfied=True)
    second = closed_unanswered(force, new_complaint)
    second = actions.appeal(second, actor=citizen_of(second), grounds=GROUNDS)
    not_upheld = resolve_again(second, force, satisfied=False)
    assert upheld.status == not_upheld.status == Status.CLOSED
    fold_pending()
    pb = figures(force.units["pb"], now=clock.now())
    assert pb.totals["appeals"] == 2 and pb.totals["appeals_upheld"] == 1 and pb.upheld_rate == 50.0
    assert figures(force.units["r1"], now=clock.now()).totals["appeals"] == 2  # counted where the appeal went
    # The incremental counts equal a recount from the timeline.
    got, expected = _rollup_rows(), _recounted()
    for model in got:
        assert _nonzero(got[model]) == _nonzero(expected[model]), model.__name__
    client.force_login(force.officers["igp"])
    page = client.get("/officer/dashboard/").content.decode()
    assert 'id="fig-appeals">2<' in page and 'id="fig-appeals-upheld">1 (50.0%)<' in page

