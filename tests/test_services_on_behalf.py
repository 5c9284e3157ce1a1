"""Verifications an employer or landlord applies for on behalf of the person
verified: that person's consent (a code sent to their mobile) is required on
every channel (domain, web, counter, WhatsApp), a wrong or expired code is
refused in the three languages, the certificate and the verify page name the
person verified, the applicant follows the status, the person is told."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from shikayat.accounts.models import Rank, Role
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import clock, verification
from shikayat.core.errors import InvalidInput
from shikayat.demo.verifications import load_verifications
from shikayat.notifications.models import OutboxMessage
from shikayat.services import actions, consent
from shikayat.services.models import Certificate, Consent, OnBehalf, Service, ServiceRequest

from .factories import officer
from .test_bot import Chat, bot, in_language  # noqa: F401 (bot is a fixture)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64
EMPLOYER, EMPLOYEE = "+923001234567", "+923217654321"


@pytest.fixture
def employee_service(force):
    load_verifications()
    return Service.objects.get(code="employee-verification")


@pytest.fixture
def desk(force):
    return officer("svc_A", Rank.ASI, [(force.units["dA"], Role.SERVICE_CENTRE)])


def application(**overrides) -> dict:
    data = {"name": "Shahid Mehmood", "father_name": "Mehmood Akhtar", "id_number": "35202-7654321-3",
            "mobile": "03001234567", "address": "Street 9, Township, Lahore", "station": "SA1",
            "purpose": "Employment as a driver", "language": "en", "applicant_name": "Ayesha Siddiqui",
            "applicant_id_number": "35202-1111111-2", "organisation": "Siddiqui Textiles",
            "subject_mobile": "03217654321"}
    data.update(overrides)
    return data


def documents() -> dict:
    return {"cnic": SimpleUploadedFile("cnic.pdf", PDF), "photo": SimpleUploadedFile("p.png", PNG),
            "employer": SimpleUploadedFile("letter.pdf", PDF)}


def sent_code(to: str = EMPLOYEE) -> str:
    return OutboxMessage.objects.filter(template="service_consent_code", recipient=to).latest("pk").context["code"]


def ask(service, **kw) -> Consent:
    return consent.request_consent(service_code=service.code, subject_name="Shahid Mehmood",
                                   subject_mobile="03217654321", applicant_name="Ayesha Siddiqui",
                                   applicant_mobile=EMPLOYER, **kw)


def test_an_employer_applies_with_the_employees_consent_and_the_certificate_names_the_employee(
        force, employee_service, desk):
    # Given the employer asked for the employee's consent, and the employee gave them the code
    pending = ask(employee_service)
    sms = OutboxMessage.objects.get(template="service_consent_code")
    assert sms.recipient == EMPLOYEE and sms.channel == "sms" and sms.context["applicant"] == "Ayesha Siddiqui"
    consent.confirm(pending.token, sent_code(), by="Ayesha Siddiqui")
    # When the employer applies
    request = actions.apply(actor=CitizenActor(mobile=EMPLOYER), channel="web", service_code=employee_service.code,
                            data=application(consent=pending.token), uploads=documents())
    # Then the application records who applied, for whom, and the consent (who, when, how)
    behalf = OnBehalf.objects.get(request=request)
    assert (behalf.applicant_name, behalf.organisation, behalf.subject_mobile) == (
        "Ayesha Siddiqui", "Siddiqui Textiles", EMPLOYEE)
    pending.refresh_from_db()
    assert pending.request == request and pending.confirmed_via == "code" and pending.confirmed_by == "Ayesha Siddiqui"
    assert [e.action for e in request.events.all()] == ["apply", "consent"]
    # And the employee is told, the employer gets the E-tag
    told = OutboxMessage.objects.get(template="service_subject_told")
    assert told.recipient == EMPLOYEE and told.context["etag"] == request.etag_display
    assert OutboxMessage.objects.filter(template="service_received", recipient=EMPLOYER).exists()
    # When it is verified and approved, the certificate and the verify page name the employee
    request = actions.verify_address(request, actor=force.officers["sho_A"], confirmed=True, note="Lives there")
    request = actions.check_record(request, actor=desk, clear=True, note="No record")
    request = actions.approve(request, actor=desk)
    certificate = Certificate.objects.get(request=request)
    assert certificate.holder_name == "Shahid Mehmood"
    checked = verification.check(actions.verification_code(certificate))
    assert checked.state == "genuine" and ("Issued to", "Shahid Mehmood") in [(str(k), v) for k, v in checked.facts]
    page = Client().get(verification.path(certificate.number)).content.decode()
    assert "Shahid Mehmood" in page and "35202" not in page and "Ayesha" not in page
    # And the employer follows the status with their own mobile
    employer = Client()
    assert employer.post("/services/track/", {"etag": request.etag_display, "mobile": "03001234567"}).status_code == 302
    status = employer.get(f"/services/track/{request.etag}/")
    assert status.status_code == 200 and "Shahid Mehmood" in status.content.decode()
    assert "Ayesha Siddiqui" in status.content.decode()
    # And the staff see who applied and the consent recorded
    staff = Client()
    staff.force_login(desk)
    page = staff.get(f"/officer/services/{request.etag}/").content.decode()
    assert 'id="consent"' in page and "Code sent by SMS, entered by the applicant" in page
    assert "Siddiqui Textiles" in page and "0321" in page.replace("+92321", "0321")
    # The consent is used once: a second application cannot reuse it
    with pytest.raises(InvalidInput) as refused:
        actions.apply(actor=CitizenActor(mobile=EMPLOYER), channel="web", service_code=employee_service.code,
                      data=application(consent=pending.token), uploads=documents())
    assert "consent_code" in refused.value.fields


def test_without_a_confirmed_consent_the_domain_refuses_and_writes_nothing(force, employee_service):
    unconfirmed = ask(employee_service)
    other = consent.request_consent(service_code=employee_service.code, subject_name="Someone Else",
                                    subject_mobile="03331234567", applicant_name="Ayesha Siddiqui")
    consent.confirm(other.token, sent_code("+923331234567"), by="x")
    for token in ("", "made-up", unconfirmed.token, other.token):  # none, forged, not confirmed, another person's
        with pytest.raises(InvalidInput) as refused:
            actions.apply(actor=CitizenActor(mobile=EMPLOYER), channel="web", service_code=employee_service.code,
                          data=application(consent=token), uploads=documents())
        assert "consent_code" in refused.value.fields
    # The applicant cannot give their own number as the person's
    with pytest.raises(InvalidInput) as refused:
        actions.apply(actor=CitizenActor(mobile=EMPLOYER), channel="web", service_code=employee_service.code,
                      data=application(subject_mobile="03001234567", consent=other.token), uploads=documents())
    assert "subject_mobile" in refused.value.fields
    assert not ServiceRequest.objects.exists() and not OnBehalf.objects.exists()


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_wrong_and_expired_codes_are_refused_in_the_applicants_language(force, employee_service, lang):
    now = clock.now()
    pending = ask(employee_service, language=lang, now=now)
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    with translation.override(lang):
        with pytest.raises(InvalidInput) as refused:
            consent.confirm(pending.token, wrong, by="x", now=now)
        assert refused.value.fields["consent_code"] == [in_language(
            lang, "The consent code is not right. You have %(left)d more tries.", left=4)]
        with pytest.raises(InvalidInput) as expired:  # the right code, too late
            consent.confirm(pending.token, code, by="x", now=now + consent.VALID_FOR + timedelta(seconds=1))
        assert expired.value.fields["consent_code"] == [in_language(
            lang, "This consent code has expired. Please ask for a new one.")]
    pending.refresh_from_db()
    assert pending.confirmed_at is None and pending.attempts == 1
    # Five wrong tries spend the code: the right one is refused after them
    again = ask(employee_service, now=now)
    for _ in range(consent.MAX_ATTEMPTS):
        with pytest.raises(InvalidInput):
            consent.confirm(again.token, wrong, by="x", now=now)
    with pytest.raises(InvalidInput):
        consent.confirm(again.token, sent_code(), by="x", now=now)
    assert not Consent.objects.filter(confirmed_at__isnull=False).exists()


def web_form(**extra) -> dict:
    return {**application(), "doc_cnic": SimpleUploadedFile("c.pdf", PDF),
            "doc_photo": SimpleUploadedFile("p.png", PNG), "doc_employer": SimpleUploadedFile("l.pdf", PDF), **extra}


@pytest.mark.parametrize("channel", ["web", "counter"])
def test_the_web_form_and_the_counter_send_the_code_and_need_it(force, employee_service, desk, channel):
    client = Client()
    url = f"/services/{employee_service.code}/apply/"
    if channel == "counter":
        client.force_login(desk)
        url = f"/officer/services/new/{employee_service.code}/"
    # When the applicant submits without a code, a code is sent and nothing is registered
    first = client.post(url, web_form(send_code="1"))
    assert first.status_code == 200 and not ServiceRequest.objects.exists()
    token = first.context["form"].data["consent"]
    assert Consent.objects.get(token=token).subject_mobile == EMPLOYEE
    # A wrong code is refused on the form
    wrong = client.post(url, web_form(consent=token, consent_code="12"))
    assert wrong.status_code == 400 and not ServiceRequest.objects.exists()
    assert "The consent code is not right" in wrong.content.decode()
    # The right code registers the application with its consent
    done = client.post(url, web_form(consent=token, consent_code=sent_code()))
    assert done.status_code == 302
    made = ServiceRequest.objects.get()
    assert made.channel == channel and made.consent.token == token
    assert made.on_behalf.applicant_name == "Ayesha Siddiqui" and made.consent.confirmed_at is not None


@pytest.fixture
def tenant_service(bot):  # noqa: F811
    """A landlord's tenant registration, without documents (the chat goes straight to confirm)."""
    return Service.objects.create(code="tenant-registration", name_en="Tenant registration",
                                  name_ur="کرایہ دار کا اندراج", name_hi="किरायेदार पंजीकरण", sla_hours=48,
                                  issues_certificate=False, needs_record_check=False, on_behalf=True)


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_a_landlord_applies_on_whatsapp_only_with_the_tenants_code(tenant_service, lang):
    landlord = Chat()
    landlord.start(lang)
    landlord.say("5")  # Verification
    landlord.tap("ver:apply")
    landlord.tap("svc:tenant-registration")
    assert landlord.state == "svc:applicant_name"
    landlord.say("Ayesha Siddiqui")
    landlord.say("35202-1111111-2")
    landlord.tap("skip")
    landlord.say("Shahid Mehmood")
    landlord.say("35202-7654321-3")
    landlord.say("Street 9, Township")
    landlord.say("SA1")
    assert landlord.state == "svc:subject_mobile"
    [refused] = landlord.say("03001234567")  # the landlord's own number
    assert refused.context["text"] == in_language(
        lang, "The person verified must give their own mobile number, not the applicant's.")
    landlord.say("0321 7654321")
    assert landlord.state == "svc:consent_code"
    [wrong] = landlord.say("999999" if sent_code() != "999999" else "888888")
    assert wrong.context["text"] == in_language(lang, "The consent code is not right. You have %(left)d more tries.",
                                                left=4)
    assert landlord.state == "svc:consent_code" and not ServiceRequest.objects.exists()
    landlord.say(sent_code())
    assert landlord.state == "svc:confirm"
    landlord.tap("yes")
    made = ServiceRequest.objects.get()
    assert made.channel == "whatsapp" and made.applicant_name == "Shahid Mehmood" and made.mobile == EMPLOYER
    assert made.consent.confirmed_via == "code" and made.on_behalf.subject_mobile == EMPLOYEE


def test_the_tenant_can_consent_from_their_own_whatsapp(tenant_service):
    landlord = Chat()
    landlord.start()
    landlord.say("5")
    landlord.tap("ver:apply")
    landlord.tap("svc:tenant-registration")
    for answer in ("Ayesha Siddiqui", "35202-1111111-2", "skip", "Shahid Mehmood", "35202-7654321-3",
                   "Street 9, Township", "SA1", "03217654321"):
        landlord.say(answer)
    # When the tenant sends the code to the bot from the number it went to
    tenant = Chat(wa_id="923217654321", phone=EMPLOYEE)
    tenant.start("ur")
    [thanks] = tenant.say(sent_code())
    assert "Ayesha Siddiqui" in thanks.context["text"] and thanks.language == "ur"
    # Then the landlord goes on without typing it
    landlord.say("ok")
    assert landlord.state == "svc:confirm"
    landlord.tap("yes")
    assert ServiceRequest.objects.get().consent.confirmed_via == "whatsapp"
