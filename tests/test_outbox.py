"""The outbox: one message per event, sent by the worker, retried on failure."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from shikayat.notifications import delivery
from shikayat.notifications.backends import DeliveryError
from shikayat.notifications.models import OutboxMessage
from shikayat.notifications.outbox import enqueue


@pytest.fixture
def file_backend(settings, tmp_path):
    path = tmp_path / "outbox.jsonl"
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {
        "sms": "tests.test_outbox.TmpFileBackend", "email": "tests.test_outbox.TmpFileBackend"}}
    TmpFileBackend.path_value = path
    return path


class TmpFileBackend:
    path_value = None

    def send(self, *, channel, recipient, text):
        with open(self.path_value, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"channel": channel, "to": recipient, "text": text}, ensure_ascii=False) + "\n")
        return "provider-1"


class FailingBackend:
    def send(self, **kwargs):
        raise DeliveryError("gateway timeout")


def test_acknowledgement_is_sent_once_in_the_citizens_language(force, new_complaint, file_backend):
    complaint = new_complaint(language="ur")
    assert delivery.deliver_due(now=timezone.now() + timedelta(seconds=1)) == 1
    assert delivery.deliver_due(now=timezone.now() + timedelta(seconds=1)) == 0
    sent = [json.loads(line) for line in file_backend.read_text(encoding="utf-8").splitlines()]
    assert len(sent) == 1 and sent[0]["to"] == "+923001234567"
    assert complaint.etag_display in sent[0]["text"]
    message = OutboxMessage.objects.get()
    assert message.state == "sent" and message.provider_message_id == "provider-1"


def test_same_event_never_queues_twice(force, new_complaint):
    complaint = new_complaint()
    for _ in range(2):
        enqueue(channel="sms", recipient="+923001234567", template="complaint_closed", language="en",
                context={"etag": complaint.etag_display}, dedupe_key="k-1", complaint=complaint)
    assert OutboxMessage.objects.filter(dedupe_key="k-1").count() == 1


def test_failed_sends_are_retried_with_backoff_then_marked_failed(force, new_complaint, settings):
    new_complaint()
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {"sms": "tests.test_outbox.FailingBackend"}}
    now = timezone.now() + timedelta(seconds=1)
    assert delivery.deliver_due(now=now) == 0
    message = OutboxMessage.objects.get()
    assert message.state == "pending" and message.attempts == 1 and message.next_attempt_at > now
    assert "gateway timeout" in message.last_error
    for day in range(1, delivery.MAX_ATTEMPTS + 2):
        delivery.deliver_due(now=now + timedelta(days=day))
    message.refresh_from_db()
    assert message.state == "failed" and message.attempts == delivery.MAX_ATTEMPTS
