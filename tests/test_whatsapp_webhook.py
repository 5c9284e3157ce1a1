"""The WhatsApp Cloud API webhook: Meta's handshake, signed deliveries stored
once and answered at once, every message of a delivery handed to the
conversation engine in each citizen's order, delivery statuses recorded
against the outbox, and media downloaded from a real local HTTP server
playing the Graph API and attached to the complaint.

Payloads are shaped like Meta's (tests/fixtures/whatsapp/*.json) and signed
with a test app secret. The engine is a fake that records what it was given
(shikayat.bot.engine.handle is replaced), except in the last test, which
runs the real bot when it is installed."""

import base64
import contextlib
import copy
import hashlib
import hmac
import json
import sys
import threading
import time
import types
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import Client, RequestFactory
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from shikayat.complaints.models import Attachment, ComplaintEvent
from shikayat.core import clock
from shikayat.notifications import outbox
from shikayat.notifications.models import DeliveryEvent, OutboxMessage, WhatsAppContact
from shikayat.whatsapp import media, processing, tasks, webhook
from shikayat.whatsapp.models import InboundWhatsAppMessage, MediaFetch, WebhookEvent
from shikayat.whatsapp.types import Incoming

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "whatsapp"
URL = "/api/v1/whatsapp/webhook/"
SECRET = "test-app-secret-8f2c1d"
VERIFY = "test-verify-token-42"
GRAPH_TOKEN = "graph-bearer-token"
ALI, SARA = "923001234567", "923217654321"
State = InboundWhatsAppMessage.State


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def payload(name: str) -> dict:
    return json.loads(raw(name))


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def stored() -> tuple[int, int]:
    return WebhookEvent.objects.count(), InboundWhatsAppMessage.objects.count()


class FakeEngine:
    """Stands in for shikayat.bot.engine: records every message, or fails on the ids in `fail_on`."""

    def __init__(self):
        self.seen: list[Incoming] = []
        self.fail_on: set[str] = set()
        self.lock = threading.Lock()
        self.delay = 0.0
        self.busy: dict[str, int] = {}  # wa_id -> calls in progress (must never exceed 1)
        self.overlaps = 0

    def handle(self, incoming: Incoming) -> None:
        if incoming.message_id in self.fail_on:
            raise RuntimeError("the engine fell over")
        with self.lock:
            self.busy[incoming.wa_id] = self.busy.get(incoming.wa_id, 0) + 1
            self.overlaps += self.busy[incoming.wa_id] > 1
        time.sleep(self.delay)
        with self.lock:
            self.busy[incoming.wa_id] -= 1
            self.seen.append(incoming)

    def ids(self, wa_id: str | None = None) -> list[str]:
        return [i.message_id for i in self.seen if wa_id is None or i.wa_id == wa_id]


def stub_engine(monkeypatch, handle) -> None:
    """Put a fake shikayat.bot.engine in place, without importing the real bot (it may not exist yet)."""
    fake = types.ModuleType("shikayat.bot.engine")
    fake.handle = handle
    package = sys.modules.get("shikayat.bot")
    if package is None:
        package = types.ModuleType("shikayat.bot")
        monkeypatch.setitem(sys.modules, "shikayat.bot", package)
    monkeypatch.setitem(sys.modules, "shikayat.bot.engine", fake)
    monkeypatch.setattr(package, "engine", fake, raising=False)


@pytest.fixture(autouse=True)
def forget_waiting_runs(monkeypatch):
    """The webhook remembers for a second that a processing run waits in the queue; not across tests."""
    monkeypatch.setattr(webhook, "_waiting_seen_at", -1.0)


@pytest.fixture
def whatsapp_settings(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WHATSAPP": {
        **settings.SHIKAYAT["WHATSAPP"], "APP_SECRET": SECRET, "VERIFY_TOKEN": VERIFY, "TOKEN": GRAPH_TOKEN,
        "PHONE_NUMBER_ID": "106540352242922"}}
    return settings


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    stub_engine(monkeypatch, fake.handle)
    return fake


@pytest.fixture
def deliver(db, whatsapp_settings):
    """POST a body to the webhook as Meta would (signed, no cookies, no CSRF token)."""
    client = Client(enforce_csrf_checks=True)

    def post(body: bytes | dict | str, signature: str | None = None, **headers):
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = raw(body)
        if signature is None:
            signature = sign(body)
        if signature:
            headers["HTTP_X_HUB_SIGNATURE_256"] = signature
        return client.post(URL, body, content_type="application/json", **headers)

    return post


# --- the GET handshake ---------------------------------------------------------------------------------------


def test_handshake_echoes_the_challenge_when_the_verify_token_is_ours(db, whatsapp_settings):
    response = Client().get(URL, {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"1158201444"


@pytest.mark.parametrize("mode, token", [("subscribe", "someone-elses-token"), ("unsubscribe", VERIFY),
                                         ("subscribe", "")])
def test_handshake_with_a_wrong_token_or_mode_is_refused_and_not_echoed(db, whatsapp_settings, mode, token):
    response = Client().get(URL, {"hub.mode": mode, "hub.verify_token": token, "hub.challenge": "1158201444"})
    assert response.status_code == 403
    assert b"1158201444" not in response.content
    assert response.json()["error"]["code"] == "permission_denied"


def test_without_secrets_configured_the_webhook_says_so_and_stores_nothing(db, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WHATSAPP": {**settings.SHIKAYAT["WHATSAPP"], "APP_SECRET": "",
                                                           "VERIFY_TOKEN": ""}}
    body = raw("text.json")
    posted = Client().post(URL, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body, ""))
    handshake = Client().get(URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"})
    for response in (posted, handshake):
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["code"] == "not_configured" and "SHIKAYAT_WHATSAPP_APP_SECRET" in error["message"]
    assert stored() == (0, 0)


def test_other_methods_are_not_allowed(db, whatsapp_settings):
    assert Client().put(URL, b"{}").status_code == 405


# --- signatures and bad bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize("signature", [
    "",  # no header at all
    sign(raw("text.json"), "another-apps-secret"),
    sign(raw("image.json")),  # a valid signature of another body
    "sha1=" + hmac.new(SECRET.encode(), raw("text.json"), hashlib.sha1).hexdigest(),
    sign(raw("text.json")).removeprefix("sha256="),  # no scheme
    "sha256=not-hex-at-all",
])
def test_unsigned_or_wrongly_signed_posts_are_refused_and_nothing_is_stored(deliver, engine, signature):
    response = deliver("text.json", signature=signature)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert stored() == (0, 0)
    assert processing.process_pending() == 0 and engine.seen == []


def test_a_signature_in_capitals_is_accepted(deliver):
    body = raw("text.json")
    assert deliver(body, signature=sign(body).upper().replace("SHA256=", "sha256=")).status_code == 200


def test_the_signature_is_checked_before_the_body_is_read(deliver):
    assert deliver(b"{not json", signature="sha256=" + "0" * 64).status_code == 401


@pytest.mark.parametrize("body", [b"{not json", b"", b"[1, 2]", b'"text"', "\xff\xfe{}".encode("latin-1")])
def test_a_signed_body_that_is_not_a_json_object_is_rejected_and_nothing_is_stored(deliver, body):
    response = deliver(body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert stored() == (0, 0)


def test_a_delivery_larger_than_django_s_usual_limit_is_taken_but_not_an_endless_one(deliver, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # Meta's batches may reach 3 MB; the webhook reads up to 4 MB
    body = payload("text.json")
    body["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "x" * 4096
    assert deliver(body).status_code == 200
    too_large = json.dumps({"object": "whatsapp_business_account", "padding": "x" * (4 * 1024 * 1024)}).encode()
    response = deliver(too_large)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert stored() == (1, 1)


# --- storing deliveries ---------------------------------------------------------------------------------------


def test_a_delivery_is_stored_and_acknowledged_at_once_without_calling_the_engine(deliver, engine):
    response = deliver("text.json")
    assert response.status_code == 200
    assert response.json() == {"received": 1, "statuses": 0}
    event = WebhookEvent.objects.get()
    assert event.body == payload("text.json") and event.processed_at is not None and event.message_count == 1
    row = InboundWhatsAppMessage.objects.get()
    assert (row.wa_id, row.kind, row.state, row.event_id) == (ALI, "text", State.PENDING, event.pk)
    assert row.at == datetime(2025, 11, 23, 12, 13, 20, tzinfo=UTC)
    assert engine.seen == []  # processing is the worker's job


def test_after_the_commit_the_processing_task_is_queued(deliver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver("text.json").status_code == 200
    assert DBTaskResult.objects.filter(task_path="shikayat.whatsapp.tasks.process_inbound").count() == 1


def test_while_a_run_waits_in_the_queue_no_second_one_is_queued(deliver, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    def queued() -> int:
        return DBTaskResult.objects.filter(task_path="shikayat.whatsapp.tasks.process_inbound").count()

    with django_capture_on_commit_callbacks(execute=True):
        deliver(text_from(ALI, 1, 1763900000))
        deliver(text_from(ALI, 2, 1763900001))  # the first run has not started: it will see this one too
    assert queued() == 1
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # a worker took it: it may have looked already
    with django_capture_on_commit_callbacks(execute=True):
        deliver(text_from(ALI, 3, 1763900002))
    assert queued() == 1  # within a second of seeing the run wait, the webhook does not ask again
    monkeypatch.setattr(webhook, "_waiting_seen_at", -1.0)  # a second later
    with django_capture_on_commit_callbacks(execute=True):
        deliver(text_from(ALI, 4, 1763900003))
    assert queued() == 2


def test_a_queue_that_is_down_never_costs_meta_its_200(deliver, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "process_inbound", types.SimpleNamespace(enqueue=broken))
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver("text.json")
    assert response.status_code == 200 and stored() == (1, 1)


def test_every_entry_change_and_message_of_a_batched_delivery_is_stored(deliver):
    response = deliver("batched.json")
    assert response.json() == {"received": 6, "statuses": 1}
    rows = list(InboundWhatsAppMessage.objects.order_by("at"))
    assert [(r.wa_id, r.kind) for r in rows] == [
        (ALI, "text"), (SARA, "text"), (ALI, "interactive"), (SARA, "video"), (SARA, "sticker"), (ALI, "location")]
    assert WebhookEvent.objects.get().processed_at is None  # it carries a status still to record


def test_a_redelivered_message_is_stored_once_and_handed_to_the_engine_once(deliver, engine):
    assert deliver("text.json").status_code == 200
    assert deliver("text.json").status_code == 200  # Meta did not see our first 200 and sent it again
    assert stored() == (2, 1)  # both deliveries are on record; the message once
    assert processing.process_pending() == 1
    assert deliver("text.json").status_code == 200  # and again, after it was processed
    assert processing.process_pending() == 0
    assert engine.ids() == [payload("text.json")["entry"][0]["changes"][0]["value"]["messages"][0]["id"]]


def test_a_message_listed_twice_in_one_delivery_is_stored_once(deliver):
    body = payload("text.json")
    messages = body["entry"][0]["changes"][0]["value"]["messages"]
    messages.append(dict(messages[0]))
    assert deliver(body).status_code == 200
    assert stored() == (1, 1)


def test_a_message_without_an_id_or_sender_is_skipped_but_the_rest_is_kept(deliver):
    body = payload("batched.json")
    messages = body["entry"][0]["changes"][0]["value"]["messages"]
    del messages[0]["id"]
    del messages[1]["from"]
    body["entry"][0]["changes"][0]["value"]["contacts"] = []
    assert deliver(body).json() == {"received": 4, "statuses": 1}


# --- what the engine is given ---------------------------------------------------------------------------------


def process_one(deliver, engine, name: str) -> Incoming:
    assert deliver(name).status_code == 200
    processing.process_pending()
    assert len(engine.seen) >= 1
    return engine.seen[0]


def test_text(deliver, engine):
    incoming = process_one(deliver, engine, "text.json")
    assert (incoming.kind, incoming.text, incoming.wa_id, incoming.phone, incoming.profile_name) == (
        "text", "Salam", ALI, "+923001234567", "Ali Raza")
    assert incoming.message_id.startswith("wamid.") and incoming.at == datetime(2025, 11, 23, 12, 13, 20, tzinfo=UTC)


def test_interactive_list_reply(deliver, engine):
    incoming = process_one(deliver, engine, "interactive_list_reply.json")
    assert (incoming.kind, incoming.reply_id, incoming.reply_title) == ("interactive", "svc:lodge",
                                                                        "Lodge a complaint")
    assert incoming.extra["reply_type"] == "list_reply"
    assert incoming.extra["context_id"] == "wamid.HBgMOTIzMDAxMjM0NTY3FQIAERgSMENFQjI0MzY4AA=="


def test_interactive_button_reply(deliver, engine):
    incoming = process_one(deliver, engine, "interactive_button_reply.json")
    assert (incoming.kind, incoming.reply_id, incoming.reply_title) == ("interactive", "confirm:yes", "Yes, register")
    assert incoming.extra["reply_type"] == "button_reply"


def test_a_template_quick_reply_button_reads_like_a_button_reply(deliver, engine):
    incoming = process_one(deliver, engine, "button_quick_reply.json")
    assert (incoming.kind, incoming.reply_id, incoming.reply_title) == ("interactive", "feedback:satisfied",
                                                                        "Satisfied")
    assert incoming.extra["reply_type"] == "quick_reply"


def test_location(deliver, engine):
    incoming = process_one(deliver, engine, "location.json")
    assert (incoming.kind, incoming.latitude, incoming.longitude, incoming.location_name) == (
        "location", 31.5204, 74.3587, "Anarkali Bazaar")
    assert incoming.extra["address"] == "Anarkali, Lahore, Punjab"


@pytest.mark.parametrize("name, kind, media_id, mime, filename, caption", [
    ("image.json", "image", "1003938421882211", "image/jpeg", "", "The broken lock"),
    ("document.json", "document", "1003938421882212", "application/pdf", "FIR copy.pdf", "FIR"),
    ("audio.json", "audio", "1003938421882213", "audio/ogg; codecs=opus", "", ""),
])
def test_media_messages_carry_the_media_id_for_a_later_download(deliver, engine, name, kind, media_id, mime,
                                                                filename, caption):
    incoming = process_one(deliver, engine, name)
    assert (incoming.kind, incoming.media_id, incoming.media_mime, incoming.media_filename, incoming.caption) == (
        kind, media_id, mime, filename, caption)
    assert incoming.extra.get("voice", False) is (kind == "audio")


def test_unknown_types_reach_the_engine_as_unsupported_so_it_can_answer_politely(deliver, engine):
    assert deliver("unsupported.json").status_code == 200
    processing.process_pending()
    assert [(i.kind, i.extra["type"]) for i in engine.seen] == [("unsupported", "unsupported"),
                                                                ("unsupported", "reaction")]


def test_a_business_scoped_user_without_a_phone_number_is_keyed_by_their_user_id(deliver, engine):
    incoming = process_one(deliver, engine, "business_scoped_user.json")
    assert (incoming.wa_id, incoming.phone, incoming.profile_name, incoming.text) == (
        "PK.1502576394655843", "", "Zainab", "aoa")
    assert incoming.extra["user_id"] == "PK.1502576394655843"
    contact = WhatsAppContact.objects.get(wa_id="PK.1502576394655843")
    assert contact.phone == "" and contact.last_inbound_at == incoming.at


def test_every_message_updates_the_citizens_whatsapp_contact(deliver, engine):
    deliver("text.json")
    deliver("location.json")
    processing.process_pending()
    contact = WhatsAppContact.objects.get(wa_id=ALI)
    assert contact.phone == "+923001234567"
    assert contact.last_inbound_at == datetime.fromtimestamp(1763900040, tz=UTC)  # the later of the two


def test_the_contact_is_updated_even_when_the_engine_fails(deliver, engine):
    deliver("text.json")
    engine.fail_on = {InboundWhatsAppMessage.objects.get().message_id}
    processing.process_pending()
    assert WhatsAppContact.objects.get(wa_id=ALI).last_inbound_at is not None


# --- order, retries, failures -------------------------------------------------------------------------------


def text_from(wa_id: str, n: int, at: int, text: str = "hi") -> dict:
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1", "phone_number_id": "1"},
        "contacts": [{"profile": {"name": "x"}, "wa_id": wa_id}],
        "messages": [{"from": wa_id, "id": f"wamid.{wa_id}.{n}", "timestamp": str(at), "type": "text",
                      "text": {"body": text}}]}}]}]}


def test_each_citizens_messages_are_handled_in_the_order_they_were_written(deliver, engine):
    # Meta delivers Ali's second message before his first.
    deliver(text_from(ALI, 2, 1763900010))
    deliver(text_from(SARA, 1, 1763900005))
    deliver(text_from(ALI, 1, 1763900000))
    assert processing.process_pending() == 3
    assert engine.ids(ALI) == [f"wamid.{ALI}.1", f"wamid.{ALI}.2"]
    assert engine.ids(SARA) == [f"wamid.{SARA}.1"]


def test_a_failing_message_is_retried_and_holds_back_only_its_own_citizens_later_messages(deliver, engine):
    deliver(text_from(ALI, 1, 1763900000))
    deliver(text_from(ALI, 2, 1763900010))
    deliver(text_from(SARA, 1, 1763900005))
    engine.fail_on = {f"wamid.{ALI}.1"}
    now = clock.now()
    assert processing.process_pending(now=now) == 2  # Ali's first (failed once) and Sara's
    first = InboundWhatsAppMessage.objects.get(message_id=f"wamid.{ALI}.1")
    assert (first.state, first.attempts) == (State.PENDING, 1)
    assert "RuntimeError: the engine fell over" in first.error and first.next_attempt_at > now
    assert engine.ids() == [f"wamid.{SARA}.1"]  # Ali's second waits behind his first
    assert processing.process_pending(now=now) == 0  # not due yet
    engine.fail_on = set()
    assert processing.process_pending(now=now + timedelta(minutes=1)) == 2
    assert engine.ids(ALI) == [f"wamid.{ALI}.1", f"wamid.{ALI}.2"]
    first.refresh_from_db()
    assert (first.state, first.error) == (State.DONE, "")


def test_after_the_last_attempt_a_message_is_failed_and_the_citizen_moves_on(deliver, engine):
    deliver(text_from(ALI, 1, 1763900000))
    deliver(text_from(ALI, 2, 1763900010))
    engine.fail_on = {f"wamid.{ALI}.1"}
    now = clock.now()
    for attempt in range(processing.MAX_ATTEMPTS):
        processing.process_pending(now=now + timedelta(hours=attempt))
    failed = InboundWhatsAppMessage.objects.get(message_id=f"wamid.{ALI}.1")
    assert (failed.state, failed.attempts) == (State.FAILED, processing.MAX_ATTEMPTS)
    assert engine.ids(ALI) == [f"wamid.{ALI}.2"]  # handled in the last pass, once the first was given up


def test_the_admin_sends_failed_messages_round_again(deliver, engine, django_capture_on_commit_callbacks):
    from shikayat.accounts.models import User

    deliver(text_from(ALI, 1, 1763900000))
    InboundWhatsAppMessage.objects.update(state=State.FAILED, attempts=5, error="boom")
    admin_user = User.objects.create_superuser("root", "root@example.org", "pass-word-123")
    request = RequestFactory().post("/admin/")
    request.user, request._messages = admin_user, types.SimpleNamespace(add=lambda *a, **k: None)
    model_admin = site._registry[InboundWhatsAppMessage]
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.reprocess(request, InboundWhatsAppMessage.objects.all())
    row = InboundWhatsAppMessage.objects.get()
    assert (row.state, row.attempts, row.error) == (State.PENDING, 0, "")
    assert DBTaskResult.objects.filter(task_path="shikayat.whatsapp.tasks.process_inbound").exists()
    processing.process_pending()
    assert engine.ids() == [f"wamid.{ALI}.1"]


def test_the_admin_shows_records_read_only(db, whatsapp_settings):
    from shikayat.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("root", "root@example.org", "pass-word-123")
    for model in (WebhookEvent, InboundWhatsAppMessage, MediaFetch):
        model_admin = site._registry[model]
        assert not model_admin.has_add_permission(request) and not model_admin.has_change_permission(request)
    assert "state" in site._registry[InboundWhatsAppMessage].list_filter


def test_the_processing_task_runs_the_pending_work(deliver, engine):
    deliver("batched.json")
    assert tasks.process_inbound.call() == {"messages": 6, "status_events": 1, "media": 0}
    assert len(engine.seen) == 6


def test_the_safety_net_job_is_scheduled_only_where_the_webhook_is_configured(db, settings, whatsapp_settings):
    from shikayat.worker import schedule
    from shikayat.worker import tasks as worker_tasks

    jobs = {job.name: job for job in schedule.periodic_jobs()}
    assert jobs["process_whatsapp"].every == timedelta(seconds=settings.SHIKAYAT["SCHEDULE"]["WHATSAPP_SECONDS"])
    assert jobs["process_whatsapp"].task is worker_tasks.process_whatsapp is tasks.process_inbound
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WHATSAPP": {**settings.SHIKAYAT["WHATSAPP"], "APP_SECRET": ""}}
    assert "process_whatsapp" not in {job.name for job in schedule.periodic_jobs()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_handle_each_citizen_one_message_at_a_time_in_order(whatsapp_settings, engine):
    citizens = [f"92300000000{i}" for i in range(4)]
    for n in range(6):
        for wa_id in citizens:
            webhook.receive(text_from(wa_id, n, 1763900000 + n))
    engine.delay = 0.01
    errors = []

    def worker():
        try:
            for _ in range(200):
                if processing.process_pending(limit=5) == 0 and not InboundWhatsAppMessage.objects.filter(
                        state=State.PENDING).exists():
                    break
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert engine.overlaps == 0
    for wa_id in citizens:
        assert engine.ids(wa_id) == [f"wamid.{wa_id}.{n}" for n in range(6)]
    assert InboundWhatsAppMessage.objects.filter(state=State.DONE).count() == 24


# --- delivery statuses ----------------------------------------------------------------------------------------


def sent_on_whatsapp(provider_id: str, key: str) -> OutboxMessage:
    outbox.enqueue(channel="whatsapp", recipient=ALI, template="otp_code", language="en",
                   context={"code": "1", "minutes": 5}, dedupe_key=key)
    OutboxMessage.objects.filter(dedupe_key=key).update(state=OutboxMessage.State.SENT, provider="whatsapp",
                                                        provider_message_id=provider_id)
    return OutboxMessage.objects.get(dedupe_key=key)


def test_statuses_are_recorded_against_the_outbox_and_unknown_ids_are_ignored(deliver, engine):
    read, failed = sent_on_whatsapp("wamid.OUTBOUND-1", "s1"), sent_on_whatsapp("wamid.OUTBOUND-2", "s2")
    assert deliver("statuses.json").json() == {"received": 0, "statuses": 5}
    assert DeliveryEvent.objects.count() == 0  # recorded by the worker, not in the request
    assert processing.record_statuses() == 1
    read.refresh_from_db()
    failed.refresh_from_db()
    assert (read.delivery_status, read.delivered_at) == ("read", datetime.fromtimestamp(1763900102, tz=UTC))
    assert [e.status for e in read.delivery_events.all()] == ["sent", "delivered", "read"]
    assert failed.delivery_status == "failed"
    assert "131047 Re-engagement message" in failed.delivery_events.get().detail
    event = WebhookEvent.objects.get()
    assert event.processed_at is not None and event.error == ""
    assert processing.record_statuses() == 0  # nothing left to do
    assert engine.seen == []


def test_a_redelivered_status_report_is_recorded_once(deliver):
    sent_on_whatsapp("wamid.OUTBOUND-1", "s1")
    deliver("statuses.json")
    deliver("statuses.json")
    assert processing.record_statuses() == 2
    assert DeliveryEvent.objects.count() == 3


# --- media: a real local server playing the Graph API ---------------------------------------------------------

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
                       "AAAABJRU5ErkJggg==")  # a 1x1 pixel


class FakeGraph:
    """GET /v21.0/<media id> answers {url, mime_type, file_size}; GET /files/<media id> is the file.
    Both need the bearer token. `script` holds what the next requests get ("500", "hang"), then normal
    answers; `declare_size=False` leaves file_size and Content-Length out."""

    def __init__(self, host: str = "127.0.0.1"):
        self.files: dict[str, tuple[bytes, str, bool]] = {}
        self.script: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.file_urls: dict[str, str] = {}  # media id -> the file URL to answer with instead of our own
        self.redirects: dict[str, str] = {}  # path -> where to redirect it (302)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, media_id: str, content: bytes, mime: str, declare_size: bool = True) -> None:
        self.files[media_id] = (content, mime, declare_size)

    def paths(self) -> list[str]:
        return [path for path, _auth in self.requests]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        graph = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with graph.lock:
                    graph.requests.append((self.path, self.headers.get("Authorization", "")))
                    action = graph.script.pop(0) if graph.script else "ok"
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if action == "hang":
                        time.sleep(1.5)
                    if action == "500":
                        return self._send(500, b'{"error": {"message": "An unknown error occurred", "code": 1}}')
                    if self.path in graph.redirects:
                        self.send_response(302)
                        self.send_header("Location", graph.redirects[self.path])
                        self.send_header("Content-Length", "0")
                        return self.end_headers()
                    if self.headers.get("Authorization") != f"Bearer {GRAPH_TOKEN}":
                        return self._send(401, b'{"error": {"message": "Invalid OAuth access token", "code": 190}}')
                    kind, _sep, media_id = self.path.strip("/").partition("/")
                    if media_id not in graph.files:
                        return self._send(404, b'{"error": {"message": "Unsupported get request", "code": 100}}')
                    content, mime, declare = graph.files[media_id]
                    if kind == "files":
                        return self._send(200, content, mime, length=declare)
                    url = graph.file_urls.get(media_id, f"{graph.url}/files/{media_id}")
                    info = {"messaging_product": "whatsapp", "url": url,
                            "mime_type": mime, "sha256": hashlib.sha256(content).hexdigest(), "id": media_id}
                    if declare:
                        info["file_size"] = len(content)
                    self._send(200, json.dumps(info).encode())

            def _send(self, status, body, content_type="application/json", length=True):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if length:
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(body)

        return Handler


@pytest.fixture
def graph(whatsapp_settings):
    server = FakeGraph()
    whatsapp_settings.SHIKAYAT = {**whatsapp_settings.SHIKAYAT, "WHATSAPP": {
        **whatsapp_settings.SHIKAYAT["WHATSAPP"], "BASE_URL": server.url, "API_VERSION": "v21.0",
        "READ_TIMEOUT": 0.5, "CONNECT_TIMEOUT": 0.5}}
    yield server
    server.stop()


def photo_from(wa_id: str = ALI, media_id: str = "m-1", kind: str = "image", mime: str = "image/png",
               filename: str = "") -> Incoming:
    return Incoming(message_id=f"wamid.{media_id}", wa_id=wa_id, phone=f"+{wa_id}", profile_name="Ali Raza",
                    at=clock.now(), kind=kind, media_id=media_id, media_mime=mime, media_filename=filename)


def test_a_photo_is_downloaded_with_the_token_and_attached_to_the_complaint(graph, new_complaint,
                                                                           django_capture_on_commit_callbacks):
    complaint = new_complaint()
    graph.add("m-1", PNG, "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        row = media.request_attachment(complaint, photo_from())
    assert DBTaskResult.objects.filter(task_path="shikayat.whatsapp.tasks.fetch_media").count() == 1
    assert tasks.fetch_media.call(row.pk) == MediaFetch.State.DONE
    assert graph.requests == [("/v21.0/m-1", f"Bearer {GRAPH_TOKEN}"), ("/files/m-1", f"Bearer {GRAPH_TOKEN}")]
    attachment = Attachment.objects.get(complaint=complaint)
    assert (attachment.content_type, attachment.size, attachment.is_public) == ("image/png", len(PNG), True)
    assert attachment.file.read() == PNG
    assert attachment.uploaded_by == "citizen +923001234567"
    event = ComplaintEvent.objects.get(complaint=complaint, action="add_attachment")
    assert event.channel == "whatsapp" and event.data["credential"] == "whatsapp"
    row.refresh_from_db()
    assert (row.state, row.attachment, row.attempts) == (MediaFetch.State.DONE, attachment, 1)


def test_the_same_file_asked_for_twice_is_fetched_once(graph, new_complaint):
    complaint = new_complaint()
    first, second = media.request_attachment(complaint, photo_from()), media.request_attachment(complaint, photo_from())
    assert first.pk == second.pk and MediaFetch.objects.count() == 1
    assert media.request_attachment(complaint, Incoming(message_id="w", wa_id=ALI, phone="", profile_name="",
                                                        at=clock.now(), kind="text", text="hi")) is None


def nothing_attached(complaint) -> None:
    assert Attachment.objects.filter(complaint=complaint).count() == 0
    assert not ComplaintEvent.objects.filter(complaint=complaint, action="add_attachment").exists()


def test_a_file_declared_over_the_limit_is_refused_before_it_is_downloaded(graph, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024}
    complaint = new_complaint()
    graph.add("big", PNG + b"\0" * (5 * 1024 * 1024), "image/png")
    row = media.request_attachment(complaint, photo_from(media_id="big"))
    assert media.fetch(row.pk) == MediaFetch.State.REFUSED
    assert graph.paths() == ["/v21.0/big"]  # never asked for the file itself
    nothing_attached(complaint)
    row.refresh_from_db()
    assert "between 1 byte and 5 MB" in row.error
    told = OutboxMessage.objects.get(template="whatsapp_attachment_refused")
    assert (told.channel, told.recipient, told.context["etag"]) == ("whatsapp", ALI, complaint.etag_display)
    assert "5 MB" in told.context["reason"]


def test_a_5_mb_plus_file_of_undeclared_size_is_cut_off_at_the_limit_and_refused(graph, new_complaint, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024}
    complaint = new_complaint()
    graph.add("big", PNG + b"\0" * (5 * 1024 * 1024), "image/png", declare_size=False)
    row = media.request_attachment(complaint, photo_from(media_id="big"))
    assert media.fetch(row.pk) == MediaFetch.State.REFUSED
    assert graph.paths() == ["/v21.0/big", "/files/big"]
    nothing_attached(complaint)


def test_a_disguised_file_is_refused_by_its_content_whatever_its_name(graph, new_complaint):
    complaint = new_complaint(language="ur")
    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    graph.add("fake", html, "image/jpeg")
    row = media.request_attachment(complaint, photo_from(media_id="fake", kind="document", mime="image/jpeg",
                                                         filename="photo.jpg"))
    assert media.fetch(row.pk) == MediaFetch.State.REFUSED
    nothing_attached(complaint)
    row.refresh_from_db()
    told = OutboxMessage.objects.get(template="whatsapp_attachment_refused")
    assert told.language == "ur" and told.context["reason"] == row.error


@pytest.mark.parametrize("failures", [["500"], ["500", "500"], ["hang"]])
def test_server_errors_and_timeouts_are_retried_until_the_file_comes(graph, new_complaint, failures):
    complaint = new_complaint()
    graph.add("m-1", PNG, "image/png")
    graph.script = list(failures)
    row = media.request_attachment(complaint, photo_from())
    now = clock.now()
    for n in range(len(failures)):
        assert media.fetch(row.pk, now=now) == MediaFetch.State.PENDING
        row.refresh_from_db()
        assert row.attempts == n + 1 and row.next_attempt_at > now and row.error
        assert media.fetch(row.pk, now=now) == MediaFetch.State.PENDING  # not due again yet
        now = row.next_attempt_at + timedelta(seconds=1)
    assert media.fetch_due(now=now) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MediaFetch.State.DONE, len(failures) + 1)
    assert Attachment.objects.filter(complaint=complaint).count() == 1


def test_a_file_whatsapp_no_longer_has_fails_without_retrying(graph, new_complaint):
    complaint = new_complaint()
    row = media.request_attachment(complaint, photo_from(media_id="expired"))
    assert media.fetch(row.pk) == MediaFetch.State.FAILED
    row.refresh_from_db()
    assert "404" in row.error and row.finished_at is not None
    assert not OutboxMessage.objects.filter(template="whatsapp_attachment_refused").exists()


def test_after_the_last_retry_a_download_is_failed(graph, new_complaint):
    complaint = new_complaint()
    graph.add("m-1", PNG, "image/png")
    graph.script = ["500"] * media.MAX_ATTEMPTS
    row = media.request_attachment(complaint, photo_from())
    now = clock.now()
    for _ in range(media.MAX_ATTEMPTS):
        state = media.fetch(row.pk, now=now)
        now += timedelta(hours=1)
    assert state == MediaFetch.State.FAILED
    assert Attachment.objects.count() == 0


def test_a_business_scoped_user_without_a_mobile_attaches_as_the_system(graph, new_complaint):
    complaint = new_complaint()
    type(complaint).objects.filter(pk=complaint.pk).update(complainant_mobile="")
    complaint.refresh_from_db()
    graph.add("m-1", PNG, "image/png")
    row = media.request_attachment(complaint, photo_from(wa_id="PK.1502576394655843"))
    assert media.fetch(row.pk) == MediaFetch.State.DONE
    assert Attachment.objects.get().uploaded_by == "system"


# --- the access token goes only to the Graph API and Meta's media hosts, never along a redirect -------------


@pytest.fixture
def foreign():
    """A server on another loopback address, playing a host that must never see the token."""
    server = FakeGraph(host="127.0.0.2")
    server.add("m-1", PNG, "image/png")
    yield server
    server.stop()


def nothing_reached(foreign) -> None:
    assert foreign.requests == []  # not even asked without the token


def test_a_file_url_on_a_foreign_host_is_never_asked_and_the_fetch_fails(graph, foreign, new_complaint):
    complaint = new_complaint()
    graph.add("m-1", PNG, "image/png")
    graph.file_urls["m-1"] = f"{foreign.url}/files/m-1"
    row = media.request_attachment(complaint, photo_from())
    assert media.fetch(row.pk) == MediaFetch.State.FAILED
    nothing_reached(foreign)
    assert graph.paths() == ["/v21.0/m-1"]
    nothing_attached(complaint)
    row.refresh_from_db()
    assert "not on an allowed host" in row.error and "127.0.0.2" in row.error
    assert "/files/" not in row.error  # a signed path is never logged


def test_a_redirect_of_the_media_information_is_not_followed(graph, foreign, new_complaint):
    complaint = new_complaint()
    graph.add("m-1", PNG, "image/png")
    graph.redirects["/v21.0/m-1"] = f"{foreign.url}/v21.0/m-1"
    row = media.request_attachment(complaint, photo_from())
    assert media.fetch(row.pk) == MediaFetch.State.FAILED
    nothing_reached(foreign)
    assert graph.paths() == ["/v21.0/m-1"]
    row.refresh_from_db()
    assert "redirect" in row.error and "not followed" in row.error
    nothing_attached(complaint)


@pytest.mark.parametrize("to", ["foreign", "same origin"])
def test_a_redirect_of_the_file_is_not_followed_even_to_the_graph_api_itself(graph, foreign, new_complaint, to):
    complaint = new_complaint()
    graph.add("m-1", PNG, "image/png")
    graph.add("m-2", PNG, "image/png")
    graph.redirects["/files/m-1"] = f"{foreign.url}/files/m-1" if to == "foreign" else f"{graph.url}/files/m-2"
    row = media.request_attachment(complaint, photo_from())
    assert media.fetch(row.pk) == MediaFetch.State.FAILED
    nothing_reached(foreign)
    assert graph.paths() == ["/v21.0/m-1", "/files/m-1"]
    nothing_attached(complaint)


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3", True),
    ("https://graph.facebook.com/v21.0/files/1", True),
    ("https://LOOKASIDE.fbsbx.com./x", True),
    ("http://lookaside.fbsbx.com/x", False),  # https only
    ("https://lookaside.fbsbx.com:8443/x", False),
    ("https://evil.example/x", False),
    ("https://lookaside.fbsbx.com.evil.example/x", False),
    ("https://evil.example.lookaside.fbsbx.com/x", False),
    ("https://lookaside.fbsbx.com@evil.example/x", False),
    ("https://graph.facebook.com%2F@evil.example/x", False),
    ("//evil.example/x", False),
    ("/relative/path", False),
    ("not a url at all", False),
])
def test_which_urls_the_token_may_go_to(url, allowed):
    conf = {"BASE_URL": "https://graph.facebook.com", "MEDIA_HOSTS": ["graph.facebook.com", "lookaside.fbsbx.com"]}
    assert media.token_may_go_to(url, conf) is allowed


def test_a_media_host_starting_with_a_dot_allows_its_subdomains():
    conf = {"BASE_URL": "https://graph.facebook.com", "MEDIA_HOSTS": [".fbsbx.com"]}
    assert media.token_may_go_to("https://lookaside.fbsbx.com/x", conf)
    assert media.token_may_go_to("https://fbsbx.com/x", conf)
    assert not media.token_may_go_to("https://notfbsbx.com/x", conf)


def test_the_graph_apis_own_origin_is_allowed_in_its_own_scheme_only(graph):
    conf = {"BASE_URL": graph.url, "MEDIA_HOSTS": []}
    assert media.token_may_go_to(f"{graph.url}/files/m-1", conf)
    assert not media.token_may_go_to(graph.url.replace("127.0.0.1", "127.0.0.2") + "/files/m-1", conf)
    port = int(graph.url.rpartition(":")[2])
    assert not media.token_may_go_to(f"http://127.0.0.1:{port + 1}/files/m-1", conf)


# --- with the real conversation engine --------------------------------------------------------------------------


def test_a_greeting_through_the_webhook_gets_the_bots_answer_in_the_outbox(deliver, force):
    pytest.importorskip("shikayat.bot.engine")
    body = copy.deepcopy(payload("text.json"))
    assert deliver(body).status_code == 200
    assert processing.process_pending() == 1
    assert InboundWhatsAppMessage.objects.get().state == State.DONE
    replies = OutboxMessage.objects.filter(channel="whatsapp", recipient=ALI)
    assert replies.exists()
