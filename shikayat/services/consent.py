"""The consent of the person verified when an employer or landlord applies on
their behalf (tenant, domestic worker, employee verification).

A six-digit code goes by SMS (outbox) to the person's mobile, saying who asks
and for what; the applicant enters it (web, counter, WhatsApp) or the person
confirms on WhatsApp from that mobile. Valid 30 minutes, 5 wrong tries spend
the code, at most 3 codes an hour to one mobile; only a hash is stored. The
confirmed consent is then used once, by actions.apply, which refuses an
on-behalf application without it."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shikayat.core import clock
from shikayat.core.errors import InvalidInput, NotFound
from shikayat.core.phones import normalise_mobile
from shikayat.core.ratelimit import Rate, RateLimited, hit
from shikayat.notifications.outbox import enqueue

from .models import Consent, ConsentVia, Service

VALID_FOR = timedelta(minutes=30)
USABLE_FOR = timedelta(hours=24)  # a confirmed consent not used by an application within this lapses
MAX_PER_HOUR = 3
MAX_ATTEMPTS = 5
CLIENT_PER_HOUR = 20


def _hash(token: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"consent:{token}:{code}".encode(), hashlib.sha256).hexdigest()


def _field_error(field: str, message: str, code: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]}, code=code)


def request_consent(*, service_code: str, subject_name: str, subject_mobile: str, applicant_name: str,
                    applicant_mobile: str = "", client: str = "", language: str = "en",
                    now: datetime | None = None) -> Consent:
    """Send the person verified a code for this application; returns the pending consent (its token goes with
    the form or the conversation, never the code)."""
    now = now or clock.now()
    service = Service.objects.filter(code=service_code, is_active=True, on_behalf=True).first()
    if service is None:
        raise NotFound(_("This service is not applied for on someone's behalf."))
    try:
        mobile = normalise_mobile(subject_mobile)
    except InvalidInput as error:
        raise _field_error("subject_mobile", str(error.message), "subject_mobile") from error
    subject_name, applicant_name = (subject_name or "").strip()[:150], (applicant_name or "").strip()[:150]
    if not subject_name:
        raise _field_error("name", _("Please give the name of the person to be verified."), "name")
    if not applicant_name:
        raise _field_error("applicant_name", _("Please give your name (the employer or landlord)."),
                           "applicant_name")
    if applicant_mobile and normalise_mobile(applicant_mobile) == mobile:
        raise _field_error("subject_mobile", _("The person verified must give their own mobile number, not "
                                               "the applicant's."), "same_mobile")
    with transaction.atomic():
        recent = list(Consent.objects.select_for_update()
                      .filter(subject_mobile=mobile, sent_at__gte=now - timedelta(hours=1)))
        if len(recent) >= MAX_PER_HOUR:
            raise RateLimited(_("Too many consent codes were sent to this number. Please try again in an hour."))
        if client and hit("consent-client", client, Rate(CLIENT_PER_HOUR, 3600)) > CLIENT_PER_HOUR:
            raise RateLimited(_("Too many consent codes were requested from this connection. Please try again "
                                "later."))
        token, code = secrets.token_hex(16), f"{secrets.randbelow(10**6):06d}"
        consent = Consent.objects.create(
            token=token, service=service, subject_name=subject_name, subject_mobile=mobile,
            applicant_name=applicant_name, applicant_mobile=applicant_mobile, code_hash=_hash(token, code),
            language=language, sent_at=now, expires_at=now + VALID_FOR)
        enqueue(channel="sms", recipient=mobile, template="service_consent_code", language=language,
                context={"applicant": applicant_name, "service": service.name_in(language), "code": code,
                         "minutes": int(VALID_FOR.total_seconds() // 60)}, dedupe_key=f"consent:{consent.pk}")
    return consent


def pending(token: str) -> Consent | None:
    return Consent.objects.filter(token=token or "").select_related("service").first() if token else None


def confirm(token: str, code: str, *, by: str, via: str = ConsentVia.CODE, now: datetime | None = None) -> Consent:
    """The code the person verified received, given back: the consent is recorded (who, when, how). A wrong
    try is counted (and committed) before the refusal; an expired or spent code is refused."""
    now = now or clock.now()
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(token=token or "").first()
        if consent is None:
            raise _field_error("consent_code", _("Please ask for a consent code first."), "consent_missing")
        matches = hmac.compare_digest(consent.code_hash, _hash(consent.token, code))
        if consent.confirmed_at is not None and matches:
            return consent  # the same code again (a form sent twice): already recorded
        if consent.expires_at < now or consent.attempts >= MAX_ATTEMPTS:
            raise _field_error("consent_code", _("This consent code has expired. Please ask for a new one."),
                               "consent_expired")
        if matches and consent.confirmed_at is None:
            consent.confirmed_at, consent.confirmed_via, consent.confirmed_by = now, via, (by or "")[:150]
            consent.save(update_fields=["confirmed_at", "confirmed_via", "confirmed_by"])
            return consent
        consent.attempts += 1
        consent.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - consent.attempts
    if left <= 0:
        raise _field_error("consent_code", _("This consent code has expired. Please ask for a new one."),
                           "consent_expired")
    raise _field_error("consent_code", _("The consent code is not right. You have %(left)d more tries.")
                       % {"left": left}, "consent_wrong")


def confirm_by_subject(mobile: str, code: str, *, now: datetime | None = None) -> Consent | None:
    """The person verified confirms from their own mobile (WhatsApp gives the number): the latest pending code
    sent to that number, if the code matches."""
    now = now or clock.now()
    latest = (Consent.objects.filter(subject_mobile=mobile, confirmed_at__isnull=True, expires_at__gte=now)
              .order_by("-sent_at").first())
    if latest is None:
        return None
    return confirm(latest.token, code, by=_("The person verified, from %(mobile)s") % {"mobile": mobile},
                   via=ConsentVia.WHATSAPP, now=now)


def take_for(consent_token: str, *, service: Service, subject_mobile: str, now: datetime) -> Consent:
    """The confirmed consent an on-behalf application uses, locked; refused (InvalidInput on consent_code) when
    missing, not confirmed, for another service or mobile, already used or lapsed."""
    consent = Consent.objects.select_for_update().filter(token=consent_token or "").first()
    refusal = _("The consent of the person to be verified is required: send them a code and enter it.")
    if (consent is None or consent.confirmed_at is None or consent.service_id != service.pk
            or consent.subject_mobile != subject_mobile or consent.request_id is not None
            or consent.confirmed_at < now - USABLE_FOR):
        raise _field_error("consent_code", refusal, "consent_required")
    return consent
