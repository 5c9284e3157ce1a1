"""A failure inside an action leaves no partial rows or events."""

import pytest
from django.utils import timezone

from shikayat.complaints import actions, intake
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.notifications import outbox
from shikayat.notifications.models import OutboxMessage

from .factories import complaint_data
from .journey import bring_to, citizen_of


class Boom(Exception):
    pass


def test_failed_registration_writes_nothing(force, monkeypatch):
    def fail(*args, **kwargs):
        raise Boom

    # Fails after the complaint, its event and the acknowledgement are written.
    monkeypatch.setattr(intake, "_record_extra", fail)
    with pytest.raises(Boom):
        intake.register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    assert Complaint.objects.count() == 0
    assert ComplaintEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_failed_event_write_rolls_back_the_status_change(force, new_complaint, monkeypatch):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)

    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(actions, "record_event", fail)
    with pytest.raises(Boom):
        actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Talked.")
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED and complaint.first_contacted_at is None


def test_failed_outbox_write_rolls_back_the_closure(force, new_complaint, monkeypatch):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    # The earlier updates went: the closure's message to the complainant is a new outbox row.
    OutboxMessage.objects.update(state=OutboxMessage.State.SENT, sent_at=timezone.now(), attempts=1)
    events = ComplaintEvent.objects.count()
    messages = OutboxMessage.objects.count()

    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(outbox, "enqueue_many", fail)
    with pytest.raises(Boom):
        actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=True, rating=5)
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK and complaint.closed_at is None
    assert complaint.satisfaction_rating is None
    assert ComplaintEvent.objects.count() == events and OutboxMessage.objects.count() == messages


def test_timeline_events_cannot_be_edited_or_deleted(force, new_complaint):
    event = new_complaint().events.get()
    event.note = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
