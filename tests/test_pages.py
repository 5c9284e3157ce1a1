"""Officer pages drive the same actions as the API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from shikayat.complaints.workflow import Status

from .journey import bring_to

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_officer_works_a_complaint_through_the_pages(client, force, new_complaint):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    client.force_login(force.officers["sho_A"])
    base = f"/officer/complaints/{complaint.etag}"
    page = client.get(f"{base}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and "Phone call" in page
    response = client.post(f"{base}/actions/log_contact/", {"method": "call", "outcome": "Met him at home."})
    assert response.status_code == 302
    response = client.post(f"{base}/actions/add_attachment/", {"file": SimpleUploadedFile("spot.png", PNG)})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.attachments.count() == 1


def test_refused_action_on_a_page_explains_why_and_changes_nothing(client, force, new_complaint):
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    client.force_login(force.officers["sho_A"])
    base = f"/officer/complaints/{complaint.etag}"
    response = client.post(f"{base}/actions/propose_resolution/", {"resolution": "Done."}, follow=True)
    assert "field verification" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_pages_render_in_urdu_right_to_left(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert 'dir="rtl"' in page and "تاریخ وار ریکارڈ" in page
