"""POST requests: an Open311 service request read into intake's input and registered through
complaints.intake.register_complaint, the door every channel passes (same validation, routing, E-tag,
acknowledgement). What Open311 adds — the service's attributes, the place as lat/long or address_string, the
integrator recorded as the source — is checked here first, and every problem of the request, ours and intake's,
is answered at once. A key on probation (Integrator.review_first), or a service checked first (CheckedService),
gets its request stored, validated, for the complaint cell to accept (then registered as it is) or refuse."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from shikayat.categories.models import Category
from shikayat.channels.sms_parse import guess_language
from shikayat.complaints import intake, routing
from shikayat.complaints.models import Channel, Complaint
from shikayat.complaints.permissions import SystemActor
from shikayat.core import clock
from shikayat.core.errors import InvalidInput
from shikayat.core.input import FieldErrors, field_text
from shikayat.integrations.models import Integrator
from shikayat.jurisdictions.selectors import area_named_in

from . import attributes, catalogue
from .models import Open311Request, RequestState
from .render import Open311Error, about

# Intake's field → the Open311 parameter the client sent it as (its errors are answered under these names).
PARAMETER = {"category": "service_code", "description": "description", "name": "first_name", "mobile": "phone",
             "anonymous": "phone", "email": "email", "lat": "lat", "lng": "long", "incident_address": "address_string",
             "language": "locale"}
PLACE = frozenset({"lat", "long", "address_string"})
RECORDED = (("device_id", 100), ("account_id", 100), ("address_id", 100), ("jurisdiction_id", 100))
MEDIA_URL = URLValidator(schemes=["http", "https"])


@dataclass
class Posted:
    request: Open311Request
    complaint: Complaint | None
    contact_hours: int


def actor_for(integrator: Integrator) -> SystemActor:
    """Who registers an Open311 complaint on the timeline: the integrator, by name."""
    return SystemActor(name=f"Open311: {integrator.name}"[:150])


def refused_service(code: str, integrator: Integrator) -> catalogue.Service:
    """The open service this key may post to, or the error that says why not."""
    if not code:
        raise Open311Error(400, about("service_code", _("Please give the service the request is about.")))
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, about("service_code", _("There is no service “%(code)s”.") % {"code": code[:40]}))
    if not catalogue.is_open(category.effective_sop()):
        raise Open311Error(403, _("Complaints of this kind are confidential and are not taken from other "
                                  "applications. Please lodge it yourself on %(url)s, by the police helpline or "
                                  "WhatsApp, or at any police station.") % {"url": settings.SHIKAYAT["PUBLIC_URL"]})
    service = catalogue.services(integrator).get(code)  # the key's chosen services (and those below them)
    if service is None:
        raise Open311Error(403, about("service_code", _("This API key may not post to “%(code)s”.")
                                      % {"code": code[:40]}))
    return service


def _footer(integrator: Integrator) -> str:
    return _("Sent through Open311 by %(integrator)s.") % {"integrator": integrator.name}


def _intake_data(form, category: Category, lines: list[str], integrator: Integrator, language: str) -> dict:
    name = " ".join(part for part in (field_text(form, "first_name"), field_text(form, "last_name")) if part)
    phone = field_text(form, "phone")
    description = field_text(form, "description")
    # Intake's minimum length is the citizen's own words: the answers and the footer must not make a too-short
    # text pass (as the portal import's footer).
    if len(description) >= 10:
        with translation.override(language):
            description = "\n".join([description, "", *([*lines, ""] if lines else []), "— " + _footer(integrator)])
    data = {"category": category.code, "description": description, "name": name, "mobile": phone,
            "email": field_text(form, "email"), "language": language, "lat": field_text(form, "lat"),
            "lng": field_text(form, "long"), "incident_address": field_text(form, "address_string")[:300]}
    if not name and not phone:
        data["anonymous"] = True  # intake refuses it where the SOP does not allow anonymous complaints
    return data


def _own_checks(form, errors: FieldErrors) -> None:
    has_point = bool(field_text(form, "lat") or field_text(form, "long"))
    if not has_point and not field_text(form, "address_string"):
        errors.add("lat", _("Give the place: lat and long, or address_string."))
    elif has_point and not (field_text(form, "lat") and field_text(form, "long")):
        errors.add("long" if field_text(form, "lat") else "lat", _("Give both lat and long."))
    if len(field_text(form, "address_string")) > intake.MAX_ADDRESS:
        errors.add("address_string", _("Too long (at most %(max)d characters).") % {"max": intake.MAX_ADDRESS})
    for key, limit in RECORDED:
        if len(field_text(form, key)) > limit:
            errors.add(key, _("Too long (at most %(max)d characters).") % {"max": limit})
    media_url = field_text(form, "media_url")
    if media_url:
        try:
            if len(media_url) > 500:
                raise ValidationError("too long")
            MEDIA_URL(media_url)
        except ValidationError:
            errors.add("media_url", _("Give media_url as an http or https address of at most 500 characters."))


def checked(form, integrator: Integrator, *, lang: str, complaint_lang: str | None,
            now) -> tuple[catalogue.Service, dict]:
    """(the service, intake's input) for a request, or InvalidInput with every problem under the Open311
    parameter's name. `complaint_lang`: the language the client asked for; None: guessed from the description."""
    service = refused_service(field_text(form, "service_code"), integrator)
    category = service.category
    language = complaint_lang or guess_language(field_text(form, "description"))
    errors = FieldErrors()
    _own_checks(form, errors)
    lines = attributes.check(catalogue.attributes_of(category), attributes.answers_in(form), lang, errors,
                             line_lang=language)
    data = _intake_data(form, category, lines, integrator, language)
    try:
        intake.clean_complaint_data(data, Channel.OPEN311, now)
    except InvalidInput as error:
        ours = set(errors)  # a parameter we already explained (the place) is not explained twice
        if ours & PLACE:
            ours |= PLACE
        for field, messages in error.fields.items():
            name = PARAMETER.get(field, field)
            if name not in ours:
                for message in messages:
                    errors.add(name, str(message))
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), fields=dict(errors))
    return service, data


def _place_path(data: dict) -> str:
    """Where a waiting request's place lies (which complaint cell checks it): "" when it names none."""
    place = None
    if data.get("lat") and data.get("lng"):
        place = routing.place_unit(None, data["lat"], data["lng"])
    place = place or area_named_in(data.get("incident_address", ""))
    return place.path if place else ""


def post(form, integrator: Integrator, *, lang: str, complaint_lang: str | None, now=None) -> Posted:
    """Register the request (or keep it for the complaint cell); raises Open311Error or InvalidInput, and then
    nothing is written."""
    now = now or clock.now()
    service, data = checked(form, integrator, lang=lang, complaint_lang=complaint_lang, now=now)
    category = service.category
    row = Open311Request(integrator=integrator, token=secrets.token_hex(16), category=category,
                         device_id=field_text(form, "device_id"), account_id=field_text(form, "account_id"),
                         address_id=field_text(form, "address_id"), media_url=field_text(form, "media_url"),
                         jurisdiction=field_text(form, "jurisdiction_id"), created_at=now)
    hours = service.sop.contact_hours
    if service.waits_for_the_cell(integrator):
        row.state, row.data, row.unit_path = RequestState.PENDING, data, _place_path(data)
        row.save()
        return Posted(request=row, complaint=None, contact_hours=hours)
    with transaction.atomic():
        complaint = intake.register_complaint(actor=actor_for(integrator), channel=Channel.OPEN311, data=data,
                                              now=now)
        row.complaint = complaint
        row.save()
    return Posted(request=row, complaint=complaint, contact_hours=hours)
