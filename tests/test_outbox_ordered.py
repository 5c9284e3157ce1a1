"""Messages to machines (a portal, webhooks) are sent in the order they were queued, per complaint and recipient:
a later status never overtakes an earlier one that is waiting for a retry; a dead one stops holding them back.
People's channels keep any order. A machine channel with no adapter configured is never "sent" to the console."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shikayat.notifications import delivery
from shikayat.notifications.backends import DeliveryError, PermanentDeliveryError
from shikayat.notifications.models import OutboxMessage
from shikayat.notifications.outbox import enqueue

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(new_complaint):
    return new_complaint
State = OutboxMessage.State


class Recorder:
    """A portal that answers from a script (one outcome per call, then "ok") and records what it got."""

    name = "recorder"
    safe_to_resend = True
    script: list[str] = []
    got: list[dict] = []

    def send(self, message):
        outcome = Recorder.script.pop(0) if Recorder.script else "ok"
        if outcome == "down":
            raise DeliveryError("portal down")
        if outcome == "refused":
            raise PermanentDeliveryError("portal refused it")
        Recorder.got.append({"to": message.recipient, "text": message.text})
        return ""


@pytest.fixture
def portal(settings):
    Recorder.script, Recorder.got = [], []
    backends = {**settings.SHIKAYAT["MESSAGE_BACKENDS"], "portal": "tests.test_outbox_ordered.Recorder"}
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": backends}
    return Recorder


def _queue(complaint, step: int, recipient="pm_portal"):
    return enqueue(channel="portal", recipient=recipient, template="portal_status", language="en",
                   context={"reference": complaint.external_ref or "ref", "step": step},
                   dedupe_key=f"test:{complaint.pk}:{recipient}:{step}", complaint=complaint)


def _portal_rows():
    return OutboxMessage.objects.filter(channel="portal")


def _steps(got):
    return [int(line["text"].split('"step":')[1].rstrip("}")) for line in got]


def test_a_payload_is_its_context_as_json(portal, make):
    complaint = make()
    _queue(complaint, 1)
    delivery.deliver_due(now=timezone.now())
    assert portal.got == [{"to": "pm_portal", "text": '{"reference":"ref","step":1}'}]


def test_a_later_status_waits_for_an_earlier_one_that_failed(portal, make):
    complaint = make()
    for step in (1, 2, 3):
        _queue(complaint, step)
    portal.script = ["down"]
    now = timezone.now()
    delivery.deliver_due(now=now)  # 1 failed: 2 and 3 wait behind it
    assert portal.got == []
    assert set(_portal_rows().values_list("state", flat=True)) == {State.PENDING}
    # Before step 1's retry is due, 2 and 3 are held back, however often the worker looks.
    for seconds in (2, 10, 25):
        delivery.deliver_due(now=now + timedelta(seconds=seconds))
        assert portal.got == []
    # The portal is back: everything arrives, once each, in order.
    for minutes in range(1, 10):
        delivery.deliver_due(now=now + timedelta(minutes=minutes))
    assert _steps(portal.got) == [1, 2, 3]
    assert set(_portal_rows().values_list("state", flat=True)) == {State.SENT}


def test_a_dead_status_no_longer_holds_back_the_next(portal, make):
    complaint = make()
    _queue(complaint, 1)
    _queue(complaint, 2)
    portal.script = ["refused"]
    now = timezone.now()
    delivery.deliver_due(now=now)
    delivery.deliver_due(now=now + timedelta(seconds=2))
    assert _portal_rows().get(context__step=1).state == State.DEAD
    assert _steps(portal.got) == [2]


def test_sequences_are_per_complaint_and_recipient(portal, make):
    held, free = make(), make()
    _queue(held, 1)
    _queue(held, 2)
    _queue(free, 1)
    _queue(held, 1, recipient="igrs")
    portal.script = ["down"]  # the first row sent: held's step 1 to pm_portal
    delivery.deliver_due(now=timezone.now())
    assert sorted((line["to"], line["text"]) for line in portal.got) == sorted([
        ("pm_portal", '{"reference":"ref","step":1}'), ("igrs", '{"reference":"ref","step":1}')])


def test_an_unconfigured_machine_channel_is_never_sent(settings, make):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MESSAGE_BACKENDS": {"sms": "console"}}
    complaint = make()
    _queue(complaint, 1)
    delivery.deliver_due(now=timezone.now())
    row = _portal_rows().get()
    assert row.state == State.PENDING and "adapter not available" in row.last_error
