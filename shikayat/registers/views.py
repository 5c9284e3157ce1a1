"""The public search pages and the officers' pages for the registers. Thin: parse, call search.py /
entries.py / imports.py, render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.core.errors import DomainError, PermissionDenied
from shikayat.core.forms import show_domain_errors
from shikayat.core.ratelimit import RateLimited, request_client
from shikayat.information.views import _photo

from . import entries, identifiers, imports, search
from .forms import BodySearchForm, ImportForm, PersonSearchForm, VehicleSearchForm, entry_form
from .models import MissingPerson, PersonStatus, UnidentifiedBody

OFFICER_LIST = 50
TITLES = {"vehicles": gettext_lazy("Stolen and recovered vehicles"), "persons": gettext_lazy("Missing persons"),
          "bodies": gettext_lazy("Unidentified bodies")}


# --- public -----------------------------------------------------------------------------------------------------

def _search(request, form_class, template: str, run):
    """Show the form; with a query, run the search and show what it found (400 bad query, 429 too many)."""
    asked = any(value.strip() for value in request.GET.values())
    form = form_class(request.GET if asked else None)
    context, status = {"form": form, "found": None}, 200
    if asked and form.is_valid():
        try:
            context["found"] = run(form.cleaned_data, request_client(request))
        except RateLimited as error:
            context["refused"], status = error.message, 429
        except DomainError as error:
            show_domain_errors(form, error)
            status = error.status_code
    elif asked:
        status = 400
    return render(request, template, context, status=status)


def searches(request):
    return render(request, "registers/searches.html")


def vehicles(request):
    return _search(request, VehicleSearchForm, "registers/vehicles.html",
                   lambda data, client: search.search_vehicles(data["q"], client=client))


def persons(request):
    def run(data, client):
        return search.search_persons(search.PersonQuery(
            name=data["name"], area=data["area"], age_from=data["age_from"], age_to=data["age_to"],
            gender=data["gender"]), client=client)

    return _search(request, PersonSearchForm, "registers/persons.html", run)


def person_photo(request, pk: int):
    """A missing person's photo, published while they are missing."""
    person = get_object_or_404(MissingPerson, pk=pk, status=PersonStatus.MISSING)
    return _photo(person.photo, f"missing-person-{person.pk}")


def bodies(request):
    def run(data, client):
        return search.search_bodies(search.BodyQuery(
            area=data["area"], found_from=data["found_from"], found_to=data["found_to"], gender=data["gender"],
            age_from=data["age_from"], age_to=data["age_to"], marks=data["marks"]), client=client)

    return _search(request, BodySearchForm, "registers/bodies.html", run)


# --- officers ---------------------------------------------------------------------------------------------------

def register_keeper(view):
    """Signed-in officers who keep the registers; others get 403 and a reason. Unknown registers are 404."""

    @wraps(view)
    @login_required
    def wrapped(request, register: str, *args, **kwargs):
        if register not in entries.REGISTERS:
            raise Http404
        try:
            entries.check_may_edit(request.user)
        except PermissionDenied as error:
            return render(request, "web/error.html", {"error": error}, status=403)
        return view(request, register, *args, **kwargs)

    return wrapped


def _scoped(request, register: str):
    return (entries.MODELS[register].objects.filter(station__in=entries.stations_for(request.user))
            .select_related("station"))


def officer_find(register: str, text: str) -> Q:
    """The officers' "find" box: any identifier (vehicles), the name in any script or the report number."""
    if register == "vehicles":
        key = identifiers.key(text)
        return Q(registration_key__contains=key) | Q(chassis_key__contains=key) | Q(engine_key__contains=key)
    condition = Q(reference__icontains=text)
    if register == "persons":
        words = entries.name_key(text).split()
        if words:
            name = Q()
            for word in words:
                name &= Q(name_key__contains=f" {word}")
            condition |= name
    return condition


def officer_home(request):
    """The registers' entry page (the officers' menu links here): the first register's list, with the others a
    tab away (officer_list checks who may keep the registers)."""
    return officer_list(request, register=entries.REGISTERS[0])


@register_keeper
def officer_list(request, register: str):
    rows = _scoped(request, register)
    text = request.GET.get("q", "").strip()[:60]
    if text:
        rows = rows.filter(officer_find(register, text))
    return render(request, "registers/officer_list.html", {
        "register": register, "title": TITLES[register], "rows": rows[:OFFICER_LIST], "q": request.GET.get("q", ""),
        "registers": [(code, TITLES[code]) for code in entries.REGISTERS]})


@register_keeper
def officer_entry(request, register: str, pk: int | None = None):
    instance = get_object_or_404(_scoped(request, register), pk=pk) if pk else None
    fields, stations = entries.FIELDS[register], entries.stations_for(request.user)
    if request.method != "POST":
        initial = model_to_dict(instance, fields=fields) if instance else {}
        form = entry_form(register, fields, stations, initial=initial)
        return render(request, "registers/officer_entry.html",
                      {"form": form, "register": register, "title": TITLES[register], "entry": instance})
    form = entry_form(register, fields, stations, request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            entry = entries.record(register, actor=request.user, data=data, instance=instance, photo=photo)
        except DomainError as error:
            show_domain_errors(form, error)
        else:
            messages.success(request, _("Saved: %(entry)s.") % {"entry": entry})
            return redirect("registers:officer-list", register=register)
    return render(request, "registers/officer_entry.html",
                  {"form": form, "register": register, "title": TITLES[register], "entry": instance}, status=400)


@register_keeper
def officer_import(request, register: str):
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = imports.import_file(register, content=form.cleaned_data["file"].read(), actor=request.user)
        except DomainError as error:
            show_domain_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                             % vars(outcome))
            return redirect("registers:officer-list", register=register)
    elif request.method == "POST":
        status = 400
    return render(request, "registers/officer_import.html", {
        "form": form, "register": register, "title": TITLES[register],
        "columns": entries.FIELDS[register], "required": sorted(imports.REQUIRED_COLUMNS[register])}, status=status)


@login_required
def officer_body_photo(request, pk: int):
    """A body's photo, for staff of the stations in their units only (families see it at the station)."""
    body = get_object_or_404(UnidentifiedBody, pk=pk)
    try:
        entries.check_may_edit(request.user, body.station)
    except PermissionDenied as error:
        return render(request, "web/error.html", {"error": error}, status=403)
    return _photo(body.photo, f"body-{body.pk}")
