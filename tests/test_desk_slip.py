"""The front desk's acknowledgement slip and the links a desk hands out
(issue 17, critical 2): the slip is printed in the act of registering, and
later only for officers who may still see the complaint; the link on it only
shows the status; acting for the complainant needs their own proof, and the
timeline records which proof was used."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from shikayat.complaints import permissions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.links import LEGACY_SALT, tracking_token
from shikayat.complaints.models import Attachment, Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.core import clock
from shikayat.demo.journey import Cast, advance
from shikayat.notifications.models import OutboxMessage

from .factories import complaint_data
from .test_citizen_pages import sent_code

DESK = "/officer/front-desk/"
CONSOLE = "/officer/call-centre/"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 40


def at_the_desk(**overrides) -> dict:
    data = {"submission": "d35c0001", "channel": "front_desk", "category": "THEFT", "unit": "SA1",
            "description": "My motorcycle was stolen from outside the mosque.", "name": "Ali Raza",
            "mobile": "0300 1234567", "email": "", "id_number": "", "address": "House 4, Street 9",
            "incident_at": "", "incident_address": "", "language": "en"}
    data.update(overrides)
    return data


def desk_link(slip_page: str) -> str:
    """The tracking link printed on the slip (and in its QR code), as a path."""
    return re.search(r"http://127\.0\.0\.1:8000(/track/link/[^/<\"]+/)", slip_page).group(1)


def cast(force) -> Cast:
    o = force.officers
    return Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"])


def untouched(complaint: Complaint):
    """A snapshot to compare with after a refused action: nothing may be written."""
    complaint.refresh_from_db()
    return complaint.status, complaint.events.count(), Attachment.objects.filter(complaint=complaint).count()


# --- the slip ----------------------------------------------------------------------------------------------------

def test_a_desk_officer_in_the_accused_dpos_district_cannot_reopen_the_slip(client, force):
    # Given a head constable at the front desk of a station in district A
    desk = force.officers["desk_A"]
    client.force_login(desk)
    # When he registers a complaint against police naming the district's DPO
    registered = client.post(DESK, at_the_desk(category="AGAINST-POLICE", accused="dpo_A",
                                               description="The DPO's guards beat my brother at the checkpoint."))
    complaint = Complaint.objects.get()
    assert registered.status_code == 302 and registered["Location"] == f"{DESK}slip/{complaint.etag}/"
    # Then he prints the slip in the act of registering, with a view-only link
    printed = client.get(registered["Location"])
    assert printed.status_code == 200 and complaint.etag_display in printed.content.decode()
    link = desk_link(printed.content.decode())
    # (it went away from his station, to the province: nobody in district A may follow it)
    assert complaint.unit.code == "PB" and complaint.accused_rank == force.officers["dpo_A"].rank
    assert permissions.is_barred(desk, complaint) and not permissions.can_view(desk, complaint)

    # When the act of registering is over
    later = clock.now() + timedelta(minutes=20)  # within the idle sign-out
    with freeze_time(later):
        # Then he cannot reopen the slip, nor get it back by submitting the same form again
        assert client.get(f"{DESK}slip/{complaint.etag}/").status_code == 404
        again = client.post(DESK, at_the_desk(category="AGAINST-POLICE", accused="dpo_A",
                                              description="The DPO's guards beat my brother at the checkpoint."))
        assert again["Location"] == f"{DESK}slip/{complaint.etag}/" and Complaint.objects.count() == 1
        assert client.get(again["Location"]).status_code == 404
        assert client.get(f"/officer/complaints/{complaint.etag}/").status_code == 404

        # And the link he printed lets him read the status but not withdraw as the citizen
        client.logout()
        client.get(link)
        assert client.get(f"/track/{complaint.etag}/").status_code == 200
        before = untouched(complaint)
        refused = client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "Settled", "confirm": "on"})
        assert refused.status_code == 302 and refused["Location"].startswith("/verify/")
        assert untouched(complaint) == before and complaint.status == Status.REGISTERED


def test_the_slip_is_printed_again_only_while_registering(client, force):
    # Given a confidential complaint the desk's own role may not follow
    client.force_login(force.officers["desk_A"])
    client.post(DESK, at_the_desk(category="HARASSMENT"))
    complaint = Complaint.objects.get()
    assert client.get(f"/officer/complaints/{complaint.etag}/").status_code == 404
    # Then the desk may reprint it straight away (a paper jam), with its link
    slip = client.get(f"{DESK}slip/{complaint.etag}/")
    assert slip.status_code == 200 and "/track/link/" in slip.content.decode()
    # But not once the act of registering is over
    with freeze_time(clock.now() + timedelta(minutes=11)):
        assert client.get(f"{DESK}slip/{complaint.etag}/").status_code == 404


def test_the_grant_to_print_is_the_registering_officers_own(client, force):
    client.force_login(force.officers["desk_A"])
    client.post(DESK, at_the_desk(category="HARASSMENT"))
    complaint = Complaint.objects.get()
    # Another officer signing in on the same browser does not inherit it.
    client.force_login(force.officers["desk_B"])
    assert client.get(f"{DESK}slip/{complaint.etag}/").status_code == 404


def test_an_officer_who_may_view_reprints_the_slip_without_a_link(client, force):
    client.force_login(force.officers["cell_A"])  # the complaint cell registers at the desk and may view it
    client.post(DESK, at_the_desk())
    complaint = Complaint.objects.get()
    with freeze_time(clock.now() + timedelta(days=3)):
        client.force_login(force.officers["cell_A"])  # a new day, a new session
        page = client.get(f"{DESK}slip/{complaint.etag}/").content.decode()
    assert complaint.etag_display in page and "/track/link/" not in page and "<svg" not in page


def test_the_call_centre_reads_the_etag_back_only_while_registering(client, force):
    client.force_login(force.officers["agent"])
    registered = client.post(f"{CONSOLE}register/", {
        "submission": "c0ffee01", "mobile": "0300 1234567", "name": "Sana", "language": "en",
        "category": "HARASSMENT", "unit": "SA1", "incident_address": "",
        "description": "A man follows me from the bus stop every evening."})
    complaint = Complaint.objects.get()
    assert registered["Location"] == f"{CONSOLE}registered/{complaint.etag}/"
    assert client.get(registered["Location"]).status_code == 200
    with freeze_time(clock.now() + timedelta(minutes=20)):
        assert client.get(registered["Location"]).status_code == 404


# --- the link a desk hands out only shows the status --------------------------------------------------------------

@pytest.fixture
def awaiting_feedback_from_the_desk(client, force):
    """A theft complaint registered at the desk, resolved and awaiting the citizen's feedback; the
    client holds the link printed on its slip (signed out, as anyone who picked the slip up)."""
    client.force_login(force.officers["desk_A"])
    registered = client.post(DESK, at_the_desk(email="ali@example.com"))
    link = desk_link(client.get(registered["Location"]).content.decode())
    client.logout()
    complaint = advance(Complaint.objects.get(), Status.AWAITING_FEEDBACK, cast(force))
    return complaint, link


ATTEMPTS = {
    "withdraw": ("withdraw", {"reason": "Settled", "confirm": "on"}),
    "feedback": ("feedback", {"satisfied": "yes", "rating": "5", "comment": "Thanks"}),
    "add evidence": ("attach", {"file": None}),
    "add information": ("information", {"text": "The thief has a red motorcycle."}),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_the_desk_link_shows_the_status_but_acting_asks_for_the_code(client, awaiting_feedback_from_the_desk,
                                                                      attempt):
    complaint, link = awaiting_feedback_from_the_desk
    # Given the link from the slip
    status = client.get(link, follow=True)
    page = status.content.decode()
    assert status.status_code == 200 and complaint.etag_display in page and "Send my answer" not in page
    assert "Verify your mobile number to give your feedback" in page
    # When its holder tries to act as the citizen
    path, data = ATTEMPTS[attempt]
    if "file" in data:
        data = {"file": SimpleUploadedFile("p.png", PNG)}
    before = untouched(complaint)
    response = client.post(f"/track/{complaint.etag}/{path}/", data)
    # Then they are sent to verify the complainant's mobile, and nothing is written
    assert response.status_code == 302 and response["Location"].startswith("/verify/")
    assert untouched(complaint) == before


def test_with_the_code_sent_to_the_complainant_the_same_action_works_and_says_so(client, force,
                                                                                 awaiting_feedback_from_the_desk):
    complaint, link = awaiting_feedback_from_the_desk
    client.get(link)
    # When the complainant verifies their mobile with the code sent to it
    client.post("/verify/", {"step": "send", "mobile": "03001234567"})
    client.post("/verify/", {"step": "check", "mobile": "+923001234567", "code": sent_code()})
    client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "yes", "rating": "5", "comment": "Thanks"})
    # Then the feedback is recorded, with the proof they gave
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    event = complaint.events.get(action="confirm_satisfied")
    assert event.data["credential"] == "otp" and event.actor is None
    # And the officer's timeline shows it
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "proved by <span class=\"credential\">one-time code to the complainant&#x27;s mobile</span>" in page


@pytest.mark.parametrize("channel, credential", [("sms", "sms_link"), ("email", "email_link")])
def test_the_link_sent_to_the_complainant_acts_and_names_its_channel(client, awaiting_feedback_from_the_desk,
                                                                     channel, credential):
    complaint, _printed = awaiting_feedback_from_the_desk
    # Given the acknowledgement sent to the complainant's own mobile and email
    sent = OutboxMessage.objects.get(complaint=complaint, template="complaint_registered", channel=channel)
    client.get(sent.context["track_url"].removeprefix("http://127.0.0.1:8000"))
    # When they withdraw with it
    client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "Settled", "confirm": "on"})
    # Then it is withdrawn, and the timeline says which link they used
    complaint.refresh_from_db()
    assert complaint.status == Status.WITHDRAWN
    assert complaint.events.get(action="withdraw").data["credential"] == credential


def test_the_sms_link_records_its_credential_on_evidence_and_in_the_api(client, force, new_complaint):
    complaint = new_complaint()
    sent = OutboxMessage.objects.get(complaint=complaint, template="complaint_registered", channel="sms")
    client.get(sent.context["track_url"].removeprefix("http://127.0.0.1:8000"))
    client.post(f"/track/{complaint.etag}/attach/", {"file": SimpleUploadedFile("p.png", PNG)})
    assert complaint.events.get(action="add_attachment").data["credential"] == "sms_link"
    client.force_login(force.officers["cell_A"])
    timeline = client.get(f"/api/v1/complaints/{complaint.etag}/timeline/").json()
    assert [e["data"]["credential"] for e in timeline if e["action"] == "add_attachment"] == ["sms_link"]


def test_a_link_signed_before_links_had_a_purpose(client, force, new_complaint):
    """Links already sent by SMS keep acting; on a complaint an officer registered, where the old
    link may also have been printed on the desk's slip, it only shows the status."""
    legacy = signing.TimestampSigner(salt=LEGACY_SALT)
    lodged = new_complaint()  # by the citizen's own channel: the old link only ever went to them
    client.get(f"/track/link/{legacy.sign(lodged.etag)}/")
    client.post(f"/track/{lodged.etag}/information/", {"text": "The thief has a red motorcycle."})
    assert lodged.events.get(action="add_information").data["credential"] == "sms_link"

    at_the_desk_complaint = register_complaint(actor=force.officers["desk_A"], channel="front_desk",
                                               data=complaint_data(address="House 4"))
    client.get(f"/track/link/{legacy.sign(at_the_desk_complaint.etag)}/")
    assert client.get(f"/track/{at_the_desk_complaint.etag}/").status_code == 200
    client.post(f"/track/{at_the_desk_complaint.etag}/information/", {"text": "Anything"})
    assert not at_the_desk_complaint.events.filter(action="add_information").exists()


def test_a_view_only_token_cannot_be_turned_into_an_acting_one(client, force, new_complaint):
    complaint = new_complaint()
    view = tracking_token(complaint.etag)
    forged = view.replace(complaint.etag, f"{complaint.etag}:sms", 1)
    assert client.get(f"/track/link/{forged}/", follow=True).redirect_chain[-1][0] == "/track/"
    client.get(f"/track/link/{view}/")
    client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "Settled", "confirm": "on"})
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED
    assert not ComplaintEvent.objects.filter(complaint=complaint, action="withdraw").exists()


def test_a_citizen_lodging_on_the_web_is_recorded_with_the_code_they_verified(client, force):
    client.post("/verify/", {"step": "send", "mobile": "03001234567"})
    client.post("/verify/", {"step": "check", "mobile": "+923001234567", "code": sent_code()})
    client.post("/lodge/", {**complaint_data(), "submission": "w1"})
    complaint = Complaint.objects.get()
    assert complaint.events.get(action="register").data["credential"] == "otp"


def test_a_citizen_event_without_a_named_proof_says_so(force, new_complaint):
    from shikayat.complaints import actions

    complaint = new_complaint()
    actions.add_information(complaint, actor=permissions.CitizenActor(mobile=complaint.complainant_mobile),
                            text="More")
    assert complaint.events.get(action="add_information").data["credential"] == ""
    register_complaint(actor=SYSTEM, channel="web", data=complaint_data())  # the system's events carry none
    assert "credential" not in ComplaintEvent.objects.filter(action="register").last().data
