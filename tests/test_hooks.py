"""The complaint core's extension point (complaints/hooks.py): features register listeners explicitly, they are
called in a known order inside the action's transaction, and one that raises rolls the action back."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from shikayat.complaints import actions, hooks, intake, permissions
from shikayat.complaints.apps import barring_handlings_have_rules
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.dashboards.models import PendingChange
from shikayat.notifications.models import OutboxMessage

from .factories import complaint_data
from .journey import bring_to

REGISTERED = {
    "changing": ["accountability.open_enquiry", "deadlines.investigation"],
    "action": ["deadlines.stages_done", "deadlines.escalation_notices", "similar.merged", "updates.citizen",
               "updates.officers.complainant_added", "updates.officers.complainant_answered", "updates.officers.marked",
               "quality.to_grade", "channels.portal_writeback", "webhooks.action", "dashboards.rollup.apply"],
    "registered": ["information.missing_child_alerts", "similar.registered", "calls.registered",
                   "channels.portal_registered", "webhooks.registered",
                   "dashboards.rollup.received"],
    "read": ["accountability.access_log", "updates.officers.opened", "calls.read"],
}


class Boom(Exception):
    pass


@pytest.fixture
def listen():
    """Register a test listener for the test's length only."""
    names = []

    def add(listener, *, name, order, on="action", actions=None):
        names.append(name)
        hooks.register(listener, name=name, order=order, on=on, actions=actions)

    yield add
    for name in names:
        hooks.unregister(name)


def test_the_features_register_their_listeners_in_a_known_order():
    assert {moment: [item.name for item in hooks.listeners(moment)] for moment in hooks.MOMENTS} == REGISTERED
    assert [item.order for item in hooks.listeners("action")] == [100, 200, 300, 300, 300, 300, 300, 400, 600, 800, 900]


def test_registration_is_idempotent_and_explicit(listen):
    for config in ("accountability", "deadlines", "dashboards", "information", "updates", "quality", "webhooks",
                   "similar"):
        apps.get_app_config(config).ready()  # ready() again: the same listeners, not twice as many
    assert {moment: [item.name for item in hooks.listeners(moment)] for moment in hooks.MOMENTS} == REGISTERED

    listen(lambda event: None, name="test.once", order=500)
    listen(lambda event: None, name="test.once", order=500)
    assert [item.name for item in hooks.listeners()].count("test.once") == 1
    with pytest.raises(ValueError):
        hooks.register(lambda event: None, name="test.bad", order=1, on="whenever")


def test_listeners_hear_one_typed_event_in_order_inside_the_transaction(force, new_complaint, listen):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    heard = []

    def early(event):
        # Inside the transaction: the event is already written, the rollup (order 900) not yet applied.
        assert ComplaintEvent.objects.filter(complaint=complaint, action="log_contact").exists()
        heard.append(("early", event))

    listen(lambda event: heard.append(("late", event)), name="test.late", order=950, actions={"log_contact"})
    listen(early, name="test.early", order=10, actions={"log_contact"})
    listen(lambda event: heard.append(("other", event)), name="test.other", order=20, actions={"add_note"})
    officer = force.officers["sho_A"]
    actions.log_contact(complaint, actor=officer, method="call", outcome="Talked.", channel="api")

    assert [name for name, _event in heard] == ["early", "late"]
    event = heard[0][1]
    assert isinstance(event, hooks.ActionEvent)
    assert (event.action, event.from_status, event.to_status) == ("log_contact", Status.ASSIGNED, Status.IN_PROGRESS)
    assert event.actor == officer and event.channel == "api" and event.data == {"method": "call"}
    assert event.before.first_contacted_at is None and event.complaint.first_contacted_at == event.at
    assert event.before.status == Status.ASSIGNED and event.complaint.status == Status.IN_PROGRESS
    with pytest.raises(Exception):  # noqa: B017 - frozen
        event.action = "other"


def test_a_changing_listener_adds_to_the_event_or_refuses(force, new_complaint, listen):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    listen(lambda event: {"seen_status": event.to_status}, name="test.adds", order=500, on="changing",
           actions={"add_note"})
    actions.add_note(complaint, actor=force.officers["sho_A"], text="A note.")
    assert complaint.events.get(action="add_note").data == {"seen_status": Status.ASSIGNED}


@pytest.mark.parametrize("on", ["changing", "action"])
def test_a_listener_that_raises_rolls_the_action_back(force, new_complaint, listen, on):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    events, pending = complaint.events.count(), PendingChange.objects.count()

    def fail(event):
        raise Boom

    listen(fail, name="test.fails", order=50, on=on, actions={"log_contact"})
    with pytest.raises(Boom):
        actions.log_contact(complaint, actor=force.officers["sho_A"], method="call", outcome="Talked.")
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED and complaint.first_contacted_at is None
    assert complaint.events.count() == events and PendingChange.objects.count() == pending


def test_registration_is_heard_once_per_batch_and_a_raising_listener_undoes_it(force, listen):
    heard = []
    listen(lambda event: heard.append(event), name="test.heard", order=50, on="registered")
    result = intake.register_complaints(actor=SYSTEM, channel="portal_import",
                                        items=[complaint_data(external_ref="R1"), complaint_data(external_ref="R2")])
    assert len(heard) == 1 and heard[0].complaints == tuple(result.complaints)
    assert (heard[0].action, heard[0].channel, heard[0].actor) == ("register", "portal_import", SYSTEM)

    def fail(event):
        raise Boom

    listen(fail, name="test.fails", order=50, on="registered")
    before = (Complaint.objects.count(), ComplaintEvent.objects.count(), OutboxMessage.objects.count())
    with pytest.raises(Boom):
        intake.register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    assert (Complaint.objects.count(), ComplaintEvent.objects.count(), OutboxMessage.objects.count()) == before


def test_the_deadlines_provide_the_calendar():
    from shikayat.deadlines.calendar import working_calendar

    assert hooks._provided.calendar is working_calendar


def test_complaints_against_police_fail_closed_without_their_rules(force, against_sho, monkeypatch):
    monkeypatch.setattr(hooks._provided, "handling", {})
    assert barring_handlings_have_rules()[0].id == "complaints.E001"
    with pytest.raises(ImproperlyConfigured):
        permissions.can_view(force.officers["igp"], against_sho)
    with pytest.raises(ImproperlyConfigured):
        intake.register_complaint(actor=SYSTEM, channel="web", data=complaint_data(category="AGAINST-POLICE"))
    assert permissions.handling_rules("") is None  # plain complaints need none
