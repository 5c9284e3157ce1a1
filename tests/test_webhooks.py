"""Signed webhooks for integrators (issue 22, part 3), against a real local HTTP server playing the integrator's
receiver: it verifies each request with the reference check (shikayat/webhooks/verify.py) and processes each
event id once. Complaints are registered and acted on through the real intake and actions; the worker's
delivery.deliver_due sends."""

import base64
import contextlib
import json
import shutil
import subprocess
import threading
import time
from collections import Counter
from datetime import UTC, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shikayat.complaints import actions, etag, hooks
from shikayat.complaints.intake import register_complaints
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.core.refcache import reference
from shikayat.integrations.keys import issue_key
from shikayat.integrations.models import Integrator
from shikayat.notifications import delivery
from shikayat.notifications.models import OutboxMessage
from shikayat.webhooks import listeners, registry, signing
from shikayat.webhooks.models import DeliveryAttempt, Subscription
from shikayat.webhooks.verify import verify

from .conftest import AGAINST_SHO
from .factories import category, complaint_data
from .journey import bring_to, citizen_of

SOON = timedelta(seconds=1)
ALL = ["registered", "status_changed", "closed", "appeal"]
PERSONAL = {"name": "Ali Raza", "mobile": "03001234567", "id_number": "35202-1234567-1",
            "address": "House 12, Street 4, Model Town", "email": "ali.raza@example.org"}


class Receiver:
    """The integrator's endpoint. `script` holds what the next requests get: "500" (refused, not processed),
    "processed-500" (processed, then the answer is lost: a crash after the commit), "410", "400"; then 200.
    `now` is the receiver's clock (unix seconds; None: the real time)."""

    def __init__(self):
        self.secrets: list[str] = []  # one per subscription sending here
        self.now: float | None = None
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.processed: Counter = Counter()  # event id -> times acted upon
        self.refused = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/shikayat"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                code = receiver.receive(body, dict(self.headers))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(code)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok" if code == 200 else b"no")

        return Handler

    def receive(self, body: bytes, headers: dict) -> int:
        with self.lock:
            self.requests.append({"body": body, "headers": headers})
            signature = headers.get("Shikayat-Signature", "")
            if not any(verify(body, signature, secret, now=self.now) for secret in self.secrets):
                self.refused += 1
                return 401
            action = self.script.pop(0) if self.script else "ok"
            if action in ("500", "410", "400"):
                return int(action)
            event = json.loads(body)
            if event["id"] not in self.processed:  # deduplicated by the event id
                self.processed[event["id"]] += 1
            return 500 if action == "processed-500" else 200

    def events(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WEBHOOKS_ALLOW_HTTP": True, "WEBHOOKS_ALLOW_PRIVATE": True,
                         "WEBHOOKS_READ_TIMEOUT": 2}
    server = Receiver()
    yield server
    server.stop()


def subscribe(receiver, *, events=ALL, categories=(), units=(), personal=False, name="City app") -> Subscription:
    integrator, _ = Integrator.objects.get_or_create(name=name)
    subscription = Subscription.objects.create(integrator=integrator, url=receiver.url, events=list(events),
                                               include_personal_data=personal)
    subscription.categories.set(categories)
    subscription.units.set(units)
    receiver.secrets.append(signing.issue_secret(subscription))
    return subscription


def webhook_rows(**filters) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(channel="webhook", **filters).order_by("pk"))


def deliver(at=None) -> int:
    """Run the worker's delivery; returns how many webhook rows it sent (the SMS acknowledgements go too)."""
    sent = OutboxMessage.objects.filter(channel="webhook", state="sent").count
    before = sent()
    delivery.deliver_due(now=at or timezone.now() + SOON)
    return sent() - before


# --- every event, signed ----------------------------------------------------------------------------------------


def test_each_event_of_a_complaint_arrives_once_in_order_signed_with_its_id(force, new_complaint, receiver):
    # Given an integrator subscribed to every event
    subscription = subscribe(receiver)
    # When a complaint is registered, marked, worked on, rejected and appealed through the real actions
    complaint = bring_to(Status.REJECTED, force, new_complaint)
    complaint = actions.appeal(complaint, actor=citizen_of(complaint), grounds="The matter is not civil at all.")
    # and the worker delivers
    assert deliver() == 5
    # Then each step the citizen hears of arrives once, in order, each verified by the receiver
    events = receiver.events()
    assert [event["type"] for event in events] == ["registered", "status_changed", "status_changed", "closed",
                                                   "appeal"]
    assert [event["complaint"]["status"] for event in events] == [
        "registered", "assigned", "in_progress", "rejected", "reopened"]
    assert receiver.refused == 0 and sorted(receiver.processed.values()) == [1] * 5
    timeline = list(complaint.events.exclude(action="register").filter(
        action__in=["assign", "log_contact", "approve_rejection", "appeal"]).order_by("pk"))
    assert [event["id"] for event in events] == [f"evt_{complaint.etag}_reg"] + [
        f"evt_{complaint.etag}_{step.pk}" for step in timeline]
    first = events[0]
    assert first["complaint"] == {
        "etag": complaint.etag_display, "category": {"code": "THEFT", "name": "Theft"},
        "unit": {"code": "SA1", "name": "Sa1"}, "status": "registered",
        "status_text": "Your complaint was registered.", "channel": "web",
        "received_at": complaint.received_at.astimezone(UTC).isoformat(timespec="seconds").replace(
            "+00:00", "Z")}
    assert events[4]["complaint"]["status_text"] == "Your appeal was received and sent to R1."
    # and the headers carry the event id, the attempt's time, the signature and the row's idempotency key
    rows = webhook_rows()
    for request, row in zip(receiver.requests, rows, strict=True):
        headers = request["headers"]
        assert headers["Content-Type"] == "application/json"
        assert headers["Shikayat-Event-Id"] == json.loads(request["body"])["id"]
        assert headers["Shikayat-Signature"].startswith(f"t={headers['Shikayat-Timestamp']},v1=")
        assert abs(int(headers["Shikayat-Timestamp"]) - time.time()) < 60
        assert headers["Idempotency-Key"] == row.idempotency_key
        assert request["body"].decode() == _rendered(row)
    assert {row.state for row in rows} == {"sent"} and {row.recipient for row in rows} == {str(subscription.pk)}
    # and every attempt is in the delivery log
    log = list(DeliveryAttempt.objects.order_by("attempted_at", "pk"))
    assert [(a.subscription_id, a.message_id, a.event_id, a.http_status) for a in log] == [
        (subscription.pk, row.pk, row.context["id"], 200) for row in rows]


def _rendered(row: OutboxMessage) -> str:
    return json.dumps(row.context, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_the_receiver_refuses_a_tampered_body_a_wrong_secret_and_an_old_timestamp(force, new_complaint, receiver):
    # Given an event delivered and accepted
    subscribe(receiver)
    new_complaint()
    assert deliver() == 1
    [original] = receiver.requests
    body, headers = original["body"], original["headers"]
    signature = headers["Shikayat-Signature"]
    stamp = int(headers["Shikayat-Timestamp"])

    def post(data: bytes, header: str) -> int:
        return httpx.post(receiver.url, content=data, headers={"Shikayat-Signature": header}).status_code

    # When the same request is replayed with a changed body, Then it is refused
    assert post(body.replace(b'"registered"', b'"closed"', 1), signature) == 401
    # When it is signed with another secret, Then it is refused
    assert post(body, signing.header(["whsec_not-the-secret"], stamp, body)) == 401
    # When it is replayed six minutes later, Then it is refused (outside the replay window)
    receiver.now = stamp + 301
    assert post(body, signature) == 401
    # while within the window the replay is accepted but not processed again (deduplicated by id)
    receiver.now = stamp + 299
    assert post(body, signature) == 200
    assert receiver.refused == 3 and list(receiver.processed.values()) == [1]
    # and the reference check itself: no header, a malformed one, a timestamp from the future
    assert not verify(body, "", receiver.secrets[0], now=stamp)
    assert not verify(body, "v1=abc", receiver.secrets[0], now=stamp)
    assert not verify(body, signature, receiver.secrets[0], now=stamp - 301)
    assert verify(body, signature, receiver.secrets[0], now=stamp)


def test_a_failed_delivery_is_redelivered_with_the_same_id_and_body_and_processed_once(force, new_complaint,
                                                                                       receiver):
    # Given a receiver that processes the first request but then fails to answer (HTTP 500)
    subscribe(receiver)
    new_complaint()
    receiver.script = ["processed-500"]
    now = timezone.now() + SOON
    # When the worker delivers: the row waits for a retry, the attempt is logged
    assert deliver(now) == 0
    [row] = webhook_rows()
    assert row.state == "pending" and "HTTP 500" in row.last_error and row.next_attempt_at > now
    # Then later the retry carries the same id and body, signed with that attempt's time
    receiver.now = (now + timedelta(hours=1)).timestamp()
    assert deliver(now + timedelta(hours=1)) == 1
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert first["headers"]["Shikayat-Event-Id"] == second["headers"]["Shikayat-Event-Id"]
    assert first["headers"]["Idempotency-Key"] == second["headers"]["Idempotency-Key"]
    assert int(second["headers"]["Shikayat-Timestamp"]) - int(first["headers"]["Shikayat-Timestamp"]) == 3600
    # and the receiver acted on it once
    assert list(receiver.processed.values()) == [1]
    assert list(DeliveryAttempt.objects.order_by("attempted_at").values_list("http_status", flat=True)) == [500, 200]


@pytest.mark.parametrize("answer", ["410", "400"])
def test_a_refusal_goes_to_the_dead_letter_and_retry_now_sends_it(answer, force, new_complaint, receiver,
                                                                  admin_client):
    # Given a receiver that refuses the event for good
    subscription = subscribe(receiver)
    new_complaint()
    receiver.script = [answer]
    # When the worker delivers, Then the row is dead, with the answer, and is not retried
    assert deliver() == 0
    [row] = webhook_rows()
    assert row.state == "dead" and f"HTTP {answer}" in row.last_error
    assert deliver(timezone.now() + timedelta(hours=2)) == 0 and len(receiver.requests) == 1
    [attempt] = DeliveryAttempt.objects.all()
    assert attempt.http_status == int(answer) and attempt.answer == "no" and attempt.message_id == row.pk
    # and a 410 Gone (the endpoint was taken down) pauses the subscription: later events are not even queued
    subscription.refresh_from_db()
    assert subscription.is_active is (answer != "410")
    assert ("410 Gone" in subscription.paused_reason) is (answer == "410")
    if answer == "410":
        new_complaint()
        assert webhook_rows() == [row]
    # When an admin presses "Retry now (dead events)" on the subscription (which resumes a paused one)
    page = admin_client.post(reverse("admin:webhooks_subscription_changelist"),
                             {"action": "retry_dead_events", "_selected_action": [subscription.pk]})
    assert page.status_code == 302
    # Then the event is sent again and accepted
    assert deliver() == 1
    row.refresh_from_db()
    subscription.refresh_from_db()
    assert row.state == "sent" and list(receiver.processed.values()) == [1]
    assert subscription.is_active and subscription.paused_at is None and subscription.paused_reason == ""


def test_a_deleted_or_inactive_subscription_or_a_private_address_is_a_dead_letter_with_its_reason(
        force, new_complaint, receiver, settings):
    gone, inactive, private = (subscribe(receiver, name=name) for name in ("Gone", "Paused", "Internal"))
    new_complaint()
    assert len(webhook_rows()) == 3
    gone_pk = gone.pk
    gone.delete()
    Subscription.objects.filter(pk=inactive.pk).update(is_active=False)
    Subscription.objects.filter(pk=private.pk).update(url="http://10.1.2.3/hooks")
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WEBHOOKS_ALLOW_PRIVATE": False}
    assert deliver() == 0 and receiver.requests == []
    errors = {row.recipient: row.last_error for row in webhook_rows()}
    assert {row.state for row in webhook_rows()} == {"dead"}
    assert f"webhook subscription {gone_pk} was deleted" in errors[str(gone_pk)]
    assert "inactive" in errors[str(inactive.pk)]
    assert "never sent to this server or a private network" in errors[str(private.pk)]
    assert DeliveryAttempt.objects.count() == 3


def test_a_subscription_url_must_be_https_on_a_public_address(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WEBHOOKS_ALLOW_HTTP": False, "WEBHOOKS_ALLOW_PRIVATE": False}
    integrator = Integrator.objects.create(name="NGO")
    for url, message in [("http://example.org/hook", "https://"), ("https://127.0.0.1/hook", "private network"),
                         ("https://10.0.0.8/hook", "private network"), ("https://[::1]/hook", "private network"),
                         ("https://localhost:8443/hook", "private network"),
                         ("https://user:pw@example.org/hook", "user name")]:
        with pytest.raises(ValidationError) as refused:
            Subscription(integrator=integrator, url=url, events=ALL).full_clean()
        assert message in str(refused.value.message_dict["url"]), url
    Subscription(integrator=integrator, url="https://example.org/hook", events=ALL).full_clean()
    with pytest.raises(ValidationError):
        Subscription(integrator=integrator, url="https://example.org/hook", events=["deleted"]).full_clean()


# --- what is sent to whom ---------------------------------------------------------------------------------------


def test_subscriptions_receive_only_their_events_categories_and_units(force, new_complaint, receiver):
    # Given subscriptions to closings only, to the crime categories, and to district B's subtree
    noise = category("NOISE")
    closings = subscribe(receiver, events=["closed"], name="Closings")
    crime = subscribe(receiver, categories=[force.categories["crime"]], name="Crime")
    district_b = subscribe(receiver, units=[force.units["dB"]], name="District B")
    # When complaints are registered: theft at SA1 (district A), noise at SB2 (district B), and one is closed
    theft = bring_to(Status.CLOSED, force, new_complaint)
    noisy = new_complaint(category="NOISE", unit="SB2")
    # Then the closings subscription hears the closing only, the crime one every step of the theft (a category
    # below the one chosen), and district B's the noise complaint only
    assert [row.context["type"] for row in webhook_rows(recipient=str(closings.pk))] == ["closed"]
    assert {row.complaint_id for row in webhook_rows(recipient=str(crime.pk))} == {theft.pk}
    assert [row.context["type"] for row in webhook_rows(recipient=str(crime.pk))] == [
        "registered", "status_changed", "status_changed", "status_changed", "status_changed", "closed"]
    assert [(row.complaint_id, row.context["type"]) for row in webhook_rows(recipient=str(district_b.pk))] == [
        (noisy.pk, "registered")]
    assert noise.pk == noisy.category_id


def test_an_integrator_limited_to_some_services_hears_of_those_only(force, new_complaint, receiver):
    # Given an integrator whose key serves the crime categories, with one subscription to everything and one to
    # the NOISE category (outside its services)
    noise = category("NOISE")
    everything = subscribe(receiver, name="City app")
    outside = subscribe(receiver, categories=[noise], name="City app")
    everything.integrator.services.set([force.categories["crime"]])
    # When a theft (a crime category) and a noise complaint are registered
    theft = new_complaint()
    new_complaint(category="NOISE")
    # Then only the theft is told, and only to the subscription that covers it
    assert [(row.recipient, row.complaint_id) for row in webhook_rows()] == [(str(everything.pk), theft.pk)]
    assert outside.integrator_id == everything.integrator_id


def test_a_complaint_transferred_out_of_the_units_is_told_there_once(force, new_complaint, receiver):
    # Given a subscription to district A's units, and a complaint at SA1
    district_a = subscribe(receiver, units=[force.units["dA"]])
    complaint = actions.assign(new_complaint(), actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    # When the complaint cell transfers it to district B, and district B marks it
    complaint = actions.transfer(complaint, actor=force.officers["cpo_cell"], unit=force.units["sB1"],
                                 reason="The theft happened in district B.")
    actions.assign(complaint, actor=force.officers["cell_B"], officer=force.officers["sho_B"])
    # Then district A's subscription hears of the steps there and of the transfer (to SB1), not of what follows
    rows = webhook_rows(recipient=str(district_a.pk))
    assert [(row.context["type"], row.context["complaint"]["unit"]["code"]) for row in rows] == [
        ("registered", "SA1"), ("status_changed", "SA1"), ("status_changed", "SB1")]
    assert len(webhook_rows(complaint=complaint)) == 3


def test_confidential_categories_are_never_sent_whatever_the_subscription_says(force, new_complaint, receiver):
    # Given subscriptions to everything, with personal data, and one naming the confidential categories
    subscribe(receiver, personal=True, name="All")
    subscribe(receiver, categories=[force.categories["harassment"], force.categories["police"]], personal=True,
              name="Named")
    # When a gender-harassment complaint and a complaint against police are registered and acted on
    harassment = new_complaint(category="HARASSMENT")
    against = new_complaint(**AGAINST_SHO)
    actions.add_information(harassment, actor=citizen_of(harassment), text="He called again last night.")
    actions.withdraw(harassment, actor=citizen_of(harassment), reason="Settled.")
    # Then nothing is queued for them, and a general complaint still is
    assert webhook_rows(complaint__in=[harassment, against]) == []
    theft = new_complaint()
    assert len(webhook_rows(complaint=theft)) == 1
    assert deliver() == 1


def test_no_personal_data_is_sent_unless_the_subscription_allows_it(force, new_complaint, receiver):
    # Given one subscription without personal data and one with it
    plain = subscribe(receiver, name="Plain")
    personal = subscribe(receiver, personal=True, name="Personal")
    # When a complaint with a name, mobile, CNIC, email and address reaches an approved resolution
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint, **PERSONAL,
                         incident_address="Near the Jamia mosque, Model Town")
    # Then no body for the plain subscription holds any of them, nor the description or the quoted resolution
    plain_bodies = [_rendered(row) for row in webhook_rows(recipient=str(plain.pk))]
    assert len(plain_bodies) == 5
    for secret in ("Ali Raza", "3001234567", "35202-1234567-1", "ali.raza@example.org", "House 12", "motorcycle",
                   "Jamia mosque", "property recovered"):
        assert not any(secret in body for body in plain_bodies), secret
    assert json.loads(plain_bodies[-1])["complaint"]["status_text"] == "Awaiting your feedback"
    # while the subscription that allows it gets them
    rows = webhook_rows(recipient=str(personal.pk))
    first = rows[0].context["complaint"]
    assert first["complainant"] == {"name": "Ali Raza", "mobile": complaint.complainant_mobile,
                                    "email": "ali.raza@example.org", "id_number": complaint.complainant_id_number,
                                    "address": "House 12, Street 4, Model Town"}
    assert "motorcycle" in first["description"] and first["incident_address"].startswith("Near the Jamia")
    assert "property recovered" in rows[-1].context["complaint"]["status_text"]
    # and a sealed identity or an anonymous complaint never carries them, even to that subscription
    category("ROAD", anonymous=True, allow_sealed_identity=True)
    sealed = new_complaint(category="ROAD", seal_identity=True, **PERSONAL)
    anonymous = new_complaint(category="ROAD", anonymous=True, name="", mobile="", id_number="", address="",
                              email="")
    assert sealed.identity_sealed and anonymous.is_anonymous
    for complaint in (sealed, anonymous):
        [row] = webhook_rows(complaint=complaint, recipient=str(personal.pk))
        assert "complainant" not in row.context["complaint"] and "description" not in row.context["complaint"]
        assert "Ali Raza" not in _rendered(row) and "35202-1234567-1" not in _rendered(row)


# --- cost -------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def without_webhooks():
    listeners_before = hooks.listeners("action"), hooks.listeners("registered")
    hooks.unregister("webhooks.registered")
    hooks.unregister("webhooks.action")
    try:
        yield
    finally:
        listeners.register()
        assert (hooks.listeners("action"), hooks.listeners("registered")) == listeners_before


def _queries(call) -> list[str]:
    """The statements `call` ran, but for E-tag allocation's: a number whose E-tag is already held is skipped and
    another drawn (a savepoint and a nextval more), which depends on the sequence's state, not on the listeners.
    The process's reserve of E-tags is emptied first, so every call draws a fresh block the same way (otherwise
    one call finds the reserve short and runs the block's nextval and its look-up, and the other does not)."""
    etag.discard_reserved()
    with CaptureQueriesContext(connection) as captured:
        call()
    return [query["sql"] for query in captured.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) and "nextval(" not in query["sql"]]


def test_with_no_subscription_intake_and_actions_queue_nothing_and_run_no_extra_query(force, new_complaint):
    # Given no subscription, the (empty) list already read into the process's cache
    new_complaint()
    assert registry.current().targets == ()
    zero, one, two = new_complaint(), new_complaint(), new_complaint()
    officer = force.officers["sho_A"]
    cell = force.officers["cell_A"]
    actions.assign(zero, actor=cell, officer=officer)  # the cell's postings read once (permissions)
    # When the same intake and the same action run with and without the webhooks' listeners
    with_listeners = _queries(lambda: new_complaint()) + _queries(
        lambda: actions.assign(one, actor=cell, officer=officer))
    with without_webhooks():
        without = _queries(lambda: new_complaint()) + _queries(lambda: actions.assign(two, actor=cell, officer=officer))
    # Then they run the same queries, and nothing is queued
    assert len(with_listeners) == len(without)
    assert webhook_rows() == []


def test_with_subscriptions_a_whole_imported_batch_costs_one_insert(force, receiver):
    # Given two subscriptions, read into the cache
    subscribe(receiver, name="One")
    subscribe(receiver, name="Two")
    assert len(registry.current().targets) == 2
    batch = [complaint_data(mobile=f"030012345{i:02d}") for i in range(4)]

    def register():
        result = register_complaints(actor=SYSTEM, channel="portal_import", items=batch)
        assert len(result.complaints) == 4 and not result.errors

    register()  # the categories, units and routes the batch needs read into the cache
    before = len(webhook_rows())
    # When a batch of four complaints is imported with and without the webhooks' listeners
    with_listeners = _queries(register)
    with without_webhooks():
        without = _queries(register)
    # Then the listeners add one statement, the INSERT of the eight outbox rows
    extra = len(with_listeners) - len(without)
    assert extra == 1, [sql[:160] for sql in with_listeners if sql not in without]
    assert len(webhook_rows()) - before == 8
    inserts = [sql for sql in with_listeners if "notifications_outboxmessage" in sql and sql.startswith("INSERT")]
    assert len(inserts) == 1 + sum(1 for sql in without if "notifications_outboxmessage" in sql
                                   and sql.startswith("INSERT"))


def test_saving_a_subscription_is_seen_by_the_next_event(force, new_complaint, receiver):
    new_complaint()
    assert registry.current().targets == ()
    subscription = subscribe(receiver, events=["registered"])
    new_complaint()
    assert len(webhook_rows()) == 1
    # An integrator's API key issued (or used) leaves the cache; the integrator paused clears it
    issue_key(subscription.integrator)
    assert registry.KEY in reference._data
    subscription.integrator.is_active = False
    subscription.integrator.save()
    assert registry.KEY not in reference._data
    new_complaint()
    assert len(webhook_rows()) == 1
    subscription.integrator.is_active = True
    subscription.integrator.save()
    subscription.is_active = False
    subscription.save()
    new_complaint()
    assert len(webhook_rows()) == 1


# --- the admin's buttons and the secret ---------------------------------------------------------------------------


def test_the_admin_shows_the_secret_once_and_sends_a_signed_test_event(force, receiver, admin_client):
    integrator = Integrator.objects.create(name="Lahore city app")
    assert admin_client.get(reverse("admin:webhooks_subscription_add")).status_code == 200
    page = admin_client.post(reverse("admin:webhooks_subscription_add"), {
        "integrator": integrator.pk, "url": receiver.url, "events": ["registered", "closed"],
        "is_active": "on"}, follow=True)
    assert page.status_code == 200
    shown = [str(m) for m in page.context["messages"] if "whsec_" in str(m)]
    assert len(shown) == 1
    secret = shown[0].rsplit(": ", 1)[1]
    receiver.secrets.append(secret)
    subscription = Subscription.objects.get()
    assert subscription.events == ["registered", "closed"] and secret not in subscription.secret
    admin_client.post(reverse("admin:webhooks_subscription_changelist"),
                      {"action": "send_test_event", "_selected_action": [subscription.pk]})
    assert deliver() == 1
    [ping] = receiver.events()
    assert ping["type"] == "ping" and ping["subscription"] == subscription.pk and receiver.refused == 0
    page = admin_client.get(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    assert ping["id"] in page.content.decode()
    log = admin_client.get(reverse("admin:webhooks_deliveryattempt_changelist"),
                           {"subscription__id__exact": subscription.pk})
    assert log.status_code == 200 and ping["id"] in log.content.decode()


def test_a_new_secret_signs_alongside_the_old_one_for_a_day(force, new_complaint, receiver):
    subscription = subscribe(receiver)
    [old] = receiver.secrets
    new = signing.issue_secret(subscription)
    new_complaint()
    assert deliver() == 1
    [request] = receiver.requests
    header = request["headers"]["Shikayat-Signature"]
    assert header.count("v1=") == 2
    assert verify(request["body"], header, old) and verify(request["body"], header, new)
    later = timezone.now() + timedelta(hours=25)
    assert signing.signing_secrets(Subscription.objects.get(), later) == [new]


# --- the README's verification snippets ----------------------------------------------------------------------------

README = Path(__file__).resolve().parent.parent / "README.md"


def _snippet(language: str, after: str) -> str:
    """The README's first ```language block after the line holding `after`."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"```{language}\n", text.index(after)) + len(f"```{language}\n")
    return text[start:text.index("```", start)]


def _signed_cases():
    """(body, header, secret, now, accepted) as our worker signs (two secrets while one is rotated)."""
    body = json.dumps({"id": "evt_ABCD2345_7", "type": "closed", "complaint": {"status_text": "بند"}},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    old, new, stamp = "whsec_old-secret", "whsec_new-secret", 1765000000
    header = signing.header([new, old], stamp, body)
    return [(body, header, new, stamp, True), (body, header, old, stamp + 299, True),
            (body.replace(b"closed", b"opened"), header, new, stamp, False),
            (body, header, "whsec_another", stamp, False), (body, header, new, stamp + 301, False),
            (body, f"t={stamp}", new, stamp, False), (body, "", new, stamp, False)]


def test_the_readmes_python_snippet_verifies_our_signatures_and_refuses_the_rest():
    scope: dict = {}
    exec(_snippet("python", "(`shikayat/webhooks/verify.py`, standard library only)"), scope)  # noqa: S102 (our own README)
    for body, header, secret, now, accepted in _signed_cases():
        assert scope["verify"](body, header, secret, now=now) is accepted
        assert verify(body, header, secret, now=now) is accepted


def test_the_readmes_node_snippet_verifies_our_signatures_and_refuses_the_rest(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    cases = [{"body": base64.b64encode(body).decode(), "header": header, "secret": secret, "now": now}
             for body, header, secret, now, _accepted in _signed_cases()]
    script = tmp_path / "verify.js"
    script.write_text(_snippet("js", "Node.js") + "\nconst cases = " + json.dumps(cases) + ";\n"
                      "console.log(JSON.stringify(cases.map((c) => verify(Buffer.from(c.body, 'base64'), c.header, "
                      "c.secret, 300, c.now))));\n", encoding="utf-8")
    answer = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(answer.stdout) == [accepted for *_rest, accepted in _signed_cases()]
