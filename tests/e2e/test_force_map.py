"""The force's map in a real browser: a citizen on a phone, in Urdu, taps a place inside a police station's area
on the lodging page's map, sees that station named and chosen, lodges, and the complaint goes to that station;
and a district's dashboard draws its complaints on the same map."""

from pathlib import Path

import pytest

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.demo import force
from shikayat.demo.data import people
from shikayat.demo.force import DEMO_PASSWORD
from shikayat.jurisdictions.selectors import point_in_ring
from shikayat.notifications.models import OutboxMessage

from .signin import sign_in

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
STATION = "LHR-MDT-FST"  # Faisal Town, Lahore

# The station's drawn area's middle (the mean of its corners: inside, the areas are convex), in page pixels.
WHERE_ON_SCREEN = """([svg, code]) => {
  const path = svg.querySelector(`path[data-code="${code}"]`);
  const points = path.getAttribute("d").replace(/[MZ]/g, "").split("L").map((p) => p.split(",").map(Number));
  const mean = (i) => points.reduce((sum, p) => sum + p[i], 0) / points.length;
  const x = mean(0), y = mean(1);
  const at = svg.createSVGPoint(); at.x = x; at.y = y;
  const screen = at.matrixTransform(svg.getScreenCTM());
  return [screen.x, screen.y];
}"""


@pytest.fixture
def lahore(transactional_db):
    units = force.load_units("punjab")
    force.load_categories()
    force.load_officers(units, [(people.PK_FIRST_NAMES[0][0], people.PK_LAST_NAMES[0][0])])
    return units


@pytest.mark.django_db(transaction=True)
def test_a_place_tapped_on_the_map_in_urdu_on_a_phone_routes_to_that_station(live_server, chromium, lahore):
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True)
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/")
    page.select_option("select[name=language]", "ur")
    page.wait_for_selector("html[lang=ur]")
    page.goto(f"{live_server.url}/lodge/")
    page.fill("input[name=mobile]", "03001234567")
    page.locator("form:has(input[name=step][value=send]) button").click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", OutboxMessage.objects.filter(template="otp_code").latest("id").context["code"])
    page.locator("form:has(input[name=step][value=check]) button").click()

    page.wait_for_selector(f".lodge-map path[data-code='{STATION}']", state="attached")
    zoom_in = page.locator(".force-map-tools button").first
    for _ in range(2):  # closer, so that a finger can hit the station's area
        zoom_in.click()
    page.locator(".lodge-map").scroll_into_view_if_needed()
    svg = page.locator(".force-map-svg")
    x, y = page.evaluate(WHERE_ON_SCREEN, [svg.element_handle(), STATION])
    box = svg.bounding_box()
    assert box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"]
    page.touchscreen.tap(x, y)

    page.wait_for_selector("#map-station:has-text('فیصل ٹاؤن')")  # "Police station for your location: Faisal Town"
    assert page.locator("select[name=unit]").input_value() == STATION
    assert page.locator(f".lodge-map path.chosen[data-code='{STATION}']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "force-map-lodge-ur-360.png"), full_page=False)

    page.select_option("select[name=category]", "CRIME-THEFT")
    page.fill("textarea[name=description]", "کل رات میری موٹر سائیکل گھر کے باہر سے چوری ہو گئی۔")
    page.fill("input[name=name]", "علی رضا")
    page.click("#submit-complaint")
    page.wait_for_selector("text=آپ کا ای ٹیگ نمبر")

    complaint = Complaint.objects.select_related("incident_unit", "unit").get()
    station = lahore[STATION]
    assert point_in_ring(float(complaint.lng), float(complaint.lat), station.area)  # the place tapped: inside
    assert complaint.incident_unit == station and complaint.unit == station


@pytest.mark.django_db(transaction=True)
def test_the_district_dashboard_draws_its_complaints_on_the_map(live_server, browser_page, lahore):
    for lat, lng in [(31.4770, 74.3045), (31.4775, 74.3050), (31.5205, 74.3499), (31.30, 74.07)]:
        register_complaint(actor=SYSTEM, channel="web", data={
            "category": "CRIME-THEFT", "description": "My phone was taken from my hand at the bus stop.",
            "name": "Ali Raza", "mobile": "03001234567", "language": "en", "lat": str(lat), "lng": str(lng)})
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "lhr.dpo", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/officer/dashboard/?unit=LHR")
    page.wait_for_selector("#complaint-map .cluster")
    page.locator("#complaint-map").scroll_into_view_if_needed()
    clusters = page.locator("#complaint-map .cluster")
    counts = sorted(int(clusters.nth(i).get_attribute("data-count")) for i in range(clusters.count()))
    assert sum(counts) == 4 and len(counts) >= 2
    assert page.locator("#complaint-map path[data-code='LHR']").count() == 1
    assert page.locator("#complaint-map .force-map-note").is_visible()  # "Boundaries are approximate."
    page.screenshot(path=str(ARTIFACTS / "force-map-dashboard-en.png"), full_page=False)
