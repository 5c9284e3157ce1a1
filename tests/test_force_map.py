"""The force's map: the shapes it is drawn from (public, simplified for the overview, one district's subtree in
detail), its station look-up — the very function routing uses, so a place picked on the map and a complaint
lodged there go to the same station — and the dashboard's map of complaints (the viewer's scope only,
confidential complaints never placed, the answer bounded)."""

import gzip
import json
import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shikayat.complaints import routing
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.dashboards import complaint_map
from shikayat.demo import force
from shikayat.demo.data.boundaries import DISTRICT_OUTLINES
from shikayat.jurisdictions.geometry import signed_area, simplify_ring
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import point_in_ring

from .factories import build_force, complaint_data

PUBLIC_PROPERTIES = {"code", "level", "depth", "parent", "station", "names", "point", "approximate"}


@pytest.fixture
def punjab(db):
    return force.load_units("punjab")


def shapes(client, **params) -> dict:
    response = client.get(reverse("web:map-shapes"), params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def rings(collection: dict) -> dict[str, list]:
    return {f["id"]: f["geometry"]["coordinates"][0] for f in collection["features"]
            if f["geometry"]["type"] == "Polygon"}


def test_the_whole_forces_shapes_are_public_named_and_marked_approximate(client, punjab):
    response = client.get(reverse("web:map-shapes"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    assert response["Cache-Control"] == "public, max-age=300" and response["ETag"]
    collection = json.loads(response.content)
    by_code = {f["id"]: f for f in collection["features"]}
    assert len(by_code) == Unit.objects.filter(is_active=True).exclude(lat__isnull=True, area__isnull=True).count()
    assert {f["properties"]["level"] for f in collection["features"]} == {
        "province", "region", "district", "circle", "station"}
    for feature in collection["features"]:
        assert set(feature["properties"]) == PUBLIC_PROPERTIES  # no phone, address, officer or complaint
        assert all(feature["properties"]["names"][lang] for lang in ("en", "ur", "hi"))
    lahore, gulberg = by_code["LHR"]["properties"], by_code["LHR-CVL-GBG"]["properties"]
    assert lahore["names"]["ur"] == "لاہور" and lahore["level"] == "district" and not lahore["station"]
    assert gulberg["station"] and gulberg["parent"] == "LHR-CVL" and gulberg["approximate"]
    assert by_code["SKP-CTY-ADV"]["geometry"]["type"] == "Point"  # no area drawn: its point only
    assert collection["approximate"] is True
    # Drawn, every Lahore station and circle has an area; districts elsewhere have none.
    assert {code for code in rings(collection) if code.startswith("LHR")} == set(
        Unit.objects.filter(code__startswith="LHR-").exclude(code="LHR-R").values_list("code", flat=True)) | {"LHR"}

    again = client.get(reverse("web:map-shapes"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]


def test_within_a_district_gives_its_subtree_in_detail(client, punjab):
    detail = shapes(client, within="LHR")
    assert detail["within"] == "LHR"
    codes = {f["id"] for f in detail["features"]}
    assert "LHR" in codes and "LHR-MDT-FST" in codes and all(code.startswith("LHR") for code in codes)
    missing = client.get(reverse("web:map-shapes"), {"within": "NO-SUCH"})
    assert missing.status_code == 404 and json.loads(missing.content)["error"]
    other_language = client.get(reverse("web:map-shapes"), {"within": "LHR"}, HTTP_ACCEPT_LANGUAGE="ur")
    assert json.loads(other_language.content) == detail  # the names of every language are in the data


def test_a_pages_map_asks_for_its_language_only_and_may_have_it_compressed(client, punjab):
    everything = shapes(client, within="LHR")
    urdu = shapes(client, within="LHR", lang="ur")
    assert [f["properties"]["names"] for f in urdu["features"]] == [
        {"ur": f["properties"]["names"]["ur"]} for f in everything["features"]]
    assert shapes(client, within="LHR", lang="xx") == everything  # an unknown language: all of them
    zipped = client.get(reverse("web:map-shapes"), {"lang": "ur"}, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == shapes(client, lang="ur")
    plain = client.get(reverse("web:map-shapes"), {"lang": "ur"})
    assert plain["ETag"] != zipped["ETag"] and not plain.has_header("Content-Encoding")


def test_simplified_rings_stay_closed_and_valid(client, punjab):
    overview, detail = rings(shapes(client)), rings(shapes(client, within="LHR"))
    for collection in (overview, detail):
        for code, ring in collection.items():
            assert ring[0] == ring[-1] and len(ring) >= 4, code  # GeoJSON: closed, at least a triangle
            assert abs(signed_area(ring[:-1])) > 0, code
    assert sum(map(len, (overview[c] for c in detail))) <= sum(map(len, detail.values()))
    stored = Unit.objects.get(code="LHR").area
    assert detail["LHR"][:-1] == stored  # the district's outline has no point to spare at 10 m


def test_simplify_ring_drops_points_within_the_tolerance_only():
    square_with_midpoints = [[0, 0], [0.5, 0.00001], [1, 0], [1, 1], [0.5, 1], [0, 1]]
    assert simplify_ring(square_with_midpoints, 0.001) == [[0, 0], [1, 0], [1, 1], [0, 1]]
    assert len(simplify_ring(square_with_midpoints, 0)) == 6
    circle = [[math.cos(i / 100 * 2 * math.pi), math.sin(i / 100 * 2 * math.pi)] for i in range(100)]
    coarse = simplify_ring(circle, 0.05)
    assert 4 <= len(coarse) < 30 and all(point in circle for point in coarse)
    assert simplify_ring([[0, 0], [1, 0], [0, 1]], 10) == [[0, 0], [1, 0], [0, 1]]  # a triangle stays one


def grid(outline, steps: int = 24, margin: float = 0.08):
    """Points over the outline's bounds and a margin beyond them (places outside every area)."""
    west, east = min(p[0] for p in outline) - margin, max(p[0] for p in outline) + margin
    south, north = min(p[1] for p in outline) - margin, max(p[1] for p in outline) + margin
    for i in range(steps + 1):
        for j in range(steps + 1):
            yield round(south + (north - south) * i / steps, 6), round(west + (east - west) * j / steps, 6)


def station_on_map(client, lat, lng) -> str | None:
    response = client.get(reverse("web:lodge-station"), {"lat": lat, "lng": lng})
    assert response.status_code in (200, 404)
    return json.loads(response.content).get("code")


@pytest.mark.parametrize("profile, district", [("punjab", "LHR"), ("rampur", "RMP")])
def test_the_maps_station_is_the_routings_for_every_place(client, db, profile, district):
    force.load_units(profile)
    drawn = rings(shapes(client, within=district))
    stations = {unit.code for unit in Unit.objects.filter(code__in=drawn, children__isnull=True)}
    inside = outside = 0
    for lat, lng in grid(DISTRICT_OUTLINES[district]):
        on_map = station_on_map(client, lat, lng)
        routed = routing.place_unit(None, lat, lng)
        assert on_map == routed.code, (lat, lng)
        containing = [code for code in stations if point_in_ring(lng, lat, drawn[code][:-1])]
        if containing:  # the area drawn around the place is the station's (the deepest, where they overlap)
            inside += 1
            assert on_map in containing
            assert max(Unit.objects.get(code=code).depth for code in containing) == routed.depth
        else:  # in no area: the nearest station, on the map as in routing
            outside += 1
    assert inside > 100 and outside > 50  # both kinds of place were tried


def test_a_complaint_lodged_at_a_place_goes_to_the_station_the_map_names(client, punjab):
    force.load_categories()
    for lat, lng in [(31.4770, 74.3045), (31.5205, 74.3499), (31.30, 74.07), (31.70, 74.60), (31.6, 74.2)]:
        named = station_on_map(client, lat, lng)
        complaint = register_complaint(actor=SYSTEM, channel="web", data={
            "category": "CRIME-THEFT", "description": "My phone was taken from my hand at the bus stop.",
            "name": "Ali Raza", "mobile": "03001234567", "language": "ur", "lat": str(lat), "lng": str(lng)})
        assert complaint.incident_unit.code == named


@pytest.fixture
def placed(db):
    """District A's complaints at three places (one confidential), and one of district B."""
    f = build_force()
    now = timezone.now()
    made = {}
    for key, data in {"a1": complaint_data(unit="SA1", lat="31.500100", lng="74.300100"),
                      "a2": complaint_data(unit="SA1", lat="31.500200", lng="74.300200"),
                      "a3": complaint_data(unit="SA2", lat="31.600000", lng="74.400000"),
                      "secret": complaint_data(category="HARASSMENT", unit="SA2", lat="31.550000", lng="74.350000"),
                      "b1": complaint_data(unit="SB1", lat="30.200000", lng="71.400000")}.items():
        made[key] = register_complaint(actor=SYSTEM, channel="web", data=data)
    Complaint.objects.filter(pk=made["a1"].pk).update(report_due_at=now - timedelta(hours=1))
    assert made["secret"].is_confidential
    return f, made


def cells(client, unit: str, bbox: str = "70,29,76,33", **extra):
    return client.get(reverse("dashboards:map"), {"unit": unit, "bbox": bbox, **extra})


def test_the_dashboard_map_counts_the_viewers_complaints_and_never_places_confidential_ones(client, placed):
    f, made = placed
    client.force_login(f.officers["dpo_A"])
    answer = json.loads(cells(client, "DA", bbox="74.25,31.45,74.45,31.65").content)  # cells of 0.00625°
    assert answer["unit"] == "DA" and answer["confidential_open"] == 1 and not answer["capped"]
    assert sum(cell["count"] for cell in answer["cells"]) == 3  # a1, a2, a3 — not the confidential one, not B's
    near = [cell for cell in answer["cells"] if abs(cell["lat"] - 31.5) < 0.01]
    assert len(near) == 1 and near[0]["count"] == 2 and near[0]["overdue"] == 1 and near[0]["colour"] == "overdue"
    far = [cell for cell in answer["cells"] if abs(cell["lat"] - 31.6) < 0.01]
    assert far == [{"lat": 31.6, "lng": 74.4, "count": 1, "colour": "open", "overdue": 0, "open": 1, "closed": 0}]
    assert set(answer["cells"][0]) == {"lat", "lng", "count", "colour", "overdue", "open", "closed"}
    assert all(abs(cell["lat"] - 31.55) > 0.001 for cell in answer["cells"])  # the confidential place stays off

    zoomed = json.loads(cells(client, "DA", bbox="74.2999,31.4999,74.3003,31.5003").content)
    assert sorted(cell["count"] for cell in zoomed["cells"]) == [1, 1]  # zoomed in: each place on its own
    assert zoomed["cell_degrees"] == complaint_map.MIN_CELL_DEGREES


def test_the_dashboard_map_is_closed_outside_the_viewers_scope(client, placed):
    f, _made = placed
    client.force_login(f.officers["dpo_A"])
    assert cells(client, "DB").status_code == 404
    assert cells(client, "SB1").status_code == 404
    assert json.loads(cells(client, "SA2").content)["unit"] == "SA2"
    client.force_login(f.officers["sho_A"])  # a station's head: his station's map, not the neighbouring one's
    assert json.loads(cells(client, "SA1").content)["unit"] == "SA1" and cells(client, "SA2").status_code == 404
    client.force_login(f.officers["agent"])  # the call centre: no dashboard
    assert cells(client, "PB").status_code == 404
    client.logout()
    assert cells(client, "DA").status_code == 302


def test_the_dashboard_map_refuses_a_bad_view_and_stays_bounded(client, placed, monkeypatch):
    f, _made = placed
    client.force_login(f.officers["igp"])
    for bad in ("", "1,2,3", "74,31,73,32", "a,b,c,d", "0,0,0,0", "-200,0,10,10"):
        response = cells(client, "PB", bbox=bad)
        assert response.status_code == 400 and json.loads(response.content)["error"], bad
    assert cells(client, "PB", days="7000").status_code == 400
    assert json.loads(cells(client, "PB", days="365").content)["days"] == complaint_map.MAX_CLOSED_DAYS
    whole = json.loads(cells(client, "PB").content)  # cells of 0.1875°: district A's three in one, B's one
    assert [cell["count"] for cell in whole["cells"]] == [3, 1] and not whole["capped"]  # the fullest first
    monkeypatch.setattr(complaint_map, "MAX_CELLS", 1)
    answer = json.loads(cells(client, "PB").content)
    assert [cell["count"] for cell in answer["cells"]] == [3] and answer["capped"]
