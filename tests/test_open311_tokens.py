"""Open311 GeoReport v2 (/open311/v2/), continued from tests/test_open311.py: requests that wait for the complaint
cell first — a key on probation, or a service checked first whatever the key — answered with a token, followed
with tokens/{token}, accepted or refused by the cell over the place; a token never names a complaint that has
become confidential, and is read only with the key that posted it."""
# ruff: noqa: F811


import pytest

from shikayat.categories.models import SOP
from shikayat.complaints.models import Complaint
from shikayat.integrations.models import Integrator
from shikayat.open311 import review
from shikayat.open311.models import CheckedService, Open311Request, RequestState

# app, other_app and services are test_open311's fixtures, taken here as parameters of the same names.
from .test_open311 import BASE, FORMATS, VEHICLE, app, errors, other_app, post, rows, services  # noqa: F401

# --- a key on probation: tokens and the complaint cell ----------------------------------------------------------


@pytest.fixture
def probation(app):
    integrator, key = app
    Integrator.objects.filter(pk=integrator.pk).update(review_first=True)
    return key


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_key_on_probation_gets_a_token_and_waits_for_the_complaint_cell(client, probation, services, fmt):
    response = post(client, fmt, probation, **VEHICLE, account_id="acct-9")

    [answer] = rows(response, fmt)
    row = Open311Request.objects.get()
    assert list(answer) == ["token", "service_notice", "account_id"] and answer["token"] == row.token
    assert not Complaint.objects.exists() and row.state == RequestState.PENDING
    assert row.unit_path == services.units["sA1"].path
    [waiting] = rows(client.get(f"{BASE}tokens/{row.token}.{fmt}", {"api_key": probation}), fmt)
    assert waiting == {"service_request_id": "", "token": row.token}
    assert [s["type"] for s in rows(client.get(f"{BASE}services.json", {"api_key": probation}), "json")] == [
        "batch", "batch"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_checked_first_answers_a_token_whatever_the_key(client, app, services, fmt):
    """The admin marks vehicle theft "checked first": its requests wait for the complaint cell from every key (the
    spec's batch service); theft still registers at once."""
    _integrator, key = app
    CheckedService.objects.create(category=services.categories["vehicle"])
    theft = {**{k: v for k, v in VEHICLE.items() if not k.startswith("attribute")}, "service_code": "THEFT"}

    listed = rows(client.get(f"{BASE}services.{fmt}", {"api_key": key}), fmt, "services", "service")
    [waiting] = rows(post(client, fmt, key, **VEHICLE), fmt)
    [registered] = rows(post(client, fmt, key, **theft), fmt)

    assert [(s["service_code"], s["type"]) for s in listed] == [("THEFT", "realtime"), ("VEHICLE-THEFT", "batch")]
    row = Open311Request.objects.get(state=RequestState.PENDING)
    assert list(waiting)[:2] == ["token", "service_notice"] and waiting["token"] == row.token
    assert "requests of this kind" in waiting["service_notice"]
    assert Complaint.objects.get().category.code == "THEFT"
    assert Complaint.objects.get().etag_display == registered["service_request_id"]
    accepted = review.accept(row.pk, actor=services.officers["cell_A"])
    [found] = rows(client.get(f"{BASE}tokens/{row.token}.{fmt}", {"api_key": key}), fmt)
    assert found["service_request_id"] == accepted.complaint.etag_display
    assert "Registration number: LEA-1234" in accepted.complaint.description


def test_a_group_checked_first_holds_every_service_below_it(client, app, services):
    _integrator, key = app
    CheckedService.objects.create(category=services.categories["crime"])
    listed = rows(client.get(f"{BASE}services.json"), "json")
    assert {s["type"] for s in listed} == {"batch"}
    assert "token" in rows(post(client, "json", key, **VEHICLE), "json")[0] and not Complaint.objects.exists()


def test_the_complaint_cell_over_the_place_accepts_a_waiting_request(client, probation, services):
    post(client, "json", probation, **VEHICLE)
    row = Open311Request.objects.get()

    client.force_login(services.officers["cell_B"])  # the other district's cell does not see it
    assert f"request-{row.pk}" not in client.get("/officer/open311/").content.decode()
    assert client.post(f"/officer/open311/{row.pk}/accept/").status_code == 404
    client.force_login(services.officers["cell_A"])
    page = client.get("/officer/open311/").content.decode()
    accepted = client.post(f"/officer/open311/{row.pk}/accept/")

    assert f"request-{row.pk}" in page and "Open311 requests to check" in page
    assert accepted.status_code == 302
    row.refresh_from_db()
    complaint = Complaint.objects.get()
    assert (row.complaint, row.state, row.reviewed_by) == (complaint, RequestState.REGISTERED,
                                                           services.officers["cell_A"])
    assert complaint.channel == "open311" and "Registration number: LEA-1234" in complaint.description
    [found] = rows(client.get(f"{BASE}tokens/{row.token}.json", {"api_key": probation}), "json")
    assert found["service_request_id"] == complaint.etag_display
    assert client.post(f"/officer/open311/{row.pk}/accept/").status_code == 409  # once
    assert Complaint.objects.count() == 1


def test_a_waiting_request_whose_category_turned_confidential_is_not_registered(client, probation, services):
    post(client, "json", probation, **VEHICLE)
    row = Open311Request.objects.get()
    SOP.objects.filter(category=services.categories["vehicle"]).update(confidential=True)
    client.force_login(services.officers["cell_A"])

    refused = client.post(f"/officer/open311/{row.pk}/accept/")

    assert refused.status_code == 400 and "confidential" in refused.content.decode()
    row.refresh_from_db()
    assert row.state == RequestState.PENDING and not Complaint.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_refused_request_answers_its_token_with_the_cells_reason(client, probation, services, fmt):
    post(client, "json", probation, **VEHICLE)
    row = Open311Request.objects.get()
    client.force_login(services.officers["cpo_cell"])  # the force's own cell sees every waiting request

    assert client.post(f"/officer/open311/{row.pk}/refuse/", {"reason": " "}).status_code == 400
    assert client.post(f"/officer/open311/{row.pk}/refuse/", {"reason": "A test message, not a complaint."}
                       ).status_code == 302

    described = errors(client.get(f"{BASE}tokens/{row.token}.{fmt}", {"api_key": probation}), fmt, 404)
    assert "A test message, not a complaint." in described[0]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_never_names_a_complaint_whose_category_turned_confidential(client, probation, services, fmt):
    post(client, "json", probation, **VEHICLE)
    row = review.accept(Open311Request.objects.get().pk, actor=services.officers["cell_A"])
    etag = row.complaint.etag_display
    [named] = rows(client.get(f"{BASE}tokens/{row.token}.{fmt}", {"api_key": probation}), fmt)
    assert named["service_request_id"] == etag

    SOP.objects.filter(category=services.categories["vehicle"]).update(confidential=True)

    described = errors(client.get(f"{BASE}tokens/{row.token}.{fmt}", {"api_key": probation}), fmt, 404)
    assert etag not in described[0] and row.token in described[0]
    assert errors(client.get(f"{BASE}requests/{etag}.{fmt}", {"api_key": probation}), fmt, 404)


def test_a_token_is_read_only_with_the_key_that_posted_it(client, probation, other_app):
    post(client, "json", probation, **VEHICLE)
    token = Open311Request.objects.get().token
    assert errors(client.get(f"{BASE}tokens/{token}.json", {"api_key": other_app[1]}), "json", 404)


def test_only_a_complaint_cell_has_the_page(client, services):
    client.force_login(services.officers["sho_A"])
    assert client.get("/officer/open311/").status_code == 403
