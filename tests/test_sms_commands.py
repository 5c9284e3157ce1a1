"""Feature-phone parity: after lodging, everything is done by SMS alone, through the gateway's real endpoint,
in English, Urdu, Hindi and Roman Urdu — answering a proposed resolution, adding information, the status,
an appeal, the question after closing, STOP / START — each reply tied to the complaint by the sender's
mobile (and the E-tag where they have several), and a short help for anything else."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shikayat.channels import sms_parse
from shikayat.channels.models import InboundMessage
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.workflow import Status
from shikayat.notifications.models import OutboxMessage
from shikayat.updates.models import UpdateStop

from .factories import category
from .journey import bring_to

URL = "/api/v1/intake/sms/"
TOKEN = "gateway-secret-0123456789"
MOBILE, STRANGER = "+923001234567", "+923339876543"


@pytest.fixture
def sms(settings, force):
    """Post an SMS as the gateway does; each call is a new gateway message unless `message_id` is given."""
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SMS_GATEWAY_TOKEN": TOKEN}
    category("OTHER-GENERAL")
    client, sent = Client(enforce_csrf_checks=True), []

    def send(text, sender=MOBILE, message_id=None):
        sent.append(text)
        response = client.post(URL, {"from": sender, "text": text, "id": message_id or f"gw-{len(sent)}"},
                               HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200, response.content
        return response.json()

    return send


@pytest.fixture
def awaiting(force, new_complaint):
    """A complaint of MOBILE whose proposed resolution awaits the complainant's answer."""
    return bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)


def reply_to(mobile=MOBILE) -> OutboxMessage:
    return OutboxMessage.objects.filter(recipient=mobile, channel="sms").latest("id")


def inbound() -> InboundMessage:
    return InboundMessage.objects.latest("id")


def last_event(complaint) -> ComplaintEvent:
    return complaint.events.latest("at", "id")


def snapshot():
    return (list(Complaint.objects.order_by("id").values_list("status", "satisfaction_rating")),
            ComplaintEvent.objects.count())


# --- answering a proposed resolution -------------------------------------------------------------------------


@pytest.mark.parametrize("text, language", [
    ("1 4 Thank you, the bike was found", "en"),
    ("YES 4 Thank you, the bike was found", "en"),
    ("ہاں ۴ شکریہ، موٹر سائیکل مل گئی", "ur"),
    ("हाँ ४ धन्यवाद, मोटरसाइकिल मिल गई", "hi"),
    ("haan 4 shukriya, bike mil gayi", "en"),
])
def test_satisfied_with_a_rating_closes_the_complaint_as_the_web_form_does(sms, awaiting, text, language):
    before = OutboxMessage.objects.latest("id").id
    body = sms(text)
    complaint = Complaint.objects.get(pk=awaiting.pk)
    assert body["outcome"] == "feedback_recorded" and body["etag"] is None
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 4
    event = last_event(complaint)
    assert (event.action, event.channel, event.data["credential"]) == ("confirm_satisfied", "sms", "sms")
    assert event.note == text.split(" ", 2)[2]
    # One message answers: the closure notice the action sends the complainant, not a second reply.
    new = OutboxMessage.objects.filter(pk__gt=before, channel="sms", recipient=MOBILE)
    assert [m.template for m in new] == ["complaint_closed"] and awaiting.etag_display in body["reply"]
    assert inbound().reply == new.get() and inbound().complaint == complaint


def test_the_rating_is_optional_as_on_the_web(sms, awaiting):
    assert sms("1")["outcome"] == "feedback_recorded"
    complaint = Complaint.objects.get(pk=awaiting.pk)
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating is None


@pytest.mark.parametrize("text", [
    "2 Nobody came to see me and the bike is still missing",
    "NO Nobody came to see me and the bike is still missing",
    "نہیں کوئی ملنے نہیں آیا اور موٹر سائیکل ابھی تک نہیں ملی",
    "नहीं कोई मिलने नहीं आया और मोटरसाइकिल अब तक नहीं मिली",
    "nahi koi milne nahi aaya aur bike abhi tak nahi mili",
])
def test_not_satisfied_with_a_reason_reopens_it_one_level_up(sms, awaiting, text):
    body = sms(text)
    complaint = Complaint.objects.get(pk=awaiting.pk)
    assert body["outcome"] == "feedback_recorded"
    assert complaint.status == Status.REOPENED and complaint.unit == awaiting.unit.parent
    assert last_event(complaint).note == text.split(" ", 1)[1]
    assert reply_to().template == "complaint_reopened"


@pytest.mark.parametrize("text, template, why", [
    ("1 7", "sms_refused", "1 to 5"),
    ("2", "sms_refused", "why you are not satisfied"),
    ("NO", "sms_refused", "why you are not satisfied"),
    ("1 K7QM-4XZ3 5", "sms_refused", "typing mistake"),
])
def test_bad_answers_are_explained_and_change_nothing(sms, awaiting, text, template, why):
    before = snapshot()
    body = sms(text)
    assert body["outcome"] == "rejected" and why in body["reply"]
    assert reply_to().template == template and snapshot() == before
    assert why in inbound().detail


def test_a_bad_answer_in_urdu_is_answered_in_urdu(sms, awaiting):
    body = sms("نہیں")
    assert body["outcome"] == "rejected" and reply_to().language == "ur"
    assert Complaint.objects.get(pk=awaiting.pk).status == Status.AWAITING_FEEDBACK


def test_with_several_complaints_awaiting_the_etag_is_asked_for_then_used(sms, force, new_complaint):
    first = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    second = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    before = snapshot()
    body = sms("1 5")
    assert body["outcome"] == "rejected" and reply_to().template == "sms_choose_complaint"
    assert first.etag_display in body["reply"] and second.etag_display in body["reply"]
    assert snapshot() == before
    assert sms(f"1 {second.etag.lower()} 5 very quick")["outcome"] == "feedback_recorded"
    assert Complaint.objects.get(pk=second.pk).satisfaction_rating == 5
    assert Complaint.objects.get(pk=first.pk).status == Status.AWAITING_FEEDBACK
    # Also typed in two halves, and a Hindi "no".
    assert sms(f"नहीं {first.etag[:4]} {first.etag[4:]} कोई कार्रवाई नहीं हुई")["outcome"] == "feedback_recorded"
    assert Complaint.objects.get(pk=first.pk).status == Status.REOPENED


def test_an_answer_naming_a_complaint_not_awaiting_it_says_so(sms, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    before = snapshot()
    body = sms(f"1 {complaint.etag_display} 5")
    assert body["outcome"] == "rejected" and reply_to().template == "sms_not_awaiting"
    assert "In progress" in body["reply"] and snapshot() == before
    assert sms("1 5")["outcome"] == "rejected" and reply_to().template == "sms_nothing_awaiting"


# --- another number's complaint: the same answer as no complaint ----------------------------------------------


@pytest.mark.parametrize("command", ["1 {etag} 5", "2 {etag} nothing was done at all", "INFO {etag} more details",
                                     "معلومات {etag} مزید تفصیل"])
def test_another_numbers_etag_gets_the_answer_an_unknown_etag_gets(sms, awaiting, command):
    unknown = etags.display(etags.encode(999_999))
    before = snapshot()
    theirs = sms(command.format(etag=awaiting.etag_display), sender=STRANGER)
    nobody = sms(command.format(etag=unknown), sender=STRANGER)
    assert theirs["outcome"] == nobody["outcome"] == "rejected"
    assert theirs["reply"].replace(awaiting.etag_display, unknown) == nobody["reply"]
    assert snapshot() == before
    assert not InboundMessage.objects.filter(complaint__isnull=False).exists()
    assert not OutboxMessage.objects.filter(recipient=STRANGER, complaint__isnull=False).exists()


# --- adding information ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, language", [
    ("INFO The thief wore a red cap and rode a black bike", "en"),
    ("معلومات چور نے لال ٹوپی پہنی تھی اور کالی موٹر سائیکل پر تھا", "ur"),
    ("जानकारी चोर ने लाल टोपी पहनी थी और काली मोटरसाइकिल पर था", "hi"),
    ("malumat chor ne laal topi pehni thi aur kaali bike par tha", "en"),
])
def test_information_goes_to_the_senders_one_open_complaint(sms, new_complaint, text, language):
    complaint = new_complaint()
    body = sms(text)
    assert body["outcome"] == "information_added" and complaint.etag_display in body["reply"]
    event = last_event(complaint)
    assert (event.action, event.channel, event.data["credential"]) == ("add_information", "sms", "sms")
    assert event.note == text.split(" ", 1)[1]
    reply = reply_to()
    assert (reply.template, reply.language, reply.complaint) == ("sms_information_added", language, complaint)


def test_information_needs_the_etag_among_several_open_complaints_and_not_for_a_closed_one(sms, force,
                                                                                          new_complaint):
    first, second = new_complaint(), new_complaint()
    closed = bring_to(Status.CLOSED, force, new_complaint)
    before = snapshot()
    assert sms("INFO the thief lives near the bus stand")["outcome"] == "rejected"
    assert reply_to().template == "sms_choose_complaint" and snapshot() == before
    assert sms(f"INFO {closed.etag_display} the thief lives near the bus stand")["outcome"] == "rejected"
    assert reply_to().template == "sms_not_open" and snapshot() == before
    assert sms(f"INFO {first.etag_display}")["outcome"] == "rejected"
    assert "information you want to add" in reply_to().context["reason"] and snapshot() == before
    assert sms(f"info: {second.etag_display}, the thief lives near the bus stand")["outcome"] == "information_added"
    assert last_event(second).note == "the thief lives near the bus stand"
    assert not first.events.filter(action="add_information").exists()


def test_information_without_any_open_complaint_says_how_to_lodge_one(sms, db):
    body = sms("INFO the thief lives near the bus stand")
    assert body["outcome"] == "rejected" and reply_to().template == "sms_no_open_complaint"
    assert "COMPLAINT" in body["reply"]


# --- status ---------------------------------------------------------------------------------------------------


def test_status_without_an_etag_answers_the_one_open_complaint(sms, force, new_complaint):
    bring_to(Status.CLOSED, force, new_complaint)
    open_one = new_complaint()
    body = sms("STATUS")
    assert body["outcome"] == "status_reply" and open_one.etag_display in body["reply"]
    assert reply_to().template == "status_reply" and reply_to().complaint == open_one


@pytest.mark.parametrize("text, language", [("STATUS", "en"), ("حالت", "ur"), ("स्थिति", "hi"), ("halat", "en")])
def test_status_without_an_etag_lists_several_open_complaints(sms, new_complaint, text, language):
    first, second = new_complaint(), new_complaint()
    body = sms(text)
    assert body["outcome"] == "status_reply"
    reply = reply_to()
    assert (reply.template, reply.language) == ("sms_status_list", language)
    assert first.etag_display in body["reply"] and second.etag_display in body["reply"]


def test_status_without_an_etag_falls_back_to_the_latest_closed_one_then_to_none(sms, force, new_complaint):
    assert sms("STATUS")["outcome"] == "status_reply" and reply_to().template == "sms_no_complaint"
    closed = bring_to(Status.CLOSED, force, new_complaint)
    assert "Closed" in sms("STATUS")["reply"] and reply_to().complaint == closed


def test_latin_letters_are_answered_in_the_language_of_the_senders_complaint(sms, new_complaint):
    new_complaint(language="ur")
    sms("STATUS")
    assert reply_to().language == "ur"


# --- STOP and START -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stop, start, language", [("STOP", "START", "en"), ("بند", "شروع", "ur"),
                                                   ("बंद", "शुरू", "hi"), ("band", "shuru", "en")])
def test_stop_and_start_work_from_a_number_without_any_complaint(sms, db, stop, start, language):
    body = sms(stop, sender=STRANGER)
    assert body["outcome"] == "updates_stopped"
    assert UpdateStop.objects.get().address == STRANGER and UpdateStop.objects.get().channel == "sms"
    assert (reply_to(STRANGER).template, reply_to(STRANGER).language) == ("sms_stopped", language)
    assert sms(stop, sender=STRANGER)["outcome"] == "updates_stopped"  # again: still stopped, answered
    assert sms(start, sender=STRANGER)["outcome"] == "updates_started"
    assert not UpdateStop.objects.exists() and reply_to(STRANGER).template == "sms_started"
    assert Complaint.objects.count() == 0


# --- help, redelivery -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, language", [("Hello, what can I do?", "en"), ("السلام علیکم", "ur"),
                                            ("नमस्ते", "hi"), ("STOP please", "en")])
def test_anything_else_gets_the_short_help_listing_every_command(sms, db, text, language):
    body = sms(text)
    reply = reply_to()
    assert body["outcome"] == "rejected" and (reply.template, reply.language) == ("sms_help", language)
    if language == "en":
        for word in ("STATUS", "INFO", "1", "2", "APPEAL", "COMPLAINT", "STOP", "START", "E-tag"):
            assert word in body["reply"]
        assert len(body["reply"]) <= 2 * 153  # two concatenated SMS in the GSM alphabet


def test_a_redelivered_answer_is_processed_once_and_answered_alike(sms, awaiting):
    first = sms("2 Nobody came to see me at all", message_id="gw-redelivered")
    before = snapshot(), OutboxMessage.objects.count(), InboundMessage.objects.count()
    again = sms("2 Nobody came to see me at all", message_id="gw-redelivered")
    assert again == first and first["outcome"] == "feedback_recorded"
    assert (snapshot(), OutboxMessage.objects.count(), InboundMessage.objects.count()) == before
    refused = sms("1 9", message_id="gw-refused")
    assert sms("1 9", message_id="gw-refused") == refused


# --- appeal and the question after closing (the core's appeal branch) ----------------------------------------


@pytest.mark.parametrize("text", [
    "APPEAL {etag} My shop is not a civil matter, the lock was broken by thieves",
    "اپیل {etag} میری دکان کا معاملہ دیوانی نہیں، تالا چوروں نے توڑا تھا",
    "अपील {etag} मेरी दुकान का मामला दीवानी नहीं है, ताला चोरों ने तोड़ा था",
    "apeel {etag} meri dukan ka maamla deewani nahi, tala choron ne tora tha",
])
def test_an_appeal_by_sms_reopens_a_rejected_complaint_one_level_up(sms, force, new_complaint, text):
    rejected = bring_to(Status.REJECTED, force, new_complaint)
    body = sms(text.format(etag=rejected.etag_display))
    complaint = Complaint.objects.get(pk=rejected.pk)
    assert body["outcome"] == "appealed", body
    assert complaint.status == Status.REOPENED
    event = last_event(complaint)
    assert (event.action, event.channel, event.data["credential"]) == ("appeal", "sms", "sms")
    assert event.note == text.split(" ", 2)[2]
    assert inbound().complaint == complaint and rejected.etag_display in body["reply"]


def test_an_appeal_without_an_etag_goes_to_the_one_appealable_complaint(sms, force, new_complaint):
    bring_to(Status.CLOSED, force, new_complaint)  # confirmed satisfied: not appealable
    rejected = bring_to(Status.REJECTED, force, new_complaint)
    new_complaint()  # open: nothing to appeal yet
    assert sms("APPEAL The lock was broken by thieves, it is no civil matter")["outcome"] == "appealed"
    assert Complaint.objects.get(pk=rejected.pk).status == Status.REOPENED


def test_an_appeal_that_is_not_possible_says_why_and_changes_nothing(sms, force, new_complaint):
    closed = bring_to(Status.CLOSED, force, new_complaint)  # the citizen confirmed they were satisfied
    rejected = bring_to(Status.REJECTED, force, new_complaint)
    before = snapshot()
    assert sms(f"APPEAL {closed.etag_display} my bike was never returned")["outcome"] == "rejected"
    assert reply_to().template == "sms_cannot_appeal" and "satisfied" in reply_to().context["reason"]
    assert sms(f"APPEAL {rejected.etag_display}")["outcome"] == "rejected"  # no grounds
    assert reply_to().template == "sms_refused" and snapshot() == before


def test_an_appeal_on_another_numbers_complaint_is_not_found(sms, force, new_complaint):
    rejected = bring_to(Status.REJECTED, force, new_complaint)
    before = snapshot()
    assert sms(f"APPEAL {rejected.etag_display} it is no civil matter", sender=STRANGER)["outcome"] == "rejected"
    assert reply_to(STRANGER).template == "sms_etag_not_found" and snapshot() == before


def question_asked(complaint):
    """The question some days after closing, as the deadline sweep asks it (shikayat/deadlines/followup.py)."""
    from shikayat.deadlines.followup import send_followups

    assert send_followups(complaint.closed_at + timedelta(days=22), batch=10) >= 1
    return OutboxMessage.objects.get(complaint=complaint, template="followup_question")


@pytest.mark.parametrize("text, held", [("1", True), ("ہاں", True), ("हाँ", True),
                                        ("2 The thieves are back in the market", False),
                                        ("nahi chor phir se aa gaye", False)])
def test_a_bare_answer_after_the_question_records_it(sms, force, new_complaint, settings, text, held):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "FOLLOWUP_AFTER_DAYS": 21}
    bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)  # asked before the question
    closed = bring_to(Status.CLOSED, force, new_complaint)
    question_asked(closed)
    sms("STATUS")  # a reply in between is no question
    body = sms(text)
    complaint = Complaint.objects.get(pk=closed.pk)
    assert body["outcome"] == "followup_recorded", body
    assert complaint.followup_held is held and complaint.followup_answered_at is not None
    assert complaint.status == (Status.CLOSED if held else Status.REOPENED)
    assert (last_event(complaint).channel, last_event(complaint).data["credential"]) == ("sms", "sms")
    assert sms("1")["outcome"] == "feedback_recorded"  # answered: a bare 1 now answers the resolution


def test_a_resolution_proposed_after_the_question_takes_the_bare_answer(sms, force, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "FOLLOWUP_AFTER_DAYS": 21}
    closed = bring_to(Status.CLOSED, force, new_complaint)
    question_asked(closed)
    # The question went out an hour ago (the sweep's clock above runs ahead); the resolution is asked for now.
    Complaint.objects.filter(pk=closed.pk).update(followup_asked_at=timezone.now() - timedelta(hours=1))
    awaiting = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    assert sms("1 5")["outcome"] == "feedback_recorded"
    assert Complaint.objects.get(pk=awaiting.pk).status == Status.CLOSED
    assert sms(f"2 {closed.etag_display} The thieves are back in the market")["outcome"] == "followup_recorded"
    assert Complaint.objects.get(pk=closed.pk).status == Status.REOPENED


# --- reading the words ----------------------------------------------------------------------------------------


def test_etags_are_read_from_the_front_of_the_words():
    code = etags.encode(4242)
    own = frozenset({code})
    assert sms_parse.named_etag(f"{etags.display(code).lower()} more", frozenset()) == sms_parse.Named(
        code, "", "more")
    assert sms_parse.named_etag(f"{code[:4]} {code[4:]} more", own).etag == code
    # Two halves are read only as one's own E-tag; plain words never as an E-tag, unless the sender's own.
    assert sms_parse.named_etag(f"{code[:4]} {code[4:]} more", frozenset()).etag == ""
    assert sms_parse.named_etag("tomorrow he came back", frozenset()) == sms_parse.Named("", "", "tomorrow he "
                                                                                       "came back")
    mistyped = sms_parse.named_etag(code[:7] + ("0" if code[7] != "0" else "1") + " more", frozenset())
    assert mistyped.etag == "" and "typing mistake" in mistyped.error and mistyped.words == "more"


def test_commands_are_read_in_four_languages_with_their_digits():
    assert sms_parse.parse("۱ ۴ شکریہ") == sms_parse.Command("yes", "۴ شکریہ")
    assert sms_parse.parse("हां।") == sms_parse.Command("yes", "")
    assert sms_parse.parse("Nahin, kuch nahi hua") == sms_parse.Command("no", "kuch nahi hua")
    assert sms_parse.parse("MALOOMAT: chor") == sms_parse.Command("info", "chor")
    assert sms_parse.parse("apil x") == sms_parse.Command("appeal", "x")
    assert sms_parse.parse(" band ") == sms_parse.Command("stop")
    assert sms_parse.parse("ji nahi") == sms_parse.Command("help")
    assert sms_parse.rating_and_words("4/5 good work") == (4, "good work")
    assert sms_parse.rating_and_words("४ अच्छा") == (4, "अच्छा")
    assert sms_parse.rating_and_words("good work") == (None, "good work")
