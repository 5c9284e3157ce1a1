"""Files leave as downloads: Content-Disposition attachment, the type the
server checked from the bytes (not the name), a safe file name, nosniff. An
upload named .html with JPEG bytes is never rendered by the browser."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from shikayat.complaints import actions
from shikayat.complaints.models import Attachment
from shikayat.core.downloads import safe_filename

from .test_attachments import PDF, upload
from .test_services import desk, issued, service  # noqa: F401  (fixtures)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def download(force, complaint, attachment):
    return api_as(force.officers["cell_A"]).get(f"/api/v1/complaints/{complaint.etag}/attachments/{attachment.pk}/")


def assert_download(response, content_type: str, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_upload_named_html_with_jpeg_bytes_is_served_as_a_jpeg_download(force, new_complaint):
    complaint = new_complaint()
    attachment = actions.add_attachment(complaint, actor=force.officers["desk_A"], upload=upload("page.html", JPEG))
    response = download(force, complaint, attachment)
    assert_download(response, "image/jpeg", "page.jpg")
    assert b"".join(response.streaming_content) == JPEG


def test_a_front_desk_scan_is_served_as_a_download_of_its_checked_type(force, new_complaint):
    complaint = new_complaint(channel="front_desk")
    scan = actions.add_attachment(complaint, actor=force.officers["desk_A"], channel="front_desk",
                                  upload=upload("scan.htm", PDF))
    assert_download(download(force, complaint, scan), "application/pdf", "scan.pdf")


def test_a_stored_file_that_no_longer_reads_as_accepted_is_served_as_opaque_bytes(force, new_complaint):
    complaint = new_complaint()
    attachment = actions.add_attachment(complaint, actor=force.officers["desk_A"], upload=upload("photo.png"))
    with open(attachment.file.path, "wb") as stored:  # altered on disk, or an old row
        stored.write(b"<!doctype html><script>alert(1)</script>")
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    assert_download(download(force, complaint, attachment), "application/octet-stream", "photo.bin")


def test_a_name_with_a_path_quotes_and_newlines_is_made_safe_and_urdu_names_survive(force, new_complaint):
    complaint = new_complaint()
    tricky = actions.add_attachment(complaint, actor=force.officers["desk_A"],
                                    upload=upload('..\\..\\evil"; filename=x.html', JPEG))
    assert_download(download(force, complaint, tricky), "image/jpeg", "evil_ filename=x.jpg")
    urdu = actions.add_attachment(complaint, actor=force.officers["desk_A"], upload=upload("تصویر.png"))
    response = download(force, complaint, urdu)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%D8%AA%D8%B5%D9%88%DB%8C%D8%B1.png"


@pytest.mark.parametrize(("name", "extension", "safe"), [
    ("photo.jpg", "jpg", "photo.jpg"),
    ("page.html", "jpg", "page.jpg"),
    ("no-extension", "pdf", "no-extension.pdf"),
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("C:\\Users\\x\\report.exe", "pdf", "report.pdf"),
    ("a\r\nSet-Cookie: x=1.png", "png", "a_Set-Cookie_ x=1.png"),
    ("...", "png", "attachment.png"),
    ("", "", "attachment"),
    ("x" * 300 + ".pdf", "pdf", "x" * 90 + ".pdf"),
])
def test_safe_filenames(name, extension, safe):
    assert safe_filename(name, extension, "attachment") == safe


def test_exports_and_the_monthly_report_are_downloads(client, force, new_complaint):
    new_complaint()
    client.force_login(force.officers["cell_A"])
    export = client.get("/officer/complaints/export.csv", {"box": "all"})
    assert export["Content-Disposition"].startswith('attachment; filename="') and export["X-Content-Type-Options"]
    client.force_login(force.officers["dpo_A"])
    monthly = client.get("/officer/reports/monthly/", {"unit": "DA", "month": "2026-10"})
    assert monthly.status_code == 200
    assert monthly["Content-Disposition"] == 'attachment; filename="monthly-DA-2026-10.pdf"'


def test_a_certificate_is_a_download(force, service, desk):  # noqa: F811
    request = issued(force, service, desk)
    page = Client()
    page.post("/services/track/", {"etag": request.etag_display, "mobile": "0300 1234567"})
    pdf = page.get(f"/services/track/{request.etag}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Disposition"] == f'attachment; filename="{request.certificate.number}.pdf"'
