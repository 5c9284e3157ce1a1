"""Lodging a complaint in chat: category → description → (the officer
complained about, for complaints against police) → photos or a voice note →
place → (mobile) → confirm, then the same intake every channel uses
(complaints.intake.register_complaint) and the E-tag at once. Evidence sent
in chat is fetched and attached afterwards by shikayat.whatsapp.media.

Several services are this flow with a fixed category: gender harassment
(confidential; the name given, sealed or left out as its SOP allows), a missing child, a delayed
verification, feedback and suggestions. The categories are named in
SHIKAYAT["BOT_SERVICE_CATEGORIES"]."""

import logging
from dataclasses import asdict
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.accountability.accused import MAX_DESCRIPTION as MAX_ACCUSED_TEXT
from shikayat.categories.models import Category, Handling
from shikayat.complaints import intake, permissions
from shikayat.complaints.models import Complaint
from shikayat.core.errors import InvalidInput
from shikayat.jurisdictions.selectors import area_named_in
from shikayat.whatsapp.types import Incoming

from . import confirming, info, menu, places, words
from .replies import buttons, choice_list, fit, location_request
from .turn import Turn

log = logging.getLogger("shikayat.bot")

# Service → its steps (the category step only when the service has no fixed category).
FLOWS = {
    "complaint": ["category", "description", "media", "location", "mobile", "confirm"],
    "harassment": ["anonymous", "description", "media", "location", "mobile", "confirm"],
    "missing_child": ["description", "media", "location", "mobile", "confirm"],
    "verification": ["description", "location", "mobile", "confirm"],
    "suggestion": ["description", "mobile", "confirm"],
}
MEDIA_KINDS = {"image", "audio", "document"}
MEDIA_FIELDS = ("message_id", "wa_id", "phone", "profile_name", "at", "kind", "media_id", "media_mime",
                "media_filename", "caption")
MIN_DESCRIPTION = 10  # as intake requires
PREFIX = "lodge:"


# --- categories ------------------------------------------------------------------------------------------------


def _usable(queryset):
    return queryset.filter(is_active=True, sop__isnull=False)


def offered_categories() -> list[Category]:
    """The categories offered in chat (at most ten: one list message)."""
    codes = settings.SHIKAYAT.get("BOT_CATEGORIES") or []
    found = {c.code: c for c in _usable(Category.objects.filter(code__in=codes))}
    chosen = [found[code] for code in codes if code in found][:10]
    if not chosen:
        chosen = list(_usable(Category.objects.filter(children__isnull=True)).order_by("sort_order", "code")[:10])
    return chosen


def service_category(service: str) -> Category | None:
    code = (settings.SHIKAYAT.get("BOT_SERVICE_CATEGORIES") or {}).get(service, "")
    return _usable(Category.objects.filter(code=code)).select_related("sop").first() if code else None


# --- the flow ---------------------------------------------------------------------------------------------------


def start(turn: Turn, service: str) -> None:
    steps = list(FLOWS[service])
    answers = {"service": service, "media": []}
    if "category" not in steps:
        category = service_category(service)
        if category is None:
            turn.say(_("Sorry, this service is not available at the moment. Please call 15 or visit the nearest "
                       "police station."))
            menu.show_menu(turn)
            return
        answers["category"] = category.code
        if "anonymous" in steps:
            options = identity_options(category)
            if len(options) > 1:
                answers["identity_options"] = options
            else:
                steps.remove("anonymous")
    if turn.mobile:
        steps.remove("mobile")
    answers["steps"] = steps
    turn.go(PREFIX + steps[0], answers)
    PROMPTS[steps[0]](turn)


def advance(turn: Turn) -> None:
    steps = turn.answers["steps"]
    current = turn.state.removeprefix(PREFIX)
    following = steps[steps.index(current) + 1]
    turn.go(PREFIX + following)
    PROMPTS[following](turn)


# --- prompts ----------------------------------------------------------------------------------------------------


def ask_category(turn: Turn) -> None:
    categories = offered_categories()
    lines = [_("What is your complaint about? Choose from the list, or reply with its number:")]
    lines += [f"{n}. {c.name_in()}" for n, c in enumerate(categories, start=1)]
    turn.say("\n".join(lines),
             choice_list(_("Categories"), [(f"cat:{c.code}", c.name_in()) for c in categories]) if categories
             else None)


# How the complainant's name is kept: given, sealed (seen only by SHIKAYAT["SEALED_IDENTITY_ROLES"]) or
# left out; the SOP says which a category allows. (key, button title, line of the question)
IDENTITY_CHOICES = {
    "no": (gettext_lazy("Give my name"), gettext_lazy("%(n)d to give your name")),
    "seal": (gettext_lazy("Seal my name"), gettext_lazy("%(n)d to seal your name: the officers who handle the "
                                                        "complaint will not see it")),
    "yes": (gettext_lazy("Stay anonymous"), gettext_lazy("%(n)d to stay anonymous")),
}


def identity_options(category: Category) -> list[str]:
    sop = category.sop
    return ["no"] + (["seal"] if sop.allow_sealed_identity else []) + (["yes"] if sop.allow_anonymous else [])


def ask_anonymous(turn: Turn) -> None:
    options = turn.answers.get("identity_options") or ["no", "yes"]
    replies = "; ".join(str(IDENTITY_CHOICES[key][1]) % {"n": n} for n, key in enumerate(options, start=1))
    turn.say(_("Your complaint is confidential. You may also keep your name from the officers who handle it; your "
               "WhatsApp number is still kept so that the police can reach you. Reply %(choices)s.")
             % {"choices": replies},
             buttons([(f"anon:{key}", str(IDENTITY_CHOICES[key][0])) for key in options]))


DESCRIPTION_PROMPTS = {
    "complaint": lambda: _("Please describe what happened: what, when and where (at least %(min)d characters)."),
    "harassment": lambda: _("Please describe what happened, when and where (at least %(min)d characters). Only the "
                            "officers who handle it will see your complaint."),
    "missing_child": lambda: _("Please describe the missing child: name, age, clothes, and where and when the child "
                               "was last seen (at least %(min)d characters)."),
    "verification": lambda: _("Please tell us about the delayed verification: whose verification, at which office "
                              "and when you applied (at least %(min)d characters)."),
    "suggestion": lambda: _("Please write your feedback or suggestion (at least %(min)d characters)."),
}


def ask_description(turn: Turn) -> None:
    turn.say(DESCRIPTION_PROMPTS[turn.answers["service"]]() % {"min": MIN_DESCRIPTION})


def ask_media(turn: Turn) -> None:
    turn.say(_("You may now send photos, a voice note or a PDF document (up to %(max)d). When you are done, or if "
               "you have none, send “skip”.") % {"max": max_media()}, buttons([("skip", _("Continue"))]))


def ask_location(turn: Turn) -> None:
    turn.say(_("Where did it happen? Share the location (📎 → Location), or type the name of the police station. "
               "Send “skip” if you do not know."), location_request())


def ask_mobile(turn: Turn) -> None:
    turn.say(_("Please type a mobile number on which the police can reach you, e.g. 03001234567."))


def ask_confirmation(turn: Turn) -> None:
    a = turn.answers
    category = Category.objects.filter(code=a["category"]).first()
    lines = [_("Please check your complaint:"),
             _("Category: %(category)s") % {"category": category.name_in() if category else a["category"]},
             _("Description: %(text)s") % {"text": fit(a["description"], 400)}]
    if a["media"]:
        lines.append(_("Attachments: %(n)d") % {"n": len(a["media"])})
    if "location" in a["steps"]:
        lines.append(_("Place: %(place)s") % {"place": a.get("place") or _("not given")})
    if a.get("accused"):
        lines.append(_("Officer complained about: %(officer)s") % {"officer": a["accused"]})
    name = (_("anonymous") if a.get("anonymous") else
            _("%(name)s (sealed)") % {"name": complainant_name(turn)} if a.get("sealed") else complainant_name(turn))
    lines.append(_("Name: %(name)s") % {"name": name})
    lines += ["", _("Shall we register it? Reply 1 for yes or 2 for no.")]
    turn.say("\n".join(lines), confirming.yes_no(_("Yes, register")))


def ask_accused(turn: Turn) -> None:
    turn.say(_("If you can, name the police officer you are complaining about: name, rank, belt number or police "
               "station (at most %(max)d characters). Only the officers who enquire into it will see it. Send "
               "“skip” if you cannot.") % {"max": MAX_ACCUSED_TEXT}, buttons([("skip", _("Skip"))]))


PROMPTS = {"category": ask_category, "anonymous": ask_anonymous, "description": ask_description, "media": ask_media,
           "location": ask_location, "mobile": ask_mobile, "confirm": ask_confirmation, "accused": ask_accused}


# --- answers ----------------------------------------------------------------------------------------------------


def take_category(turn: Turn) -> None:
    categories = offered_categories()
    number, choice = turn.number, turn.choice
    chosen = next((c for n, c in enumerate(categories, start=1)
                   if number == n or choice == f"cat:{c.code}"
                   or (turn.incoming.kind == "text" and choice in {words.clean(c.name_in(lang))
                                                                   for lang in ("en", "ur", "hi")})), None)
    if chosen is None:
        turn.say(_("Sorry, that is not one of the categories. Please reply with a number from 1 to %(n)d.")
                 % {"n": len(categories)})
        ask_category(turn)
        return
    turn.answers["category"] = chosen.code
    steps = turn.answers["steps"]
    if chosen.effective_sop().handling == Handling.AGAINST_POLICE and "accused" not in steps:
        steps.insert(steps.index("description") + 1, "accused")  # who, once the citizen has said what
    elif chosen.effective_sop().handling != Handling.AGAINST_POLICE and "accused" in steps:
        steps.remove("accused")
    advance(turn)


def take_anonymous(turn: Turn) -> None:
    options = turn.answers.get("identity_options") or ["no", "yes"]
    chosen = next((key for n, key in enumerate(options, start=1)
                   if turn.choice == f"anon:{key}" or turn.number == n), None)
    if chosen is None:
        turn.say(_("Sorry, please reply with a number from 1 to %(n)d.") % {"n": len(options)})
        ask_anonymous(turn)
        return
    turn.answers["anonymous"], turn.answers["sealed"] = chosen == "yes", chosen == "seal"
    advance(turn)


def take_accused(turn: Turn) -> None:
    text = " ".join(turn.text.split()) if turn.incoming.kind == "text" else ""
    if turn.choice == "skip" or turn.is_one_of(words.SKIP):
        turn.answers["accused"] = ""
    elif len(text) < 3:
        turn.say(_("Sorry, we expected the officer's name, rank, belt number or police station, or “skip”."))
        ask_accused(turn)
        return
    elif len(text) > MAX_ACCUSED_TEXT:
        turn.say(_("Please describe the officer in at most %(max)d characters.") % {"max": MAX_ACCUSED_TEXT})
        return
    else:
        turn.answers["accused"] = text
    advance(turn)


def take_description(turn: Turn) -> None:
    incoming = turn.incoming
    if incoming.kind in MEDIA_KINDS:
        remember_media(turn)
    text = turn.text if incoming.kind in MEDIA_KINDS | {"text"} else ""
    limit = settings.SHIKAYAT["DESCRIPTION_MAX_LENGTH"]
    if len(text) >= MIN_DESCRIPTION and len(text) <= limit:
        turn.answers["description"] = text
        advance(turn)
    elif len(text) > limit:
        turn.say(_("The description is too long: at most %(max)d characters, you gave %(n)d.")
                 % {"max": limit, "n": len(text)})
    elif incoming.kind in MEDIA_KINDS:
        turn.say(_("Thank you, we will attach it. Now please describe in words what happened."))
    else:
        turn.say(_("Sorry, that is too short to be a description."))
        ask_description(turn)


def take_media(turn: Turn) -> None:
    kind = turn.incoming.kind
    if kind in MEDIA_KINDS:
        if len(turn.answers["media"]) >= max_media():
            turn.say(_("That is the most we can take (%(max)d). Send “skip” to continue.") % {"max": max_media()},
                     buttons([("skip", _("Continue"))]))
            return
        remember_media(turn)
        turn.say(_("Received (%(n)d). Send more, or “skip” to continue.") % {"n": len(turn.answers["media"])},
                 buttons([("skip", _("Continue"))]))
    elif turn.choice == "skip" or turn.is_one_of(words.SKIP):
        advance(turn)
    elif kind in {"video", "sticker"}:
        turn.say(_("We can take photos, voice notes and PDF documents only."))
        ask_media(turn)
    else:
        turn.say(_("Sorry, we expected a photo, a voice note or a document."))
        ask_media(turn)


def take_location(turn: Turn) -> None:
    incoming, answers = turn.incoming, turn.answers
    if incoming.kind == "location" and incoming.latitude is not None and incoming.longitude is not None:
        station, outside = places.nearest_station(incoming.latitude, incoming.longitude)
        if outside:
            turn.say(places.outside_message(), location_request())
            return
        answers.update(lat=incoming.latitude, lng=incoming.longitude, unit="")
        answers["place"] = (_("shared location, near %(station)s") % {"station": station.name_in()} if station
                            else _("shared location"))
        advance(turn)
        return
    if turn.choice.startswith("unit:"):
        typed = turn.choice.removeprefix("unit:")
    elif turn.choice == "skip" or turn.is_one_of(words.SKIP):
        answers.update(lat=None, lng=None, unit="", place=_("not known"))
        advance(turn)
        return
    elif incoming.kind == "text" and len(turn.text) >= 2:
        typed = turn.text
    else:
        turn.say(_("Sorry, we expected a location or the name of a police station."))
        ask_location(turn)
        return
    stations = places.find_stations(typed)
    # A district (or region) typed instead of a station ("Lahore"): its complaint cell routes it, not the top.
    area = area_named_in(typed) if len(stations) != 1 else None
    if area is not None:
        answers.update(lat=None, lng=None, unit=area.code, place=area.name_in())
        advance(turn)
        return
    station = places.one_station(turn, stations, typed, skip=True)
    if station is not None:
        answers.update(lat=None, lng=None, unit=station.code, place=station.name_in())
        advance(turn)


def take_mobile(turn: Turn) -> None:
    if turn.take_mobile():
        advance(turn)


def take_confirmation(turn: Turn) -> None:
    confirming.take(turn, register, _("Sorry, please reply 1 to register the complaint or 2 to cancel it."),
                    _("Yes, register"))


# --- registering ------------------------------------------------------------------------------------------------


def complainant_name(turn: Turn) -> str:
    return (turn.incoming.profile_name or "").strip()[: intake.MAX_NAME] or _("WhatsApp citizen")


def register(turn: Turn) -> None:
    a = turn.answers
    data = {"category": a["category"], "description": a["description"], "mobile": turn.mobile,
            "name": "" if a.get("anonymous") else complainant_name(turn), "anonymous": bool(a.get("anonymous")),
            "language": turn.conversation.language, "lat": a.get("lat"), "lng": a.get("lng"),
            "unit": a.get("unit", ""), "seal_identity": bool(a.get("sealed")), "accused": a.get("accused", "")}
    try:
        complaint = intake.register_complaint(actor=permissions.SYSTEM, channel="whatsapp", data=data, now=turn.now)
    except InvalidInput as error:
        reasons = [str(message) for messages in error.fields.values() for message in messages]
        turn.say(_("Sorry, your complaint could not be registered: %(reason)s") % {
            "reason": " ".join(reasons) or str(error.message)})
        menu.show_menu(turn)
        return
    hours = complaint.category.effective_sop().contact_hours
    turn.say(_("Your complaint is registered. Your E-tag is *%(etag)s*. Keep it: send it here at the menu to "
               "see the status. An officer will contact you within %(hours)s hours.")
             % {"etag": complaint.etag_display, "hours": hours} + "\n\n" + info.footer())
    attach_media(complaint, a["media"])
    turn.to_menu()


# --- evidence ---------------------------------------------------------------------------------------------------


def max_media() -> int:
    return int(settings.SHIKAYAT.get("BOT_MAX_ATTACHMENTS", 5))


def remember_media(turn: Turn) -> None:
    """Keep the media message, to have it fetched once the complaint exists."""
    if len(turn.answers["media"]) < max_media():
        fields = asdict(turn.incoming)
        turn.answers["media"].append({key: fields[key].isoformat() if isinstance(fields[key], datetime)
                                      else fields[key] for key in MEDIA_FIELDS})


def attach_media(complaint: Complaint, media: list[dict]) -> None:
    """Ask shikayat.whatsapp to fetch each file and attach it. A failure here
    must not undo the registered complaint: it is logged, and the rest go on."""
    for item in media:
        incoming = Incoming(**{**item, "at": parse_datetime(item["at"])})
        try:
            from shikayat.whatsapp.media import request_attachment  # the webhook side owns fetching

            with transaction.atomic():
                request_attachment(complaint, incoming)
        except Exception:
            log.exception("bot: could not queue media %s for complaint %s", incoming.media_id, complaint.etag)


HANDLERS = {PREFIX + "category": take_category, PREFIX + "anonymous": take_anonymous, PREFIX + "accused": take_accused,
            PREFIX + "description": take_description, PREFIX + "media": take_media,
            PREFIX + "location": take_location, PREFIX + "mobile": take_mobile,
            PREFIX + "confirm": take_confirmation}
