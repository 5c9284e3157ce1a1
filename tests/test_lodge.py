"""Lodging on the web: verified mobile first, one form, the E-tag at once,
one complaint per submission, bad input explained with the input kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.notifications.models import OutboxMessage

from .test_citizen_pages import verify

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def citizen(client, force):
    verify(client, next_url="/lodge/")
    return client


def form_data(**overrides):
    data = {"submission": "a1b2c3", "category": "THEFT", "unit": "SA1", "name": "Ali Raza",
            "description": "My motorcycle was stolen outside the mosque.", "incident_address": "Jamia Masjid"}
    data.update(overrides)
    return data


def test_lodging_needs_a_verified_mobile(client, force):
    assert "/verify/" in client.get("/lodge/")["Location"]


def test_citizen_lodges_with_a_photo_and_sees_the_etag(citizen):
    page = citizen.get("/lodge/").content.decode()
    assert 'name="submission"' in page and "Theft" in page and "Sa1" in page
    response = citizen.post("/lodge/", {**form_data(), "attachments": SimpleUploadedFile("bike.png", PNG)})
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/lodge/done/{complaint.etag}/"
    done = citizen.get(response["Location"]).content.decode()
    assert complaint.etag_display in done and "within 8 hours" in done and "within 3 days" in done
    assert complaint.channel == "web" and complaint.complainant_mobile == "+923001234567"
    assert complaint.attachments.count() == 1
    assert ComplaintEvent.objects.filter(complaint=complaint, action="register", actor_label__startswith="citizen")
    ack = OutboxMessage.objects.get(template="complaint_registered")
    assert "/track/link/" in ack.context["track_url"]


def test_double_submission_makes_one_complaint(citizen):
    first = citizen.post("/lodge/", form_data())
    second = citizen.post("/lodge/", form_data())
    assert Complaint.objects.count() == 1 and first["Location"] == second["Location"]


@pytest.mark.parametrize("overrides, expected", [
    ({"description": ""}, "Please describe what happened"),
    ({"category": ""}, "Please choose what the complaint is about."),
    ({"category": "HARASSMENT", "identity": "anonymous", "name": ""}, None),
    ({"category": "THEFT", "identity": "anonymous"}, "cannot be anonymous"),
    ({"name": ""}, "Please give the complainant"),
])
def test_bad_input_is_explained_and_kept(citizen, overrides, expected):
    response = citizen.post("/lodge/", form_data(**overrides))
    if expected is None:
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert response.status_code == 400 and expected in page
    assert "Jamia Masjid" in page  # the rest of what was typed is still there
    assert Complaint.objects.count() == 0


def test_disguised_attachment_refuses_the_whole_complaint(citizen):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not really a picture")
    response = citizen.post("/lodge/", {**form_data(), "attachments": fake}, HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400 and "صرف تصاویر" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_script_in_the_description_is_rendered_inert(citizen):
    citizen.post("/lodge/", form_data(description="<script>alert(1)</script> they took my phone"))
    complaint = Complaint.objects.get()
    page = citizen.get(f"/track/{complaint.etag}/").content.decode()
    assert "<script>alert(1)</script>" not in page
