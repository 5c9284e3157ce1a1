"""A citizen applies for a character certificate in Urdu in a real browser,
follows it, and downloads the certificate once the police have issued it."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from shikayat.accounts.models import Rank, Role
from shikayat.services import actions
from shikayat.services.models import RequiredDocument, Service, ServiceRequest

from ..factories import build_force, officer

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


@pytest.mark.django_db(transaction=True)
def test_a_character_certificate_applied_for_in_urdu(live_server, browser_page):
    force = build_force()
    desk = officer("svc_A", Rank.ASI, [(force.units["dA"], Role.SERVICE_CENTRE)])
    service = Service.objects.create(code="character-certificate", name_en="Character certificate",
                                     name_ur="کریکٹر سرٹیفکیٹ", name_hi="चरित्र प्रमाण पत्र")
    RequiredDocument.objects.create(service=service, code="cnic", name_en="Copy of CNIC",
                                    name_ur="شناختی کارڈ کی نقل", name_hi="पहचान पत्र की प्रति")
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/")
    page.select_option("select[name=language]", "ur")
    page.wait_for_selector("html[lang=ur][dir=rtl]")
    page.goto(f"{live_server.url}/services/")
    page.click(f"a[href='/services/{service.code}/apply/']")
    page.wait_for_selector("text=کریکٹر سرٹیفکیٹ")
    page.fill("input[name=name]", "بلال احمد")
    page.fill("input[name=id_number]", "35202-1234567-1")
    page.fill("input[name=mobile]", "03001234567")
    page.fill("textarea[name=address]", "مکان 12، گلی 4، ماڈل ٹاؤن")
    page.select_option("select[name=station]", "SA1")
    # A wrong file first: the form says so in Urdu and keeps nothing.
    page.set_input_files("input[name=doc_cnic]", {"name": "cnic.exe", "mimeType": "application/octet-stream",
                                                  "buffer": b"MZ" + b"\x00" * 60})
    page.click("form button[type=submit]")
    page.wait_for_selector("text=دستاویزات تصویر (JPEG، PNG) یا PDF فائل ہونی چاہییں۔")
    assert not ServiceRequest.objects.exists()
    page.fill("input[name=name]", "بلال احمد")
    page.fill("input[name=mobile]", "03001234567")
    page.fill("textarea[name=address]", "مکان 12، گلی 4، ماڈل ٹاؤن")
    page.fill("input[name=id_number]", "35202-1234567-1")
    page.select_option("select[name=station]", "SA1")
    page.set_input_files("input[name=doc_cnic]", {"name": "cnic.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.screenshot(path=str(ARTIFACTS / "service-application-ur.png"), full_page=True)
    page.click("form button[type=submit]")
    request = None
    page.wait_for_selector("#status")
    request = ServiceRequest.objects.get()
    assert request.language == "ur" and request.applicant_name == "بلال احمد"
    assert page.locator(f"text={request.etag_display}").first.is_visible()

    request = actions.verify_address(request, actor=force.officers["sho_A"], confirmed=True, note="")
    request = actions.check_record(request, actor=desk, clear=True, note="")
    actions.approve(request, actor=desk)
    page.reload()
    with page.expect_download() as download:
        page.click(f"a[href='/services/track/{request.etag}/certificate.pdf']")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages)
    assert "کریکٹر سرٹیفکیٹ" in text and "بلال احمد" in text
    page.screenshot(path=str(ARTIFACTS / "service-status-ur.png"), full_page=True)
