"""Officers hear too, in a real browser: the SHO chooses WhatsApp on his security page (email is refused without
an address on record), a complaint is marked to him, the header shows one update, and opening it takes him to
the complaint and marks it read."""

import pytest

from shikayat.accounts.models import User
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.notifications.models import OutboxMessage
from shikayat.updates.models import OfficerNotice

from ..factories import build_force, complaint_data
from .test_officer_workspace import sign_in


@pytest.mark.django_db(transaction=True)
def test_the_officer_chooses_whatsapp_and_sees_the_complaint_marked_to_him(live_server, browser_page):
    force = build_force()
    sho = force.officers["sho_A"]
    sho.mobile = "+923331112233"
    sho.save()
    page = browser_page

    sign_in(page, live_server, "sho_A")
    page.goto(f"{live_server.url}/officer/security/")
    form = page.locator("#messages-form")
    assert form.locator("input[value=sms]").is_checked()  # the default, with a mobile on record
    form.locator("input[value=email]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Email needs an email address, and none is on record for this account.")
    form = page.locator("#messages-form")
    form.locator("input[value=email]").uncheck()
    form.locator("input[value=sms]").uncheck()
    form.locator("input[value=whatsapp]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Your choice of messages is saved.")
    assert User.objects.get(pk=sho.pk).notify_by == ["whatsapp"]
    assert page.locator("#updates-count").count() == 0

    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    actions.assign(complaint, actor=force.officers["cell_A"], officer=sho)
    [message] = OutboxMessage.objects.filter(recipient=sho.mobile)
    assert (message.channel, message.template) == ("whatsapp", "marked_to_you")

    page.goto(f"{live_server.url}/officer/complaints/?box=mine")
    assert page.locator("#updates-count").inner_text() == "1"
    page.click("#updates-link")
    page.wait_for_url("**/officer/updates/")
    row = page.locator("#notices tbody tr.unread")
    assert row.count() == 1 and "Marked to you" in row.inner_text()
    row.locator("a", has_text=complaint.etag_display).click()
    page.wait_for_url(f"**/officer/complaints/{complaint.etag}/")
    assert page.locator("h1", has_text=complaint.etag_display).count() >= 1
    assert page.locator("#updates-count").count() == 0
    assert OfficerNotice.objects.get(user=sho).read_at is not None
