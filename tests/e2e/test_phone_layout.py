"""Citizen pages on a phone, in a real browser, in each language: nothing scrolls sideways at 320–414 px, the skip
link leads to the page's content, and the focus ring stands out (at least 3:1) wherever it is drawn. The officers'
menu groups too: each opens and fits at 360 and 1280 px."""

from pathlib import Path

import pytest
from django.core.management import call_command

from shikayat.categories.models import Category
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.demo.force import DEMO_PASSWORD
from shikayat.information.models import InfoTopic
from shikayat.notifications.models import OutboxMessage
from shikayat.services.models import Service

from .signin import sign_in

SHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "issue20"
WIDTHS = (320, 360, 390, 414)
DESCRIPTION = {
    "en": "My motorcycle was stolen from outside the mosque after Friday prayers; the lock was cut.",
    "ur": "جمعہ کی نماز کے بعد مسجد کے باہر سے میری موٹر سائیکل چوری ہو گئی، تالا کاٹا گیا تھا۔",
    "hi": "जुमे की नमाज़ के बाद मस्जिद के बाहर से मेरी मोटरसाइकिल चोरी हो गई, ताला काटा गया था।",
}

# What sticks out past the viewport's edges (either side: Urdu pages overflow to the left), for the failure message.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                          (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') +
                          (el.name ? '[name=' + el.name + ']' : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""

# WCAG's contrast ratio between an element's focus outline and what lies under the ring (the first painted
# background at the middle of its top edge: the page, the header, a card).
FOCUS_CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => .2126 * linear(r) + .7152 * linear(g) + .0722 * linear(b);
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  const width = parseFloat(style.outlineWidth), ring = box.top - parseFloat(style.outlineOffset) - width / 2;
  const under = document.elementsFromPoint(box.left + box.width / 2, ring)
    .filter(other => other !== el && !el.contains(other))
    .map(other => getComputedStyle(other).backgroundColor)
    .find(color => (rgb(color)[3] ?? 1) > 0) || 'rgb(255,255,255)';
  const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(under))];
  return {ratio: (Math.max(a, b) + .05) / (Math.min(a, b) + .05), width, outline: style.outlineStyle,
          color: style.outlineColor, under};
}"""


@pytest.fixture
def punjab(db):
    call_command("load_demo", complaints=0, verbosity=0)


def _citizen_pages(lang: str) -> list[str]:
    topic = InfoTopic.objects.order_by("pk").first()
    service = Service.objects.order_by("pk").first()
    return ["/", "/lodge/", "/track/", "/services/", "/services/track/", f"/services/{service.code}/apply/",
            "/verify-certificate/", "/offices/", "/offices/?district=LHR", "/privacy/", "/information/",
            f"/information/{topic.code}/", "/missing-children/", "/most-wanted/", "/verify/"]


def _assert_fits(page, path: str, lang: str, widths=WIDTHS):
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] <= found["width"], (
            f"{path} in {lang} scrolls sideways at {width} px: {found['scroll']} px wide, "
            f"sticking out: {found['wide']}")


def _sign_in_by_code(page, url: str):
    page.goto(f"{url}/lodge/")
    page.fill("input[name=mobile]", "03001234567")
    page.locator("form:has(input[name=step][value=send]) button").click()
    code = OutboxMessage.objects.filter(template="otp_code").latest("id").context["code"]
    page.fill("input[name=code]", code)
    page.locator("form:has(input[name=step][value=check]) button").click()
    page.wait_for_selector("select[name=category]")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_no_citizen_page_scrolls_sideways_on_a_phone(live_server, browser_page, punjab, lang):
    # given a citizen's complaint, the Punjab force's pages and a browser in the citizen's language
    complaint = register_complaint(actor=SYSTEM, channel="web", data={
        "category": Category.objects.get(code="CRIME-VEHICLE-THEFT").code, "description": DESCRIPTION[lang],
        "name": "Ali Raza", "mobile": "03001234567", "unit": "LHR-MDT-MDT", "language": lang})
    page = browser_page
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])

    # when each public page is shown at 320, 360, 390 and 414 px, then nothing sticks out sideways
    for path in _citizen_pages(lang):
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200 and page.locator(f"html[lang={lang}]").count() == 1, path
        _assert_fits(page, path, lang)

    # and so do the pages a citizen reaches after signing in with a code sent to their mobile
    _sign_in_by_code(page, live_server.url)
    _assert_fits(page, "/lodge/ (the form)", lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SHOTS / f"lodge-{lang}-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / f"lodge-{lang}-desktop.png"), full_page=True)
    for path in ("/my-complaints/", f"/track/{complaint.etag}/", f"/lodge/done/{complaint.etag}/"):
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200 and page.locator(f"text={complaint.etag_display}").count() > 0, path
        _assert_fits(page, path, lang)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_skip_link_and_focus_ring(live_server, browser_page, punjab, lang):
    page = browser_page
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/lodge/")

    # the first Tab lands on the skip link, shown with a ring that stands out from the page
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    ring = skip.evaluate(FOCUS_CONTRAST)
    assert ring["outline"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3, ring
    # following it moves the focus to the page's content, past the menu
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main" and page.url.endswith("#main")

    # the next Tab reaches the form's first field; its ring stands out from the white page
    page.keyboard.press("Tab")
    field = page.locator("input[name=mobile]")
    assert field.evaluate("el => el === document.activeElement")
    ring = field.evaluate(FOCUS_CONTRAST)
    assert ring["outline"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3, ring

    # on a phone the menu is folded behind its button; the button's ring, then a menu link's, stand out from the
    # green header
    link = page.locator("header a[href='/track/']")
    toggle = page.locator("header .menu-toggle")
    assert not link.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    ring = toggle.evaluate(FOCUS_CONTRAST)
    assert ring["outline"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3, ring
    toggle.click()
    assert link.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.focus("header a[href='/track/']")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.locator("header a[href='/track/']").evaluate(FOCUS_CONTRAST)
    assert ring["outline"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3, ring


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_menu_folds_on_a_phone_and_not_on_a_desk(live_server, browser_page, punjab, lang):
    page = browser_page
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/")
    header = page.locator("header").bounding_box()
    assert header["height"] < 120, header  # one row: the name, the Menu button, the language
    page.locator("header .menu-toggle").click()
    assert page.locator("header a[href='/lodge/']").is_visible()
    page.locator("header .menu-toggle").click()
    assert not page.locator("header a[href='/lodge/']").is_visible()
    # a wide window shows every link and no button, whatever the button was left at
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("header a[href='/lodge/']").is_visible()
    assert not page.locator("header .menu-toggle").is_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_the_officers_menu_groups_fit_a_phone_and_a_desk(live_server, browser_page, punjab, lang):
    # given the complaint cell's officer (the longest menu) signed in, in each language
    page = browser_page
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    sign_in(page, live_server.url, "lhr.cell", DEMO_PASSWORD, lands="**/officer/complaints/**")
    groups = page.locator("header details.menu-group")
    assert groups.count() >= 4
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        if width == 360:  # the phone's menu is folded behind its button
            page.locator("header .menu-toggle").click()
        _assert_fits(page, f"the officers' menu at {width} px", lang, widths=(width,))
        # when each group is opened, its links show, and nothing sticks out sideways
        for i in range(groups.count()):
            group = groups.nth(i)
            group.locator("summary").click()
            links = group.locator(".menu-group-links a")
            assert links.count() >= 2 and all(links.nth(j).is_visible() for j in range(links.count()))
            code = group.get_attribute("data-menu-group")
            _assert_fits(page, f"the officers' menu, {code} open at {width} px", lang, widths=(width,))
            if i == 0:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"officer-menu-{lang}-{width}.png"))
            # Escape folds it again,
            page.keyboard.press("Escape")
            assert not links.first.is_visible()
            # and hands the focus back to the group's heading, ringed so that it stands out from the green header
            summary = group.locator("summary")
            assert summary.evaluate("el => el === document.activeElement")
            ring = summary.evaluate(FOCUS_CONTRAST)
            assert ring["outline"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3, ring
