"""The call-centre console and the police-station front desk: registering
complaints taken by telephone, at the counter and by post, status queries,
the feedback call-back queue and the printable acknowledgement slip."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.workflow import Status
from shikayat.notifications.models import OutboxMessage
from shikayat.web import desk_views

from .journey import bring_to

PDF = b"%PDF-1.4\n" + b"0" * 64
CONSOLE = "/officer/call-centre/"
QUEUE = "/officer/call-centre/callbacks/"
DESK = "/officer/front-desk/"


def phoned_in(**overrides) -> dict:
    data = {"submission": "c0ffee01", "mobile": "0300 1234567", "name": "Ali Raza", "language": "ur",
            "category": "THEFT", "unit": "SA1", "incident_address": "Near the grain market",
            "description": "My motorcycle was stolen from outside the mosque."}
    data.update(overrides)
    return data


def at_the_desk(**overrides) -> dict:
    data = {**phoned_in(submission="d35c0001", language="en"), "channel": "front_desk", "email": "", "id_number": "",
            "address": "House 4, Street 9", "incident_at": ""}
    data.update(overrides)
    return data


@pytest.fixture
def agent(client, force):
    client.force_login(force.officers["agent"])
    return client


def queue_page(client) -> str:
    response = client.get(QUEUE)
    assert response.status_code == 200
    return response.content.decode()


# --- call-centre console -----------------------------------------------------------------------------------------

def test_agent_registers_a_phoned_in_complaint_and_reads_out_the_etag(agent, force):
    response = agent.post(f"{CONSOLE}register/", phoned_in())
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{CONSOLE}registered/{complaint.etag}/"
    page = agent.get(response["Location"]).content.decode()
    assert complaint.etag_display in page and desk_views.spelled(complaint.etag) in page
    assert f"{complaint.etag[0]}-{complaint.etag[1]}-{complaint.etag[2]}-{complaint.etag[3]} · " in page
    assert "within 8 hours" in page
    assert complaint.channel == "call_centre" and complaint.language == "ur"
    assert complaint.complainant_mobile == "+923001234567" and complaint.incident_unit.code == "SA1"
    assert ComplaintEvent.objects.get(complaint=complaint, action="register").actor == force.officers["agent"]
    ack = OutboxMessage.objects.get(template="complaint_registered", channel="sms")
    assert ack.recipient == "+923001234567" and ack.language == "ur"


def test_a_second_click_registers_one_complaint(agent):
    first = agent.post(f"{CONSOLE}register/", phoned_in())
    second = agent.post(f"{CONSOLE}register/", phoned_in())
    assert Complaint.objects.count() == 1 and first["Location"] == second["Location"]


@pytest.mark.parametrize("overrides, expected", [
    ({"mobile": "12345"}, "“12345” is not a valid mobile number"),
    ({"description": "", "name": ""}, "Please describe what happened"),
    ({"category": ""}, "Please choose what the complaint is about."),
    ({"anonymous": "on"}, "cannot be anonymous"),
])
def test_bad_input_on_the_console_is_explained_kept_and_nothing_written(agent, overrides, expected):
    response = agent.post(f"{CONSOLE}register/", phoned_in(incident_address="Gali 7, Mohalla Islampura",
                                                           **overrides))
    page = response.content.decode()
    assert response.status_code == 400 and expected in page
    assert "Nothing has been registered yet" in page
    assert 'value="Gali 7, Mohalla Islampura"' in page  # what the agent typed stays
    if "mobile" in overrides:
        assert 'value="12345"' in page
    assert Complaint.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_missing_fields_are_reported_together(agent):
    response = agent.post(f"{CONSOLE}register/", phoned_in(mobile="", name="", description="short"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_mobile_error"' in page and 'id="id_name_error"' in page
    assert "Please give the complainant" in page and "at least 10 characters" in page
    assert "short</textarea>" in page
    assert Complaint.objects.count() == 0


def test_lookup_shows_the_callers_complaints_in_scope_newest_first(client, force, new_complaint):
    older = new_complaint(unit="SA1")
    newer = new_complaint(unit="SA2")
    other_district = new_complaint(unit="SB1")
    someone_else = new_complaint(mobile="03211234567")
    client.force_login(force.officers["cell_A"])  # the complaint cell of district A may use the console
    response = client.get(CONSOLE, {"mobile": "+92 300 1234567"})
    page = response.content.decode()
    assert response.status_code == 200 and "Complaints from +923001234567" in page
    assert newer.etag_display in page and older.etag_display in page
    assert page.index(newer.etag_display) < page.index(older.etag_display)
    assert other_district.etag_display not in page and someone_else.etag_display not in page
    assert f'href="/officer/complaints/{newer.etag}/"' in page
    assert 'name="mobile" value="+923001234567"' in page  # the register form is prefilled


def test_lookup_hides_what_the_agent_may_not_see(agent, new_complaint):
    confidential = new_complaint(category="HARASSMENT")
    page = agent.get(CONSOLE, {"mobile": "03001234567"}).content.decode()
    assert "No complaint from this number in your jurisdiction." in page
    assert confidential.etag_display not in page


def test_lookup_with_a_bad_number_explains_and_keeps_it(agent):
    response = agent.get(CONSOLE, {"mobile": "0300-12"})
    page = response.content.decode()
    assert response.status_code == 400 and "“0300-12” is not a valid mobile number" in page
    assert 'value="0300-12"' in page and "Complaints from" not in page


def test_status_query_reads_out_status_and_timeline(agent, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    page = agent.get(CONSOLE, {"etag": complaint.etag_display.lower()}).content.decode()
    assert "In progress" in page and "Sa1" in page and "Sho_A" in page
    assert "Mark to officer" in page and "Log contact with complainant" in page
    assert "Contact due by" in page and "Report due by" in page


def test_status_query_with_a_typing_mistake_explains_and_keeps_it(agent, new_complaint):
    complaint = new_complaint()
    wrong_check = complaint.etag[:7] + next(ch for ch in etags.ALPHABET if ch != complaint.etag[7])
    response = agent.get(CONSOLE, {"etag": wrong_check})
    page = response.content.decode()
    assert response.status_code == 400 and "This E-tag has a typing mistake" in page
    assert f'value="{wrong_check}"' in page


def test_status_query_is_scoped(client, force, new_complaint):
    complaint = new_complaint(unit="SB1")
    client.force_login(force.officers["cell_A"])
    response = client.get(CONSOLE, {"etag": complaint.etag})
    assert response.status_code == 400
    assert f"No complaint with E-tag {complaint.etag_display} in your jurisdiction." in response.content.decode()


def test_only_call_centre_and_complaint_cell_may_use_the_console(client, force):
    client.force_login(force.officers["desk_A"])
    response = client.get(CONSOLE)
    assert response.status_code == 403 and "call-centre console is for call-centre agents" in response.content.decode()
    assert client.post(f"{CONSOLE}register/", phoned_in()).status_code == 403
    assert client.get(QUEUE).status_code == 403
    assert Complaint.objects.count() == 0
    client.force_login(force.officers["sho_A"])
    assert client.get(CONSOLE).status_code == 403


def test_console_needs_sign_in(client, force):
    assert "/officer/login/" in client.get(CONSOLE)["Location"]


def test_nav_offers_the_desks_to_those_who_may_use_them(client, force):
    client.force_login(force.officers["agent"])
    page = client.get(CONSOLE).content.decode()
    assert 'href="/officer/call-centre/"' in page and 'href="/officer/front-desk/"' not in page
    client.force_login(force.officers["cell_A"])
    page = client.get(CONSOLE).content.decode()
    assert 'href="/officer/call-centre/"' in page and 'href="/officer/front-desk/"' in page


# --- feedback call-back queue ------------------------------------------------------------------------------------

def test_queue_lists_complaints_awaiting_feedback_with_the_full_mobile(agent, force, new_complaint):
    waiting = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint, name="Bilal Ahmed")
    working = bring_to(Status.IN_PROGRESS, force, new_complaint, name="Other Person")
    page = queue_page(agent)
    assert waiting.etag_display in page and working.etag_display not in page
    assert "Bilal Ahmed" in page and 'href="tel:+923001234567"' in page
    assert "Accused traced; property recovered." in page
    assert 'class="attempts">0<' in page


def test_satisfied_closes_with_the_rating(agent, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    response = agent.post(f"{QUEUE}{complaint.etag}/satisfied/", {"rating": "4", "note": "Bike returned."})
    assert response.status_code == 302 and response["Location"] == QUEUE
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 4
    event = complaint.events.get(action="confirm_satisfied")
    assert event.channel == "call_centre" and event.actor == force.officers["agent"]
    page = queue_page(agent)
    assert "the caller is satisfied (rating 4); the complaint is closed." in page
    assert f'id="cb-{complaint.etag}"' not in page


def test_satisfied_needs_a_rating(agent, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    events = complaint.events.count()
    response = agent.post(f"{QUEUE}{complaint.etag}/satisfied/", {"rating": "", "note": "Happy now."})
    page = response.content.decode()
    assert response.status_code == 400 and "Please record the caller&#x27;s rating from 1 to 5." in page
    assert 'value="Happy now."' in page
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK and complaint.events.count() == events


def test_not_satisfied_needs_a_reason_and_reopens(agent, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    refused = agent.post(f"{QUEUE}{complaint.etag}/not_satisfied/", {"reason": "  "})
    assert refused.status_code == 400 and "Please record why the caller is not satisfied." in refused.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK

    response = agent.post(f"{QUEUE}{complaint.etag}/not_satisfied/", {"reason": "The bike is still missing."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.unit.code == "CA"
    assert complaint.events.get(action="reopen").note == "The bike is still missing."
    page = queue_page(agent)
    assert "the complaint is reopened and sent to Ca." in page and f'id="cb-{complaint.etag}"' not in page


def test_unreachable_counts_the_attempt_and_moves_it_down_the_queue(agent, force, new_complaint):
    first = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    second = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    page = queue_page(agent)
    assert page.index(f"cb-{first.etag}") < page.index(f"cb-{second.etag}")  # oldest first

    response = agent.post(f"{QUEUE}{first.etag}/unreachable/", {"note": "Phone switched off."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.AWAITING_FEEDBACK and first.feedback_attempts == 1
    assert first.events.get(action="record_feedback_attempt").note == "Phone switched off."
    page = queue_page(agent)
    assert "could not reach the caller; attempt 1 recorded." in page
    assert page.index(f"cb-{second.etag}") < page.index(f"cb-{first.etag}")  # fewest attempts first
    assert 'class="attempts">1<' in page


def test_queue_pages_by_keyset(agent, force, new_complaint, monkeypatch):
    monkeypatch.setattr(desk_views, "QUEUE_PAGE", 2)
    waiting = [bring_to(Status.AWAITING_FEEDBACK, force, new_complaint) for _ in range(3)]
    page = queue_page(agent)
    assert all(c.etag_display in page for c in waiting[:2]) and waiting[2].etag_display not in page
    cursor = page.split('href="?after=')[1].split('"')[0]
    second = agent.get(f"{QUEUE}?after={cursor}").content.decode()
    assert waiting[2].etag_display in second and waiting[0].etag_display not in second
    assert 'rel="next"' not in second
    refused = agent.get(f"{QUEUE}?after=not-a-cursor")
    assert refused.status_code == 400 and "after" in refused.context["errors"]


def test_queue_reads_do_not_grow_with_its_rows(agent, force, new_complaint):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            queue_page(agent)
        return len(captured)

    bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    queue_page(agent)  # the session's first request also saves it
    one = queries()
    for _ in range(3):
        bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    assert queries() == one <= 6


def test_queue_is_scoped_and_actions_outside_it_are_404(client, force, new_complaint):
    theirs = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    client.force_login(force.officers["cell_B"])
    assert theirs.etag_display not in queue_page(client)
    assert client.post(f"{QUEUE}{theirs.etag}/unreachable/", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.feedback_attempts == 0


def test_recording_on_a_complaint_no_longer_waiting_explains(agent, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    response = agent.post(f"{QUEUE}{complaint.etag}/unreachable/", {}, follow=True)
    assert "is not possible while the complaint is" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.feedback_attempts == 0


# --- front desk and the acknowledgement slip ---------------------------------------------------------------------

def test_front_desk_form_defaults_to_the_officers_station(client, force):
    client.force_login(force.officers["desk_A"])
    page = client.get(DESK).content.decode()
    assert '<option value="SA1" selected>' in page


def test_front_desk_registers_with_a_scan_and_prints_the_slip(client, force):
    client.force_login(force.officers["desk_A"])
    scans = [SimpleUploadedFile("page1.pdf", PDF), SimpleUploadedFile("page2.pdf", PDF)]
    response = client.post(DESK, {**at_the_desk(), "attachments": scans})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{DESK}slip/{complaint.etag}/"
    assert complaint.channel == "front_desk" and complaint.attachments.count() == 2
    assert complaint.events.get(action="register").actor == force.officers["desk_A"]
    assert OutboxMessage.objects.filter(template="complaint_registered").exists()

    slip = client.get(response["Location"]).content.decode()
    assert complaint.etag_display in slip and "Ali Raza" in slip and "Theft" in slip
    assert "http://127.0.0.1:8000/track/" in slip and "/track/link/" in slip
    assert "<svg" in slip and 'data-print' in slip and "within 8 hours" in slip


def test_slip_is_printed_in_the_complainants_language(client, force):
    client.force_login(force.officers["desk_A"])
    client.post(DESK, at_the_desk(language="ur"))
    complaint = Complaint.objects.get()
    page = client.get(f"{DESK}slip/{complaint.etag}/").content.decode()
    assert '<html lang="en" dir="ltr">' in page  # the officer's own pages stay in their language
    assert '<article class="slip card" lang="ur" dir="rtl">' in page


def test_a_postal_letter_needs_its_scan(client, force):
    client.force_login(force.officers["desk_A"])
    response = client.post(DESK, at_the_desk(channel="post", description=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "A scan of the letter is required for a complaint received by post." in page
    assert "Please describe what happened" in page  # every problem at once
    assert 'value="House 4, Street 9"' in page
    assert Complaint.objects.count() == 0 and OutboxMessage.objects.count() == 0

    response = client.post(DESK, {**at_the_desk(channel="post"), "attachments": SimpleUploadedFile("l.pdf", PDF)})
    assert response.status_code == 302
    assert Complaint.objects.get().channel == "post"


def test_a_bad_file_refuses_the_whole_complaint(client, force):
    client.force_login(force.officers["desk_A"])
    response = client.post(DESK, {**at_the_desk(), "attachments": SimpleUploadedFile("x.exe", b"MZ" + b"0" * 64)})
    assert response.status_code == 400 and "choose them again" in response.content.decode()
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


def test_slip_is_only_for_officers_who_may_view_the_complaint(client, force):
    client.force_login(force.officers["desk_A"])
    client.post(DESK, at_the_desk())
    complaint = Complaint.objects.get()
    slip = f"{DESK}slip/{complaint.etag}/"
    client.force_login(force.officers["desk_B"])
    assert client.get(slip).status_code == 404
    client.force_login(force.officers["cell_B"])
    assert client.get(slip).status_code == 404
    client.force_login(force.officers["cell_A"])  # may view it, but did not take it in: no link
    # (the registering desk prints it only in the act of registering: tests/test_desk_slip.py)
    page = client.get(slip).content.decode()
    assert complaint.etag_display in page and "/track/link/" not in page and "<svg" not in page


def test_front_desk_officer_cannot_open_the_call_centre_and_agent_not_the_desk(client, force):
    client.force_login(force.officers["desk_A"])
    assert client.get(CONSOLE).status_code == 403
    client.force_login(force.officers["agent"])
    response = client.get(DESK)
    assert response.status_code == 403 and "front desk is for front-desk staff" in response.content.decode()
    assert client.post(DESK, at_the_desk()).status_code == 403
    assert Complaint.objects.count() == 0


def test_a_postal_letter_with_only_a_postal_address_is_registered(client, force):
    """Letters often give an address and no phone: by post the address is the way back."""
    client.force_login(force.officers["desk_A"])
    letter = {**at_the_desk(channel="post", mobile=""), "attachments": SimpleUploadedFile("l.pdf", PDF)}
    response = client.post(DESK, letter)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.complainant_mobile == "" and complaint.complainant_address == "House 4, Street 9"

    # At the desk in person, a mobile is still required.
    response = client.post(DESK, at_the_desk(mobile="", submission="d35c0002"))
    assert response.status_code == 400 and Complaint.objects.count() == 1


def test_a_call_back_on_what_the_queue_showed_is_refused_if_the_complaint_changed_meanwhile(agent, force,
                                                                                          new_complaint):
    from shikayat.complaints import actions

    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    page = queue_page(agent)
    seen = re.search(rf'id="cb-{complaint.etag}".*?name="version" value="(\d+)"', page, re.S).group(1)
    # Meanwhile another agent could not reach the caller: the queue's row is stale.
    actions.record_feedback_attempt(complaint, actor=force.officers["agent"], outcome="unreachable", note="No answer")
    response = agent.post(f"{QUEUE}{complaint.etag}/satisfied/", {"rating": "4", "note": "Happy", "version": seen})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK and not complaint.events.filter(
        action="confirm_satisfied").exists()
    assert "This complaint changed while you were looking at it" in queue_page(agent)
    # With the version the page shows now, the same answer is recorded.
    seen = re.search(rf'id="cb-{complaint.etag}".*?name="version" value="(\d+)"', queue_page(agent), re.S).group(1)
    agent.post(f"{QUEUE}{complaint.etag}/satisfied/", {"rating": "4", "note": "Happy", "version": seen})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
