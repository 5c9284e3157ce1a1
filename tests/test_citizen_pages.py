"""Citizens follow their complaint without an account: E-tag + mobile to
read, a one-time code or the signed link sent to their own mobile or email to act."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from shikayat.citizens import otp
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput
from shikayat.notifications.models import OutboxMessage

from .journey import bring_to


def sent_code(mobile="+923001234567") -> str:
    message = OutboxMessage.objects.filter(template="otp_code", recipient=mobile).latest("id")
    return message.context["code"]


def sent_link(complaint, channel="sms") -> str:
    """The tracking link in the acknowledgement sent to the complainant by `channel`, as a path."""
    message = OutboxMessage.objects.get(complaint=complaint, template="complaint_registered", channel=channel)
    return message.context["track_url"].removeprefix("http://127.0.0.1:8000")


def verify(client, mobile="03001234567", next_url=""):
    client.post("/verify/", {"step": "send", "mobile": mobile, "next": next_url})
    return client.post("/verify/", {"step": "check", "mobile": "+923001234567", "code": sent_code(),
                                    "next": next_url})


def test_track_by_etag_and_mobile_shows_only_public_steps(client, force, new_complaint):
    from shikayat.complaints import actions

    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    actions.add_note(complaint, actor=force.officers["sho_A"], text="Suspect is the cousin")
    response = client.post("/track/", {"etag": complaint.etag_display.lower(), "mobile": "0300 1234567"},
                           follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and complaint.etag_display in page
    assert "Suspect is the cousin" not in page and "Sho_A" not in page
    assert "In progress" in page


@pytest.mark.parametrize("etag_of, mobile", [("other", "03001234567"), ("same", "03009999999")])
def test_unknown_etag_and_wrong_mobile_get_the_same_answer(client, force, new_complaint, etag_of, mobile):
    complaint = new_complaint()
    from shikayat.complaints.etag import encode

    etag = complaint.etag if etag_of == "same" else encode(987654)
    response = client.post("/track/", {"etag": etag, "mobile": mobile})
    assert response.status_code == 400
    assert "We found no complaint with this E-tag and mobile number." in response.content.decode()
    assert client.get(f"/track/{complaint.etag}/").status_code == 404  # nothing was unlocked


def test_mistyped_etag_is_explained_in_urdu_and_input_kept(client, force, new_complaint):
    complaint = new_complaint()
    etag = complaint.etag
    i = next(i for i in range(3, len(etag) - 1) if etag[i] != etag[i + 1])  # swapping equal letters is no typo
    typo = etag[:i] + etag[i + 1] + etag[i] + etag[i + 2:]
    response = client.post("/track/", {"etag": typo, "mobile": "03001234567"}, HTTP_ACCEPT_LANGUAGE="ur")
    page = response.content.decode()
    assert response.status_code == 400 and "ٹائپنگ کی غلطی" in page and 'value="03001234567"' in page


def test_signed_link_lets_the_citizen_give_feedback(client, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    response = client.get(sent_link(complaint), follow=True)
    assert "Send my answer" in response.content.decode()
    client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "yes", "rating": "4", "comment": "Thanks"})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 4
    assert client.get("/track/link/forged-token/", follow=True).redirect_chain[-1][0] == "/track/"


def test_tracking_alone_cannot_act_until_the_mobile_is_verified(client, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    client.post("/track/", {"etag": complaint.etag, "mobile": "03001234567"})
    response = client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "no", "comment": "Nothing done"})
    assert "/verify/" in response["Location"]
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK
    verify(client, next_url=f"/track/{complaint.etag}/")
    client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "no", "comment": "Nothing done"})
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED


def test_my_complaints_after_verification(client, force, new_complaint):
    mine = [new_complaint(), new_complaint(unit="SB1")]
    new_complaint(mobile="03331234567")
    assert "/verify/" in client.get("/my-complaints/")["Location"]
    response = verify(client, next_url="/my-complaints/")
    assert response["Location"] == "/my-complaints/"
    page = client.get("/my-complaints/").content.decode()
    assert all(c.etag_display in page for c in mine) and page.count("/track/") >= 2


def test_citizen_withdraws_and_attaches(client, force, new_complaint):
    from django.core.files.uploadedfile import SimpleUploadedFile

    complaint = new_complaint()
    client.get(sent_link(complaint))
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40)
    client.post(f"/track/{complaint.etag}/attach/", {"file": png})
    disguised = SimpleUploadedFile("p.png", b"<html><script>alert(1)</script>")
    response = client.post(f"/track/{complaint.etag}/attach/", {"file": disguised}, follow=True)
    assert "Only photos" in response.content.decode()
    client.post(f"/track/{complaint.etag}/withdraw/", {"reason": "Settled", "confirm": "on"})
    complaint.refresh_from_db()
    assert complaint.status == Status.WITHDRAWN and complaint.attachments.count() == 1


def test_script_in_description_is_inert(client, force, new_complaint):
    complaint = new_complaint(description="<script>alert('x')</script> my bike was stolen")
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_otp_expiry_wrong_codes_lockout_and_resend_throttle(db):
    now = timezone.now()
    mobile = otp.request_code("03001234567", client="ip:192.0.2.1", now=now)
    with pytest.raises(otp.Throttled):
        otp.request_code("03001234567", client="ip:192.0.2.1", now=now + timedelta(seconds=10))
    code = sent_code()
    with pytest.raises(InvalidInput) as expired:
        otp.verify_code(mobile, code, now=now + timedelta(minutes=11))
    assert expired.value.code == "otp_expired"
    otp.request_code(mobile, client="ip:192.0.2.1", now=now + timedelta(minutes=12))
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(InvalidInput) as error:
            otp.verify_code(mobile, wrong, now=now + timedelta(minutes=13))
        assert re.search(str(left), str(error.value.message))
    with pytest.raises(otp.Throttled):
        otp.verify_code(mobile, wrong, now=now + timedelta(minutes=13))
    with pytest.raises(otp.Throttled):  # even the right code, while locked
        otp.verify_code(mobile, code, now=now + timedelta(minutes=14))
    with pytest.raises(otp.Throttled):
        otp.request_code(mobile, client="ip:192.0.2.1", now=now + timedelta(minutes=15))
    assert otp.request_code(mobile, client="ip:192.0.2.1", now=now + timedelta(minutes=30)) == mobile
    assert otp.verify_code(mobile, sent_code(), now=now + timedelta(minutes=31)) == mobile


def test_wrong_code_on_the_page_keeps_the_form_and_says_why(client, db):
    client.post("/verify/", {"step": "send", "mobile": "03001234567"})
    response = client.post("/verify/", {"step": "check", "mobile": "+923001234567", "code": "12"},
                           HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 400 and "कोड सही नहीं" in response.content.decode()


def test_citizen_adds_information_that_the_officer_sees(client, force, new_complaint):
    complaint = new_complaint()
    client.get(sent_link(complaint))
    client.post(f"/track/{complaint.etag}/information/", {"text": "The thief has a red motorcycle."})
    client.post(f"/track/{complaint.etag}/information/", {"text": ""})  # refused, nothing written
    events = complaint.events.filter(action="add_information")
    assert [e.note for e in events] == ["The thief has a red motorcycle."] and events[0].is_public


def test_a_message_reaches_the_next_page_and_a_page_without_one_sets_no_cookie(client, db):
    # shikayat.core.messages: the store is made only when a message is added or read.
    assert "messages" not in client.get("/track/").cookies
    refused = client.get("/track/link/not-a-real-token/")
    assert refused.status_code == 302 and "messages" in refused.cookies
    page = client.get(refused["Location"]).content.decode()
    assert "This tracking link is not valid or has expired" in page
    assert "This tracking link is not valid" not in client.get("/track/").content.decode()  # shown once
