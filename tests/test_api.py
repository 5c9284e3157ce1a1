"""The REST API: token-authenticated intake, actions, timeline, tracking,
the OpenAPI schema, and clear 4xx answers for bad input."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shikayat.complaints.models import Complaint

from .factories import complaint_data
from .journey import bring_to


@pytest.fixture
def portal(force):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=force.officers['portal']).key}")
    return client


def officer_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_integration_creates_a_complaint_with_its_token(portal):
    response = portal.post("/api/v1/complaints/", {"channel": "portal_import", **complaint_data(external_ref="PM-9")},
                           format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "registered" and body["channel"] == "portal_import"
    assert Complaint.objects.get().external_ref == "PM-9"


def test_unauthenticated_intake_is_refused(db):
    response = APIClient().post("/api/v1/complaints/", {"channel": "web", **complaint_data()}, format="json")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"mobile": "0300"}, "mobile"),
        ({"category": "UNKNOWN"}, "category"),
        ({"description": ""}, "description"),
        ({"description": "y" * 6000}, "description"),
        ({"unit": "ZZZ"}, "unit"),
        ({"channel": "pigeon"}, "channel"),
        ({"is_overseas": "perhaps"}, "is_overseas"),
    ],
)
def test_bad_intake_gets_a_clear_400(portal, payload, field):
    body = {"channel": "portal_import", **complaint_data(), **payload}
    response = portal.post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and field in error["fields"] and error["message"]
    assert Complaint.objects.count() == 0


def test_bad_input_messages_follow_accept_language(portal):
    response = portal.post("/api/v1/complaints/", {"channel": "portal_import", **complaint_data(mobile="12")},
                           format="json", HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400
    assert "موبائل" in response.json()["error"]["fields"]["mobile"][0]


def test_malformed_json_is_a_400_not_a_500(portal):
    response = portal.post("/api/v1/complaints/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_actions_through_the_api_follow_the_workflow(force, new_complaint):
    complaint = new_complaint()
    cell = officer_client(force.officers["cell_A"])
    url = f"/api/v1/complaints/{complaint.etag_display}/actions"
    assert cell.post(f"{url}/assign/", {"officer": "sho_A"}, format="json").status_code == 200
    sho = officer_client(force.officers["sho_A"])
    response = sho.post(f"{url}/propose_resolution/", {"resolution": "done"}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_not_allowed"
    assert sho.post(f"{url}/log_contact/", {"method": "call", "outcome": "Spoke."}, format="json").status_code == 200
    response = sho.post(f"{url}/propose_resolution/", {"resolution": "done"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "paper_disposal"
    assert sho.post(f"{url}/log_contact/", {"method": "fax", "outcome": "x"}, format="json").status_code == 400
    assert sho.post(f"{url}/teleport/", {}, format="json").status_code == 404
    assert cell.post(f"{url}/assign/", {"officer": "nobody"}, format="json").status_code == 400
    timeline = sho.get(f"/api/v1/complaints/{complaint.etag}/timeline/").json()
    assert [e["action"] for e in timeline] == ["register", "assign", "log_contact"]


def test_mistyped_etag_is_a_400_with_the_reason(force, new_complaint):
    complaint = new_complaint()
    typo = complaint.etag[:-1] + ("0" if complaint.etag[-1] != "0" else "1")
    response = officer_client(force.officers["cell_A"]).get(f"/api/v1/complaints/{typo}/")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "etag_check_failed"


def test_public_tracking_needs_etag_and_mobile(force, new_complaint):
    complaint = bring_to("in_progress", force, new_complaint)
    client = APIClient()
    ok = client.get("/api/v1/track/", {"etag": complaint.etag_display, "mobile": "03001234567"})
    assert ok.status_code == 200
    assert [step["action"] for step in ok.json()["timeline"]] == ["register", "assign", "log_contact"]
    assert client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "03009999999"}).status_code == 404
    assert client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "abc"}).status_code == 400


def test_public_tracking_answers_json_as_drf_would_and_errors_in_the_api_shape(force, new_complaint, settings):
    from rest_framework.renderers import JSONRenderer

    from shikayat.complaints import selectors

    settings.SHIKAYAT = {**settings.SHIKAYAT, "TRACK_RATE": "3/min"}
    complaint = bring_to("in_progress", force, new_complaint)
    client = APIClient()
    ok = client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "+923001234567"}, HTTP_ACCEPT="text/html")
    assert ok.status_code == 200 and ok["Content-Type"] == "application/json" and ok["Allow"] == "GET, HEAD, OPTIONS"
    assert ok.content == JSONRenderer().render(selectors.public_status(complaint.etag, "+923001234567",
                                                                      client="test"))
    wrong = client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "03009999999"})
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "not_found"
    invalid = client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "abc"})  # refused before counting
    assert invalid.status_code == 400 and set(invalid.json()["error"]) == {"code", "message", "fields"}
    assert client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "+923001234567"}).status_code == 200
    refused = client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": "+923001234567"},
                         HTTP_ACCEPT_LANGUAGE="ur")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    assert refused["Content-Language"] == "ur"
    assert client.head("/api/v1/track/", {"etag": complaint.etag, "mobile": "+923001234567"}).status_code == 429
    assert client.options("/api/v1/track/").json()["renders"] == ["application/json"]
    post = client.post("/api/v1/track/", {"etag": complaint.etag})
    assert post.status_code == 405 and post.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("mobile, status", [("+923001234567", 200), ("+9203001234567", 200), ("0300 1234567", 200),
                                            ("+923009999999", 404), ("+92999", 400), ("+9299912345678", 400)])
def test_public_tracking_reads_the_mobile_however_it_is_written(new_complaint, mobile, status):
    complaint = new_complaint()
    assert APIClient().get("/api/v1/track/", {"etag": complaint.etag, "mobile": mobile}).status_code == status


def test_openapi_schema_is_served(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/complaints/{etag}/actions/{action}/" in schema["paths"]


def test_reference_data_is_public(force):
    client = APIClient()
    assert {c["code"] for c in client.get("/api/v1/categories/").json()} >= {"THEFT", "HARASSMENT"}
    assert [u["code"] for u in client.get("/api/v1/units/").json()] == ["PB"]
    assert [u["code"] for u in client.get("/api/v1/units/", {"parent": "R1"}).json()] == ["DA", "DB"]


def test_schema_validates_and_documents_every_action_payload():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert {"AssignInput", "ContactInput", "FeedbackInput", "RejectionInput"} <= set(components)


def test_framework_messages_are_translated_too(portal):
    body = {"channel": "portal_import", **complaint_data(), "is_overseas": "perhaps"}
    response = portal.post("/api/v1/complaints/", body, format="json", HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 400
    assert "हाँ या नहीं" in response.json()["error"]["fields"]["is_overseas"][0]
    anonymous = APIClient().get("/api/v1/complaints/", HTTP_ACCEPT_LANGUAGE="ur")
    assert "سائن اِن" in anonymous.json()["error"]["message"]


def test_public_tracking_answers_in_the_asked_language_with_the_documented_fields(force, new_complaint):
    from shikayat.api.serializers import PublicStatusSerializer

    complaint = new_complaint()
    body = APIClient().get("/api/v1/track/", {"etag": complaint.etag, "mobile": "+923001234567"},
                           HTTP_ACCEPT_LANGUAGE="ur").json()
    assert set(body) == set(PublicStatusSerializer().fields)
    assert body["status_label"] == "درج شدہ" and body["category"] == "THEFT"
    assert body["timeline"][0]["action"] == "register" and body["received_at"].endswith("+05:00")
