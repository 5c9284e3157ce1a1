"""The officer complaint page in a real browser (issue 20): a refused action keeps what was typed and says what
to do; the officer picker filters by belt number with JavaScript; the page in English, Urdu and Hindi at desktop
width and at 360 px, with nothing wider than the screen. Screenshots go to test-artifacts/issue20/."""

import pytest

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status

from ..factories import build_force, complaint_data
from .test_officer_workspace import ARTIFACTS, PNG, sign_in

SHOTS = ARTIFACTS / "issue20"
WIDTHS = {"desktop": 1280, "360": 360}


def open_action(page, action):
    """Unfold an action's form by its summary, as an officer would."""
    details = page.locator(f"details#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


@pytest.mark.django_db(transaction=True)
def test_a_refused_action_keeps_the_typed_text_and_says_what_to_do(live_server, browser_page):
    force = build_force()
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    complaint = actions.assign(complaint, actor=o["cell_A"], officer=o["sho_A"])
    actions.log_contact(complaint, actor=o["sho_A"], method="call", outcome="Spoke to Ali Raza.")
    page = browser_page
    sign_in(page, live_server, "sho_A")
    page.goto(f"{live_server.url}/officer/complaints/{complaint.etag}/")

    # The next step (field verification) is first and open; a photo that did not come through is named.
    assert page.locator("details.action").first.get_attribute("id") == "action-log_field_visit"
    form = page.locator("details#action-log_field_visit[open] form")
    findings = "Two witnesses at the gate saw the motorcycle taken towards the canal road."
    form.locator("[name=findings]").fill(findings)
    form.locator("[name=photos]").set_input_files([
        {"name": "gate.png", "mimeType": "image/png", "buffer": PNG},
        {"name": "blank.png", "mimeType": "image/png", "buffer": b""},
    ])
    form.locator("button[type=submit]").click()
    page.wait_for_selector("details#action-log_field_visit.failed[open]")
    assert "Photos from the visit, file 2: The submitted file is empty. Choose it again." in page.inner_text(
        "details#action-log_field_visit")
    assert page.locator("details#action-log_field_visit [name=findings]").input_value() == findings
    assert Complaint.objects.get(pk=complaint.pk).field_verified_at is None

    # A folded form refused by the domain: the resolution typed stays, with the reason.
    form = open_action(page, "propose_resolution")
    resolution = "Motorcycle recovered from a scrap dealer in Shahdara and handed back to the owner."
    form.locator("[name=resolution]").fill(resolution)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("details#action-propose_resolution.failed[open]")
    assert "A resolution cannot be proposed before field verification is logged." in page.inner_text(
        "details#action-propose_resolution")
    assert page.locator("details#action-propose_resolution [name=resolution]").input_value() == resolution
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "refused-action-kept.png"), full_page=True)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS


@pytest.mark.django_db(transaction=True)
def test_the_officer_picker_and_the_page_in_three_languages_at_two_widths(live_server, browser_page):
    force = build_force()
    o, u = force.officers, force.units
    o["sho_A"].belt_number = "LHR-4471"
    o["sho_A"].save()
    long_ref = "web:" + "9f3c2a7e41d84b6c" * 3 + "ab"  # a reference with no space to break at
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(external_ref=long_ref))
    actions.transfer(complaint, actor=o["cell_A"], unit=u["sA2"], reason="The place is in SA2's area.")
    actions.transfer(complaint, actor=o["cell_A"], unit=u["sA1"], reason="Checked again: it is SA1's.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    sign_in(page, live_server, "cell_A")
    page.goto(f"{live_server.url}/officer/complaints/{complaint.etag}/")

    for lang in ("en", "ur", "hi"):
        if lang != "en":
            page.select_option("select[name=language]", lang)  # site.js submits the language menu
            page.wait_for_selector(f"html[lang={lang}][dir={'rtl' if lang == 'ur' else 'ltr'}]")
        for name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            # Nothing wider than the screen: no sideways scrolling, the reference wraps inside its card.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            card = page.locator(".card", has=page.locator(".reference")).bounding_box()
            ref = page.locator(".reference").bounding_box()
            assert card["x"] - 1 <= ref["x"] and ref["x"] + ref["width"] <= card["x"] + card["width"] + 1
            page.screenshot(path=str(SHOTS / f"officer-complaint-{lang}-{name}.png"), full_page=True)
        assert page.locator("details.action").first.get_attribute("id") == "action-assign"
        assert page.locator(".to-unit").count() == 2
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    page.set_viewport_size({"width": 1280, "height": 900})

    # With JavaScript the filter box shows; a belt number finds the officer and chooses them.
    box = page.locator("input.option-filter[data-filters=assign-officer]")
    assert box.is_visible()
    box.fill("LHR-4471")
    assert page.locator("#assign-officer").input_value() == "sho_A"
    visible = page.locator("#assign-officer").evaluate(
        "s => Array.from(s.options).filter(o => o.value && !o.hidden).map(o => o.value)")
    assert visible == ["sho_A"]
    box.fill("")
    page.select_option("#assign-officer", "sdpo_A")
    page.locator("details#action-assign button[type=submit]").click()
    page.wait_for_selector("text=Mark to officer: done.")
    assert Complaint.objects.get(pk=complaint.pk).assignee == o["sdpo_A"]


@pytest.mark.django_db(transaction=True)
def test_the_citizen_confirms_before_withdrawing_and_gives_a_reason(live_server, browser_page):
    from shikayat.complaints.links import tracking_token

    build_force()
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/track/link/{tracking_token(complaint.etag, sent_by='sms')}/")
    page.wait_for_selector("#withdraw")
    # Folded, apart from (after) the forms that add to the complaint.
    assert page.locator("#withdraw details").get_attribute("open") is None
    assert page.locator("form[action$='/information/']").count() == 1
    page.locator("#withdraw summary").click()
    page.fill("#withdraw textarea[name=reason]", "We settled it in the family.")
    # Not ticked: the browser itself holds the form back (and the server refuses it too, see test_next_step.py).
    page.locator("#withdraw button[type=submit]").click()
    assert page.locator("#withdraw input[name=confirm]").evaluate("box => !box.validity.valid")
    assert Complaint.objects.get(pk=complaint.pk).status == Status.REGISTERED
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "citizen-withdraw-360.png"), full_page=True)
    page.check("#withdraw input[name=confirm]")
    page.locator("#withdraw button[type=submit]").click()
    page.wait_for_selector("text=Your complaint has been withdrawn.")
    assert Complaint.objects.get(pk=complaint.pk).status == Status.WITHDRAWN
