"""Officers' notices all the way out: the listener queues them in the action's transaction, and the outbox
worker (notifications/delivery.deliver_due) sends them through the real adapters to a local HTTP server playing
the SMS gateway and the WhatsApp Cloud API, and through Django's mail backend."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from shikayat.complaints import actions
from shikayat.notifications import delivery
from shikayat.notifications.messages import render, render_subject
from shikayat.notifications.models import OutboxMessage

from .journey import citizen_of
from .test_delivery_faults import FakeProviders

SOON = timedelta(seconds=1)
MOBILE, EMAIL = "+923331112233", "sho.a@police.test"


@pytest.fixture
def providers(settings):
    server = FakeProviders()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SHIKAYAT = {
        **settings.SHIKAYAT,
        "MESSAGE_BACKENDS": {"sms": "sms-gateway", "whatsapp": "whatsapp", "email": "email"},
        "SMS_API": {"URL": server.url + "/sms", "TOKEN": "out-token", "SENDER": "SHIKAYAT", "READ_TIMEOUT": 2},
        "WHATSAPP": {"BASE_URL": server.url, "API_VERSION": "v21.0", "PHONE_NUMBER_ID": "1055", "TOKEN": "wa-token",
                     "READ_TIMEOUT": 2},
    }
    yield server
    server.stop()


def test_the_officer_is_told_by_sms_whatsapp_and_email_through_the_outbox_worker(force, new_complaint, providers):
    sho = force.officers["sho_A"]
    sho.mobile, sho.email, sho.notify_by, sho.preferred_language = MOBILE, EMAIL, ["sms", "whatsapp", "email"], "ur"
    sho.save()
    complaint = actions.assign(new_complaint(), actor=force.officers["cell_A"], officer=sho)
    actions.add_information(complaint, actor=citizen_of(complaint), text="The number plate was LEB-1234.")

    # The complainant's acknowledgement, and the officer's six; the complainant's update waits for its fold window.
    assert delivery.deliver_due(now=timezone.now() + SOON) == 7
    assert OutboxMessage.objects.get(template="complaint_update").state == "pending"
    rows = OutboxMessage.objects.exclude(template__in=["complaint_registered", "complaint_update"])
    assert sorted((row.template, row.channel, row.state) for row in rows) == [
        ("complainant_added_information", channel, "sent") for channel in ("email", "sms", "whatsapp")] + [
        ("marked_to_you", channel, "sent") for channel in ("email", "sms", "whatsapp")]

    marked = {row.channel: row for row in rows.filter(template="marked_to_you")}
    sms = [json.loads(r["body"]) for r in providers.requests if r["path"] == "/sms"]
    assert {"to": MOBILE, "text": render("marked_to_you", "ur", marked["sms"].context), "from": "SHIKAYAT",
            "reference": marked["sms"].idempotency_key} in sms
    assert complaint.etag_display in marked["sms"].context["etag"]

    whatsapp = [json.loads(r["body"]) for r in providers.requests if r["path"] == "/v21.0/1055/messages"]
    template = next(body["template"] for body in whatsapp if body["template"]["name"] == "marked_to_you")
    context = marked["whatsapp"].context
    assert template["language"] == {"code": "ur"}
    assert [p["text"] for p in template["components"][0]["parameters"]] == [
        context["etag"], context["category"], context["unit"], context["due"], context["url"]]
    assert all(body["to"] == MOBILE.lstrip("+") for body in whatsapp)

    subject = render_subject("marked_to_you", "ur", marked["email"].context)
    [email] = [message for message in mail.outbox if message.subject == subject]
    assert complaint.etag_display in subject and email.to == [EMAIL]
    assert email.body == render("marked_to_you", "ur", marked["email"].context)
    assert len(mail.outbox) == 2 and all(message.to == [EMAIL] for message in mail.outbox)
    assert "LEB-1234" not in "".join(message.body for message in mail.outbox)  # the complainant's words stay inside
