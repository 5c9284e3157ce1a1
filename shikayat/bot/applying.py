"""Applying for a police service in chat (character certificate, tenant
registration, …): service → name → CNIC → address → police station →
(purpose, for a certificate) → (country, for a number from abroad) →
(mobile) → each document as a photo or PDF → confirm, then the same
services.actions.apply every channel uses, and the E-tag at once.

Each document is fetched from WhatsApp in the background as soon as it is
sent (shikayat.whatsapp.media.request_document), checked by its first bytes
and kept until the application is submitted. At "confirm", an application
whose documents are all in is submitted; one still waiting for a download
waits in WAITING and is submitted by document_settled when the last one
arrives; a document that could not be used is asked for again. Nothing is
registered until every required document is in."""

import logging

import phonenumbers
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from shikayat.complaints.permissions import SYSTEM, CitizenActor
from shikayat.core import clock
from shikayat.core.errors import DomainError
from shikayat.services import actions as services
from shikayat.services import consent as consents
from shikayat.services.models import RequiredDocument, Service
from shikayat.whatsapp.models import MediaFetch
from shikayat.whatsapp.types import Incoming

from . import confirming, info, menu, places, words
from .models import Conversation
from .replies import buttons, choice_list, fit, location_request
from .turn import Turn

log = logging.getLogger("shikayat.bot")

PREFIX = "svc:"
WAITING = PREFIX + "waiting"
DOCUMENT_KINDS = {"image", "document"}
PURPOSE_MAX = 200  # as ServiceRequest.purpose
Fetch = MediaFetch.State


def offered_services() -> list[Service]:
    """The services one can apply for in chat (at most ten: one list message)."""
    return list(Service.objects.filter(is_active=True)[:10])


def start(turn: Turn) -> None:
    services_offered = offered_services()
    if not services_offered:
        turn.say(_("Sorry, this service is not available at the moment. Please call 15 or visit the nearest "
                   "police station."))
        menu.show_menu(turn)
        return
    turn.go(PREFIX + "service", {"documents": {}})
    ask_service(turn)


def is_foreign(phone: str) -> bool:
    """A number registered outside the force's country (SHIKAYAT["DEFAULT_REGION"])."""
    if not phone:
        return False
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return False
    region = phonenumbers.region_code_for_country_code(number.country_code)
    return region not in ("ZZ", settings.SHIKAYAT["DEFAULT_REGION"])


def _steps(turn: Turn, service: Service) -> list[str]:
    # On someone's behalf the applicant (employer, landlord) says who they are first; the name, CNIC and address
    # asked next are the person verified's, whose consent code follows their mobile number.
    behalf = ["applicant_name", "applicant_id_number", "organisation"] if service.on_behalf else []
    steps = ["service", *behalf, "name", "id_number", "address", "station"] + (
        ["purpose"] if service.issues_certificate else [])
    if service.on_behalf:
        steps += ["subject_mobile", "consent_code"]
    if service.overseas_allowed and is_foreign(turn.incoming.phone):
        steps.append("country")
    if not turn.mobile:
        steps.append("mobile")
    if service.documents.exists():
        steps.append("document")
    return [*steps, "confirm"]


def advance(turn: Turn) -> None:
    steps = turn.answers["steps"]
    following = steps[steps.index(turn.state.removeprefix(PREFIX)) + 1]
    if following == "document":
        turn.answers["document"] = 0
    turn.go(PREFIX + following)
    PROMPTS[following](turn)


def service_of(turn: Turn) -> Service:
    return Service.objects.get(code=turn.answers["service"])


def documents_of(turn: Turn) -> list[RequiredDocument]:
    return list(service_of(turn).documents.all())


# --- prompts ----------------------------------------------------------------------------------------------------


def ask_service(turn: Turn) -> None:
    offered = offered_services()
    lines = [_("Which service do you want to apply for? Choose from the list, or reply with its number:")]
    lines += [f"{n}. {service.name}" for n, service in enumerate(offered, start=1)]
    turn.say("\n".join(lines), choice_list(_("Services"), [(f"svc:{s.code}", s.name) for s in offered]))


def ask_name(turn: Turn) -> None:
    service = service_of(turn)
    lines = [f"*{service.name}*"]
    if service.fee_note():
        lines.append(_("Fee: %(fee)s") % {"fee": service.fee_note()})
    documents = [doc.name + ("" if doc.required else " " + _("(if you have it)")) for doc in service.documents.all()]
    if documents:
        lines.append(_("You will be asked for a photo or PDF of: %(documents)s.") % {"documents": ", ".join(documents)})
    if service.on_behalf:
        turn.say(_("Please type the full name of the person to be verified, as on their CNIC."))
        return
    lines += ["", _("Please type the applicant's full name as on the CNIC.")]
    turn.say("\n".join(lines))


def ask_applicant_name(turn: Turn) -> None:
    service = service_of(turn)
    lines = [f"*{service.name}*", _("You apply on behalf of the person to be verified (your employee, tenant or "
                                    "domestic worker). They must agree: we will send a code to their mobile.")]
    if service.fee_note():
        lines.append(_("Fee: %(fee)s") % {"fee": service.fee_note()})
    lines += ["", _("First, please type your own full name.")]
    turn.say("\n".join(lines))


def ask_applicant_id_number(turn: Turn) -> None:
    turn.say(_("Please type your own CNIC / identity number, e.g. 35202-1234567-1."))


def ask_organisation(turn: Turn) -> None:
    turn.say(_("Type the name of your organisation or business, or send “skip”."), buttons([("skip", _("Skip"))]))


def ask_subject_mobile(turn: Turn) -> None:
    turn.say(_("Please type the mobile number of the person to be verified. We will send them a code by SMS to ask "
               "for their consent."))


def ask_consent_code(turn: Turn) -> None:
    turn.say(_("We sent a code by SMS to %(mobile)s. Ask the person for it and type it here.")
             % {"mobile": turn.answers.get("subject_mobile", "")}, buttons([("resend", _("Send a new code"))]))


def ask_id_number(turn: Turn) -> None:
    turn.say(_("Please type the applicant's CNIC / identity number, e.g. 35202-1234567-1."))


def ask_address(turn: Turn) -> None:
    turn.say(_("Please type the applicant's address in full."))


def ask_station(turn: Turn) -> None:
    turn.say(_("Which police station is the address under? Type the name of the police station, or share the "
               "location of the address (📎 → Location)."), location_request())


def ask_purpose(turn: Turn) -> None:
    turn.say(_("What is the certificate for, e.g. employment abroad (at most %(max)d characters)? It is printed on "
               "the certificate. Send “skip” to leave it out.") % {"max": PURPOSE_MAX}, buttons([("skip", _("Skip"))]))


def ask_country(turn: Turn) -> None:
    turn.say(_("You are writing from a number registered abroad. If you live abroad, type the country you live in. "
               "If you live in this country, reply 1."), buttons([("home", _("I live here"))]))


def ask_mobile(turn: Turn) -> None:
    turn.say(_("Please type a mobile number on which the police can reach you, e.g. 03001234567."))


def current_document(turn: Turn) -> RequiredDocument | None:
    """The document being asked for; None if the service's list has since been shortened."""
    documents = documents_of(turn)
    index = turn.answers["document"]
    return documents[index] if index < len(documents) else None


def ask_document(turn: Turn) -> None:
    doc = current_document(turn)
    if doc is None:
        turn.go(PREFIX + "confirm")
        ask_confirmation(turn)
        return
    if doc.required:
        turn.say(_("Please send a photo or a PDF of: %(document)s.") % {"document": doc.name})
    else:
        turn.say(_("Please send a photo or a PDF of: %(document)s. If you do not have it, send “skip”.")
                 % {"document": doc.name}, buttons([("skip", _("Skip"))]))


def ask_confirmation(turn: Turn) -> None:
    a = turn.answers
    lines = [_("Please check your application:"), _("Service: %(service)s") % {"service": service_of(turn).name}]
    if a.get("applicant_name"):
        lines += [_("Applied for by: %(name)s") % {"name": a["applicant_name"]},
                  _("Consent given by the person verified: yes")]
    lines += [_("Name: %(name)s") % {"name": a["name"]}, _("CNIC: %(id)s") % {"id": a["id_number"]},
             _("Address: %(address)s") % {"address": fit(a["address"], 300)},
             _("Police station: %(station)s") % {"station": a["station_name"]}]
    if a.get("purpose"):
        lines.append(_("Purpose: %(purpose)s") % {"purpose": a["purpose"]})
    if a.get("country"):
        lines.append(_("Living in: %(country)s") % {"country": a["country"]})
    if a["documents"]:
        lines.append(_("Documents: %(n)d") % {"n": len(a["documents"])})
    lines += ["", _("Shall we submit it? Reply 1 for yes or 2 for no.")]
    turn.say("\n".join(lines), confirming.yes_no(_("Yes, submit")))


PROMPTS = {"applicant_name": ask_applicant_name, "applicant_id_number": ask_applicant_id_number,
           "organisation": ask_organisation, "subject_mobile": ask_subject_mobile, "consent_code": ask_consent_code,
           "name": ask_name, "id_number": ask_id_number, "address": ask_address, "station": ask_station,
           "purpose": ask_purpose, "country": ask_country, "mobile": ask_mobile, "document": ask_document,
           "confirm": ask_confirmation}


# --- answers ----------------------------------------------------------------------------------------------------


def take_service(turn: Turn) -> None:
    offered = offered_services()
    number, choice = turn.number, turn.choice
    chosen = next((s for n, s in enumerate(offered, start=1) if number == n or choice == f"svc:{s.code}"), None)
    if chosen is None:
        turn.say(_("Sorry, that is not one of the services. Please reply with a number from 1 to %(n)d.")
                 % {"n": len(offered)})
        ask_service(turn)
        return
    turn.answers.update(service=chosen.code)
    turn.answers["steps"] = _steps(turn, chosen)
    advance(turn)


def _take_text(field: str):
    """A step that takes typed text, checked as the application form checks it."""

    def take(turn: Turn) -> None:
        value = " ".join(turn.text.split()) if turn.incoming.kind == "text" else ""
        problem = services.field_problem(field, value)
        if problem:
            turn.say(problem)
            return
        turn.answers[field] = value
        advance(turn)

    return take


def take_applicant(field: str):
    """The applicant's own name or CNIC (on someone's behalf)."""

    def take(turn: Turn) -> None:
        value = " ".join(turn.text.split()) if turn.incoming.kind == "text" else ""
        problem = services.field_problem("name" if field == "applicant_name" else "id_number", value)
        if problem:
            turn.say(problem)
            return
        turn.answers[field] = value
        advance(turn)

    return take


def take_organisation(turn: Turn) -> None:
    skipped = turn.choice == "skip" or turn.is_one_of(words.SKIP)
    turn.answers["organisation"] = "" if skipped else " ".join(turn.text.split())[:150]
    advance(turn)


def take_subject_mobile(turn: Turn) -> None:
    """The person verified's mobile: a consent code goes there at once."""
    if send_consent_code(turn, turn.text if turn.incoming.kind == "text" else ""):
        advance(turn)


def send_consent_code(turn: Turn, mobile: str) -> bool:
    a = turn.answers
    try:
        pending = consents.request_consent(
            service_code=a["service"], subject_name=a["name"], subject_mobile=mobile,
            applicant_name=a["applicant_name"], applicant_mobile=turn.mobile, client=f"wa:{turn.incoming.wa_id}",
            language=turn.conversation.language or "en", now=turn.now)
    except DomainError as error:
        turn.say(_messages(error))
        return False
    a.update(subject_mobile=pending.subject_mobile, consent=pending.token)
    return True


def take_consent_code(turn: Turn) -> None:
    """The code the person verified received, typed by the applicant (or already confirmed by that person on
    WhatsApp); "Send a new code" sends another."""
    a = turn.answers
    if turn.choice == "resend":
        if send_consent_code(turn, a["subject_mobile"]):
            ask_consent_code(turn)
        return
    pending = consents.pending(a.get("consent", ""))
    if pending is None or pending.confirmed_at is None:
        try:
            consents.confirm(a.get("consent", ""), turn.text, by=_("Applicant on WhatsApp, %(mobile)s")
                             % {"mobile": turn.mobile}, now=turn.now)
        except DomainError as error:
            turn.say(_messages(error), buttons([("resend", _("Send a new code"))]))
            return
    turn.say(_("Thank you: the consent of %(name)s is recorded.") % {"name": a["name"]})
    advance(turn)


def _messages(error: DomainError) -> str:
    reasons = [str(message) for messages in getattr(error, "fields", {}).values() for message in messages]
    return " ".join(reasons) or str(error.message)


def take_station(turn: Turn) -> None:
    incoming = turn.incoming
    if incoming.kind == "location" and incoming.latitude is not None and incoming.longitude is not None:
        station, outside = places.nearest_station(incoming.latitude, incoming.longitude)
        if outside or station is None:
            turn.say(places.outside_message(), location_request())
            return
    elif turn.choice.startswith("unit:") or (incoming.kind == "text" and len(turn.text) >= 2):
        typed = turn.choice.removeprefix("unit:") if turn.choice.startswith("unit:") else turn.text
        station = places.one_station(turn, places.find_stations(typed), typed)
        if station is None:
            return
    else:
        turn.say(_("Sorry, we expected a location or the name of a police station."))
        ask_station(turn)
        return
    turn.answers.update(station=station.code, station_name=station.name_in())
    advance(turn)


def take_purpose(turn: Turn) -> None:
    text = " ".join(turn.text.split()) if turn.incoming.kind == "text" else ""
    if turn.choice == "skip" or turn.is_one_of(words.SKIP):
        turn.answers["purpose"] = ""
    elif not 3 <= len(text) <= PURPOSE_MAX:
        turn.say(_("Please say in a few words what the certificate is for (at most %(max)d characters), or send "
                   "“skip”.") % {"max": PURPOSE_MAX})
        return
    else:
        turn.answers["purpose"] = text
    advance(turn)


def take_country(turn: Turn) -> None:
    if turn.choice == "home" or turn.number == 1:
        turn.answers["country"] = ""
        advance(turn)
        return
    country = " ".join(turn.text.split())[:60] if turn.incoming.kind == "text" else ""
    if len(country) < 2 or words.number(country) is not None:
        turn.say(_("Please type the name of the country you live in, or reply 1 if you live in this country."))
        return
    turn.answers["country"] = country
    advance(turn)


def take_mobile(turn: Turn) -> None:
    if turn.take_mobile():
        advance(turn)


def take_document(turn: Turn) -> None:
    from shikayat.whatsapp.media import request_document  # the webhook side owns fetching

    incoming, a = turn.incoming, turn.answers
    doc = current_document(turn)
    if doc is None:
        ask_document(turn)
        return
    if incoming.kind in DOCUMENT_KINDS and incoming.media_id:
        if incoming.media_mime.split(";")[0].strip() not in services.DOCUMENT_TYPES:
            turn.say(_("Documents must be photos (JPEG, PNG) or PDF files."))
            ask_document(turn)
            return
        fetch = request_document(incoming, doc.code, turn.conversation.language)
        a["documents"][doc.code] = fetch.pk
        turn.say(_("Received: %(document)s.") % {"document": doc.name})
    elif not doc.required and (turn.choice == "skip" or turn.is_one_of(words.SKIP)):
        a["documents"].pop(doc.code, None)
    elif incoming.kind in {"audio", "video", "sticker"}:
        turn.say(_("Documents must be photos (JPEG, PNG) or PDF files."))
        ask_document(turn)
        return
    else:
        turn.say(_("Sorry, we expected a photo or a PDF of the document."))
        ask_document(turn)
        return
    _next_document(turn)


def _next_document(turn: Turn) -> None:
    """The next document not yet given, or on to confirm (straight back to it when re-asked from there)."""
    a = turn.answers
    documents = documents_of(turn)
    remaining = [] if a.get("reasking") else list(range(a["document"] + 1, len(documents)))
    if remaining:
        a["document"] = remaining[0]
        ask_document(turn)
        return
    a.pop("reasking", None)
    turn.go(PREFIX + "confirm")
    ask_confirmation(turn)


def take_confirmation(turn: Turn) -> None:
    confirming.take(turn, submit, _("Sorry, please reply 1 to submit the application or 2 to cancel it."),
                    _("Yes, submit"))


def still_waiting(turn: Turn) -> None:
    turn.say(_("We are still receiving your documents from WhatsApp. We will send your E-tag as soon as they "
               "arrive. Send 0 for the menu (the application is then not submitted)."))


# --- submitting -------------------------------------------------------------------------------------------------


def submit(turn: Turn) -> None:
    """Submit when every document is in; else wait for the downloads, or ask again for one that failed."""
    a = turn.answers
    fetches = {row.document_code: row for row in MediaFetch.objects.filter(pk__in=a["documents"].values())}
    for index, doc in enumerate(documents_of(turn)):
        row = fetches.get(doc.code)
        if row is not None and row.state in (Fetch.REFUSED, Fetch.FAILED):
            turn.say(_("Your %(document)s could not be used: %(reason)s") % {
                "document": doc.name, "reason": _reason(row)})
            a.update(document=index, reasking=True)
            turn.go(PREFIX + "document")
            ask_document(turn)
            return
    if any(row.state == Fetch.PENDING for row in fetches.values()):
        turn.go(WAITING)
        still_waiting(turn)
        return
    data = {"name": a["name"], "id_number": a["id_number"], "address": a["address"], "station": a["station"],
            "mobile": turn.mobile, "language": turn.conversation.language, "purpose": a.get("purpose", ""),
            "is_overseas": bool(a.get("country")), "country": a.get("country", "")}
    if a.get("consent"):
        data.update({key: a.get(key, "") for key in ("applicant_name", "applicant_id_number", "organisation",
                                                     "subject_mobile", "consent")})
    actor = CitizenActor(turn.incoming.phone, credential="whatsapp") if turn.incoming.phone else SYSTEM
    uploads = {}
    try:
        for code, row in fetches.items():  # under the name the citizen's phone gave the file, if any
            uploads[code] = File(row.staged.open("rb"), name=row.filename or row.staged.name.rpartition("/")[2])
        with transaction.atomic():
            request = services.apply(actor=actor, channel="whatsapp", service_code=a["service"], data=data,
                                     uploads=uploads, now=turn.now)
            MediaFetch.objects.filter(pk__in=[row.pk for row in fetches.values()]).update(service_request=request)
    except DomainError as error:
        reasons = [str(message) for messages in getattr(error, "fields", {}).values() for message in messages]
        turn.say(_("Sorry, your application could not be submitted: %(reason)s") % {
            "reason": " ".join(reasons) or str(error.message)})
        menu.show_menu(turn)
        return
    finally:
        for upload in uploads.values():
            upload.close()
    transaction.on_commit(lambda: _discard_staged(list(fetches.values())))
    turn.say(_("Your application is submitted. Your E-tag is *%(etag)s*. Keep it: send it here at the menu to "
               "see the status.") % {"etag": request.etag_display} + "\n\n" + info.footer())
    turn.to_menu()


def _reason(row: MediaFetch) -> str:
    if row.state == Fetch.REFUSED and row.error:
        return row.error
    return _("WhatsApp did not give us the file. Please send it again.")


def _discard_staged(rows: list[MediaFetch]) -> None:
    """The documents now live with the request; the staged copies go."""
    for row in rows:
        try:
            row.staged.delete(save=False)
        except Exception:
            log.exception("could not delete the staged WhatsApp document %s", row.pk)
            continue
        MediaFetch.objects.filter(pk=row.pk).update(staged="")


def document_settled(fetch_id: int) -> None:
    """A document's download has ended (attached, refused or failed). If the
    applicant is waiting on it, submit (or ask again); if a document they sent
    earlier in the flow cannot be used, say so now. Called by the worker."""
    row = MediaFetch.objects.get(pk=fetch_id)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().filter(wa_id=row.wa_id).first()
        if conversation is None or not conversation.state.startswith(PREFIX):
            return
        if fetch_id not in (conversation.answers.get("documents") or {}).values():
            return  # an application abandoned or since sent again
        incoming = Incoming(message_id=f"svc-document:{fetch_id}", wa_id=row.wa_id, phone=conversation.phone,
                            profile_name="", at=clock.now(), kind="system")
        turn = Turn(conversation, incoming, now=clock.now())
        with translation.override(conversation.language or "en"):
            if conversation.state == WAITING:
                submit(turn)
            elif row.state in (Fetch.REFUSED, Fetch.FAILED):
                name = next((doc.name for doc in documents_of(turn) if doc.code == row.document_code),
                            row.document_code)
                turn.say(_("The %(document)s you sent could not be used: %(reason)s We will ask you for it again "
                           "before you submit.") % {"document": name, "reason": _reason(row)})
        conversation.save()
        turn.queue_replies()


HANDLERS = {PREFIX + "service": take_service, PREFIX + "name": _take_text("name"),
            PREFIX + "id_number": _take_text("id_number"), PREFIX + "address": _take_text("address"),
            PREFIX + "station": take_station, PREFIX + "purpose": take_purpose, PREFIX + "country": take_country,
            PREFIX + "mobile": take_mobile, PREFIX + "applicant_name": take_applicant("applicant_name"),
            PREFIX + "applicant_id_number": take_applicant("applicant_id_number"),
            PREFIX + "organisation": take_organisation, PREFIX + "subject_mobile": take_subject_mobile,
            PREFIX + "consent_code": take_consent_code,
            PREFIX + "document": take_document, PREFIX + "confirm": take_confirmation, WAITING: still_waiting}
