"""Zainab Alert in a real browser: a front-desk officer issues a missing-child
alert, the public sees it in Urdu, the officer closes it; a citizen gives
information on a most-wanted person. Screenshots go to test-artifacts/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from shikayat.information.models import MissingChildAlert, MostWanted, Tip
from shikayat.notifications.models import OutboxMessage

from ..factories import build_force
from .signin import sign_in

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.mark.django_db(transaction=True)
def test_officer_issues_and_closes_an_alert_and_a_citizen_gives_a_tip(live_server, browser_page):
    force = build_force()
    force.officers["sho_A"].mobile = "+923001111111"
    force.officers["sho_A"].save()
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    sign_in(page, live_server.url, "desk_A")
    page.goto(f"{live_server.url}/officer/missing-child/new/")
    page.fill("input[name=name]", "Zara")
    page.fill("input[name=age]", "7")
    page.fill("input[name=last_seen_place]", "Anarkali bazaar")
    page.fill("input[name=lat]", "31.51")
    page.fill("input[name=lng]", "74.31")
    seen = timezone.localtime() - timedelta(hours=1)
    page.fill("input[name=last_seen_at]", seen.strftime("%Y-%m-%dT%H:%M"))
    page.fill("textarea[name=details_en]", "Pink frock, braided hair.")
    page.fill("textarea[name=details_ur]", "گلابی فراک، چوٹی")
    page.fill("input[name=contact]", "0300 1234567")
    page.screenshot(path=str(ARTIFACTS / "missing-child-form.png"), full_page=True)
    page.click("#issue-alert")
    page.wait_for_url("**/officer/missing-children/")
    alert = MissingChildAlert.objects.get()
    assert OutboxMessage.objects.filter(recipient="+923001111111", template="missing_child_alert").exists()

    public = page.context.browser.new_page(locale="ur-PK", extra_http_headers={"Accept-Language": "ur"})
    public.goto(f"{live_server.url}/missing-children/")
    assert public.locator("html").get_attribute("dir") == "rtl"
    assert public.locator(f"#alert-{alert.pk}").is_visible()
    assert "گلابی فراک" in public.locator(f"#alert-{alert.pk}").inner_text()
    public.screenshot(path=str(ARTIFACTS / "missing-children-ur.png"), full_page=True)

    page.select_option(f"#outcome-{alert.pk}", "found")
    page.fill(f"#note-{alert.pk}", "Found at home")
    page.locator(f"#officer-alert-{alert.pk} button").click()
    page.wait_for_url("**/officer/missing-children/")
    public.reload()
    assert public.locator(f"#alert-{alert.pk}").count() == 0

    person = MostWanted.objects.create(name_en="Bashir Ahmad", details_en="Wanted for robbery.", reward="Rs 500,000")
    public.goto(f"{live_server.url}/most-wanted/")
    public.click(f"#wanted-{person.pk} a")
    public.fill("textarea[name=text]", "short")
    public.click("#tip-form button")
    assert public.locator("#tip-form .errorlist").first.is_visible()
    public.fill("textarea[name=text]", "Seen at the Multan bus stand yesterday evening.")
    public.click("#tip-form button")
    public.wait_for_url("**/most-wanted/")
    public.screenshot(path=str(ARTIFACTS / "most-wanted-ur.png"), full_page=True)
    assert Tip.objects.get().most_wanted == person
