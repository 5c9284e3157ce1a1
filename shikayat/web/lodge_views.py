"""Lodging a complaint on the web: the citizen verifies their mobile first,
then fills one short form; the E-tag is shown at once."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shikayat.categories.models import Category
from shikayat.citizens import access
from shikayat.complaints import actions
from shikayat.complaints.intake import lodge_with_attachments
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import clock
from shikayat.core.errors import DomainError, InvalidInput
from shikayat.core.forms import show_domain_errors
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import haversine_km, point_in_ring, unit_for_location
from shikayat.similar.selectors import CitizenHint, hint_for_citizen

from .citizen_forms import LodgeForm, identity_alias


def _category_choices() -> list:
    """Leaf categories, grouped under their parent (optgroups); top-level
    leaves stand on their own."""
    choices, groups = [], {}
    leaves = Category.objects.filter(is_active=True).exclude(children__is_active=True).select_related("parent")
    for category in leaves.order_by("parent__sort_order", "sort_order", "code"):
        if category.parent_id is None:
            choices.append((category.code, category.name))
        else:
            if category.parent.name not in groups:
                groups[category.parent.name] = []
                choices.append((category.parent.name, groups[category.parent.name]))
            groups[category.parent.name].append((category.code, category.name))
    return choices


def _station_choices() -> list:
    districts = {}
    stations = Unit.objects.filter(is_active=True, children__isnull=True, parent__isnull=False).select_related(
        "parent__parent").order_by("parent__parent__name_en", "name_en")
    for station in stations:
        district = station.parent.parent if station.parent.parent_id else station.parent
        districts.setdefault(district.name, []).append((station.code, station.name))
    return list(districts.items())


def lodge(request):
    mobile = access.verified_mobile(request.session)
    if mobile is None:
        return redirect(f"{reverse('web:verify')}?next={reverse('web:lodge')}")
    choices = {"categories": _category_choices(), "stations": _station_choices()}
    if request.method != "POST":
        form = LodgeForm(initial={"submission": uuid.uuid4().hex}, **choices)
        return render(request, "web/citizen/lodge.html", {"form": form, "mobile": mobile})

    form = LodgeForm(request.POST, request.FILES, **choices)
    submission = request.POST.get("submission", "")[:64]
    existing = Complaint.objects.filter(channel="web", external_ref=f"web:{submission}").first() if submission else None
    if existing is not None and existing.complainant_mobile == mobile:
        return redirect("web:lodged", etag=existing.etag)  # a second click or a refresh
    if form.is_valid():
        data = form.intake_data()
        data.update(mobile=mobile, language=getattr(request, "LANGUAGE_CODE", "en")[:2],
                    external_ref=f"web:{submission}")
        decided = request.POST.get("similar", "")
        if decided == "add":
            added = _add_to_own(request, mobile, request.POST.get("similar_etag", ""), data, form)
            if added is not None:
                return added
            return render(request, "web/citizen/lodge.html", {"form": form, "mobile": mobile}, status=400)
        if decided != "new":
            hint = _hint(data, mobile)
            if hint.own is not None or hint.station is not None:
                # Asked before lodging; the form is shown again with everything typed (files must be chosen again).
                return render(request, "web/citizen/lodge.html", {
                    "form": form, "mobile": mobile, "similar_hint": hint,
                    "files_dropped": bool(form.cleaned_data["attachments"])})
        try:
            complaint = lodge_with_attachments(actor=CitizenActor(mobile=mobile, credential="otp"), channel="web",
                                               data=data, uploads=form.cleaned_data["attachments"])
        except IntegrityError:
            complaint = Complaint.objects.filter(channel="web", external_ref=f"web:{submission}").first()
            if complaint is None:
                raise
        except DomainError as error:
            show_domain_errors(form, error, alias=identity_alias)
        else:
            access.allow_acting(request.session, complaint.etag, "otp")
            return redirect("web:lodged", etag=complaint.etag)
    return render(request, "web/citizen/lodge.html", {"form": form, "mobile": mobile}, status=400)


def _coordinate_of(data: dict, key: str) -> float | None:
    try:
        return float(data.get(key)) if data.get(key) not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _hint(data: dict, mobile: str) -> CitizenHint:
    """What the duplicate search may tell this citizen before lodging (shikayat.similar: their own similar open
    complaint, or only the station handling someone else's); nothing while the form names no valid category or
    station (the domain says what is wrong when it is lodged)."""
    category = Category.objects.filter(code=data.get("category") or "", is_active=True).first()
    station = Unit.objects.filter(code=data.get("unit") or "", is_active=True).first()
    if category is None or station is None or data.get("accused"):
        return CitizenHint()
    return hint_for_citizen(mobile=mobile, category=category, station=station,
                            description=data.get("description") or "", now=clock.now(),
                            lat=_coordinate_of(data, "lat"), lng=_coordinate_of(data, "lng"))


def _add_to_own(request, mobile: str, etag: str, data: dict, form):
    """The citizen chose to add what they typed to their own open complaint instead: the complainant's own
    add_information (and add_attachment), proved by the code sent to their mobile. None (the form shown with the
    problem) when it cannot be added."""
    complaint = Complaint.objects.filter(etag=etag[:16], complainant_mobile=mobile).first()
    try:
        if complaint is None:
            raise InvalidInput(_("That complaint was not found among yours. Please lodge this one as new."))
        actor = CitizenActor(mobile=mobile, credential="otp")
        actions.add_information(complaint, actor=actor, text=data.get("description") or "", channel="web")
        for upload in form.cleaned_data["attachments"]:
            actions.add_attachment(complaint, actor=actor, upload=upload, channel="web")
    except DomainError as error:
        form.add_error(None, error.message)
        return None
    access.allow_acting(request.session, complaint.etag, "otp")
    messages.success(request, _("Thank you. The information has been added to your complaint."))
    return redirect("web:track-status", etag=complaint.etag)


def lodged(request, etag):
    complaint = Complaint.objects.select_related("category", "unit").filter(etag=etag).first()
    if complaint is None or access.actor_for(request.session, complaint) is None:
        return redirect("web:track")
    sop = complaint.category.effective_sop()
    return render(request, "web/citizen/lodged.html", {"complaint": complaint, "sop": sop,
                                                       "report_days": sop.report_hours // 24,
                                                       "title": _("Your complaint is registered")})


def _coordinate(raw: str, limit: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if -limit <= value <= limit else None


def station_for_location(request):
    """GET ?lat=…&lng=…: the police station the lodging form will route a complaint at that point to (the one
    whose area holds it, else the nearest, as intake does), named in the reader's language; "Use my
    location" shows it and chooses it in the form."""
    lat, lng = _coordinate(request.GET.get("lat", ""), 90), _coordinate(request.GET.get("lng", ""), 180)
    if lat is None or lng is None:
        return JsonResponse({"error": _("The location could not be read. Please choose the police station.")},
                            status=400)
    station = unit_for_location(lat, lng)
    limit = float(settings.SHIKAYAT.get("BOT_MAX_DISTANCE_KM", 100))
    if station is None or not (station.area and point_in_ring(lng, lat, station.area)) and haversine_km(
            lat, lng, float(station.lat), float(station.lng)) > limit:
        return JsonResponse({"error": _("Your location is more than %(km)d km from every police station of this "
                                        "force. Please choose the police station.") % {"km": limit}}, status=404)
    return JsonResponse({"code": station.code, "name": station.name,
                         "text": _("Police station for your location: %(station)s") % {"station": station.name}})
