"""Open SOS alerts on the force's map in a real browser. On a desktop, the district complaint cell's dashboard
draws the district's located alert as an "SOS" pin on its map and lists the one without a point beside it
("no location: <station> — <time>"), and nothing of the other district; in Urdu the list is on the map's other
side. On a 360 px phone in Urdu (right to
left), the call-centre agent's console links the alarm to the map, which opens centred on that pin. Under the
strict Content-Security-Policy, without a violation."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from shikayat.sos.models import SosAlert

from ..factories import build_force
from .signin import sign_in

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
LISTEN = """document.addEventListener("securitypolicyviolation", function (e) {
  window.reportViolation(location.pathname + ": " + e.violatedDirective + " " + (e.blockedURI || "inline"));
});"""
# Where a mark's point is on the screen, and the SVG's middle.
ON_SCREEN = """([svg, mark]) => {
  const at = svg.createSVGPoint(); at.x = +mark.getAttribute("data-x"); at.y = +mark.getAttribute("data-y");
  const p = at.matrixTransform(svg.getScreenCTM()), r = svg.getBoundingClientRect();
  return [p.x, p.y, r.left + r.width / 2, r.top + r.height / 2, r.width, r.height];
}"""


def alert(station, lat=None, lng=None, minutes_ago=4) -> SosAlert:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return SosAlert.objects.create(
        wa_id="923001234567", phone="+923001234567", station=station, station_source="location",
        lat=Decimal(lat) if lat else None, lng=Decimal(lng) if lng else None, located_at=at if lat else None,
        raised_at=at, last_trigger_at=at)


def watch(page) -> list[str]:
    violations: list[str] = []
    page.set_default_timeout(15_000)
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    page.on("console", lambda message: violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text else None)
    return violations


@pytest.fixture
def alerts(transactional_db):
    force = build_force()
    u = force.units
    return force, {"located": alert(u["sA1"], "31.510000", "74.310000"), "unlocated": alert(u["sA2"], minutes_ago=2),
                   "other": alert(u["sB1"], "30.210000", "71.410000")}


@pytest.mark.django_db(transaction=True)
def test_the_district_dashboard_shows_its_sos_pin_and_lists_the_alert_without_a_point(live_server, chromium, alerts):
    force, made = alerts
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    violations = watch(page)
    try:
        sign_in(page, live_server.url, "cell_A")
        page.goto(f"{live_server.url}/officer/dashboard/?unit=DA")
        pin = page.locator(f"#complaint-map .mark.sos[data-id='{made['located'].pk}']")
        pin.wait_for(state="attached")
        assert pin.locator("text").text_content() == "SOS"
        assert page.locator("#complaint-map .mark.sos").count() == 1  # not district B's
        unlocated = page.locator(".sos-layer-list .sos-unlocated")
        assert unlocated.count() == 1
        station = force.units["sA2"].name_in("en")
        raised = f"{timezone.localtime(made['unlocated'].raised_at):%H:%M}"
        assert unlocated.inner_text() == f"no location: {station} — {raised}"
        assert page.locator(".sos-layer .force-map-legend .sos-key").inner_text() == "SOS"
        # Beside the map on a desktop.
        svg = page.locator("#complaint-map .force-map-svg").bounding_box()
        side = page.locator(".sos-layer").bounding_box()
        assert side["x"] >= svg["x"] + svg["width"] and side["y"] < svg["y"] + svg["height"]
        page.locator("#complaint-map").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "sos-map-dashboard-en.png"), full_page=False)

        # In Urdu, right to left: the list is beside the map on its other side.
        page.select_option("select[name=language]", "ur")
        page.wait_for_selector("html[lang=ur][dir=rtl]")
        page.locator("#complaint-map .mark.sos").wait_for(state="attached")
        svg = page.locator("#complaint-map .force-map-svg").bounding_box()
        side = page.locator(".sos-layer").bounding_box()
        assert side["x"] + side["width"] <= svg["x"] and side["y"] < svg["y"] + svg["height"]
        assert page.locator(".sos-layer-list .sos-unlocated").count() == 1
        page.locator("#complaint-map").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "sos-map-dashboard-ur.png"), full_page=False)
        assert violations == [], violations
    finally:
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_show_on_the_map_from_the_console_centres_the_map_on_the_alert_on_a_phone_in_urdu(
        live_server, chromium, alerts):
    _force, made = alerts
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True)
    page = context.new_page()
    violations = watch(page)
    try:
        sign_in(page, live_server.url, "agent")
        page.goto(f"{live_server.url}/officer/call-centre/")
        page.select_option("select[name=language]", "ur")
        page.wait_for_selector("html[lang=ur][dir=rtl]")
        link = page.locator(f"#sos-{made['located'].pk} a.sos-on-map")
        link.wait_for()
        with context.expect_page() as opened:
            link.click()
        page = opened.value
        page.set_default_timeout(15_000)
        page.wait_for_selector("html[lang=ur][dir=rtl]")
        assert f"alert={made['located'].pk}" in page.url
        pin = page.locator(f"#sos-map .mark.sos[data-id='{made['located'].pk}']")
        pin.wait_for(state="attached")
        page.wait_for_timeout(400)  # the map has settled on the alert
        x, y, middle_x, middle_y, width, height = page.evaluate(
            ON_SCREEN, [page.locator("#sos-map .force-map-svg").element_handle(), pin.element_handle()])
        assert abs(x - middle_x) < width * 0.1 and abs(y - middle_y) < height * 0.1
        assert pin.is_visible()
        assert page.locator(".sos-layer-list .sos-located").count() == 2  # both districts: the province's agent
        assert page.locator(".sos-layer-list .sos-unlocated").count() == 1
        # On a phone the list comes below the map, and fits the screen.
        svg = page.locator("#sos-map .force-map-svg").bounding_box()
        side = page.locator(".sos-layer").bounding_box()
        assert side["y"] >= svg["y"] + svg["height"] and side["x"] + side["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(ARTIFACTS / "sos-map-console-ur-360.png"), full_page=True)
        assert violations == [], violations
    finally:
        context.close()
