"""Open311 GeoReport v2 conformance (/open311/v2/): every endpoint and parameter in JSON and in XML (parsed with
ElementTree, element names checked), every error as the spec's array with its status, the confidential
categories never listed whoever asks and however, and no personal data in any answer."""

import http.server
import json
import re
import threading
from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.integrations.keys import issue_key
from shikayat.integrations.models import Integrator
from shikayat.open311.models import Open311Request, RequestState, ServiceAttribute

from .conftest import AGAINST_SHO
from .factories import category, complaint_data
from .journey import bring_to

BASE = "/open311/v2/"
FORMATS = ["json", "xml"]
# The complainant as a city app sends them: none of it may come back in any answer.
PERSON = {"first_name": "Bilal", "last_name": "Siddiqui", "phone": "03211234567", "email": "bilal.s@example.org"}
VEHICLE = {"service_code": "VEHICLE-THEFT", "lat": "31.50", "long": "74.30",
           "description": "My white Suzuki Mehran was taken from outside the bank on Mall Road this morning.",
           "attribute[registration_number]": "LEA-1234", "attribute[make]": "suzuki", **PERSON}


def _values(*rows):
    return [{"key": key, "name_en": en, "name_ur": ur, "name_hi": hi} for key, en, ur, hi in rows]


@pytest.fixture
def services(force):
    return with_vehicle_theft(force)


def with_vehicle_theft(force):
    """THEFT and VEHICLE-THEFT open (the second asks about the vehicle); HARASSMENT and AGAINST-POLICE
    confidential; CRIME a group without an SOP."""
    vehicle = category("VEHICLE-THEFT", parent=force.categories["crime"])
    force.categories["vehicle"] = vehicle
    for order, (code, datatype, required, en, ur, hi, values) in enumerate([
        ("registration_number", "string", True, "Registration number", "رجسٹریشن نمبر", "पंजीकरण संख्या", []),
        ("make", "singlevaluelist", False, "Make", "کمپنی", "कंपनी",
         _values(("honda", "Honda", "ہونڈا", "होंडा"), ("suzuki", "Suzuki", "سوزوکی", "सुज़ुकी"))),
        ("marks", "multivaluelist", False, "Marks", "نشانات", "निशान",
         _values(("dent", "Dent", "ڈینٹ", "डेंट"), ("sticker", "Sticker", "سٹیکر", "स्टिकर"))),
        ("value", "number", False, "Value (rupees)", "مالیت (روپے)", "क़ीमत (रुपये)", []),
        ("stolen_at", "datetime", False, "Stolen at", "چوری کا وقت", "चोरी का समय", []),
    ], start=1):
        ServiceAttribute.objects.create(category=vehicle, code=code, datatype=datatype, required=required,
                                        order=order, description_en=en, description_ur=ur, description_hi=hi,
                                        datatype_description_en="As on the registration book" if order == 1 else "",
                                        values=values)
    return force


@pytest.fixture
def app(services):
    """The Lahore city app's integrator and its key."""
    integrator = Integrator.objects.create(name="Lahore city app", rate_per_minute=1000)
    return integrator, issue_key(integrator)


@pytest.fixture
def other_app(services):
    integrator = Integrator.objects.create(name="NGO reporting tool", rate_per_minute=1000)
    return integrator, issue_key(integrator)


def parsed(response, fmt):
    """The body as Python (JSON) or as an ElementTree root (XML), after checking the content type."""
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(response.content.decode("utf-8"))
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<')
    return ElementTree.fromstring(response.content)


def errors(response, fmt, status):
    """The error array's descriptions, checking the status and the spec's shape."""
    assert response.status_code == status, response.content
    body = parsed(response, fmt)
    if fmt == "json":
        assert body and all(set(e) == {"code", "description"} and e["code"] == status for e in body)
        return [e["description"] for e in body]
    assert body.tag == "errors" and len(body) and all(e.tag == "error" for e in body)
    assert all([c.tag for c in e] == ["code", "description"] and e.findtext("code") == str(status) for e in body)
    return [e.findtext("description") for e in body]


def rows(response, fmt, root="service_requests", item="request"):
    """A list answer as dicts of text (XML) or as JSON."""
    assert response.status_code == 200, response.content
    body = parsed(response, fmt)
    if fmt == "json":
        return body
    assert body.tag == root and all(child.tag == item for child in body)
    return [{field.tag: (field.text or "") for field in child} for child in body]


def post(client, fmt, key, headers=None, **fields):
    return client.post(f"{BASE}requests.{fmt}", {"api_key": key, **fields}, **(headers or {}))


# --- services ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_services_are_the_open_categories_with_the_specs_fields(client, services, fmt):
    found = rows(client.get(f"{BASE}services.{fmt}"), fmt, "services", "service")

    assert [s["service_code"] for s in found] == ["THEFT", "VEHICLE-THEFT"]  # never HARASSMENT, AGAINST-POLICE
    vehicle = found[1]
    assert list(vehicle) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
    assert vehicle["service_name"] == "Vehicle-Theft" and vehicle["group"] == "Crime"
    assert vehicle["metadata"] in (True, "true") and found[0]["metadata"] in (False, "false")
    assert vehicle["type"] == "realtime" and "72 hours" in vehicle["description"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query, headers, group", [
    ("?locale=ur_PK", {}, "جرم"), ("?locale=hi-IN", {}, "अपराध"), ("", {"HTTP_ACCEPT_LANGUAGE": "hi-IN,hi;q=0.9"},
                                                                 "अपराध"),
    ("", {"HTTP_ACCEPT_LANGUAGE": "ur"}, "جرم"), ("?locale=en", {"HTTP_ACCEPT_LANGUAGE": "ur"}, "Crime"),
])
def test_services_read_in_the_language_asked(client, services, fmt, query, headers, group):
    found = rows(client.get(f"{BASE}services.{fmt}{query}", **headers), fmt, "services", "service")
    assert {s["group"] for s in found} == {group}


def test_a_key_with_chosen_services_sees_and_posts_only_those(client, app):
    integrator, key = app
    integrator.services.add(app[0].services.model.objects.get(code="THEFT"))

    found = rows(client.get(f"{BASE}services.json", {"api_key": key}), "json")
    refused = post(client, "json", key, **VEHICLE)

    assert [s["service_code"] for s in found] == ["THEFT"]
    assert "may not post" in errors(refused, "json", 403)[0]
    assert not Complaint.objects.exists()


def test_a_key_given_a_group_of_categories_has_every_service_in_it_and_no_other(client, app, services):
    """The admin chooses "Crime" for a key: its services are the open categories below it (as the integrator's
    webhooks hear of them), not the group alone, which is no service."""
    integrator, key = app
    category("NOISE")
    integrator.services.add(services.categories["crime"])

    for_the_key = rows(client.get(f"{BASE}services.json", {"api_key": key}), "json")
    for_anyone = rows(client.get(f"{BASE}services.json"), "json")
    posted = post(client, "json", key, **VEHICLE)
    outside = post(client, "json", key, **{**VEHICLE, "service_code": "NOISE"})

    assert [s["service_code"] for s in for_the_key] == ["THEFT", "VEHICLE-THEFT"]
    assert [s["service_code"] for s in for_anyone] == ["NOISE", "THEFT", "VEHICLE-THEFT"]
    assert posted.status_code == 200, posted.content
    assert "may not post" in errors(outside, "json", 403)[0]
    assert Complaint.objects.count() == 1
    etag = posted.json()[0]["service_request_id"]
    assert [r["service_request_id"] for r in rows(client.get(f"{BASE}requests.json", {"api_key": key}), "json")] == [
        etag]
    assert client.get(f"{BASE}services/VEHICLE-THEFT.json", {"api_key": key}).status_code == 200
    assert errors(client.get(f"{BASE}services/NOISE.json", {"api_key": key}), "json", 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_lists_its_attributes(client, services, fmt):
    response = client.get(f"{BASE}services/VEHICLE-THEFT.{fmt}", {"locale": "ur"})

    assert response.status_code == 200
    body = parsed(response, fmt)
    if fmt == "json":
        assert body["service_code"] == "VEHICLE-THEFT"
        attributes = body["attributes"]
        make = attributes[1]
        assert make["values"] == [{"key": "honda", "name": "ہونڈا"}, {"key": "suzuki", "name": "سوزوکی"}]
    else:
        assert body.tag == "service_definition" and [c.tag for c in body] == ["service_code", "attributes"]
        attributes = [{f.tag: f for f in a} for a in body.find("attributes")]
        assert all(a.tag == "attribute" for a in body.find("attributes"))
        values = attributes[1]["values"]
        assert [v.tag for v in values] == ["value", "value"]
        assert [(v.findtext("key"), v.findtext("name")) for v in values] == [("honda", "ہونڈا"), ("suzuki", "سوزوکی")]
        attributes = [{tag: (f.text or "") for tag, f in a.items()} for a in attributes]
    first = attributes[0]
    assert list(first) == ["variable", "code", "datatype", "required", "datatype_description", "order",
                           "description", "values"]
    assert [a["code"] for a in attributes] == ["registration_number", "make", "marks", "value", "stolen_at"]
    assert [a["datatype"] for a in attributes] == ["string", "singlevaluelist", "multivaluelist", "number",
                                                   "datetime"]
    assert first["description"] == "رجسٹریشن نمبر" and first["required"] in (True, "true")
    assert first["variable"] in (True, "true") and str(first["order"]) == "1"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["NO-SUCH", "HARASSMENT", "AGAINST-POLICE", "CRIME"])
def test_an_unknown_or_closed_service_has_no_definition(client, services, fmt, code):
    described = errors(client.get(f"{BASE}services/{code}.{fmt}"), fmt, 404)
    assert code in described[0]


# --- posting ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_request_is_registered_through_intake_with_its_answers_and_source(client, app, fmt):
    integrator, key = app

    response = post(client, fmt, key, **VEHICLE, device_id="phone-77", account_id="acct-9", address_id="A-12",
                    media_url="https://img.example.org/car.jpg", jurisdiction_id="127.0.0.1")

    [answer] = rows(response, fmt)
    complaint = Complaint.objects.get()
    assert list(answer) == ["service_request_id", "service_notice", "account_id"]
    assert answer["service_request_id"] == complaint.etag_display and answer["account_id"] == "acct-9"
    assert complaint.etag_display in answer["service_notice"]
    assert complaint.channel == "open311" and complaint.get_channel_display() == "Open311 app"
    assert complaint.incident_unit.code == "SA1"  # lat/long → the station, as the web routes it
    assert complaint.complainant_name == "Bilal Siddiqui" and complaint.complainant_mobile.endswith("3211234567")
    assert "Registration number: LEA-1234\nMake: Suzuki" in complaint.description
    assert complaint.description.endswith("— Sent through Open311 by Lahore city app.")
    source = Open311Request.objects.get()
    assert (source.complaint, source.integrator, source.state) == (complaint, integrator, RequestState.REGISTERED)
    assert (source.device_id, source.account_id, source.address_id, source.jurisdiction) == (
        "phone-77", "acct-9", "A-12", "127.0.0.1")
    assert source.media_url == "https://img.example.org/car.jpg"
    assert complaint.events.get().actor_label == "Open311: Lahore city app"


def test_answers_to_lists_read_in_the_complaints_language(client, app):
    _integrator, key = app

    response = post(client, "json", key, **{**VEHICLE, "locale": "ur", "attribute[marks][]": ["dent", "sticker"]})

    assert response.status_code == 200, response.content
    complaint = Complaint.objects.get()
    assert complaint.language == "ur"
    assert "کمپنی: سوزوکی" in complaint.description and "نشانات: ڈینٹ, سٹیکر" in complaint.description


def test_a_question_keeps_its_own_mark_in_the_description(client, app, services):
    _integrator, key = app
    ServiceAttribute.objects.create(category=services.categories["vehicle"], code="seen", datatype="singlevaluelist",
                                    order=9, description_en="Did anyone see the thief?", values=_values(
                                        ("yes", "Yes", "ہاں", "हाँ"), ("no", "No", "نہیں", "नहीं")))

    assert post(client, "json", key, **VEHICLE, **{"attribute[seen]": "yes"}).status_code == 200

    assert "\nDid anyone see the thief? Yes\n" in Complaint.objects.get().description


def test_a_place_given_as_an_address_is_kept_and_routes_by_the_area_it_names(client, app, services):
    _integrator, key = app
    fields = {k: v for k, v in VEHICLE.items() if k not in ("lat", "long")}

    response = post(client, "json", key, **fields, address_string="Near the grain market, Db")

    assert response.status_code == 200, response.content
    complaint = Complaint.objects.get()
    assert complaint.incident_address == "Near the grain market, Db" and complaint.lat is None
    assert complaint.unit.path.startswith(services.units["dB"].path)  # the district the address names


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_problem_of_a_request_is_answered_at_once_and_nothing_is_written(client, app, fmt):
    _integrator, key = app
    fields = {k: v for k, v in VEHICLE.items() if k not in ("lat", "long", "attribute[registration_number]")}

    response = post(client, fmt, key, **{**fields, "attribute[make]": "ford", "attribute[value]": "a lot",
                                         "attribute[stolen_at]": "yesterday", "attribute[wheels]": "4",
                                         "attribute[marks][]": ["dent", "scratch"], "phone": "12",
                                         "media_url": "file:///etc/passwd", "description": "stolen"})

    described = " | ".join(errors(response, fmt, 400))
    for expected in ("lat: Give the place", "attribute[registration_number]: Please answer “Registration number”",
                     "attribute[make]: “ford” is not one of", "attribute[value]:", "must be a number",
                     "attribute[stolen_at]:", "attribute[wheels]: This service has no attribute",
                     "attribute[marks]: “scratch”", "phone:", "media_url:", "description: Please describe"):
        assert expected in described
    assert not Complaint.objects.exists() and not Open311Request.objects.exists()


def test_unstorable_characters_never_break_a_request(client, app):
    """NUL and lone surrogates (no database stores them) come in as U+FFFD, in the form, the query and the path."""
    _integrator, key = app

    response = post(client, "json", key, **{**VEHICLE, "description": VEHICLE["description"] + "\x00",
                                            "device_id": "phone\x00", "attribute[colour\x00]": "red"})
    listed = client.get(f"{BASE}requests.json", {"api_key": key, "service_code": "THEFT\x00",
                                                 "service_request_id": "AB\x00"})
    one = client.get(f"{BASE}requests/AB%00CD.json", {"api_key": key})
    definition = client.get(f"{BASE}services/THE%00FT.json")

    assert "attribute[colour\ufffd]" in errors(response, "json", 400)[0]
    assert listed.status_code == 400 and one.status_code == 404 and definition.status_code == 404
    assert not Complaint.objects.exists()
    fine = post(client, "json", key, **{**VEHICLE, "device_id": "phone\x00"})
    assert fine.status_code == 200 and Open311Request.objects.get().device_id == "phone\ufffd"


def test_lat_without_long_is_refused(client, app):
    _integrator, key = app
    fields = {k: v for k, v in VEHICLE.items() if k != "long"}
    assert errors(post(client, "json", key, **fields), "json", 400) == ["long: Give both lat and long."]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["HARASSMENT", "AGAINST-POLICE"])
def test_a_confidential_category_is_refused_naming_the_forces_own_channels(client, app, settings, fmt, code):
    _integrator, key = app
    settings.SHIKAYAT = {**settings.SHIKAYAT, "PUBLIC_URL": "https://shikayat.punjabpolice.example"}

    described = errors(post(client, fmt, key, **{**VEHICLE, "service_code": code}), fmt, 403)

    assert "confidential" in described[0] and "https://shikayat.punjabpolice.example" in described[0]
    assert "police station" in described[0]
    assert not Complaint.objects.exists() and not Open311Request.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_or_missing_service_code_is_refused(client, app, fmt):
    _integrator, key = app
    assert "NOPE" in errors(post(client, fmt, key, **{**VEHICLE, "service_code": "NOPE"}), fmt, 404)[0]
    assert "service_code" in errors(post(client, fmt, key, **{**VEHICLE, "service_code": ""}), fmt, 400)[0]


def test_errors_read_in_the_language_asked(client, app):
    _integrator, key = app
    fields = {**VEHICLE, "description": "stolen"}
    [english] = errors(post(client, "json", key, **fields), "json", 400)
    [urdu] = errors(post(client, "json", key, **fields, locale="ur"), "json", 400)
    [hindi] = errors(post(client, "json", key, **fields, headers={"HTTP_ACCEPT_LANGUAGE": "hi"}), "json", 400)
    assert english == "description: Please describe what happened (at least 10 characters)."
    assert urdu.startswith("description: ") and re.search("[\u0600-\u06ff]", urdu)
    assert hindi.startswith("description: ") and re.search("[\u0900-\u097f]", hindi)


# --- keys, rate, jurisdiction, formats, methods ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["requests.{fmt}", "requests/AAAA-AAAA.{fmt}", "tokens/abc.{fmt}"])
def test_reading_requests_needs_a_key(client, services, fmt, path):
    assert "api_key" in errors(client.get(BASE + path.format(fmt=fmt)), fmt, 403)[0]
    assert "api_key" in errors(client.get(BASE + path.format(fmt=fmt), {"api_key": "shk_wrong"}), fmt, 403)[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_needs_a_valid_active_key(client, app, fmt):
    integrator, key = app
    assert "api_key" in errors(post(client, fmt, "", **VEHICLE), fmt, 403)[0]
    assert "api_key" in errors(post(client, fmt, key + "x", **VEHICLE), fmt, 403)[0]
    Integrator.objects.filter(pk=integrator.pk).update(is_active=False)
    assert "api_key" in errors(post(client, fmt, key, **VEHICLE), fmt, 403)[0]
    assert not Complaint.objects.exists()


def test_a_key_sent_in_the_query_string_is_read_too(client, app):
    """Code for America's open311 client sends api_key and jurisdiction_id in the POST's query string."""
    _integrator, key = app
    response = client.post(f"{BASE}requests.json?api_key={key}&jurisdiction_id=127.0.0.1", VEHICLE)
    assert response.status_code == 200 and Complaint.objects.count() == 1
    assert Open311Request.objects.get().jurisdiction == "127.0.0.1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_over_the_keys_rate_are_refused(client, app, fmt):
    integrator, key = app
    Integrator.objects.filter(pk=integrator.pk).update(rate_per_minute=2)

    answered = [client.get(f"{BASE}requests.{fmt}", {"api_key": key}).status_code for _ in range(2)]
    refused = client.get(f"{BASE}services.{fmt}", {"api_key": key})

    assert answered == [200, 200]
    assert "at most 2 a minute" in errors(refused, fmt, 429)[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_reads_without_a_key_are_counted_per_address(client, app, settings, fmt):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "OPEN311_KEYLESS_RATE": "2/min"}
    _integrator, key = app

    answered = [client.get(f"{BASE}services.{fmt}").status_code, client.get(f"{BASE}services/THEFT.{fmt}").status_code]
    refused = client.get(f"{BASE}services.{fmt}")
    from_elsewhere = client.get(f"{BASE}services.{fmt}", REMOTE_ADDR="192.0.2.7")
    with_a_key = client.get(f"{BASE}services.{fmt}", {"api_key": key})

    assert answered == [200, 200]
    assert "without an API key" in errors(refused, fmt, 429)[0]
    assert from_elsewhere.status_code == 200 and with_a_key.status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_jurisdiction_is_not_found(client, app, settings, fmt):
    _integrator, key = app
    assert "jurisdiction_id" in errors(client.get(f"{BASE}services.{fmt}", {"jurisdiction_id": "lahore.gov"}),
                                       fmt, 404)[0]
    assert client.get(f"{BASE}services.{fmt}", {"jurisdiction_id": "127.0.0.1"}).status_code == 200
    settings.SHIKAYAT = {**settings.SHIKAYAT, "OPEN311_JURISDICTION": "police.punjab.example"}
    assert errors(post(client, fmt, key, **VEHICLE, jurisdiction_id="127.0.0.1"), fmt, 404)
    assert post(client, fmt, key, **VEHICLE, jurisdiction_id="police.punjab.example").status_code == 200


@pytest.mark.parametrize("path", ["services.csv", "services/THEFT.html", "requests.yaml", "requests/X.txt",
                                  "tokens/abc.JSON"])
def test_an_unknown_format_is_not_found(client, services, path):
    assert "json or .xml" in errors(client.get(BASE + path), "json", 404)[0]


@pytest.mark.parametrize("path, fmt", [("", "json"), ("service_list.xml", "xml"), ("requests", "json"),
                                       ("requests/a/b.json", "json")])
def test_an_unknown_resource_is_the_specs_404(client, path, fmt):
    assert "services/{code}" in errors(client.get(BASE + path), fmt, 404)[0]


@pytest.mark.parametrize("method, path, allowed", [
    ("post", "services.json", "GET"), ("put", "requests.json", "GET, POST"), ("delete", "requests/X.xml", "GET"),
    ("post", "services/THEFT.xml", "GET"), ("post", "tokens/abc.json", "GET"),
])
def test_a_wrong_method_is_refused(client, services, method, path, allowed):
    response = getattr(client, method)(BASE + path)
    fmt = path.rsplit(".", 1)[1]
    assert errors(response, fmt, 405) and response["Allow"] == allowed


# --- reading requests -------------------------------------------------------------------------------------------


@pytest.fixture
def posted(client, app):
    """One complaint posted by the Lahore city app, with a photo's address."""
    _integrator, key = app
    response = post(client, "json", key, **VEHICLE, media_url="https://img.example.org/car.jpg", address_id="A-12")
    assert response.status_code == 200, response.content
    return Complaint.objects.get(channel="open311")


@pytest.fixture
def from_the_web(services):
    """A complaint lodged on the web with every personal detail, at a point in SA1."""
    return register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        name="Rukhsana Bibi", mobile="03334455667", email="rukhsana@example.org", id_number="35202-1234567-8",
        lat="31.523456", lng="74.312345", incident_address="House 5, Street 9, Gulberg"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_key_that_posted_reads_its_request_whole(client, app, posted, fmt):
    _integrator, key = app

    [found] = rows(client.get(f"{BASE}requests/{posted.etag_display}.{fmt}", {"api_key": key}), fmt)

    assert list(found) == ["service_request_id", "status", "status_notes", "service_name", "service_code",
                           "description", "agency_responsible", "service_notice", "requested_datetime",
                           "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
                           "long", "media_url"]
    assert found["service_request_id"] == posted.etag_display and found["status"] == "open"
    assert found["status_notes"] == "Your complaint was registered."
    assert found["service_code"] == "VEHICLE-THEFT" and found["description"] == posted.description
    assert found["agency_responsible"] == posted.unit.name_en
    assert str(found["lat"]) == "31.5" and str(found["long"]) == "74.3"
    assert found["media_url"] == "https://img.example.org/car.jpg" and found["address_id"] == "A-12"
    local = timezone.localtime(posted.received_at)
    assert found["requested_datetime"] == local.isoformat(timespec="seconds")
    assert found["expected_datetime"] == timezone.localtime(posted.contact_due_at).isoformat(timespec="seconds")
    assert found["requested_datetime"][-6] in "+-"  # W3C, with its zone


def test_others_read_a_request_coarsely(client, other_app, posted, from_the_web):
    _integrator, key = other_app

    found = {r["service_request_id"]: r for r in rows(client.get(f"{BASE}requests.json", {"api_key": key}), "json")}

    web = found[from_the_web.etag_display]
    assert set(found) == {posted.etag_display, from_the_web.etag_display}
    assert web["description"] == "" and web["media_url"] == "" and web["address_id"] == ""
    assert web["address"] == "Sa1" and (web["lat"], web["long"]) == (31.52, 74.31)
    assert found[posted.etag_display]["description"] == "" and found[posted.etag_display]["media_url"] == ""


def test_status_notes_follow_the_latest_public_step_in_the_citizens_words(client, app, from_the_web, services):
    _integrator, key = app
    actions.assign(from_the_web, actor=services.officers["sho_A"], officer=services.officers["sho_A"])

    [found] = rows(client.get(f"{BASE}requests.json", {"api_key": key, "locale": "en"}), "json")

    assert found["status_notes"].startswith("Your complaint was marked to an officer of rank")
    assert found["updated_datetime"] >= found["requested_datetime"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_are_found_by_id_as_citizens_type_them(client, app, posted, from_the_web, fmt):
    _integrator, key = app
    raw = posted.etag.lower()

    found = rows(client.get(f"{BASE}requests.{fmt}", {"api_key": key, "service_request_id":
                                                      f"{raw}, {from_the_web.etag_display}"}), fmt)
    one = rows(client.get(f"{BASE}requests/{raw}.{fmt}", {"api_key": key}), fmt)

    assert {r["service_request_id"] for r in found} == {posted.etag_display, from_the_web.etag_display}
    assert [r["service_request_id"] for r in one] == [posted.etag_display]
    assert "service_request_id" in errors(client.get(f"{BASE}requests.{fmt}", {
        "api_key": key, "service_request_id": "not-an-etag"}), fmt, 400)[0]
    assert errors(client.get(f"{BASE}requests/ZZZZ-ZZZZ.{fmt}", {"api_key": key}), fmt, 404)


def test_requests_are_filtered_by_service_status_and_dates(client, app, posted, from_the_web):
    _integrator, key = app
    now = timezone.now()

    def ids(**params):
        return {r["service_request_id"] for r in rows(client.get(f"{BASE}requests.json",
                                                                  {"api_key": key, **params}), "json")}

    assert ids(service_code="THEFT") == {from_the_web.etag_display}
    assert ids(service_code="THEFT,VEHICLE-THEFT") == {from_the_web.etag_display, posted.etag_display}
    assert ids(status="open") == ids() == {from_the_web.etag_display, posted.etag_display}
    assert ids(status="closed") == set()
    assert ids(start_date=(now + timedelta(hours=1)).isoformat()) == set()
    assert ids(start_date=(now - timedelta(days=1)).isoformat(), end_date=(now + timedelta(minutes=5)).isoformat(),
               status="open,closed") == {from_the_web.etag_display, posted.etag_display}
    assert ids(end_date=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == set()
    # the spec: service_request_id overrides every other parameter
    assert ids(service_request_id=posted.etag, service_code="THEFT", status="closed",
               start_date=(now + timedelta(hours=1)).isoformat()) == {posted.etag_display}


def test_a_zones_plus_sent_unencoded_in_the_query_is_read_as_a_plus(client, app, posted):
    """`start_date=2026-11-23T14:30:00+05:00` typed into a query string as it is arrives as "…T14:30:00 05:00"."""
    _integrator, key = app
    pakistan = timezone.get_fixed_timezone(5 * 60)
    day_ago = (timezone.now() - timedelta(days=1)).astimezone(pakistan).isoformat(timespec="seconds")
    hour_ago = (timezone.now() - timedelta(hours=1)).astimezone(pakistan).isoformat(timespec="seconds")
    assert day_ago.endswith("+05:00")

    since_yesterday = client.get(f"{BASE}requests.json?api_key={key}&start_date={day_ago}")
    until_an_hour_ago = client.get(f"{BASE}requests.json?api_key={key}&end_date={hour_ago}")

    assert [r["service_request_id"] for r in rows(since_yesterday, "json")] == [posted.etag_display]
    assert rows(until_an_hour_ago, "json") == []


def test_a_closed_complaint_reads_closed(client, app, from_the_web):
    _integrator, key = app
    Complaint.objects.filter(pk=from_the_web.pk).update(status="closed", closed_at=timezone.now())

    [found] = rows(client.get(f"{BASE}requests.json", {"api_key": key, "status": "closed"}), "json")

    assert found["status"] == "closed" and found["expected_datetime"] is None


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params, wrong", [
    ({"start_date": "2026-11-01"}, "start_date"), ({"end_date": "2026-11-01T10:00:00"}, "end_date"),
    ({"start_date": "yesterday"}, "start_date"), ({"status": "pending"}, "status"),
    ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90 days"),
    ({"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}, "before"),
])
def test_bad_search_parameters_are_refused(client, app, fmt, params, wrong):
    _integrator, key = app
    assert wrong in errors(client.get(f"{BASE}requests.{fmt}", {"api_key": key, **params}), fmt, 400)[0]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("asked, script", [({"locale": "ur"}, "[\u0600-\u06ff]"),
                                           ({"locale": "hi"}, "[\u0900-\u097f]")])
def test_a_bad_search_is_explained_in_the_language_asked(client, app, fmt, asked, script):
    _integrator, key = app
    [described] = errors(client.get(f"{BASE}requests.{fmt}", {"api_key": key, "start_date": "kal", **asked}), fmt, 400)
    assert described.startswith("start_date: ") and re.search(script, described)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["ur", "hi"])
def test_requests_read_in_the_language_asked(client, app, posted, fmt, lang):
    _integrator, key = app
    registered = {"ur": "آپ کی شکایت درج کی گئی۔", "hi": "आपकी शिकायत दर्ज की गई।"}[lang]

    [found] = rows(client.get(f"{BASE}requests/{posted.etag}.{fmt}", {"api_key": key, "locale": lang}), fmt)

    assert found["status_notes"] == registered
    assert found["agency_responsible"] == posted.unit.name_in(lang) == f"{posted.unit.code} {lang}"
    assert found["service_name"] == posted.category.name_in(lang)


def test_a_keys_chosen_services_bound_what_it_reads(client, app, posted, from_the_web):
    integrator, key = app
    integrator.services.add(from_the_web.category)

    found = rows(client.get(f"{BASE}requests.json", {"api_key": key}), "json")

    assert [r["service_request_id"] for r in found] == [from_the_web.etag_display]
    assert errors(client.get(f"{BASE}requests/{posted.etag}.json", {"api_key": key}), "json", 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_confidential_complaints_are_never_listed_however_asked(client, app, posted, from_the_web, fmt):
    _integrator, key = app
    hidden = [register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", description="A man follows me from the bus stop every evening and threatens me.",
        lat="31.50", lng="74.30")),
        register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**AGAINST_SHO))]
    now = timezone.now()

    by_id = client.get(f"{BASE}requests.{fmt}", {"api_key": key, "service_request_id": ",".join(
        c.etag for c in hidden)})
    by_code = client.get(f"{BASE}requests.{fmt}", {"api_key": key, "service_code": "HARASSMENT,AGAINST-POLICE"})
    by_dates = client.get(f"{BASE}requests.{fmt}", {"api_key": key, "start_date": (now - timedelta(days=1))
                                                    .isoformat(), "end_date": (now + timedelta(hours=1)).isoformat()})

    assert rows(by_id, fmt) == [] and rows(by_code, fmt) == []
    assert {r["service_request_id"] for r in rows(by_dates, fmt)} == {posted.etag_display, from_the_web.etag_display}
    for complaint in hidden:
        assert errors(client.get(f"{BASE}requests/{complaint.etag_display}.{fmt}", {"api_key": key}), fmt, 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_personal_data_in_any_answer(client, app, other_app, posted, from_the_web, fmt):
    secrets = ["Bilal", "Siddiqui", "3211234567", "bilal.s@example.org", "Rukhsana", "3334455667",
               "rukhsana@example.org", "35202", "1234567", "Gulberg", "31.523456", "74.312345"]
    for _integrator, key in (app, other_app):
        for path in ("requests", f"requests/{posted.etag}", f"requests/{from_the_web.etag}"):
            body = client.get(f"{BASE}{path}.{fmt}", {"api_key": key}).content.decode("utf-8")
            assert from_the_web.etag_display in body or posted.etag_display in body
            assert not [s for s in secrets if s in body], body


def test_the_page_is_read_in_a_fixed_number_of_queries(client, app, services, new_complaint):
    """One query for the complaints (category and its SOP, units, assignee, Open311 source joined) and one for
    their latest public steps, however many there are and whatever their steps: no query per complaint."""
    _integrator, key = app

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{BASE}requests.json", {"api_key": key}).status_code == 200
        return len(captured)

    def lodge() -> None:
        for status in (Status.ASSIGNED, Status.REJECTED, Status.MERGED, Status.CLOSED, Status.WITHDRAWN):
            bring_to(status, services, new_complaint)

    lodge()
    queries()  # the key's last use is written once a minute; the unit tree is read once
    few = queries()
    lodge()
    assert queries() == few


def test_officers_words_reach_only_the_key_that_posted_the_complaint(client, app, services, new_complaint):
    _integrator, key = app
    rejected = bring_to(Status.REJECTED, services, new_complaint)

    [found] = [r for r in rows(client.get(f"{BASE}requests.json", {"api_key": key}), "json")
               if r["service_request_id"] == rejected.etag_display]

    assert found["status"] == "closed" and found["status_notes"] == "This complaint was not taken forward."


# --- media_url: recorded, never fetched -------------------------------------------------------------------------


def test_media_url_is_recorded_and_never_fetched(client, app):
    """A real server at the media_url counts every request it gets: none, while posting or reading back."""
    hits = []

    class Media(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Media)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _integrator, key = app
        url = f"http://127.0.0.1:{server.server_address[1]}/car.jpg"
        response = post(client, "json", key, **VEHICLE, media_url=url)
        etag = response.json()[0]["service_request_id"]
        [found] = rows(client.get(f"{BASE}requests/{etag}.json", {"api_key": key}), "json")
    finally:
        server.shutdown()
        server.server_close()
    assert found["media_url"] == url and hits == []


def test_a_point_is_rounded_to_two_decimals_for_others():
    from shikayat.open311.reads import _coordinate

    assert _coordinate(Decimal("31.523456"), False) == 31.52 and _coordinate(Decimal("31.523456"), True) == 31.523456


# --- where officers meet it ---------------------------------------------------------------------------------------


def test_the_officers_complaint_page_names_the_channel_and_the_source(client, app, posted, services):
    client.force_login(services.officers["sho_A"])

    page = client.get(f"/officer/complaints/{posted.etag}/").content.decode()

    assert "Open311 app" in page and "Sent through Open311 by Lahore city app." in page
    assert "Registration number: LEA-1234" in page


@pytest.mark.django_db
def test_the_demo_forces_categories_ask_what_they_need():
    """The demo data's attributes are all valid as the admin would check them, and a stolen vehicle's
    registration number is required."""
    from shikayat.demo import force as demo

    categories = demo.load_categories()
    written = demo.load_service_attributes(categories)

    attributes = list(ServiceAttribute.objects.select_related("category"))
    assert written == len(attributes) > 10
    for attribute in attributes:
        attribute.full_clean()
    vehicle = {a.code: a for a in attributes if a.category.code == "CRIME-VEHICLE-THEFT"}
    assert vehicle["registration_number"].required and vehicle["make"].datatype == "singlevaluelist"
    assert {a.code for a in attributes if a.category.code == "CRIME-THEFT"} >= {"imei"}
    assert demo.load_service_attributes(categories) == written == ServiceAttribute.objects.count()  # replaced


@pytest.mark.parametrize("datatype, values, problem", [
    ("singlevaluelist", [], "needs its values"),
    ("string", [{"key": "a", "name_en": "A"}], "Only the list datatypes"),
    ("multivaluelist", [{"key": "a", "name_en": "A"}, {"key": "a", "name_en": "B"}], "different"),
    ("singlevaluelist", [{"name_en": "A"}], "key"),
])
def test_the_admin_refuses_attribute_values_that_do_not_fit(services, datatype, values, problem):
    from django.core.exceptions import ValidationError

    attribute = ServiceAttribute(category=services.categories["theft"], code="x", datatype=datatype,
                                 description_en="X", values=values)
    with pytest.raises(ValidationError) as refused:
        attribute.full_clean()
    assert problem in str(refused.value)


def test_the_admin_pages_open_and_keep_a_waiting_requests_contact_out(client, app, posted, django_user_model):
    integrator, key = app
    Integrator.objects.filter(pk=integrator.pk).update(review_first=True)
    assert post(client, "json", key, **VEHICLE).status_code == 200
    waiting = Open311Request.objects.get(state=RequestState.PENDING)
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pass-word-123"))
    attribute = ServiceAttribute.objects.first()

    for url in ("/admin/open311/serviceattribute/", f"/admin/open311/serviceattribute/{attribute.pk}/change/",
                "/admin/open311/open311request/", f"/admin/open311/open311request/{waiting.pk}/change/",
                "/admin/integrations/integrator/", "/admin/open311/checkedservice/",
                "/admin/open311/checkedservice/add/"):
        assert client.get(url).status_code == 200, url
    assert "Bilal" in str(waiting.data)
    assert "Bilal" not in client.get(f"/admin/open311/open311request/{waiting.pk}/change/").content.decode()
