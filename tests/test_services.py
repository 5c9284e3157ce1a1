"""Citizen services: a character certificate from application to a PDF
whose QR code verifies publicly; revoked, forged, altered and random codes
fail; bad applications are refused with nothing written."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from shikayat.accounts.models import Rank, Role
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import verification
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.notifications.models import OutboxMessage
from shikayat.services import actions
from shikayat.services.models import Certificate, RequestDocument, RequiredDocument, Service, ServiceRequest
from shikayat.services.pdf import certificate_pdf

from .factories import officer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


@pytest.fixture
def service(force):
    row = Service.objects.create(code="character-certificate", name_en="Character certificate",
                                 name_ur="کریکٹر سرٹیفکیٹ", name_hi="चरित्र प्रमाण पत्र", sla_hours=72,
                                 fee_note_en="Rs 500 at the counter")
    RequiredDocument.objects.create(service=row, code="cnic", name_en="Copy of CNIC", name_ur="شناختی کارڈ کی نقل",
                                    name_hi="पहचान पत्र की प्रति")
    RequiredDocument.objects.create(service=row, code="photo", name_en="Photograph", name_ur="تصویر",
                                    name_hi="फ़ोटो")
    return row


@pytest.fixture
def desk(force):
    """Service-centre staff of district A."""
    return officer("svc_A", Rank.ASI, [(force.units["dA"], Role.SERVICE_CENTRE)])


def application(**overrides) -> dict:
    data = {"name": "Bilal Ahmed", "father_name": "Ahmed Ali", "id_number": "35202-1234567-1",
            "mobile": "03001234567", "address": "House 12, Street 4, Model Town", "station": "SA1",
            "purpose": "Employment abroad", "language": "en"}
    data.update(overrides)
    return data


def documents(**overrides) -> dict:
    files = {"cnic": SimpleUploadedFile("cnic.pdf", PDF, content_type="application/pdf"),
             "photo": SimpleUploadedFile("me.png", PNG, content_type="image/png")}
    files.update(overrides)
    return {code: f for code, f in files.items() if f is not None}


def citizen() -> CitizenActor:
    return CitizenActor(mobile="+923001234567")


def issued(force, service, desk, **data):
    request = actions.apply(actor=citizen(), channel="web", service_code=service.code,
                            data=application(**data), uploads=documents())
    request = actions.verify_address(request, actor=force.officers["sho_A"], confirmed=True, note="Lives there")
    request = actions.check_record(request, actor=desk, clear=True, note="No record")
    return actions.approve(request, actor=desk)


def test_a_character_certificate_from_application_to_a_verified_qr_code(force, service, desk):
    request = actions.apply(actor=citizen(), channel="web", service_code=service.code,
                            data=application(), uploads=documents())
    assert request.status == "submitted" and request.etag and request.documents.count() == 2
    assert OutboxMessage.objects.filter(template="service_received", recipient="+923001234567").exists()
    with pytest.raises(TransitionNotAllowed):  # not before the steps
        actions.approve(request, actor=desk)
    with pytest.raises(PermissionDenied):  # another district's station may not verify
        actions.verify_address(request, actor=force.officers["sho_B"], confirmed=True, note="")
    request = actions.verify_address(request, actor=force.officers["sho_A"], confirmed=True, note="Neighbours")
    request = actions.check_record(request, actor=desk, clear=True, note="No FIR against him")
    request = actions.approve(request, actor=desk)
    certificate = Certificate.objects.get(request=request)
    assert request.status == "issued" and certificate.holder_name == "Bilal Ahmed"
    assert [e.action for e in request.events.all()] == ["apply", "verify_address", "check_record", "approve"]

    # The citizen downloads the PDF after tracking with E-tag and mobile; its QR code's address verifies.
    page = Client()
    assert page.post("/services/track/", {"etag": request.etag_display, "mobile": "0300 1234567"}).status_code == 302
    pdf = page.get(f"/services/track/{request.etag}/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Bilal Ahmed" in text and certificate.number in text
    url = re.search(r"http\S+/verify-certificate/\S+/", text.replace("\n", "")).group(0)
    assert url == actions.verification_url(certificate)
    verified = Client().get(url[url.index("/verify-certificate/"):])
    assert verified.status_code == 200 and 'data-state="genuine"' in verified.content.decode()
    assert "Bilal Ahmed" in verified.content.decode() and "35202" not in verified.content.decode()


def test_a_revoked_certificate_forged_altered_and_random_codes_fail(force, service, desk):
    certificate = Certificate.objects.get(request=issued(force, service, desk))
    code = actions.verification_code(certificate)
    number, signature = code.split(":")
    assert verification.check(code).state == "genuine"
    other = Certificate.objects.get(request=issued(force, service, desk, name="Sara Khan"))
    forged = f"{other.number}:{signature}"  # another certificate's number under this one's signature
    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in (forged, altered, "K7QM-4XZ2", "", "x" * 500):
        assert verification.check(bad).state == "not_genuine"
        assert Client().get("/verify-certificate/", {"code": bad}).status_code in (200, 404)
    assert Client().get(f"/verify-certificate/{altered}/").status_code == 404
    actions.revoke(certificate, actor=desk, reason="Issued on a false address")
    assert verification.check(code).state == "revoked"
    answer = Client().get(f"/verify-certificate/{code}/").content.decode()
    assert 'data-state="revoked"' in answer
    with pytest.raises(InvalidInput):
        actions.revoke(other, actor=desk, reason=" ")


def test_certificate_pdf_in_urdu_has_correctly_shaped_urdu_text(force, service, desk):
    request = issued(force, service, desk, language="ur", name="بلال احمد")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        certificate_pdf(request.certificate))).pages)
    assert "کریکٹر سرٹیفکیٹ" in text and "بلال احمد" in text


@pytest.mark.parametrize("uploads, field, says", [
    ({"photo": None}, "photo", "Please attach"),  # a required document missing
    ({"cnic": SimpleUploadedFile("cnic.exe", b"MZ\x90\x00" + b"\x00" * 60)}, "cnic", "photos (JPEG, PNG) or PDF"),
    ({"cnic": SimpleUploadedFile("voice.ogg", b"OggS" + b"\x00" * 60)}, "cnic", "photos (JPEG, PNG) or PDF"),
    ({"extra": SimpleUploadedFile("x.png", PNG)}, "extra", "does not ask for"),
])
def test_bad_documents_are_refused_and_nothing_is_written(force, service, uploads, field, says):
    with pytest.raises(InvalidInput) as refused:
        actions.apply(actor=citizen(), channel="web", service_code=service.code, data=application(),
                      uploads=documents(**uploads))
    assert says in " ".join(refused.value.fields[field])
    assert not ServiceRequest.objects.exists() and not RequestDocument.objects.exists()


def test_bad_applications_name_every_problem(force, service):
    with pytest.raises(InvalidInput) as refused:
        actions.apply(actor=citizen(), channel="web", service_code=service.code,
                      data=application(name="", mobile="12", station="NOWHERE", is_overseas=True),
                      uploads=documents())
    assert {"name", "mobile", "station", "country"} <= set(refused.value.fields)
    with pytest.raises(PermissionDenied):  # the counter is for service-centre staff
        actions.apply(actor=force.officers["sho_A"], channel="counter", service_code=service.code,
                      data=application(), uploads=documents())
    assert not ServiceRequest.objects.exists()


def test_the_web_form_shows_the_document_errors_and_the_console_counts_the_centre(force, service, desk):
    page = Client()
    answer = page.post(f"/services/{service.code}/apply/", {**application(), "doc_cnic": SimpleUploadedFile(
        "cnic.exe", b"MZ" + b"\x00" * 60)})
    assert answer.status_code == 400 and "photos (JPEG, PNG) or PDF" in answer.content.decode()
    answer = page.post(f"/services/{service.code}/apply/", {**application(), "doc_cnic": SimpleUploadedFile(
        "cnic.pdf", PDF), "doc_photo": SimpleUploadedFile("me.png", PNG)})
    assert answer.status_code == 302
    made = ServiceRequest.objects.get()
    assert page.get(answer["Location"]).status_code == 200
    staff = Client()
    staff.force_login(desk)
    assert made.etag_display in staff.get("/officer/services/").content.decode()
    assert staff.post(f"/officer/services/{made.etag}/address_ok/", {"note": "ok"}).status_code == 302



def test_an_undecided_application_past_its_deadline_is_flagged_once_to_the_staff(force, service, desk):
    from datetime import timedelta

    from shikayat.deadlines.sweep import run_sweep

    desk.mobile = "+923005550000"
    desk.save()
    request = actions.apply(actor=citizen(), channel="web", service_code=service.code, data=application(),
                            uploads=documents())
    assert run_sweep(now=request.due_at - timedelta(minutes=1))["service_breaches"] == 0
    assert run_sweep(now=request.due_at + timedelta(minutes=1))["service_breaches"] == 1
    assert run_sweep(now=request.due_at + timedelta(hours=1))["service_breaches"] == 0
    [told] = OutboxMessage.objects.filter(template="service_overdue")
    assert told.recipient == "+923005550000" and request.etag_display in told.context["etag"]
    staff = Client()
    staff.force_login(desk)
    assert "overdue" in staff.get("/officer/services/").content.decode()


def test_staff_steps_without_their_reason_or_outside_the_jurisdiction_change_nothing(force, service, desk):
    request = actions.apply(actor=citizen(), channel="web", service_code=service.code, data=application(),
                            uploads=documents())
    for step, kwargs in ((actions.reject, {"reason": " "}), (actions.verify_address, {"confirmed": False, "note": ""}),
                         (actions.check_record, {"clear": False, "note": ""})):
        with pytest.raises(InvalidInput):
            step(request, actor=desk, **kwargs)
    staff = Client()
    staff.force_login(desk)
    page = staff.post(f"/officer/services/{request.etag}/reject/", {"note": ""}, follow=True)
    assert "Give the reason for rejecting the application." in page.content.decode()
    assert staff.post(f"/officer/services/{request.etag}/no-such-step/").status_code == 404
    other = Client()
    other.force_login(officer("svc_B", Rank.ASI, [(force.units["dB"], Role.SERVICE_CENTRE)]))
    assert other.get(f"/officer/services/{request.etag}/").status_code == 404
    assert other.post(f"/officer/services/{request.etag}/approve/").status_code == 404
    request.refresh_from_db()
    assert request.status == "submitted" and list(request.events.values_list("action", flat=True)) == ["apply"]
