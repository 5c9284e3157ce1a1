"""Fault tests against a real local HTTP server playing the providers: an SMS
gateway that fails, hangs or refuses; Twilio and WhatsApp Cloud API; a worker
killed mid-batch; two workers at once. Whatever happens, every message is
delivered once: never lost, never twice."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.notifications import delivery
from shikayat.notifications.models import OutboxMessage, WhatsAppContact
from shikayat.notifications.outbox import enqueue

from .factories import complaint_data

ROOT = Path(__file__).resolve().parent.parent
SOON = timedelta(seconds=1)


class FakeProviders:
    """One HTTP server for all three providers, by path:
      /sms                               the SMS gateway; deduplicates by Idempotency-Key, as real ones do
      /2010-04-01/Accounts/<sid>/...     Twilio's Messages API
      /v21.0/<phone id>/messages         WhatsApp Cloud API
    `script` holds what the next requests get ("ok", "500", "400", "429", "hang"); then "ok".
    A hung request is processed (delivered) after `hang_seconds`, long after the client gave up."""

    def __init__(self):
        self.script: list[str] = []
        self.delay = 0.0  # every request takes this long
        self.hang_seconds = 1.0
        self.requests: list[dict] = []
        self.ids: dict[str, str] = {}  # idempotency key -> gateway message id
        self.deliveries = Counter()  # what reached a handset, by key (or by body without one)
        self.lock = threading.Lock()
        self.in_flight = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        providers = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                with providers.lock:
                    action = providers.script.pop(0) if providers.script else "ok"
                    providers.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                               "action": action})
                providers.in_flight.set()
                time.sleep(providers.delay + (providers.hang_seconds if action == "hang" else 0))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up or died
                    self._answer(action, body)

            def _answer(self, action, body):
                if action in ("500", "400", "429"):
                    payload = {"error": {"message": f"scripted {action}", "code": 131000},
                               "code": 21211, "message": f"scripted {action}", "status": int(action)}
                    return self._json(int(action), payload, {"Retry-After": "120"} if action == "429" else {})
                key = self.headers.get("Idempotency-Key") or body
                with providers.lock:
                    if key not in providers.ids:
                        providers.ids[key] = f"id-{len(providers.ids) + 1}"
                        providers.deliveries[key] += 1
                    message_id = providers.ids[key]
                if self.path.startswith("/2010-04-01/"):
                    return self._json(201, {"sid": f"SM{message_id}", "status": "queued"})
                if "/messages" in self.path:
                    return self._json(200, {"messaging_product": "whatsapp",
                                            "messages": [{"id": f"wamid.{message_id}"}]})
                return self._json(200, {"id": message_id, "status": "accepted"})

            def _json(self, code, payload, headers=None):
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def keys_seen(self) -> Counter:
        return Counter(r["headers"].get("Idempotency-Key") for r in self.requests)


@pytest.fixture
def providers():
    server = FakeProviders()
    yield server
    server.stop()


@pytest.fixture
def gateway(providers, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {"sms": "sms-gateway"}, "SMS_API": {
        "URL": providers.url + "/sms", "TOKEN": "out-token", "SENDER": "SHIKAYAT",
        "CONNECT_TIMEOUT": 1, "READ_TIMEOUT": 0.4}}
    return providers


def queue(n=1, channel="sms", **overrides):
    for i in range(n):
        enqueue(**{"channel": channel, "recipient": f"+9230012345{i:02d}", "template": "complaint_closed",
                   "language": "en", "context": {"etag": "TE4P-DR6A"}, "dedupe_key": f"fault:{channel}:{i}",
                   **overrides})
    return list(OutboxMessage.objects.filter(channel=channel).order_by("pk"))


def states() -> Counter:
    return Counter(OutboxMessage.objects.values_list("state", flat=True))


# --- SMS gateway ---------------------------------------------------------------------------------------------


def test_the_gateway_request_carries_the_profile_fields_auth_and_idempotency_key(db, gateway):
    [row] = queue()
    assert delivery.deliver_due(now=timezone.now() + SOON) == 1
    [request] = gateway.requests
    assert request["headers"]["Authorization"] == "Bearer out-token"
    assert request["headers"]["Idempotency-Key"] == row.idempotency_key
    body = json.loads(request["body"])
    assert body == {"to": row.recipient, "text": "Complaint TE4P-DR6A is now closed. Thank you for your feedback.",
                    "from": "SHIKAYAT", "reference": row.idempotency_key}
    row.refresh_from_db()
    assert row.state == "sent" and row.provider == "sms" and row.provider_message_id == "id-1"


def test_a_form_profile_with_other_field_names(db, gateway, settings):
    settings.SHIKAYAT["SMS_API"].update({"BODY": "form", "TO_FIELD": "msisdn", "TEXT_FIELD": "message",
                                         "AUTH_HEADER": "X-API-Key", "AUTH_SCHEME": "", "REFERENCE_FIELD": ""})
    [row] = queue()
    delivery.deliver_due(now=timezone.now() + SOON)
    [request] = gateway.requests
    assert request["headers"]["X-API-Key"] == "out-token"
    assert parse_qs(request["body"]) == {"msisdn": [row.recipient], "message": [render_closed()],
                                         "from": ["SHIKAYAT"]}


def render_closed():
    return "Complaint TE4P-DR6A is now closed. Thank you for your feedback."


def test_500s_are_retried_later_and_each_message_delivered_once(db, gateway):
    queue(3)
    gateway.script = ["500", "500", "500", "500"]
    now = timezone.now() + SOON
    assert delivery.deliver_due(now=now) == 0
    assert states() == {"pending": 3} and set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert "HTTP 500" in OutboxMessage.objects.first().last_error
    assert delivery.deliver_due(now=now + timedelta(seconds=10)) == 0  # backing off: nothing is due
    assert len(gateway.requests) == 3
    assert delivery.deliver_due(now=now + timedelta(minutes=5)) == 2  # one more 500, two accepted
    assert delivery.deliver_due(now=now + timedelta(hours=1)) == 1
    assert states() == {"sent": 3}
    assert len(gateway.deliveries) == 3 and set(gateway.deliveries.values()) == {1}


def test_a_hanging_gateway_times_out_and_the_retry_is_not_a_second_delivery(db, gateway):
    [row] = queue()
    gateway.script = ["hang"]
    now = timezone.now() + SOON
    started = time.monotonic()
    assert delivery.deliver_due(now=now) == 0
    assert time.monotonic() - started < gateway.hang_seconds  # we gave up at the read timeout
    row.refresh_from_db()
    assert row.state == "pending" and "timed out" in row.last_error
    time.sleep(gateway.hang_seconds)  # meanwhile the gateway did deliver it
    assert gateway.deliveries[row.idempotency_key] == 1
    assert delivery.deliver_due(now=now + timedelta(hours=1)) == 1
    row.refresh_from_db()
    assert row.state == "sent" and row.attempts == 2 and row.provider_message_id == "id-1"
    assert gateway.keys_seen()[row.idempotency_key] == 2 and gateway.deliveries[row.idempotency_key] == 1


def test_429_waits_as_long_as_the_gateway_asks(db, gateway):
    [row] = queue()
    gateway.script = ["429"]
    now = timezone.now() + SOON
    delivery.deliver_due(now=now)
    row.refresh_from_db()
    assert row.state == "pending" and row.next_attempt_at == now + timedelta(seconds=120)


def test_an_unreachable_gateway_keeps_the_message(db, gateway, settings):
    gateway.stop()
    [row] = queue()
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == "pending" and row.attempts == 1 and "unreachable" in row.last_error


def test_a_4xx_goes_to_the_dead_letter_and_shows_in_the_admin(db, gateway, client, django_user_model):
    rejected, accepted = queue(2)
    gateway.script = ["400"]
    assert delivery.deliver_due(now=timezone.now() + SOON) == 1
    rejected.refresh_from_db()
    assert rejected.state == "dead" and rejected.attempts == 1 and "HTTP 400" in rejected.last_error
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pass-word-123"))
    page = client.get("/admin/notifications/outboxmessage/?state__exact=dead").content.decode()
    assert rejected.recipient in page and accepted.recipient not in page


# --- Twilio and WhatsApp -------------------------------------------------------------------------------------


@pytest.fixture
def twilio(providers, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {"sms": "twilio"}, "TWILIO": {
        "ACCOUNT_SID": "AC123", "AUTH_TOKEN": "tw-token", "FROM": "+15005550006", "BASE_URL": providers.url,
        "STATUS_CALLBACK": "https://shikayat.example/api/v1/delivery/twilio/", "READ_TIMEOUT": 0.4}}
    return providers


def test_twilio_through_the_official_library(db, twilio):
    [row] = queue()
    assert delivery.deliver_due(now=timezone.now() + SOON) == 1
    [request] = twilio.requests
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["headers"]["Authorization"].startswith("Basic ")
    assert parse_qs(request["body"]) == {"To": [row.recipient], "From": ["+15005550006"], "Body": [render_closed()],
                                         "StatusCallback": ["https://shikayat.example/api/v1/delivery/twilio/"]}
    row.refresh_from_db()
    assert row.state == "sent" and row.provider == "twilio" and row.provider_message_id == "SMid-1"


def test_twilio_refusal_is_dead_and_a_lost_answer_is_left_to_a_person(db, twilio):
    refused, lost = queue(2)
    twilio.script = ["400", "hang"]
    delivery.deliver_due(now=timezone.now() + SOON)
    refused.refresh_from_db()
    lost.refresh_from_db()
    assert refused.state == "dead" and "21211" in refused.last_error
    # Twilio cannot deduplicate: sending again might text the citizen twice.
    assert lost.state == "uncertain" and "outcome unknown" in lost.last_error


def test_twilio_500_is_retried(db, twilio):
    [row] = queue()
    twilio.script = ["500"]
    now = timezone.now() + SOON
    assert delivery.deliver_due(now=now) == 0
    assert delivery.deliver_due(now=now + timedelta(hours=1)) == 1
    assert OutboxMessage.objects.get().state == "sent" and len(twilio.deliveries) == 1


@pytest.fixture
def whatsapp(providers, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {"whatsapp": "whatsapp"}, "WHATSAPP": {
        "BASE_URL": providers.url, "API_VERSION": "v21.0", "PHONE_NUMBER_ID": "1055", "TOKEN": "wa-token",
        "TEMPLATES": {"complaint_closed": {"name": "complaint_closed_v2"}}, "READ_TIMEOUT": 0.4}}
    return providers


def test_whatsapp_free_text_inside_the_24_hour_window(db, whatsapp):
    [row] = queue(channel="whatsapp", language="ur")
    now = timezone.now() + SOON
    WhatsAppContact.objects.create(wa_id=row.recipient.lstrip("+"), phone=row.recipient,
                                   last_inbound_at=now - timedelta(hours=23))
    assert delivery.deliver_due(now=now) == 1
    [request] = whatsapp.requests
    assert request["path"] == "/v21.0/1055/messages"
    assert request["headers"]["Authorization"] == "Bearer wa-token"
    body = json.loads(request["body"])
    assert body["type"] == "text" and body["to"] == row.recipient.lstrip("+")
    assert "TE4P-DR6A" in body["text"]["body"] and body["text"]["body"] != render_closed()  # in Urdu
    row.refresh_from_db()
    assert row.provider_message_id == "wamid.id-1" and row.provider == "whatsapp"


def test_whatsapp_outside_the_window_sends_the_approved_template(db, whatsapp):
    [row] = queue(channel="whatsapp", language="hi")
    now = timezone.now() + SOON
    WhatsAppContact.objects.create(wa_id="1", phone=row.recipient, last_inbound_at=now - timedelta(hours=25))
    assert delivery.deliver_due(now=now) == 1
    body = json.loads(whatsapp.requests[0]["body"])
    assert body["type"] == "template"
    assert body["template"] == {"name": "complaint_closed_v2", "language": {"code": "hi"}, "components": [
        {"type": "body", "parameters": [{"type": "text", "text": "TE4P-DR6A"}]}]}


def test_whatsapp_for_a_number_that_never_wrote_to_us_uses_the_template(db, whatsapp):
    queue(channel="whatsapp", template="complaint_registered",
          context={"etag": "TE4P-DR6A", "contact_hours": 24, "track_url": "https://x.test/t"})
    delivery.deliver_due(now=timezone.now() + SOON)
    body = json.loads(whatsapp.requests[0]["body"])
    assert body["template"]["name"] == "complaint_registered"  # not mapped: its own name
    assert [p["text"] for p in body["template"]["components"][0]["parameters"]] == ["TE4P-DR6A", "24",
                                                                                    "https://x.test/t"]


def test_whatsapp_refusal_is_dead(db, whatsapp):
    [row] = queue(channel="whatsapp")
    whatsapp.script = ["400"]
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == "dead" and "HTTP 400" in row.last_error


def bot_reply(text: str, interactive: dict | None = None, n: int = 1):
    context = {"text": text, **({"interactive": interactive} if interactive else {})}
    enqueue(channel="whatsapp", recipient="923001234567", template="bot_reply", language="ur", context=context,
            dedupe_key=f"bot:wamid.test:{n}")
    return OutboxMessage.objects.get(dedupe_key=f"bot:wamid.test:{n}")


def test_whatsapp_bot_replies_go_as_free_text(db, whatsapp):
    row = bot_reply("آپ کی شکایت درج ہو گئی ہے۔ ای-ٹیگ: TE4P-DR6A")
    assert delivery.deliver_due(now=timezone.now() + SOON) == 1  # no contact row needed: it answers a message
    body = json.loads(whatsapp.requests[0]["body"])
    assert body == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "923001234567",
                    "type": "text", "text": {"preview_url": False, "body": row.context["text"]}}


def test_whatsapp_bot_replies_with_a_list_buttons_and_a_location_request(db, whatsapp):
    rows = [{"id": f"cat:C{i}", "title": f"Category {i}"} for i in range(10)]
    bot_reply("Choose a category", {"type": "list", "action": {"button": "Categories", "sections": [{"rows": rows}]}})
    bot_reply("Confirm?", {"type": "button", "action": {"buttons": [
        {"type": "reply", "reply": {"id": "yes", "title": "Yes, register"}},
        {"type": "reply", "reply": {"id": "no", "title": "No, cancel"}}]}}, n=2)
    bot_reply("Share your location", {"type": "location_request_message", "action": {"name": "send_location"}}, n=3)
    assert delivery.deliver_due(now=timezone.now() + SOON) == 3
    sent = [json.loads(r["body"]) for r in whatsapp.requests]
    assert [b["type"] for b in sent] == ["interactive"] * 3
    listed, confirm, location = (b["interactive"] for b in sent)
    assert listed["type"] == "list" and listed["body"] == {"text": "Choose a category"}
    assert listed["action"]["sections"][0]["rows"] == rows
    assert [b["reply"]["id"] for b in confirm["action"]["buttons"]] == ["yes", "no"]
    assert location == {"type": "location_request_message", "body": {"text": "Share your location"},
                        "action": {"name": "send_location"}}


@pytest.mark.parametrize("interactive", [
    {"type": "list", "action": {"button": "Categories", "sections": [
        {"rows": [{"id": f"r{i}", "title": f"Row {i}"} for i in range(11)]}]}},  # 11 rows
    {"type": "list", "action": {"button": "Categories", "sections": [
        {"rows": [{"id": "r1", "title": "A row title longer than 24"}]}]}},
    {"type": "button", "action": {"buttons": [
        {"type": "reply", "reply": {"id": f"b{i}", "title": f"B{i}"}} for i in range(4)]}},  # 4 buttons
    {"type": "button", "action": {"buttons": [
        {"type": "reply", "reply": {"id": "b", "title": "A button title too long"}}]}},
    {"type": "button", "action": {"buttons": [
        {"type": "reply", "reply": {"id": "same", "title": "One"}}, {"type": "reply", "reply": {"id": "same",
                                                                                               "title": "Two"}}]}},
    {"type": "carousel", "action": {}},
])
def test_whatsapp_bot_replies_over_metas_limits_are_refused_without_calling_meta(db, whatsapp, interactive):
    row = bot_reply("Choose", interactive)
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == "dead" and "Meta's limits" in row.last_error and whatsapp.requests == []


def test_whatsapp_bot_reply_body_over_1024_characters_is_refused(db, whatsapp):
    row = bot_reply("x" * 1025, {"type": "location_request_message", "action": {"name": "send_location"}})
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == "dead" and "body text" in row.last_error and whatsapp.requests == []


# --- Transactions, killed workers, two workers ---------------------------------------------------------------


def test_a_transaction_that_rolls_back_leaves_no_outbox_row(force):
    with pytest.raises(RuntimeError), transaction.atomic():
        register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
        assert OutboxMessage.objects.exists()
        raise RuntimeError("the change failed after the message was queued")
    assert not Complaint.objects.exists() and not OutboxMessage.objects.exists()


def database_url() -> str:
    """The test database, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(gateway, log_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url(),
           "SHIKAYAT_OUTBOX_SMS": "sms-gateway", "SHIKAYAT_SMS_API_URL": gateway.url + "/sms",
           "SHIKAYAT_SMS_API_READ_TIMEOUT": "5", "SHIKAYAT_OUTBOX_LEASE_SECONDS": "6", "LOG_LEVEL": "WARNING"}
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen([sys.executable, "manage.py", "deliver_outbox", "--loop", "--batch", "10",
                                "--interval", "0.2"], cwd=ROOT, env=env, stdout=log, stderr=log)
    process.log = log
    return process


def wait_for(condition, timeout=60.0, what=lambda: ""):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what()}"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_and_restarted_loses_and_repeats_nothing(gateway, tmp_path):
    rows = queue(25)
    gateway.delay = 0.15
    first = start_worker(gateway, tmp_path / "worker.log")
    try:
        wait_for(lambda: len(gateway.requests) >= 6, what=lambda: "the first sends")
        gateway.in_flight.clear()
        wait_for(gateway.in_flight.is_set, what=lambda: "a send in progress")
        os.kill(first.pid, signal.SIGKILL)  # mid-batch, and mid-request
        first.wait(10)
    finally:
        first.kill()
        first.log.close()
    sent_before = OutboxMessage.objects.filter(state="sent").count()
    assert 0 < sent_before < len(rows)
    stuck = OutboxMessage.objects.filter(state="pending", sending_started_at__isnull=False)
    assert stuck.count() == 1  # the one it was sending when killed; its outcome was never recorded

    second = start_worker(gateway, tmp_path / "worker.log")
    try:
        wait_for(lambda: states() == {"sent": len(rows)}, what=lambda: f"all sent, now {states()}; "
                 + (tmp_path / "worker.log").read_text(errors="replace")[-2000:])
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
        second.log.close()
    # Every message reached the gateway's handsets exactly once ...
    assert len(gateway.deliveries) == len(rows) and set(gateway.deliveries.values()) == {1}
    assert set(gateway.deliveries) == {row.idempotency_key for row in rows}
    # ... the one cut off was sent again with the same key (the gateway recognised it) ...
    assert sorted(gateway.keys_seen().values())[-1] == 2 and sum(gateway.keys_seen().values()) == len(rows) + 1
    # ... and our rows agree: all sent, no lease left behind.
    assert not OutboxMessage.objects.exclude(lease_owner="").exists()
    assert not OutboxMessage.objects.filter(sending_started_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_a_message_twice(gateway):
    """On PostgreSQL the claims skip each other's locked rows (SKIP LOCKED);
    on SQLite the IMMEDIATE transaction serialises them. Either way each
    message goes to the gateway once: counted by raw requests, not deduplicated."""
    rows = queue(40)
    gateway.delay = 0.02
    sent_by = Counter()
    errors = []

    def worker(name):
        try:
            while True:
                sent = delivery.deliver_due(limit=5)
                sent_by[name] += sent
                if not sent:
                    return
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert states() == {"sent": len(rows)}
    assert sum(sent_by.values()) == len(rows)
    assert len(gateway.requests) == len(rows) and set(gateway.keys_seen().values()) == {1}
    if connection.vendor == "postgresql":
        assert sent_by["a"] and sent_by["b"]  # they really worked side by side


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_second_claim_skips_rows_locked_by_the_first():
    queue(4)
    now = timezone.now() + SOON
    claimed_inside = []

    def second_worker():
        try:
            claimed_inside.extend(delivery.claim(limit=10, owner="b", now=now))
        finally:
            connections.close_all()

    with transaction.atomic():
        locked = list(OutboxMessage.objects.select_for_update().order_by("pk")[:2])
        thread = threading.Thread(target=second_worker)
        thread.start()
        thread.join(10)
    assert not thread.is_alive()  # did not wait for the lock
    assert {m.pk for m in claimed_inside}.isdisjoint(m.pk for m in locked) and len(claimed_inside) == 2
