"""The outbox: one message per event, claimed with a lease, sent outside any
transaction, retried with backoff, dead letter for a person; templates in
every language; delivery-status callbacks."""

import json
import re
import smtplib
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone
from twilio.request_validator import RequestValidator

from shikayat.notifications import delivery, status
from shikayat.notifications.backends import DeliveryError, PermanentDeliveryError, UncertainDelivery
from shikayat.notifications.messages import TEMPLATES, render, render_subject
from shikayat.notifications.models import DeliveryEvent, OutboxMessage
from shikayat.notifications.outbox import enqueue

SOON = timedelta(seconds=1)


def use_backends(settings, **channels):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": channels}


@pytest.fixture
def file_backend(settings, tmp_path):
    path = tmp_path / "outbox.jsonl"
    use_backends(settings, sms="tests.test_outbox.TmpFileBackend", email="tests.test_outbox.TmpFileBackend")
    TmpFileBackend.path_value = path
    return path


class TmpFileBackend:
    name = "tmpfile"
    safe_to_resend = True
    path_value = None

    def send(self, message):
        with open(self.path_value, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"channel": message.channel, "to": message.recipient, "text": message.text,
                                     "key": message.idempotency_key}, ensure_ascii=False) + "\n")
        return "provider-1"


class Recorder:
    """A fake provider: remembers what it was asked to send, and whether a
    database transaction was open at that moment."""

    name = "recorder"
    safe_to_resend = False
    sent = []
    in_transaction = []
    fail_with = None

    def send(self, message):
        Recorder.in_transaction.append(connection.in_atomic_block)
        if Recorder.fail_with:
            raise Recorder.fail_with
        Recorder.sent.append(message)
        return f"rec-{len(Recorder.sent)}"


class ResendableRecorder(Recorder):
    safe_to_resend = True


@pytest.fixture
def recorder(settings):
    Recorder.sent, Recorder.in_transaction, Recorder.fail_with = [], [], None
    use_backends(settings, sms="tests.test_outbox.Recorder")
    return Recorder


class FailingBackend:
    name = "failing"
    safe_to_resend = True

    def send(self, message):
        raise DeliveryError("gateway timeout")


def queue(n=1, channel="sms", template="complaint_closed", **overrides):
    rows = []
    for i in range(n):
        fields = {"channel": channel, "recipient": f"+92300123456{i}", "template": template, "language": "en",
                  "context": {"etag": "TE4P-DR6A"}, "dedupe_key": f"test:{channel}:{template}:{i}", **overrides}
        enqueue(**fields)
        rows.append(OutboxMessage.objects.get(dedupe_key=fields["dedupe_key"]))
    return rows


def test_acknowledgement_is_sent_once_in_the_citizens_language(force, new_complaint, file_backend):
    complaint = new_complaint(language="ur")
    assert delivery.deliver_due(now=timezone.now() + SOON) == 1
    assert delivery.deliver_due(now=timezone.now() + SOON) == 0
    sent = [json.loads(line) for line in file_backend.read_text(encoding="utf-8").splitlines()]
    assert len(sent) == 1 and sent[0]["to"] == "+923001234567"
    assert complaint.etag_display in sent[0]["text"]
    assert sent[0]["text"] == render("complaint_registered", "ur", OutboxMessage.objects.get().context)
    message = OutboxMessage.objects.get()
    assert message.state == "sent" and message.provider_message_id == "provider-1" and message.provider == "tmpfile"
    assert sent[0]["key"] == message.idempotency_key
    assert not message.lease_owner and message.leased_until is None and message.sending_started_at is None


def test_same_event_never_queues_twice(force, new_complaint):
    complaint = new_complaint()
    for _ in range(2):
        enqueue(channel="sms", recipient="+923001234567", template="complaint_closed", language="en",
                context={"etag": complaint.etag_display}, dedupe_key="k-1", complaint=complaint)
    assert OutboxMessage.objects.filter(dedupe_key="k-1").count() == 1


def test_idempotency_key_is_stable_per_row_and_differs_between_rows(db):
    first, second = queue(2)
    assert first.idempotency_key == OutboxMessage.objects.get(pk=first.pk).idempotency_key
    assert first.idempotency_key != second.idempotency_key


def test_failed_sends_are_retried_with_backoff_then_dead_lettered(force, new_complaint, settings):
    new_complaint()
    use_backends(settings, sms="tests.test_outbox.FailingBackend")
    now = timezone.now() + SOON
    assert delivery.deliver_due(now=now) == 0
    message = OutboxMessage.objects.get()
    assert message.state == "pending" and message.attempts == 1
    assert now + timedelta(seconds=30) <= message.next_attempt_at <= now + timedelta(seconds=60)
    assert "gateway timeout" in message.last_error and not message.lease_owner
    assert delivery.deliver_due(now=now + timedelta(seconds=20)) == 0  # not due yet
    assert OutboxMessage.objects.get().attempts == 1
    for day in range(1, delivery.MAX_ATTEMPTS + 2):
        delivery.deliver_due(now=now + timedelta(days=day))
    message.refresh_from_db()
    assert message.state == "dead" and message.attempts == delivery.MAX_ATTEMPTS
    assert "gave up after 8 attempts" in message.last_error


def test_backoff_doubles_with_jitter_and_is_capped():
    for attempts in range(1, 12):
        ceiling = min(delivery.RETRY_BASE * 2 ** (attempts - 1), delivery.RETRY_CAP)
        delays = {delivery.backoff(attempts) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jittered


def test_a_permanent_refusal_goes_straight_to_the_dead_letter(db, recorder):
    [row] = queue()
    recorder.fail_with = PermanentDeliveryError("SMS gateway answered HTTP 400: bad number")
    assert delivery.deliver_due(now=timezone.now() + SOON) == 0
    row.refresh_from_db()
    assert row.state == "dead" and row.attempts == 1 and "bad number" in row.last_error


def test_a_message_that_does_not_render_is_dead_lettered_without_calling_the_provider(db, recorder):
    [row] = queue(context={})  # no etag
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == "dead" and "does not render" in row.last_error and recorder.sent == []


def test_messages_are_sent_outside_any_transaction(transactional_db, recorder):
    queue(3)
    assert delivery.deliver_due(now=timezone.now() + SOON) == 3
    assert recorder.in_transaction == [False, False, False]


def test_claimed_messages_are_leased_and_not_claimed_twice(db):
    queue(3)
    now = timezone.now() + SOON
    first = delivery.claim(limit=2, owner="worker-a", now=now)
    second = delivery.claim(limit=10, owner="worker-b", now=now)
    assert len(first) == 2 and len(second) == 1
    assert {m.pk for m in first}.isdisjoint(m.pk for m in second)
    leased = OutboxMessage.objects.get(pk=first[0].pk)
    assert leased.lease_owner == "worker-a" and leased.leased_until == now + delivery.lease_length()
    assert delivery.claim(limit=10, owner="worker-c", now=now + timedelta(seconds=30)) == []


def test_an_expired_lease_is_claimed_again_and_the_dead_workers_outcome_is_not_recorded(db, recorder):
    [row] = queue()
    now = timezone.now() + SOON
    delivery.claim(limit=10, owner="dead-worker", now=now)  # then the worker was killed before sending
    later = now + delivery.lease_length() + SOON
    assert delivery.deliver_due(now=later) == 1
    row.refresh_from_db()
    assert row.state == "sent" and row.attempts == 1 and len(recorder.sent) == 1
    # The old worker wakes up: its lease is gone, so it neither sends nor records anything.
    assert delivery._start_sending(row, "dead-worker", later) is False
    assert delivery._record(row, "dead-worker", state="dead") is False


def test_a_send_cut_off_midway_is_not_repeated_through_a_provider_that_cannot_deduplicate(db, recorder):
    [row] = queue()
    now = timezone.now() + SOON
    [claimed] = delivery.claim(limit=10, owner="killed", now=now)
    assert delivery._start_sending(claimed, "killed", now)  # provider called, then the worker died
    assert delivery.deliver_due(now=now + delivery.lease_length() + SOON) == 0
    row.refresh_from_db()
    assert row.state == "uncertain" and "may or may not" in row.last_error and recorder.sent == []
    # If the old worker was only slow, its real outcome is still recorded.
    assert delivery._record(row, "killed", state="sent", provider_message_id="late-1")
    assert OutboxMessage.objects.get(pk=row.pk).state == "sent"


def test_a_send_cut_off_midway_is_retried_through_a_provider_that_deduplicates(db, recorder, settings):
    use_backends(settings, sms="tests.test_outbox.ResendableRecorder")
    [row] = queue()
    now = timezone.now() + SOON
    [claimed] = delivery.claim(limit=10, owner="killed", now=now)
    delivery._start_sending(claimed, "killed", now)
    assert delivery.deliver_due(now=now + delivery.lease_length() + SOON) == 1
    row.refresh_from_db()
    assert row.state == "sent" and row.attempts == 2
    assert recorder.sent[0].idempotency_key == row.idempotency_key


@pytest.mark.parametrize(("adapter", "expected"), [("Recorder", "uncertain"), ("ResendableRecorder", "pending")])
def test_a_lost_answer_is_retried_only_where_resending_is_safe(db, recorder, settings, adapter, expected):
    use_backends(settings, sms=f"tests.test_outbox.{adapter}")
    [row] = queue()
    recorder.fail_with = UncertainDelivery("read timed out")
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == expected and "read timed out" in row.last_error


def test_a_misconfigured_adapter_keeps_the_message_for_later(db, settings):
    use_backends(settings, sms="tests.test_outbox.NoSuchBackend")
    [row] = queue()
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == "pending" and row.attempts == 1 and "adapter not available" in row.last_error


def test_requeue_sends_a_dead_letter_again_with_fresh_attempts(db, recorder):
    [row] = queue()
    OutboxMessage.objects.filter(pk=row.pk).update(state="dead", attempts=8, last_error="x")
    assert delivery.requeue([row.pk]) == 1
    assert delivery.deliver_due(now=timezone.now() + SOON) == 1
    row.refresh_from_db()
    assert row.state == "sent" and row.attempts == 1


def test_requeue_leaves_sent_messages_and_sends_in_progress_alone(db):
    sent, sending = queue(2)
    OutboxMessage.objects.filter(pk=sent.pk).update(state="sent")
    now = timezone.now() + SOON
    [claimed] = delivery.claim(limit=10, owner="w", now=now)
    delivery._start_sending(claimed, "w", now)
    assert delivery.requeue([sent.pk, sending.pk], now=now) == 0


def test_the_dead_letter_is_visible_to_admins_and_can_be_retried(db, client, django_user_model):
    dead, fine = queue(2)
    OutboxMessage.objects.filter(pk=dead.pk).update(state="dead", attempts=8, last_error="HTTP 400: bad number")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pass-word-123"))
    page = client.get("/admin/notifications/outboxmessage/?state__exact=dead")
    assert page.status_code == 200
    text = page.content.decode()
    assert dead.recipient in text and fine.recipient not in text and "HTTP 400: bad number" in text
    answer = client.post("/admin/notifications/outboxmessage/",
                         {"action": "retry_now", "_selected_action": [dead.pk]}, follow=True)
    assert "1 message queued to be sent again." in answer.content.decode()
    dead.refresh_from_db()
    assert dead.state == "pending" and dead.attempts == 0
    assert client.get(f"/admin/notifications/outboxmessage/{dead.pk}/change/").status_code == 200


# --- Email ---------------------------------------------------------------------------------------------------


def test_email_goes_through_djangos_backend_with_subject_loop_headers_and_a_stable_message_id(
        force, new_complaint, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SHIKAYAT = {**settings.SHIKAYAT, "EMAIL_MESSAGE_ID_DOMAIN": "shikayat.test"}
    use_backends(settings, sms="console", email="email")
    complaint = new_complaint(email="citizen@example.com", language="hi")
    assert delivery.deliver_due(now=timezone.now() + SOON) == 2
    [email] = mail.outbox
    row = OutboxMessage.objects.get(channel="email")
    assert email.to == ["citizen@example.com"] and complaint.etag_display in email.subject
    assert email.subject == render_subject("complaint_registered", "hi", row.context)
    assert email.body == render("complaint_registered", "hi", row.context)
    assert email.extra_headers["X-Shikayat-Loop"] == "1"
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    assert row.provider_message_id == email.extra_headers["Message-ID"] == f"<{row.idempotency_key}@shikayat.test>"
    assert row.provider == "email" and row.state == "sent"


class RefusingMail(BaseEmailBackend):
    error = None

    def send_messages(self, messages):
        raise RefusingMail.error


@pytest.mark.parametrize(("error", "state"), [
    (smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"no such user")}), "dead"),
    (smtplib.SMTPDataError(554, b"rejected"), "dead"),
    (smtplib.SMTPDataError(451, b"try later"), "pending"),
    (smtplib.SMTPServerDisconnected("gone"), "pending"),
    (ConnectionRefusedError(111, "refused"), "pending"),
])
def test_mail_server_errors_map_to_dead_letter_or_retry(db, settings, error, state):
    settings.EMAIL_BACKEND = "tests.test_outbox.RefusingMail"
    RefusingMail.error = error
    use_backends(settings, email="email")
    [row] = queue(channel="email", recipient="x@example.com")
    delivery.deliver_due(now=timezone.now() + SOON)
    row.refresh_from_db()
    assert row.state == state and row.attempts == 1


# --- Templates -----------------------------------------------------------------------------------------------


def _context_for(template: str) -> dict:
    names = re.findall(r"%\((\w+)\)s", str(TEMPLATES[template]))
    return {name: f"<{name}>" for name in names}


@pytest.mark.parametrize("language", ["en", "ur", "hi"])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_renders_in_every_language(template, language):
    context = _context_for(template)
    text = render(template, language, context)
    assert text.strip()
    for value in context.values():  # a translation that lost or renamed a placeholder fails here
        assert value in text
    subject = render_subject(template, language, context)
    assert subject.strip()
    if "etag" in context:  # a citizen's reply to the email threads back to the complaint
        assert "<etag>" in subject


def test_templates_are_translated_for_urdu_and_hindi():
    context = {"etag": "TE4P-DR6A", "contact_hours": 24, "track_url": "https://x.test/t"}
    english = render("complaint_registered", "en", context)
    assert render("complaint_registered", "ur", context) != english
    assert render("complaint_registered", "hi", context) != english


# --- Delivery status callbacks -------------------------------------------------------------------------------


def sent_row(provider="sms", provider_message_id="gw-1"):
    [row] = queue()
    OutboxMessage.objects.filter(pk=row.pk).update(state="sent", provider=provider,
                                                   provider_message_id=provider_message_id)
    return OutboxMessage.objects.get(pk=row.pk)


@pytest.fixture
def gateway_token(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SMS_GATEWAY_TOKEN": "gw-secret"}
    return {"HTTP_AUTHORIZATION": "Bearer gw-secret"}


def test_the_sms_gateways_report_updates_the_message(db, client, gateway_token):
    row = sent_row()
    answer = client.post("/api/v1/delivery/sms/", {"id": "gw-1", "status": "DELIVRD", "at": "2026-11-20T10:00:00Z"},
                         content_type="application/json", **gateway_token)
    assert answer.status_code == 200 and answer.json() == {"status": "delivered"}
    row.refresh_from_db()
    assert row.delivery_status == "delivered" and row.delivered_at.isoformat() == "2026-11-20T10:00:00+00:00"
    event = DeliveryEvent.objects.get()
    assert (event.message_id, event.provider, event.status, event.provider_status) == (row.pk, "sms", "delivered",
                                                                                        "DELIVRD")


def test_the_same_report_twice_is_recorded_once_and_reports_never_move_backwards(db, client, gateway_token):
    row = sent_row()
    for word in ("read", "read", "delivered"):
        client.post("/api/v1/delivery/sms/", {"id": "gw-1", "status": word, "at": "2026-11-20T10:00:00Z"},
                    content_type="application/json", **gateway_token)
    row.refresh_from_db()
    assert row.delivery_status == "read" and row.delivered_at is not None
    assert list(DeliveryEvent.objects.values_list("status", flat=True)) == ["read", "delivered"]


def test_a_report_for_an_unknown_message_is_a_404_in_the_api_error_shape(db, client, gateway_token):
    sent_row()
    answer = client.post("/api/v1/delivery/sms/", {"id": "nope", "status": "delivered"},
                         content_type="application/json", **gateway_token)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert not DeliveryEvent.objects.exists()


def test_a_report_needs_the_gateways_token(db, client, gateway_token):
    sent_row()
    answer = client.post("/api/v1/delivery/sms/", {"id": "gw-1", "status": "delivered"},
                         content_type="application/json", HTTP_AUTHORIZATION="Bearer wrong")
    assert answer.status_code == 401 and not DeliveryEvent.objects.exists()


def test_an_unknown_status_or_provider_is_refused(db, client, gateway_token):
    sent_row()
    answer = client.post("/api/v1/delivery/sms/", {"id": "gw-1", "status": "exploded"},
                         content_type="application/json", **gateway_token)
    assert answer.status_code == 400 and answer.json()["error"]["fields"]["status"]
    assert client.post("/api/v1/delivery/pigeon/", {}).status_code == 404


TWILIO_URL = "https://shikayat.example/api/v1/delivery/twilio/"
FORM = "application/x-www-form-urlencoded"  # as Twilio posts


@pytest.fixture
def twilio_settings(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "TWILIO": {"ACCOUNT_SID": "AC1", "AUTH_TOKEN": "tw-token",
                                                         "FROM": "+15005550006", "STATUS_CALLBACK": TWILIO_URL}}


def twilio_post(client, params, token="tw-token"):
    signature = RequestValidator(token).compute_signature(TWILIO_URL, params)
    return client.post("/api/v1/delivery/twilio/", urlencode(params), content_type=FORM,
                       HTTP_X_TWILIO_SIGNATURE=signature)


def test_a_signed_twilio_callback_is_recorded(db, client, twilio_settings):
    row = sent_row(provider="twilio", provider_message_id="SM123")
    answer = twilio_post(client, {"MessageSid": "SM123", "MessageStatus": "undelivered", "ErrorCode": "30003",
                                  "AccountSid": "AC1"})
    assert answer.status_code == 200
    row.refresh_from_db()
    assert row.delivery_status == "failed"
    assert DeliveryEvent.objects.get().detail == "Twilio error 30003"
    again = twilio_post(client, {"MessageSid": "SM123", "MessageStatus": "undelivered", "ErrorCode": "30003",
                                 "AccountSid": "AC1"})
    assert again.status_code == 200 and DeliveryEvent.objects.count() == 1  # Twilio retried its callback


def test_a_twilio_callback_with_a_bad_signature_is_refused(db, client, twilio_settings):
    row = sent_row(provider="twilio", provider_message_id="SM123")
    answer = twilio_post(client, {"MessageSid": "SM123", "MessageStatus": "delivered"}, token="someone-else")
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "permission_denied"
    unsigned = client.post("/api/v1/delivery/twilio/", "MessageSid=SM123&MessageStatus=delivered", content_type=FORM)
    assert unsigned.status_code == 403
    row.refresh_from_db()
    assert row.delivery_status == "" and not DeliveryEvent.objects.exists()


def test_whatsapp_statuses_are_recorded_through_record_status(db):
    row = sent_row(provider="whatsapp", provider_message_id="wamid.1")
    at = timezone.now()
    status.record_status("whatsapp", "wamid.1", "delivered", at=at)
    status.record_status("whatsapp", "wamid.1", "read", at=at + SOON)
    row.refresh_from_db()
    assert row.delivery_status == "read" and row.delivered_at == at
    with pytest.raises(status.NotFound):
        status.record_status("sms", "wamid.1", "read")  # another provider's id space
