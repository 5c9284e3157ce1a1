"""The public performance pages and open data (/performance/): the same figures as the officers' dashboards and a
recount, and nothing a citizen must not read — a walker fetches every public page and file and looks for the
confidential categories below district level and for any personal data of the seeded complaints."""

import csv
import io
import json
import re
from collections import Counter

import pytest
from django.utils import timezone

from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status
from shikayat.dashboards import public
from shikayat.dashboards.figures import figures
from shikayat.dashboards.models import COUNTERS
from shikayat.dashboards.public_data import NAMES
from shikayat.dashboards.recount import recount
from shikayat.dashboards.rollup import fold_pending
from shikayat.jurisdictions.models import Unit

from .conftest import AGAINST_SHO
from .factories import complaint_data
from .journey import bring_to

LANGUAGES = ("en", "ur", "hi")
ZERO = dict.fromkeys(COUNTERS, 0)
CONFIDENTIAL_NAMES = {
    "HARASSMENT": ("Zetaharass workplace matter", "زیٹاہراس معاملہ", "ज़ेटाउत्पीड़न मामला"),
    "AGAINST-POLICE": ("Omegapolice misconduct", "اومیگاپولیس بدسلوکی", "ओमेगापुलिस दुर्व्यवहार"),
}
OPEN_NAMES = ("Thetatheft of vehicles", "تھیٹا چوری", "थीटा चोरी")
CITIZEN = {"name": "Qadeer Xylophonewala", "mobile": "03219876543", "id_number": "35202-7654321-9",
           "description": "The turquoise tractor vanished from Qillah Zorawarpur after the wedding."}


@pytest.fixture
def seeded(force, new_complaint):
    """Complaints at every station (open, closed, reopened), confidential ones among them, with distinctive
    personal data, category and officer names."""
    categories = force.categories
    for code, (en, ur, hi) in CONFIDENTIAL_NAMES.items():
        row = categories["harassment" if code == "HARASSMENT" else "police"]
        row.name_en, row.name_ur, row.name_hi = en, ur, hi
        row.save()
    theft = categories["theft"]
    theft.name_en, theft.name_ur, theft.name_hi = OPEN_NAMES
    theft.save()
    for user in force.officers.values():
        user.first_name, user.last_name = "Officerquill", f"Surname{user.username}"
        user.save()
    for status in (Status.CLOSED, Status.REOPENED, Status.REGISTERED):
        bring_to(status, force, new_complaint, **CITIZEN)
    for station in ("SA2", "SB1", "SB2"):
        new_complaint(unit=station, **CITIZEN)
    new_complaint(category="HARASSMENT", unit="SB1", **CITIZEN)
    new_complaint(category="HARASSMENT", unit="SA2", **CITIZEN)
    new_complaint(**{**complaint_data(**CITIZEN), **AGAINST_SHO})
    fold_pending()
    return force


def _now():
    return timezone.now()


def _recounted() -> dict[int, dict]:
    """{unit id: counters} of an independent recount over every day (the history is a few minutes old)."""
    expected: dict[int, Counter] = {}
    for (unit_id, _day), add in recount().daily.items():
        expected.setdefault(unit_id, Counter()).update(add)
    return {pk: {c: found[c] for c in COUNTERS} for pk, found in expected.items()}


@pytest.mark.parametrize("days", public.PUBLIC_PERIODS)
def test_public_figures_equal_the_dashboards_and_a_recount(seeded, days):
    now, recounted = _now(), _recounted()
    for unit in Unit.objects.select_related("level"):
        shown = public.page(unit, now=now, days=days)
        officers = figures(unit, now=now, days=days)
        assert shown.figures.totals == officers.totals == recounted.get(unit.pk, ZERO), unit.code
        assert (shown.figures.pending, shown.figures.overdue) == (officers.pending, officers.overdue)
        assert [c.totals for c in shown.children] == [recounted.get(c.unit.pk, ZERO) for c in shown.children]
    top = public.page(Unit.objects.get(code="PB"), now=now, days=days).figures
    assert top.totals["received"] == Complaint.objects.count() == 9
    assert top.totals["disposed"] == 1 and top.totals["reopened"] == 1


def test_the_page_shows_the_numbers_the_officers_dashboard_shows(seeded, client):
    client.force_login(seeded.officers["igp"])
    for code in ("PB", "DA", "SA1"):
        officers = client.get("/officer/dashboard/", {"unit": code, "days": 30}).content.decode()
        client.logout()
        mine = client.get(f"/performance/{code}/", {"days": 30}).content.decode()
        client.force_login(seeded.officers["igp"])
        for cell in ("fig-received", "fig-disposed", "fig-pending", "fig-overdue"):
            pattern = re.compile(rf'id="{cell}">(?:<a [^>]*>)?(\d+)')
            assert pattern.search(officers).group(1) == pattern.search(mine).group(1), (code, cell)


def test_confidential_complaints_count_in_every_total(seeded, client):
    assert Complaint.objects.filter(is_confidential=True).count() == 3
    circle = Unit.objects.get(code="CB")
    inside = Complaint.objects.filter(unit_path__startswith=circle.path)
    assert inside.filter(is_confidential=True).count() == 1 and inside.count() == 3  # none of them moved
    assert public.page(circle, now=_now(), days=30).figures.totals["received"] == 3
    assert re.search(r'id="fig-received">3<', client.get("/performance/CB/").content.decode())
    # A district shows them as one line, never by category: DA holds a harassment and an against-police complaint.
    district = client.get("/performance/DA/").content.decode()
    line = re.search(r"Confidential categories \(combined\)</em></td><td>(\d+)</td>", district)
    assert line and line.group(1) == "2"
    rows = list(csv.DictReader(io.StringIO(_body(client.get("/performance/data.csv?level=district")))))
    assert {r["unit_code"]: int(r["received"]) for r in rows} == {
        code: Complaint.objects.filter(unit_path__startswith=Unit.objects.get(code=code).path).count()
        for code in ("DA", "DB")} == {"DA": 6, "DB": 3}


def _public_urls() -> list[str]:
    urls = ["/performance/", "/performance/data/", "/performance/data.csv-metadata.json"]
    for days in public.PUBLIC_PERIODS:
        urls.append(f"/performance/?days={days}&q=a")
        urls += [f"/performance/{u.code}/?days={days}" for u in Unit.objects.all()]
        urls += [f"/performance/data.{kind}?days={days}&level={level}" for kind in ("csv", "json")
                 for level in public.LEVELS]
    return urls


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _personal_data(force) -> list[str]:
    found = [CITIZEN["name"], "Xylophonewala", CITIZEN["mobile"], "3219876543", CITIZEN["id_number"], "7654321",
             "turquoise tractor", "Zorawarpur", "Officerquill", AGAINST_SHO["description"][:30]]
    found += list(Complaint.objects.values_list("etag", flat=True))
    found += [f"Surname{u.username}" for u in force.officers.values()]
    found += [u.username for u in force.officers.values() if "_" in u.username]
    return found


def test_the_walker_finds_no_confidential_breakdown_below_district_and_no_personal_data(seeded, client):
    assert Complaint.objects.count() == 9
    below_district = {u.code for u in Unit.objects.filter(level__depth__gt=2)}
    hidden = [name for names in CONFIDENTIAL_NAMES.values() for name in names]
    secret = _personal_data(seeded)
    pages = 0
    for lang in LANGUAGES:
        for url in _public_urls():
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
            assert response.status_code == 200, url
            body = _body(response)
            pages += 1
            for text in secret + hidden:  # confidential categories are never named, at any level
                assert text not in body, (url, lang, text)
            code = url.split("/")[2]
            if code in below_district:  # a circle's or station's page: no breakdown by category at all
                assert 'id="by-category"' not in body and "Confidential categories" not in body, url
                for name in OPEN_NAMES:
                    assert name not in body, (url, name)
            if code in {"DA", "DB", "PB", "R1"}:
                assert 'id="by-category"' in body, url
    assert pages == len(LANGUAGES) * len(_public_urls())
    # The walker can see what it looks for: a district's breakdown names the open category, in each language.
    for lang, name in zip(LANGUAGES, OPEN_NAMES, strict=True):
        assert name in client.get("/performance/DA/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def test_the_json_and_csv_hold_units_only(seeded, client):
    data = json.loads(_body(client.get("/performance/data.json?level=station&days=90")))
    assert data["metadata"]["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert data["metadata"]["fields"] == list(NAMES)
    assert {r["unit_code"] for r in data["records"]} == {"SA1", "SA2", "SB1", "SB2"}
    assert all(list(r) == list(NAMES) for r in data["records"])
    districts = json.loads(_body(client.get("/performance/data.json")))["records"]
    assert {r["unit_code"]: r["received"] for r in districts} == {
        "DA": Complaint.objects.filter(unit__path__startswith=Unit.objects.get(code="DA").path).count(),
        "DB": Complaint.objects.filter(unit__path__startswith=Unit.objects.get(code="DB").path).count()}
    response = client.get("/performance/data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"] and "attachment" in response["Content-Disposition"]


def test_the_licence_comes_from_the_setting(seeded, client, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "OPEN_DATA_LICENCE": "ODbL 1.0",
                         "OPEN_DATA_LICENCE_URL": "https://opendatacommons.org/licenses/odbl/1-0/"}
    assert json.loads(_body(client.get("/performance/data.json")))["metadata"]["licence"]["name"] == "ODbL 1.0"
    assert "ODbL 1.0" in client.get("/performance/data/").content.decode()
    assert "odbl" in client.get("/performance/data.csv-metadata.json").json()["dc:license"]["@id"]


def test_the_schema_page_lists_every_field_of_the_files(seeded, client):
    page = client.get("/performance/data/").content.decode()
    listed = re.findall(r"<tr><td><code>([a-z_]+)</code>", page)
    header = next(csv.reader(io.StringIO(_body(client.get("/performance/data.csv?level=station")))))
    record = json.loads(_body(client.get("/performance/data.json")))["records"][0]
    assert listed == header == list(record)
    companion = client.get("/performance/data.csv-metadata.json").json()
    assert [c["name"] for c in companion["tableSchema"]["columns"]] == header


@pytest.mark.parametrize(("url", "status", "problem"), [
    ("/performance/?days=7", 400, "The period can be 30, 90, 365 days"),
    ("/performance/DA/?days=abc", 400, "The period can be 30, 90, 365 days"),
    ("/performance/NOWHERE/", 404, "There is no police unit with this code"),
    ("/performance/%00bad/", 404, "There is no police unit with this code"),
    ("/performance/data.csv?level=x", 400, "The level can be district or station."),
    ("/performance/data.csv?days=7", 400, "The period can be 30, 90, 365 days"),
    ("/performance/data.json?level=circle", 400, "The level can be district or station."),
])
def test_bad_parameters_are_refused_clearly(seeded, client, url, status, problem):
    response = client.get(url)
    assert response.status_code == status
    assert problem in _body(response)


def test_bad_parameters_are_refused_in_the_readers_language(seeded, client):
    response = client.get("/performance/?days=7", HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400
    assert "The period can be" not in response.content.decode()  # the dashboards' translated message


def test_an_inactive_unit_has_no_public_page(seeded, client):
    Unit.objects.filter(code="SB2").update(is_active=False)
    assert client.get("/performance/SB2/").status_code == 404
    assert "SB2" not in _body(client.get("/performance/data.csv?level=station"))


def test_the_search_finds_stations_by_name_in_any_language(seeded, client):
    page = client.get("/performance/", {"q": "SA2 ur"}).content.decode()
    assert 'href="/performance/SA2/?days=30"' in page
    assert "No unit has this name." in client.get("/performance/", {"q": "nowhere at all"}).content.decode()


def test_the_home_page_links_to_the_performance_pages(db, client):
    assert 'href="/performance/"' in client.get("/").content.decode()


def test_public_pages_never_fold_pending_changes(seeded, client, new_complaint):
    """Anonymous requests never write: what the worker has not folded yet shows a few seconds later."""
    before = public.page(Unit.objects.get(code="PB"), now=_now(), days=30).figures.totals["received"]
    new_complaint()
    from django.core.cache import cache

    cache.clear()
    page = client.get("/performance/PB/").content.decode()
    assert re.search(rf'id="fig-received">{before}<', page)
    fold_pending()
    cache.clear()
    assert re.search(rf'id="fig-received">{before + 1}<', client.get("/performance/PB/").content.decode())
