"""Hostile bodies through the machine doors, with valid credentials: the
WhatsApp webhook (signed), SMS intake and delivery callbacks (the gateway's
token), email intake. Deep nesting, NUL, lone surrogates, huge numbers,
wrong types at every level of Meta's payload and over-long fields: never a
5xx (Meta and gateways redeliver a 5xx for days). A signed delivery is
answered 200 and stored with the unstorable text as U+FFFD; a body no parser
can read is a 400; and the worker that processes what was stored finishes
every message once, done or failed, with no exception escaping.

PostgreSQL is where these were 500s (it refuses NUL in text and `\\u0000` in
jsonb): run this file with DATABASE_URL=postgres://… too."""

import copy
import itertools
import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import DataError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from shikayat.channels.email_intake import process_message
from shikayat.channels.models import InboundMessage
from shikayat.complaints.models import Complaint
from shikayat.core import clock
from shikayat.core.jsonsafe import MAX_DEPTH, REPLACEMENT
from shikayat.whatsapp import processing
from shikayat.whatsapp.models import InboundWhatsAppMessage, WebhookEvent

from .factories import category
from .test_whatsapp_webhook import ALI, SECRET, URL, FakeEngine, payload, sign, stub_engine

State = InboundWhatsAppMessage.State
SMS_URL, TOKEN = "/api/v1/intake/sms/", "gateway-secret-0123456789"
DELIVERY_URL = "/api/v1/delivery/sms/"
FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


def deeply_nested(depth: int) -> bytes:
    return ('{"object": "whatsapp_business_account", "entry": ' + "[" * depth + "]" * depth + "}").encode()


def post_signed(body: bytes):
    return Client(enforce_csrf_checks=True).post(URL, body, content_type="application/json",
                                                 HTTP_X_HUB_SIGNATURE_256=sign(body))


def text_message(**changes) -> dict:
    body = copy.deepcopy(payload("text.json"))
    body["entry"][0]["changes"][0]["value"]["messages"][0].update(changes)
    return body


def run_worker_until_settled(rounds: int = processing.MAX_ATTEMPTS + 1) -> None:
    """The worker, again and again with the clock past every retry, as the scheduler would over minutes."""
    now = clock.now()
    for _ in range(rounds):
        processing.process_pending(now=now)
        processing.record_statuses(now=now)
        now += timedelta(hours=1)


@pytest.fixture
def signed(settings):
    """Meta's app secret is configured: the bodies below are signed with it."""
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WHATSAPP": {**settings.SHIKAYAT["WHATSAPP"], "APP_SECRET": SECRET}}


@pytest.fixture
def gateway(settings, force):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SMS_GATEWAY_TOKEN": TOKEN}
    category("OTHER-GENERAL")


def sms_post(body, *, as_json: bool = True):
    client = Client(enforce_csrf_checks=True)
    if as_json:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return client.post(SMS_URL, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return client.post(SMS_URL, body, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


# --- WhatsApp, case by case -----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [50_000, 2_000])
def test_a_signed_delivery_nested_beyond_the_parser_is_a_400_and_nothing_is_stored(db, signed, depth):
    response = post_signed(deeply_nested(depth))
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_input"
    assert WebhookEvent.objects.count() == 0


def test_nesting_deeper_than_any_real_payload_is_stored_cut_off(db, signed):
    body = text_message()
    body["entry"][0]["extra"] = json.loads("[" * 200 + "]" * 200)
    assert post_signed(json.dumps(body).encode()).json() == {"received": 1, "statuses": 0}
    kept, depth = WebhookEvent.objects.get().body["entry"][0]["extra"], 3  # body, entry list, entry
    while isinstance(kept, list):
        kept, depth = kept[0], depth + 1
    assert (kept, depth) == (None, MAX_DEPTH)


@pytest.mark.parametrize("field, value", [
    ("text", {"body": "my bike\u0000 was stolen"}),
    ("text", {"body": "lone \ud800 surrogate"}),
    ("id", "wamid.\u0000nul"),
    ("id", "wamid.\udc00surrogate"),
    ("from", "92300\u00001234567"),
])
def test_unstorable_text_is_stored_as_u_fffd_and_processed_once(db, signed, monkeypatch, field, value):
    engine = FakeEngine()
    stub_engine(monkeypatch, engine.handle)
    response = post_signed(json.dumps(text_message(**{field: value})).encode())
    assert response.status_code == 200 and response.json()["received"] == 1
    row = InboundWhatsAppMessage.objects.get()
    stored = json.dumps(row.payload, ensure_ascii=False) + row.message_id + row.wa_id
    assert "\u0000" not in stored and REPLACEMENT in stored
    assert not any("\ud800" <= ch <= "\udfff" for ch in stored)
    run_worker_until_settled()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.DONE, 1)
    assert len(engine.seen) == 1 and REPLACEMENT in (engine.seen[0].text + engine.seen[0].message_id
                                                       + engine.seen[0].wa_id)


def test_a_sender_longer_than_its_column_is_refused_up_front_not_retried(db, signed):
    body = text_message(**{"from": "9" * 141})
    body["entry"][0]["changes"][0]["value"]["contacts"] = []
    response = post_signed(json.dumps(body).encode())
    assert response.status_code == 200 and response.json() == {"received": 0, "statuses": 0}
    assert WebhookEvent.objects.count() == 1 and InboundWhatsAppMessage.objects.count() == 0


@pytest.mark.parametrize("changes", [
    {"context": "not an object"}, {"type": "interactive", "interactive": {"type": "list_reply", "list_reply": 7}},
    {"type": "interactive", "interactive": ["list_reply"]}, {"type": "location", "location": {"latitude": "1e999"}},
    {"type": "image", "image": {"id": {"nested": 1}}}, {"timestamp": 10 ** 40}, {"text": {"body": ["a", "b"]}},
])
def test_wrong_types_in_a_stored_message_read_as_missing_and_the_message_is_done_once(
        db, signed, monkeypatch, changes):
    engine = FakeEngine()
    stub_engine(monkeypatch, engine.handle)
    body = text_message(**changes)
    body["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"] = "a string, not an object"
    assert post_signed(json.dumps(body).encode()).status_code == 200
    run_worker_until_settled()
    assert InboundWhatsAppMessage.objects.get().state == State.DONE and len(engine.seen) == 1


def test_a_failure_the_message_itself_causes_fails_it_once_instead_of_retrying(db, signed, monkeypatch):
    def refuses(incoming):
        raise DataError("value too long for type character varying(140)")

    stub_engine(monkeypatch, refuses)
    assert post_signed(json.dumps(text_message()).encode()).status_code == 200
    run_worker_until_settled()
    row = InboundWhatsAppMessage.objects.get()
    assert (row.state, row.attempts) == (State.FAILED, 1) and row.error.startswith("DataError")


def test_statuses_with_unstorable_text_are_recorded_or_ignored_once(db, signed):
    body = copy.deepcopy(payload("statuses.json"))
    for status in body["entry"][0]["changes"][0]["value"]["statuses"]:
        status.update(id="wamid.\u0000", status="deli\ud800vered", errors=[{"error_data": "x", "code": 10 ** 30}])
    assert post_signed(json.dumps(body).encode()).status_code == 200
    run_worker_until_settled()
    event = WebhookEvent.objects.get()
    assert event.processed_at is not None and event.error == "" and event.attempts == 1


# --- SMS, delivery callbacks, email, case by case -------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b'{"from": "+923001234567", "id": "d1", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b'{"from": "+923001234567", "id": "d2", "text": ' + b"[" * 100 + b"]" * 100 + b"}",
    b'[1, 2]', b'"text"', b"{not json",
])
def test_a_gateway_body_that_cannot_be_read_is_a_400(gateway, body):
    response = sms_post(body)
    assert response.status_code == 400 and response.json()["error"]["code"]
    assert InboundMessage.objects.count() == 0


def test_nul_and_surrogates_in_an_sms_are_kept_as_u_fffd_and_the_complaint_is_registered(gateway):
    response = sms_post({"from": "+923001234567", "id": "gw-\u0000", "text": "COMPLAINT my bike\u0000 was "
                         "stolen from the \ud800 market this morning"})
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "complaint_created"
    complaint = Complaint.objects.get()
    assert "\u0000" not in complaint.description and REPLACEMENT in complaint.description
    assert InboundMessage.objects.get().external_id == "gw-" + REPLACEMENT


def test_an_sms_sender_with_a_nul_is_refused_as_no_mobile_and_recorded(gateway):
    response = sms_post({"from": "+92300\u00001234567", "id": "gw-2", "text": "STATUS K7QM"})
    assert response.status_code == 200 and response.json()["outcome"] == "rejected"
    assert InboundMessage.objects.get().sender == "+92300" + REPLACEMENT + "1234567"


def test_an_sms_form_post_with_a_nul_is_answered(gateway):
    response = sms_post({"from": "+923001234567", "id": "gw-3", "text": "HELP\u0000"}, as_json=False)
    assert response.status_code == 200 and InboundMessage.objects.count() == 1


def test_a_deeply_nested_delivery_report_is_a_400(gateway):
    body = b'{"id": "x", "status": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = Client().post(DELIVERY_URL, body, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 400


@pytest.mark.parametrize("report", [{"id": "x\u0000", "status": "delivered"}, {"id": "x\ud800", "status": "read"},
                                    {"id": "x", "status": "delivered", "detail": "\u0000"}])
def test_unstorable_text_in_a_delivery_report_is_a_400(gateway, report):
    response = Client().post(DELIVERY_URL, json.dumps(report), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 400


def test_a_signed_twilio_report_with_a_nul_is_answered_not_a_server_error(db, settings):
    url = "https://shikayat.example/api/v1/delivery/twilio/"
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TWILIO": {"ACCOUNT_SID": "AC1", "AUTH_TOKEN": "tw-token",
                                                         "FROM": "+15005550006", "STATUS_CALLBACK": url}}
    params = {"MessageSid": "SM\u0000123", "MessageStatus": "delivered", "AccountSid": "AC1"}
    response = Client().post("/api/v1/delivery/twilio/", urlencode(params),
                             content_type="application/x-www-form-urlencoded",
                             HTTP_X_TWILIO_SIGNATURE=RequestValidator("tw-token").compute_signature(url, params))
    assert response.status_code in (400, 404)  # no such message of ours; never a 500


def test_an_email_with_nul_and_raw_8_bit_headers_is_stored_readable(force):
    category("OTHER-GENERAL")
    raw = (b"From: Ali <ali@example.com>\r\nTo: complaints@police.example\r\nSubject: bike \xff\xfe stolen\r\n"
           b"Message-ID: <nul-1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"My bike was stolen\x00 from the market this morning near the bank.\r\n")
    processed = process_message(raw)
    inbound = InboundMessage.objects.get(pk=processed.inbound.pk)
    assert "\u0000" not in inbound.subject + inbound.detail
    complaint = Complaint.objects.filter(inbound_messages=inbound).first()
    if complaint is not None:
        assert "\u0000" not in complaint.description and REPLACEMENT in complaint.description


# --- the fuzz -----------------------------------------------------------------------------------------------------

DEEP = "\u2063deep\u2063"  # a marker replaced, in the JSON text, by nesting too deep to build as objects
unstorable = st.sampled_from(["\u0000", "a\u0000b", "\ud800", "\udfff", "x\udbffy", "\u0000\ud800"])
hostile_text = st.one_of(unstorable, st.text(alphabet=st.characters(exclude_categories=()), max_size=12))
hostile = st.one_of(
    hostile_text,
    st.integers(min_value=-(10 ** 40), max_value=10 ** 40), st.just(10 ** 300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(), st.just([]), st.just({}),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.integers(min_value=140, max_value=3000).map(lambda n: "9" * n),  # longer than its column
    st.sampled_from([DEEP + "40", DEEP + "3000"]),
)


def field(good, *, hostile_one_in: int = 7, instead=hostile):
    """Meta's value, or (one time in seven) a hostile one in its place: deep enough, most bodies still carry
    messages, each with a few hostile values."""
    good = good if isinstance(good, st.SearchStrategy) else st.just(good)
    return st.integers(1, hostile_one_in).flatmap(lambda n: instead if n == 1 else good)


# A gateway's body has four fields: hostile half the time, and often nested beyond any parser.
gateway_hostile = st.one_of(hostile, hostile, st.just(DEEP + "3000"))


def gateway_field(good):
    return field(good, hostile_one_in=2, instead=gateway_hostile)


def listed(item):
    return field(st.lists(item, min_size=1, max_size=3))


MESSAGE_ID = "wamid.fuzz"  # made unique per message in the JSON text, so no message is a redelivery
MESSAGE_NUMBERS = itertools.count(1)
wa_ids = st.sampled_from([ALI, "923217654321", "PK.123456789"])
message = st.fixed_dictionaries({
    "from": field(wa_ids), "id": field(MESSAGE_ID),
    "timestamp": field("1763900000"),
    "type": field(st.sampled_from(["text", "interactive", "button", "location", "image", "document", "audio",
                                   "sticker", "reaction"])),
    "text": field(st.fixed_dictionaries({"body": field(st.sampled_from(["Salam", "1", "2", "menu", "0"]))})),
    "interactive": field(st.fixed_dictionaries({
        "type": field(st.sampled_from(["list_reply", "button_reply"])),
        "list_reply": field(st.fixed_dictionaries({"id": field("menu-1"), "title": field("Lodge"),
                                                   "description": field("x")})),
        "button_reply": field(st.fixed_dictionaries({"id": field("yes"), "title": field("Yes")}))})),
    "button": field(st.fixed_dictionaries({"payload": field("yes"), "text": field("Yes")})),
    "location": field(st.fixed_dictionaries({"latitude": field(31.5), "longitude": field(74.3),
                                             "name": field("Mall Road"), "address": field("Lahore")})),
    "image": field(st.fixed_dictionaries({"id": field("m-1"), "mime_type": field("image/jpeg"),
                                          "caption": field("photo")})),
    "context": field(st.fixed_dictionaries({"id": field("wamid.earlier")})),
})
contact = st.fixed_dictionaries({"wa_id": field(wa_ids), "profile": field(st.fixed_dictionaries(
    {"name": field("Ali Raza")}))})
status = st.fixed_dictionaries({
    "id": field("wamid.sent-1"), "status": field(st.sampled_from(["sent", "delivered", "read", "failed"])),
    "timestamp": field("1763900001"), "recipient_id": field(ALI),
    "errors": field(st.lists(st.fixed_dictionaries({"code": field(131047), "title": field("Re-engagement"),
                                                    "error_data": field(st.fixed_dictionaries(
                                                        {"details": field("x")}))}), max_size=1)),
})
delivery = st.fixed_dictionaries({
    "object": field("whatsapp_business_account"),
    "entry": listed(st.fixed_dictionaries({
        "id": field("102290129340398"),
        "changes": listed(st.fixed_dictionaries({
            "field": field("messages"),
            "value": field(st.fixed_dictionaries({
                "messaging_product": field("whatsapp"),
                "metadata": field(st.fixed_dictionaries({"phone_number_id": field("106540352242922")})),
                "contacts": listed(contact), "messages": listed(message), "statuses": listed(status),
            })),
        })),
    })),
})


def as_json_text(body, raw_utf8: bool) -> bytes:
    """Meta's text of a body: escaped (\\uXXXX) or raw UTF-8 (surrogates too, as a careless encoder writes
    them); the deep markers become nesting no parser follows."""
    text = json.dumps(body, ensure_ascii=not raw_utf8)
    text = re.sub(re.escape(MESSAGE_ID), lambda _match: f"wamid.{next(MESSAGE_NUMBERS)}", text)
    for depth in ("3000", "40"):
        marker = json.dumps(DEEP + depth, ensure_ascii=not raw_utf8)
        text = text.replace(marker, "[" * int(depth) + "]" * int(depth))
    return text.encode("utf-8", "surrogatepass")


@FUZZ
@given(body=delivery, raw_utf8=st.booleans())
def test_fuzz_whatsapp_deliveries_never_5xx_and_the_worker_settles_every_message(
        force, signed, body, raw_utf8):
    response = post_signed(as_json_text(body, raw_utf8))
    assert response.status_code in (200, 400), response.content
    run_worker_until_settled()  # the real conversation engine: no exception escapes
    assert not InboundWhatsAppMessage.objects.filter(state=State.PENDING).exists()
    failed = list(InboundWhatsAppMessage.objects.filter(state=State.FAILED).values_list("error", flat=True))
    assert failed == [], failed
    assert not WebhookEvent.objects.filter(processed_at__isnull=True).exists()
    assert not WebhookEvent.objects.exclude(error="").exists()


sms_body = st.fixed_dictionaries({
    "from": gateway_field(st.sampled_from(["+923001234567", "03001234567", "8080"])),
    "text": gateway_field(st.sampled_from(["COMPLAINT my bike was stolen from the market today",
                                           "STATUS K7QM-4XZ2", "hello", "शिकायत मेरी साइकिल चोरी हो गई है आज सुबह"])),
    "id": gateway_field(st.integers(1, 10 ** 6).map(lambda n: f"gw-{n}")),
}, optional={"to": gateway_field("8080")})


@FUZZ
@given(body=sms_body, raw_utf8=st.booleans())
def test_fuzz_sms_bodies_never_5xx_and_what_is_answered_is_recorded(gateway, body, raw_utf8):
    response = sms_post(as_json_text(body, raw_utf8))
    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert InboundMessage.objects.filter(channel="sms").exists()
        assert response.json()["outcome"]


report = st.fixed_dictionaries(
    {"id": gateway_field("prov-1"), "status": gateway_field(st.sampled_from(["delivered", "read"]))},
    optional={"at": gateway_field("2026-01-01T10:00:00Z"), "detail": gateway_field("ok")})


@FUZZ
@given(body=report, raw_utf8=st.booleans())
def test_fuzz_delivery_reports_never_5xx(gateway, body, raw_utf8):
    response = Client().post(DELIVERY_URL, as_json_text(body, raw_utf8), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code in (200, 400, 404), response.content
