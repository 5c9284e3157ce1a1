"""Lost-article reports: the citizen reports with a proven mobile and gets a numbered receipt at once (PDF in
their language with a QR code anyone can check), numbers without gaps under concurrent reports, validation in
the reader's language with nothing written, the stations' scope and CSV, and found articles matched to reports
with the reporter told where to collect."""

import io
import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from shikayat.core import ratelimit, verification
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.lost import actions, rules
from shikayat.lost.models import FoundArticle, LostReport, ReceiptCounter, ReportStatus
from shikayat.lost.pdf import receipt_html, receipt_pdf
from shikayat.notifications.models import OutboxMessage

from .test_citizen_pages import verify

IMEI = "490154203237518"  # a valid IMEI (Luhn)
MOBILE = "+923001234567"


def report_data(**overrides) -> dict:
    data = {"kind": "phone", "identifier": IMEI, "description": "Black Samsung A14",
            "lost_on": (timezone.localdate() - timedelta(days=3)).isoformat(), "station": "SA1", "place": "",
            "name": "Bilal Ahmed", "id_number": "35202-1234567-1", "mobile": "03001234567", "language": "en"}
    data.update(overrides)
    return data


def reported(**overrides) -> LostReport:
    return actions.report_lost(channel="web", data=report_data(**overrides))


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture(autouse=True)
def no_limits(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "LOST_MOBILE_RATE": "off", "LOST_CLIENT_RATE": "off"}


# --- the instant receipt ----------------------------------------------------------------------------------------


def test_a_web_report_gives_the_receipt_at_once_with_a_qr_code_anyone_can_check(client, force):
    # given a citizen who proved their mobile with a one-time code
    verify(client, next_url="/lost/")
    # when they report their lost phone
    form = {key: value for key, value in report_data().items() if key not in ("mobile", "language")}
    response = client.post("/lost/", form)
    # then the receipt is there at once, numbered, without any staff step
    report = LostReport.objects.get()
    year = timezone.localdate().year
    assert report.number == f"LOST-{year}-000001" and report.mobile == MOBILE and report.status == "reported"
    assert response.status_code == 302 and response["Location"] == f"/lost/{report.number}/"
    page = client.get(response["Location"]).content.decode()
    assert report.number in page and "not an FIR" in page
    # and the PDF carries the number and the verification address of its QR code
    pdf = client.get(f"/lost/{report.number}/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())
    code = verification.sign(report.number)
    assert report.number in text and "not an FIR" in text
    assert f"/verify-certificate/{code}/" in text.replace(" ", "")
    # and the SMS tells the number and a link to the PDF, which downloads it
    sms = OutboxMessage.objects.get(template="lost_reported", recipient=MOBILE, channel="sms")
    assert sms.context["number"] == report.number
    link = sms.context["receipt_url"].removeprefix("http://127.0.0.1:8000")
    assert client.logout() is None and client.get(link).content.startswith(b"%PDF")
    # and the verification page shows it genuine, with no personal data
    check = client.get(f"/verify-certificate/{code}/").content.decode()
    assert 'data-state="genuine"' in check and report.number in check and "7518" in check
    for private in ("Bilal", "35202", "3520212345671", "3001234567", IMEI):
        assert private not in check


def test_the_report_page_asks_for_the_one_time_code_first(client, force):
    response = client.get("/lost/")
    assert response.status_code == 302 and response["Location"].startswith("/verify/?next=/lost/")
    client.post("/lost/", {key: value for key, value in report_data().items()})
    assert not LostReport.objects.exists()


def fonts(content: bytes) -> str:
    """The names of the fonts a PDF's pages draw with."""
    names = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.append(str(font.get_object()["/BaseFont"]))
    return " ".join(names)


@pytest.mark.parametrize("lang, font", [("ur", "NotoNaskhArabic"), ("hi", "NotoSansDevanagari")])
def test_the_receipt_pdf_is_in_the_reporters_language(force, lang, font):
    report = reported(language=lang, name="بلال احمد" if lang == "ur" else "बिलाल अहमद")
    html = receipt_html(report)
    with translation.override(lang):
        label = _("Description")  # a label the catalogues already translate
    assert (f'lang="{lang}" dir="rtl"' if lang == "ur" else f'lang="{lang}" dir="ltr"') in html and label in html
    pdf = receipt_pdf(report)
    assert font in fonts(pdf).replace("-", "") and report.number in pdf_text(pdf)  # drawn in the language's own font
    # The words themselves are checked in the HTML the PDF is drawn from: pypdf reads Devanagari's vowel signs out
    # of order and some Urdu joined letters (ح, ف, ق) as others, so the PDF's text is only checked for the script.
    assert report.reporter_name in html
    assert re.search("[\u0600-\u06ff]{3}" if lang == "ur" else "[\u0900-\u097f]{3}", pdf_text(pdf))


def test_the_citizen_finds_their_receipts_again_by_mobile_code_and_nobody_else_can(client, force):
    mine = reported()
    other = reported(mobile="03219876543")
    verify(client)
    listing = client.get("/lost/mine/").content.decode()
    assert mine.number in listing and other.number not in listing
    assert client.get(f"/lost/{mine.number}/receipt.pdf").status_code == 200
    assert client.get(f"/lost/{other.number}/receipt.pdf").status_code == 404
    assert client.get(f"/lost/{other.number}/").status_code == 404


# --- verification -----------------------------------------------------------------------------------------------


def test_a_forged_or_altered_code_is_refused(client, force):
    report = reported()
    code = verification.sign(report.number)
    altered = code.replace("000001", "000002")
    forged = f"{report.number}:not-our-signature"
    for bad in (altered, forged):
        response = client.get(f"/verify-certificate/{bad}/")
        assert response.status_code == 404 and 'data-state="not_genuine"' in response.content.decode()


def test_a_withdrawn_report_checks_as_withdrawn(client, force):
    report = reported()
    with pytest.raises(PermissionDenied):
        actions.withdraw(report, mobile="+923219876543")
    verify(client)
    client.post(f"/lost/{report.number}/withdraw/")
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    check = client.get(f"/verify-certificate/{verification.sign(report.number)}/").content.decode()
    assert 'data-state="revoked"' in check
    assert OutboxMessage.objects.filter(template="lost_withdrawn", recipient=MOBILE).count() == 1
    with pytest.raises(TransitionNotAllowed):
        actions.withdraw(report, mobile=MOBILE)


# --- numbering --------------------------------------------------------------------------------------------------


def test_numbers_run_on_without_gaps_and_a_refused_report_takes_none(force):
    first = reported()
    with pytest.raises(InvalidInput):
        reported(identifier="490154203237519")  # bad Luhn
    second = reported(kind="passport", identifier="AB1234567")
    year = timezone.localdate().year
    assert [first.number, second.number] == [f"LOST-{year}-000001", f"LOST-{year}-000002"]
    assert ReceiptCounter.objects.get(year=year).last == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_get_consecutive_numbers_on_postgresql(force):
    assert connection.vendor == "postgresql"
    count, start, errors = 8, threading.Barrier(8), []

    def report(n: int) -> None:
        start.wait()
        try:
            reported(mobile=f"0300123450{n}")
        except Exception as error:  # pragma: no cover - shown by the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    year = timezone.localdate().year
    numbers = sorted(LostReport.objects.values_list("number", flat=True))
    assert errors == [] and numbers == [f"LOST-{year}-{n:06d}" for n in range(1, count + 1)]


# --- validation -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
@pytest.mark.parametrize("field, overrides, message", [
    ("identifier", {"identifier": "490154203237519"}, "This IMEI is not valid: please check the digits."),
    ("identifier", {"identifier": "12345"}, "An IMEI has 15 digits (dial *#06# on another phone of yours, or "
                                            "see the box)."),
    ("lost_on", {"lost_on": "2999-01-01"}, "The date of the loss cannot be in the future."),
    ("name", {"name": ""}, "Please give your name."),
    ("kind", {"kind": ""}, "Choose what was lost."),
    ("place", {"station": "", "place": ""}, "Choose the police station of the area, or say where it was lost."),
])
def test_bad_reports_are_refused_in_the_readers_language_and_nothing_is_written(force, lang, field, overrides,
                                                                                 message):
    with translation.override(lang), pytest.raises(InvalidInput) as refused:
        reported(language=lang, **overrides)
    with translation.override(lang):
        expected = _(message)
    assert expected in refused.value.fields[field]
    assert not LostReport.objects.exists() and not OutboxMessage.objects.filter(template="lost_reported").exists()
    assert not ReceiptCounter.objects.filter(last__gt=0).exists()


def test_the_form_shows_the_problems_in_the_page_language(client, force):
    verify(client)
    client.cookies["django_language"] = "ur"
    response = client.post("/lost/", {"kind": "phone", "identifier": "123", "lost_on": "2999-01-01",
                                      "station": "SA1", "name": "", "id_number": "1"},
                           HTTP_ACCEPT_LANGUAGE="ur")
    page = response.content.decode()
    with translation.override("ur"):
        expected = _("The date of the loss cannot be in the future.")
    assert '<html lang="ur" dir="rtl">' in page  # the page is in Urdu
    assert response.status_code == 400 and expected in page and not LostReport.objects.exists()


def test_identifiers_are_checked_by_kind():
    assert rules.luhn_ok(IMEI) and not rules.luhn_ok("490154203237519")
    assert rules.identifier_problem("id_card", "35202-1234567-1") == ""
    assert rules.identifier_problem("id_card", "1234 5678 9012") == ""  # Aadhaar
    assert rules.identifier_problem("id_card", "35202-12345") != ""
    assert rules.identifier_problem("passport", "ab 1234567") == ""
    assert rules.identifier_problem("passport", "1234567") != ""
    assert rules.identifier_problem("vehicle", "LEA-1234") == "" and rules.identifier_problem("vehicle", "LEA") != ""
    assert rules.identifier_problem("bank", "4242") == "" and rules.identifier_problem("bank", "ab") != ""
    assert rules.identifier_key(" lea - 1234 ") == "LEA1234"


def test_reports_are_rate_limited_per_mobile(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "LOST_MOBILE_RATE": "2/day"}
    ratelimit.reset("lost-mobile", MOBILE)
    reported()
    reported()
    with pytest.raises(ratelimit.RateLimited):
        reported()
    assert LostReport.objects.count() == 2


# --- the stations -----------------------------------------------------------------------------------------------


def test_a_station_sees_its_areas_reports_and_another_district_sees_nothing(client, force):
    in_a = reported(station="SA1", kind="id_card", identifier="35202-1234567-1")
    in_b = reported(station="SB1")
    client.force_login(force.officers["sho_A"])
    page = client.get("/officer/lost/").content.decode()
    assert in_a.number in page and in_b.number not in page
    found = client.get("/officer/lost/", {"q": "3520212345671"}).content.decode()
    assert in_a.number in found
    csv = client.get("/officer/lost/", {"format": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert in_a.number in body and in_b.number not in body
    client.force_login(force.officers["sho_B"])
    assert in_a.number not in client.get("/officer/lost/").content.decode()
    assert in_a.number not in b"".join(client.get("/officer/lost/?format=csv").streaming_content).decode()
    client.force_login(force.officers["cpo_cell"])  # no station role
    assert client.get("/officer/lost/").status_code == 404


def test_a_found_article_is_matched_and_the_reporter_told_where_to_collect_it(client, force):
    report = reported(kind="id_card", identifier="35202-1234567-1", language="ur")
    other_kind = reported(kind="passport", identifier="AB1234567")
    client.force_login(force.officers["sho_A"])
    # when the station records a found CNIC typed differently
    response = client.post("/officer/lost/found/", {
        "kind": "id_card", "identifier": "3520212345671", "found_on": timezone.localdate().isoformat(),
        "found_place": "Liberty Market", "station": "SA1", "kept_at": "Malkhana, Police Station SA1"})
    article = FoundArticle.objects.get()
    assert response.status_code == 302
    page = client.get(f"/officer/lost/found/{article.pk}/").content.decode()
    assert report.number in page and other_kind.number not in page
    # and confirms the match
    client.post(f"/officer/lost/found/{article.pk}/confirm/{report.number}/")
    report.refresh_from_db()
    article.refresh_from_db()
    assert report.status == ReportStatus.FOUND and article.report == report
    message = OutboxMessage.objects.get(template="lost_found", recipient=MOBILE)
    assert message.language == "ur" and message.context["kept_at"] == "Malkhana, Police Station SA1"
    assert message.context["number"] == report.number
    assert actions.matches(article) == []


def test_an_officer_of_another_district_cannot_confirm_or_record_for_a_station_not_theirs(force):
    report = reported(kind="id_card", identifier="35202-1234567-1")
    with pytest.raises(PermissionDenied):
        actions.record_found(actor=force.officers["sho_B"], data={
            "kind": "id_card", "identifier": "3520212345671", "found_on": timezone.localdate().isoformat(),
            "found_place": "x", "station": "SA1", "kept_at": "y"})
    article = actions.record_found(actor=force.officers["sho_A"], data={
        "kind": "id_card", "identifier": "3520212345671", "found_on": timezone.localdate().isoformat(),
        "found_place": "x", "station": "SA1", "kept_at": "y"})
    with pytest.raises(PermissionDenied):
        actions.confirm_match(article, report, actor=force.officers["sho_B"])
    report.refresh_from_db()
    assert report.status == ReportStatus.REPORTED and not OutboxMessage.objects.filter(template="lost_found")


def test_the_message_templates_render_in_three_languages(force):
    from shikayat.notifications.messages import render

    for lang in ("en", "ur", "hi"):
        text = render("lost_found", lang, {"number": "LOST-2026-000001", "kind": "CNIC", "kept_at": "Malkhana",
                                           "station": "SA1"})
        assert "LOST-2026-000001" in text and "Malkhana" in text
    assert re.search(r"LOST-\d{4}-\d{6}", render("lost_reported", "en", {
        "number": "LOST-2026-000001", "kind": "phone", "receipt_url": "http://x/"}))


def test_reports_are_rate_limited_per_client_address_whatever_the_mobile(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "LOST_CLIENT_RATE": "1/hour"}
    ratelimit.reset("lost-client", "ip:203.0.113.9")
    actions.report_lost(channel="web", data=report_data(), client="ip:203.0.113.9")
    with pytest.raises(ratelimit.RateLimited):
        actions.report_lost(channel="web", data=report_data(mobile="03219876543"), client="ip:203.0.113.9")
    assert LostReport.objects.count() == 1


def test_the_admin_lists_reports_read_only(client, force, django_user_model):
    report = reported()
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    listing = client.get("/admin/lost/lostreport/")
    assert listing.status_code == 200 and report.number in listing.content.decode()
    assert client.get("/admin/lost/lostreport/add/").status_code == 403


def test_a_found_article_with_bad_fields_is_refused_and_nothing_written(force):
    with pytest.raises(InvalidInput) as refused:
        actions.record_found(actor=force.officers["sho_A"], data={
            "kind": "phone", "identifier": "490154203237519", "found_on": "2999-01-01", "found_place": "",
            "station": "SA1", "kept_at": ""})
    fields = refused.value.fields
    assert fields["found_on"] == ["The date found cannot be in the future."]
    assert set(fields) == {"identifier", "found_on", "found_place", "kept_at"}
    assert not FoundArticle.objects.exists()


def test_a_place_with_a_point_is_reported_to_the_station_of_that_point(force):
    report = reported(station="", place="Near the canal bridge", lat="31.601", lng="74.401")
    assert report.station.code == "SA2" and report.station_path == report.station.path
