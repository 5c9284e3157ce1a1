"""Public searches of the registers (stolen / recovered vehicles, missing persons, unidentified bodies): staff
enter and import rows, anyone searches them on the web with identifiers typed in any script, within limits,
and the answers never carry a complainant's data or a body's photo."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.registers import entries, identifiers, imports, search
from shikayat.registers.models import MissingPerson, UnidentifiedBody, Vehicle

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
CLIENT = "ip:198.51.100.7"


def name_stations(force):
    """Stations SA1 and SB1 with names and telephone numbers the public answers give."""
    sa1, sb1 = force.units["sA1"], force.units["sB1"]
    sa1.name_en, sa1.name_ur, sa1.name_hi, sa1.phone = "Gulberg", "گلبرگ", "गुलबर्ग", "+924299230001"
    sa1.save()
    sb1.name_en, sb1.phone = "Civil Lines", "+924299230002"
    sb1.save()
    return force


@pytest.fixture
def stations(force):
    return name_stations(force)


def add_vehicle(force, **fields):
    data = {"station": force.units["sA1"], "registration": "LEA-1234", "chassis": "NZE141-9087654",
            "engine": "1NZ-5544332", "kind": "car", "make": "Toyota", "model": "Corolla", "colour": "White",
            "year": "2015", "stolen_on": "2026-03-02", "fir_reference": "FIR 212/26",
            "owner_name": "Rashid Mehmood", "owner_mobile": "03214567890", **fields}
    return entries.record("vehicles", actor=force.officers["sho_A"], data=data)


def add_person(force, actor="sho_A", **fields):
    data = {"station": force.units["sA1"], "reference": "MP-1/26", "name": "Muhammad Aslam", "age": "34",
            "gender": "male", "last_seen_place": "Liberty Market, Gulberg", "last_seen_on": "2026-02-20",
            "description": "Grey shalwar kameez, limps slightly", "reporter_name": "Nasreen Bibi",
            "reporter_mobile": "03331234567", **fields}
    return entries.record("persons", actor=force.officers[actor], data=data)


def add_body(force, photo=None, **fields):
    data = {"station": force.units["sA1"], "reference": "UB-4/26", "place_found": "Canal bank near Jail Road",
            "found_on": "2026-03-10", "age_from": "30", "age_to": "40", "gender": "male",
            "clothing": "Blue shalwar kameez", "marks": "Tattoo of an anchor on the left forearm",
            "kept_at": "Mortuary, Services Hospital", **fields}
    return entries.record("bodies", actor=force.officers["sho_A"], data=data, photo=photo)


# --- identifiers ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, key", [
    ("LEA-1234", "LEA1234"), ("lea 1234", "LEA1234"), ("LeA1234", "LEA1234"), ("LEA-۱۲۳۴", "LEA1234"),
    ("ایل ای اے ۱۲۳۴", "LEA1234"), ("ایل ای اے-1234", "LEA1234"), ("एल ई ए १२३४", "LEA1234"),
    ("UP-22 AB 1234", "UP22AB1234"), ("यूपी २२ एबी १२३४", "UP22AB1234"), ("یو پی 22 اے بی 1234", "UP22AB1234"),
])
def test_an_identifier_typed_in_any_script_has_one_key(typed, key):
    assert identifiers.key(typed) == key


# --- vehicles -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["LEA-1234", "lea 1234", "ایل ای اے ۱۲۳۴", "एल ई ए १२३४", "NZE141-9087654",
                                   "1nz 5544332"])
def test_a_vehicle_is_found_by_its_whole_number_in_any_form(stations, query):
    # Given a stolen car in the register
    add_vehicle(stations)
    # When its registration, chassis or engine number is searched, as typed by anyone
    found = search.search_vehicles(query, client=CLIENT)
    # Then it is found, as an exact match
    assert [(row["registration"], row["exact"]) for row in found.rows] == [("LEA-1234", True)]


@pytest.mark.parametrize("query", ["9087", "EA12", "5544 33", "۹۰۸۷"])
def test_a_vehicle_is_found_by_part_of_a_number(stations, query):
    add_vehicle(stations)
    found = search.search_vehicles(query, client=CLIENT)
    assert [(row["registration"], row["exact"]) for row in found.rows] == [("LEA-1234", False)]


def test_exact_matches_come_before_partial_ones_and_answers_are_capped(stations, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REGISTER_RESULTS_MAX": 3}
    for n in range(5):
        add_vehicle(stations, registration=f"LEB-1234{n}", chassis="", engine="")
    add_vehicle(stations, registration="LEB-1234", chassis="", engine="")
    found = search.search_vehicles("leb1234", client=CLIENT)
    assert found.rows[0]["registration"] == "LEB-1234" and found.rows[0]["exact"]
    assert len(found.rows) == 3 and found.more


@pytest.mark.parametrize("query", ["", "LE", "LE1", "۱۲۳", "---  --"])
def test_a_query_too_short_to_be_a_number_is_refused(stations, query):
    add_vehicle(stations)
    with pytest.raises(InvalidInput) as refused:
        search.search_vehicles(query, client=CLIENT)
    assert "at least 4" in str(refused.value.message)


def test_vehicle_answers_carry_no_owner(stations, client):
    add_vehicle(stations)
    row = search.search_vehicles("LEA1234", client=CLIENT).rows[0]
    assert not {"owner_name", "owner_mobile"} & set(row)
    page = client.get(reverse("registers:vehicles"), {"q": "LEA 1234"})
    html = page.content.decode()
    assert page.status_code == 200 and "LEA-1234" in html and "Gulberg" in html and "+924299230001" in html
    assert "Rashid" not in html and "4567890" not in html


def test_a_too_short_query_on_the_page_is_answered_400_with_the_reason(stations, client):
    page = client.get(reverse("registers:vehicles"), {"q": "LE1"})
    assert page.status_code == 400 and "at least 4" in page.content.decode()


def test_the_web_search_is_rate_limited_per_client(stations, client, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REGISTER_SEARCH_RATE": "3/min"}
    add_vehicle(stations)
    answers = [client.get(reverse("registers:vehicles"), {"q": "LEA1234"}, REMOTE_ADDR="203.0.113.9").status_code
               for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get(reverse("registers:persons"), {"name": "Aslam"}, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and "Too many searches" in refused.content.decode()
    # Another client is not held back.
    assert client.get(reverse("registers:vehicles"), {"q": "LEA1234"}, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_a_recovered_vehicle_needs_its_recovery_date_after_the_theft(stations):
    with pytest.raises(InvalidInput) as refused:
        add_vehicle(stations, status="recovered", recovered_on="2026-03-01")
    assert list(refused.value.fields) == ["recovered_on"]
    with pytest.raises(InvalidInput) as refused:
        add_vehicle(stations, registration="", chassis="")
    assert "registration" in refused.value.fields
    assert not Vehicle.objects.exists()


def test_the_same_theft_entered_twice_is_one_row(stations):
    first = add_vehicle(stations)
    again = add_vehicle(stations, registration="lea 1234", status="recovered", recovered_on="2026-03-05")
    assert again.pk == first.pk and Vehicle.objects.get().status == "recovered"


# --- missing persons ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Muhammad Aslam", "aslam", "محمد اسلم", "اسلم", "मोहम्मद असलम", "असलम",
                                   "Mohd Aslam"])
def test_a_missing_person_is_found_by_name_in_three_scripts(stations, query):
    add_person(stations)
    add_person(stations, reference="MP-2/26", name="Kashif Latif")
    found = search.search_persons(search.PersonQuery(name=query), client=CLIENT)
    assert [row["name"] for row in found.rows] == ["Muhammad Aslam"]


def test_a_name_written_in_urdu_is_found_in_roman(stations):
    add_person(stations, name="نسیم اختر", gender="female")
    found = search.search_persons(search.PersonQuery(name="Naseem Akhtar"), client=CLIENT)
    assert [row["name"] for row in found.rows] == ["نسیم اختر"]


def test_missing_persons_are_found_by_area_age_and_gender(stations):
    add_person(stations)
    add_person(stations, reference="MP-2/26", name="Shazia Parveen", age="52", gender="female",
               last_seen_place="Data Darbar")
    add_person(stations, reference="MP-3/26", name="Imran Khalid", age="22", station=stations.units["sB1"],
               actor="sho_B", last_seen_place="Railway station")

    def names(**query):
        return sorted(row["name"] for row in search.search_persons(search.PersonQuery(**query), client=CLIENT).rows)

    assert names(area="gulberg") == ["Muhammad Aslam", "Shazia Parveen"]  # the station's name
    assert names(area="darbar") == ["Shazia Parveen"]
    assert names(area="Civil", age_from=18, age_to=30) == ["Imran Khalid"]
    assert names(area="gulberg", gender="female") == ["Shazia Parveen"]
    assert names(area="gulberg", age_from=40) == ["Shazia Parveen"]


def test_a_traced_person_is_no_longer_listed(stations):
    person = add_person(stations)
    entries.record("persons", actor=stations.officers["sho_A"],
                   data={**_person_data(person), "status": "traced"}, instance=person)
    assert search.search_persons(search.PersonQuery(name="aslam"), client=CLIENT).rows == []


def _person_data(person):
    return {field: getattr(person, field) for field in entries.FIELDS["persons"]}


def test_a_person_search_needs_a_name_or_area(stations):
    with pytest.raises(InvalidInput):
        search.search_persons(search.PersonQuery(name="as", gender="male"), client=CLIENT)


def test_missing_person_answers_carry_no_reporter_and_point_to_the_station(stations, client):
    add_person(stations, photo=None)
    person = MissingPerson.objects.get()
    row = search.search_persons(search.PersonQuery(name="aslam"), client=CLIENT).rows[0]
    assert not {"reporter_name", "reporter_mobile"} & set(row) and row["station_phone"] == "+924299230001"
    html = client.get(reverse("registers:persons"), {"name": "اسلم"}).content.decode()
    assert "Muhammad Aslam" in html and "+924299230001" in html
    assert "Nasreen" not in html and "1234567" not in html and person.reporter_mobile == "+923331234567"


def test_a_missing_child_is_not_entered_as_an_adult(stations):
    with pytest.raises(InvalidInput) as refused:
        add_person(stations, age="12")
    assert "missing-child alert" in str(refused.value.fields["age"][0])


def test_a_missing_persons_photo_is_published_while_missing(stations, client):
    person = entries.record("persons", actor=stations.officers["sho_A"], photo=SimpleUploadedFile("p.png", PNG),
                            data={**_person_data(add_person(stations)), "station": stations.units["sA1"]})
    assert client.get(reverse("registers:person-photo", args=[person.pk])).status_code == 200
    MissingPerson.objects.filter(pk=person.pk).update(status="traced")
    assert client.get(reverse("registers:person-photo", args=[person.pk])).status_code == 404


# --- unidentified bodies --------------------------------------------------------------------------------------

def test_bodies_are_found_by_area_dates_gender_age_and_marks(stations):
    add_body(stations)
    add_body(stations, reference="UB-5/26", gender="female", found_on="2026-01-05", age_from="60", age_to="",
             marks="", clothing="Green dupatta", place_found="Ravi bridge")

    def refs(**query):
        return sorted(row["reference"] for row in search.search_bodies(search.BodyQuery(**query), client=CLIENT).rows)

    assert refs(area="jail road") == ["UB-4/26"]
    assert refs(area="gulberg") == ["UB-4/26", "UB-5/26"]
    assert refs(found_from=date(2026, 3, 1)) == ["UB-4/26"]
    assert refs(found_to=date(2026, 2, 1), gender="female") == ["UB-5/26"]
    assert refs(age_from=65, age_to=70) == ["UB-5/26"]  # 60 and over overlaps 65–70
    assert refs(age_from=35, age_to=36) == ["UB-4/26"]
    assert refs(marks="anchor tattoo") == ["UB-4/26"]
    assert refs(marks="dupatta") == ["UB-5/26"]


def test_a_body_search_needs_something_to_search_by(stations):
    with pytest.raises(InvalidInput):
        search.search_bodies(search.BodyQuery(), client=CLIENT)


def test_a_bodys_photo_is_never_public_but_staff_of_its_station_see_it(stations, client):
    # Given a body entered with a photo
    body = add_body(stations, photo=SimpleUploadedFile("b.png", PNG))
    assert body.photo
    # When the public searches for it
    row = search.search_bodies(search.BodyQuery(area="canal"), client=CLIENT).rows[0]
    page = client.get(reverse("registers:bodies"), {"area": "canal"})
    html = page.content.decode()
    # Then the answer says where to ask, and holds no photo nor any way to it
    assert "photo" not in {key for key in row if key != "photo_on_request"}
    assert page.status_code == 200 and "<img" not in html and body.photo.name not in html
    assert "/photo/" not in html
    assert "To see the photo, ask at Gulberg police station (+924299230001)." in html
    # And the staff photo page is for its station's staff only
    url = reverse("registers:officer-body-photo", args=[body.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(stations.officers["sho_B"])
    assert client.get(url).status_code == 403
    client.force_login(stations.officers["sho_A"])
    assert client.get(url).status_code == 200


# --- staff ----------------------------------------------------------------------------------------------------

def test_staff_enter_rows_only_for_stations_in_their_units(stations):
    with pytest.raises(InvalidInput) as refused:
        add_vehicle(stations, station=stations.units["sB1"])
    assert "not within the units" in refused.value.fields["station"][0]
    with pytest.raises(InvalidInput):  # a circle is not a police station
        add_vehicle(stations, station=stations.units["cA"])
    with pytest.raises(PermissionDenied):
        entries.record("vehicles", actor=stations.officers["acc_A"], data={})
    assert not Vehicle.objects.exists()


def test_an_officer_enters_a_vehicle_on_the_page(stations, client):
    client.force_login(stations.officers["desk_A"])
    url = reverse("registers:officer-new", args=["vehicles"])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"station": stations.units["sA1"].pk, "kind": "motorcycle", "make": "Honda",
                            "stolen_on": "2999-01-01"})
    assert bad.status_code == 400 and "future" in bad.content.decode() and not Vehicle.objects.exists()
    good = client.post(url, {"station": stations.units["sA1"].pk, "kind": "motorcycle", "make": "Honda",
                             "model": "CD 70", "registration": "lez 4411", "stolen_on": "2026-01-04",
                             "status": "stolen"})
    assert good.status_code == 302
    assert Vehicle.objects.get().registration == "LEZ 4411"
    listing = client.get(reverse("registers:officer-list", args=["vehicles"]), {"q": "LEZ4411"})
    assert "LEZ 4411" in listing.content.decode()


def test_the_officer_pages_refuse_other_roles(stations, client):
    client.force_login(stations.officers["acc_A"])
    assert client.get(reverse("registers:officer-list", args=["vehicles"])).status_code == 403


# --- import ---------------------------------------------------------------------------------------------------

VEHICLE_CSV = (
    "Station,Registration,Chassis,Engine,Kind,Make,Model,Colour,Year,Stolen on,Recovered on,FIR reference,Status\n"
    "SA1,LEA-1234,NZE141-9087654,1NZ-5544332,car,Toyota,Corolla,White,2015,2026-03-02,,FIR 212/26,stolen\n"
    "SA1,LEC-777,,,motorcycle,Honda,CD 70,Red,2020,04/01/2026,10/01/2026,FIR 9/26,recovered\n"
)


def test_an_import_with_bad_rows_writes_nothing_and_names_every_row(stations):
    content = (VEHICLE_CSV + "SB1,LEA-999,,,car,Suzuki,Mehran,,,2026-02-01,,,stolen\n"
               "SA1,LEA-888,,,boat,Suzuki,,,,2026-13-01,,,stolen\n").encode()
    with pytest.raises(InvalidInput) as refused:
        imports.import_file("vehicles", content=content, actor=stations.officers["sho_A"])
    problems = refused.value.fields["file"]
    assert any(p.startswith("Row 4, station:") for p in problems)
    assert any(p.startswith("Row 5, kind:") for p in problems) and any(p.startswith("Row 5, stolen_on:")
                                                                       for p in problems)
    assert not any(p.startswith(("Row 2", "Row 3")) for p in problems)
    assert not Vehicle.objects.exists()


def test_a_reimport_is_idempotent(stations):
    actor = stations.officers["sho_A"]
    first = imports.import_file("vehicles", content=VEHICLE_CSV.encode(), actor=actor)
    again = imports.import_file("vehicles", content=VEHICLE_CSV.encode(), actor=actor)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = VEHICLE_CSV.replace("2026-03-02,,FIR 212/26,stolen", "2026-03-02,2026-03-09,FIR 212/26,recovered")
    third = imports.import_file("vehicles", content=changed.encode(), actor=actor)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Vehicle.objects.count() == 2 and Vehicle.objects.get(registration_key="LEA1234").status == "recovered"


def test_an_xlsx_of_bodies_imports_and_a_repeated_row_is_refused(stations, client):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["station", "reference", "place_found", "found_on", "gender", "kept_at", "marks"])
    sheet.append(["SA1", "UB-1/26", "Near Mall Road", date(2026, 2, 2), "male", "Mayo Hospital", "Mole on chin"])
    sheet.append(["SA1", "UB-2/26", "Lakshmi Chowk", "2026-02-03", "female", "Mayo Hospital", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(stations.officers["sho_A"])
    url = reverse("registers:officer-import", args=["bodies"])
    answer = client.post(url, {"file": SimpleUploadedFile("bodies.xlsx", buffer.getvalue())})
    assert answer.status_code == 302 and UnidentifiedBody.objects.count() == 2
    sheet.append(["SA1", "UB-1/26", "Near Mall Road", "2026-02-02", "male", "Mayo Hospital", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    refused = client.post(url, {"file": SimpleUploadedFile("bodies.xlsx", buffer.getvalue())})
    assert refused.status_code == 400 and "Row 4 repeats row 2" in refused.content.decode()


def test_an_import_with_unknown_or_missing_columns_says_which(stations):
    with pytest.raises(InvalidInput) as refused:
        imports.import_file("persons", content=b"station,name,shoe size\nSA1,Ali,9\n",
                            actor=stations.officers["sho_A"])
    text = " ".join(refused.value.fields["file"])
    assert "shoe size" in text and "reference" in text and "last_seen_on" in text


# --- demo data ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("profile, plate", [("punjab", r"^LE[A-D]?-\d{3,4}$"), ("rampur", r"^UP-22 [A-Z]{2} \d{4}$")])
def test_the_demo_registers_are_searchable(db, profile, plate):
    import re

    from shikayat.demo import force as demo_force
    from shikayat.demo import registers as demo

    demo_force.load_units(profile)
    written = demo.load(profile, vehicles=200, persons=30, bodies=12)
    assert written == {"vehicles": 200, "persons": 30, "bodies": 12}
    assert demo.load(profile) == {}  # loaded once
    plates = [v.registration for v in Vehicle.objects.exclude(registration="")]
    assert plates and all(re.match(plate, p) for p in plates)
    some = Vehicle.objects.exclude(registration="").first()
    assert search.search_vehicles(some.registration.lower(), client=CLIENT).rows[0]["exact"]
    assert MissingPerson.objects.exclude(photo="").exists() and all(b.photo for b in UnidentifiedBody.objects.all())
    missing = MissingPerson.objects.filter(status="missing").first()
    assert missing.name in [r["name"] for r in search.search_persons(
        search.PersonQuery(name=missing.name), client=CLIENT, limit=50).rows]


# --- JSON API -------------------------------------------------------------------------------------------------

def test_the_api_answers_the_same_searches_within_the_same_limits(stations, client, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REGISTER_SEARCH_RATE": "4/min"}
    add_vehicle(stations)
    add_person(stations)
    add_body(stations, photo=SimpleUploadedFile("b.png", PNG))
    vehicles = client.get("/api/v1/searches/vehicles/", {"q": "ایل ای اے ۱۲۳۴"}, REMOTE_ADDR="192.0.2.1")
    assert vehicles.status_code == 200 and vehicles.json()["results"][0]["registration"] == "LEA-1234"
    assert "owner_name" not in vehicles.json()["results"][0]
    persons = client.get("/api/v1/searches/missing-persons/", {"name": "असलम", "gender": "male"},
                         REMOTE_ADDR="192.0.2.1")
    assert [row["name"] for row in persons.json()["results"]] == ["Muhammad Aslam"]
    assert "reporter_mobile" not in persons.json()["results"][0]
    bodies = client.get("/api/v1/searches/unidentified-bodies/", {"area": "canal", "found_from": "2026-03-01"},
                        REMOTE_ADDR="192.0.2.1")
    [body] = bodies.json()["results"]
    assert body["photo_on_request"] is True and "photo" not in body
    short = client.get("/api/v1/searches/vehicles/", {"q": "LE"}, REMOTE_ADDR="192.0.2.1")
    assert short.status_code == 400 and short.json()["error"]["fields"]["q"]
    refused = client.get("/api/v1/searches/vehicles/", {"q": "LEA1234"}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"


@pytest.mark.parametrize("lang, name", [("ur", "محمد اسلم"), ("hi", "मोहम्मद असलम")])
def test_the_search_pages_open_in_urdu_and_hindi(stations, client, lang, name):
    add_person(stations)
    add_vehicle(stations)
    client.cookies["django_language"] = lang
    persons = client.get(reverse("registers:persons"), {"name": name}).content.decode()
    assert f'lang="{lang}"' in persons and "Muhammad Aslam" in persons
    assert ('dir="rtl"' in persons) == (lang == "ur")
    assert stations.units["sA1"].name_in(lang) in persons  # the station named in the reader's language
    for url in ("registers:searches", "registers:vehicles", "registers:bodies"):
        assert client.get(reverse(url)).status_code == 200


def test_a_new_photo_replaces_the_old_one_and_staff_find_entries_by_any_number(
        stations, client, django_capture_on_commit_callbacks):
    body = add_body(stations, photo=SimpleUploadedFile("b.png", PNG))
    first = body.photo.name
    data = {field: getattr(body, field) for field in entries.FIELDS["bodies"]}
    with django_capture_on_commit_callbacks(execute=True):
        again = entries.record("bodies", actor=stations.officers["sho_A"], data=data, instance=body,
                               photo=SimpleUploadedFile("c.png", PNG))
    assert again.photo.name != first and not again.photo.storage.exists(first)
    add_vehicle(stations)
    client.force_login(stations.officers["sho_A"])
    for typed in ("9087654", "lea 1234", "۵۵۴۴۳۳۲"):
        listing = client.get(reverse("registers:officer-list", args=["vehicles"]), {"q": typed}).content.decode()
        assert "LEA-1234" in listing, typed
    people = client.get(reverse("registers:officer-list", args=["persons"]), {"q": "اسلم"})
    assert people.status_code == 200
