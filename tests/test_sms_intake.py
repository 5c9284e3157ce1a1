"""SMS gateway intake over real HTTP: the gateway authenticates with its
shared secret; COMPLAINT … registers a complaint, STATUS <E-tag> answers
only the complainant's own mobile, anything else gets help; every gateway
message id is processed once."""

import hashlib
import hmac
import json

import pytest
from django.test import Client

from shikayat.channels import sms, sms_parse
from shikayat.channels.models import InboundMessage
from shikayat.complaints import etag as etags
from shikayat.complaints.models import Complaint
from shikayat.notifications.models import OutboxMessage

from .factories import category

URL = "/api/v1/intake/sms/"
TOKEN = "gateway-secret-0123456789"


@pytest.fixture
def gateway(settings, force):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SMS_GATEWAY_TOKEN": TOKEN}
    category("OTHER-GENERAL")
    # A gateway is no browser: CSRF must not be in its way.
    client = Client(enforce_csrf_checks=True)

    def send(text, sender="+923001234567", message_id="gw-1", **extra):
        return client.post(URL, {"from": sender, "text": text, "id": message_id, "to": "8080"},
                           HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)

    return send


def counts():
    return Complaint.objects.count(), OutboxMessage.objects.count(), InboundMessage.objects.count()


def has_script(text, start):
    return any(start <= ch <= chr(ord(start) + 0xFF) for ch in text)


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer wrong-secret"},
                                     {"HTTP_AUTHORIZATION": f"Token {TOKEN}"},
                                     {"HTTP_X_SHIKAYAT_SIGNATURE": "sha256=" + "0" * 64}])
def test_a_caller_without_the_gateway_secret_is_refused(gateway, headers):
    response = Client().post(URL, {"from": "+923001234567", "text": "COMPLAINT my bike was stolen today",
                                   "id": "x1"}, **headers)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthenticated" and error["message"] and error["fields"] == {}
    assert counts() == (0, 0, 0)


def test_without_a_configured_token_the_endpoint_says_so(settings, force):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SMS_GATEWAY_TOKEN": ""}
    response = Client().post(URL, {"from": "+923001234567", "text": "STATUS X", "id": "x1"},
                             HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_configured"
    assert "token" in response.json()["error"]["message"]


def test_an_hmac_signature_over_the_raw_json_body_is_accepted(gateway):
    body = json.dumps({"from": "03001234567", "text": "COMPLAINT my bike was stolen at the market", "id": "sig-1"})
    signature = hmac.new(TOKEN.encode(), body.encode(), hashlib.sha256).hexdigest()
    response = Client().post(URL, body, content_type="application/json",
                             HTTP_X_SHIKAYAT_SIGNATURE=f"sha256={signature}")
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "complaint_created"
    tampered = body.replace("bike", "car ")
    refused = Client().post(URL, tampered, content_type="application/json",
                            HTTP_X_SHIKAYAT_SIGNATURE=f"sha256={signature}")
    assert refused.status_code == 401


def test_missing_fields_get_a_clear_400(gateway):
    response = Client().post(URL, {"text": "hello"}, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 400
    assert {"from", "id"} <= set(response.json()["error"]["fields"])
    assert counts() == (0, 0, 0)


def test_a_complaint_by_sms_gets_an_etag_and_the_acknowledgement(gateway):
    response = gateway("complaint  My motorcycle was stolen outside the bank this morning", message_id="gw-42")
    assert response.status_code == 200, response.content
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["outcome"] == "complaint_created" and body["etag"] == complaint.etag_display
    assert complaint.channel == "sms" and complaint.category.code == "OTHER-GENERAL"
    assert complaint.complainant_mobile == "+923001234567" and complaint.language == "en"
    assert complaint.description == "My motorcycle was stolen outside the bank this morning"
    ack = OutboxMessage.objects.get(channel="sms")
    assert ack.template == "complaint_registered" and ack.recipient == "+923001234567"
    assert complaint.etag_display in body["reply"] and body["reply"].startswith("Your complaint has been registered")
    inbound = InboundMessage.objects.get()
    assert (inbound.channel, inbound.external_id, inbound.outcome, inbound.complaint) == (
        "sms", "gw-42", "complaint_created", complaint)


def test_status_is_sent_to_the_complainants_own_mobile(gateway, new_complaint):
    complaint = new_complaint(mobile="03001234567")
    response = gateway(f"status {complaint.etag_display.lower()}", sender="+923001234567", message_id="gw-2")
    body = response.json()
    assert body["outcome"] == "status_reply" and body["etag"] is None
    assert complaint.etag_display in body["reply"] and "Registered" in body["reply"]
    reply = OutboxMessage.objects.get(template="status_reply")
    assert reply.recipient == "+923001234567" and reply.complaint == complaint
    assert InboundMessage.objects.get().complaint == complaint


def test_status_from_another_mobile_gets_the_same_answer_as_an_unknown_etag(gateway, new_complaint):
    complaint = new_complaint(mobile="03001234567")
    unknown = etags.display(etags.encode(999_999))
    stranger = gateway(f"STATUS {complaint.etag_display}", sender="+923339876543", message_id="gw-3").json()
    nobody = gateway(f"STATUS {unknown}", sender="+923339876543", message_id="gw-4").json()
    assert stranger["outcome"] == nobody["outcome"] == "status_reply"
    assert stranger["reply"].replace(complaint.etag_display, unknown) == nobody["reply"]
    assert "Registered" not in stranger["reply"] and "Theft" not in stranger["reply"]
    assert not OutboxMessage.objects.filter(template="status_reply").exists()
    assert InboundMessage.objects.filter(complaint__isnull=False).count() == 0


def test_a_redelivered_message_is_answered_again_and_writes_nothing(gateway):
    first = gateway("COMPLAINT Somebody broke the lock of my shop at night", message_id="gw-7")
    before = counts()
    again = gateway("COMPLAINT Somebody broke the lock of my shop at night", message_id="gw-7")
    assert again.status_code == 200 and again.json() == first.json()
    assert counts() == before == (1, 1, 1)
    help_first = gateway("hello?", message_id="gw-8").json()
    assert gateway("hello?", message_id="gw-8").json() == help_first
    assert counts() == (1, 2, 2)


def test_a_concurrent_redelivery_rolls_back_its_complaint(gateway, monkeypatch):
    """Both deliveries passed the 'seen before?' check; the unique id makes the
    second transaction fail as a whole and answer with the first result."""
    first = gateway("COMPLAINT Somebody broke the lock of my shop at night", message_id="gw-9").json()
    monkeypatch.setattr(sms, "_already_processed", _none_once(sms._already_processed))
    second = gateway("COMPLAINT Somebody broke the lock of my shop at night", message_id="gw-9").json()
    assert second == first
    assert counts() == (1, 1, 1)


def _none_once(real):
    calls = []

    def lookup(message_id):
        calls.append(message_id)
        return None if len(calls) == 1 else real(message_id)

    return lookup


def test_anything_else_gets_the_help_reply(gateway):
    body = gateway("Hello, is anybody there?", message_id="gw-5").json()
    assert body["outcome"] == "rejected" and body["etag"] is None
    assert "COMPLAINT" in body["reply"] and "STATUS" in body["reply"]
    assert OutboxMessage.objects.get().template == "sms_help"
    assert InboundMessage.objects.get().outcome == "rejected"
    assert Complaint.objects.count() == 0


def test_a_too_short_complaint_is_explained_and_not_registered(gateway):
    body = gateway("COMPLAINT theft", message_id="gw-6").json()
    assert body["outcome"] == "rejected"
    assert "at least 10 characters" in body["reply"]
    assert Complaint.objects.count() == 0
    assert OutboxMessage.objects.get().template == "sms_not_registered"
    assert InboundMessage.objects.get().outcome == "rejected"


def test_a_sender_that_is_no_mobile_number_is_recorded_and_not_answered(gateway):
    body = gateway("COMPLAINT My motorcycle was stolen", sender="JAZZ", message_id="gw-10").json()
    assert body == {"outcome": "rejected", "etag": None, "reply": ""}
    assert counts() == (0, 0, 1)


def test_an_urdu_complaint_gets_an_urdu_acknowledgement(gateway):
    body = gateway("شکایت میری موٹر سائیکل بازار سے چوری ہو گئی ہے", message_id="gw-11").json()
    assert body["outcome"] == "complaint_created"
    complaint = Complaint.objects.get()
    assert complaint.language == "ur"
    assert OutboxMessage.objects.get().language == "ur"
    assert has_script(body["reply"], "\u0600") and complaint.etag_display in body["reply"]


def test_arabic_keyboard_letters_and_the_hindi_status_keyword_are_understood(gateway, new_complaint):
    # ك and ي (Arabic keyboards) for ک and ی.
    assert gateway("شكايت ميری گاڑی کا شیشہ توڑ دیا گیا", message_id="gw-12").json()["outcome"] == "complaint_created"
    complaint = new_complaint(mobile="03001234567")
    body = gateway(f"स्थिति {complaint.etag_display}", message_id="gw-13").json()
    assert body["outcome"] == "status_reply" and "पंजीकृत" in body["reply"]  # "Registered" in Hindi
    assert OutboxMessage.objects.get(template="status_reply").language == "hi"


def test_parse_and_language_guess():
    assert sms_parse.parse("STATUS: k7qm-4xz2") == sms_parse.Command("status", "k7qm-4xz2")
    assert sms_parse.parse("Shikayat\nmy phone was snatched") == sms_parse.Command("complaint",
                                                                                   "my phone was snatched")
    assert sms_parse.parse("") == sms_parse.Command("help")
    assert sms.guess_language("STATUS K7QM-4XZ2") == "en"
    assert sms.guess_language("حالت K7QM-4XZ2") == "ur"
    assert sms.guess_language("शिकायत मेरा फ़ोन") == "hi"
