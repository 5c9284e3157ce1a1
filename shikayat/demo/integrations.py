"""The demo's integrators and portal connection, so that the complaint cell's pages for them have something to
show: the portal the demo's imported complaints came from takes disposal files (no network in a demo), a city app
posts over Open311, and an NGO's tracker on probation has a request waiting for the cell."""

from django.db import transaction
from django.http import QueryDict

from shikayat.categories.models import Category
from shikayat.channels.models import PortalConnection
from shikayat.integrations.keys import issue_key
from shikayat.integrations.models import Integrator
from shikayat.open311 import submit
from shikayat.open311.models import Open311Request

# The portal each profile's imported complaints came from (their external_ref is "<source>:<ref>").
PORTALS = {"punjab": ("pm_portal", "Pakistan Citizen's Portal", "PMDU"),
           "rampur": ("igrs", "IGRS / Jansunwai (Uttar Pradesh)", "IGRS")}
CITY_APP = {"punjab": "Lahore city app", "rampur": "Rampur city app"}
PROBATION = "Citizens' rights NGO tracker (on probation)"
WAITING = {  # the probation key's request the cell is to check: (service, place, description)
    "punjab": ("CRIME-THEFT", "Liberty Market, Gulberg, Lahore",
               "My phone was snatched near the market gate at 7 pm by two men on a motorcycle."),
    "rampur": ("CRIME-THEFT", "Civil Lines, Rampur",
               "मेरा मोबाइल बाज़ार के गेट के पास रात सात बजे दो मोटरसाइकिल सवारों ने छीन लिया।"),
}


def portal_reference(profile: str, number: int) -> str:
    source, _label, prefix = PORTALS[profile]
    return f"{source}:{prefix}-{number:06d}"


@transaction.atomic
def load(profile: str) -> dict[str, str]:
    """The portal connection and the integrators; returns each integrator's newly issued key (shown once)."""
    source, label, _prefix = PORTALS[profile]
    PortalConnection.objects.update_or_create(source=source, defaults={"label": label, "mode": "file",
                                                                       "mapping": {}})
    keys = {}
    for name, probation in ((CITY_APP[profile], False), (PROBATION, True)):
        integrator, _ = Integrator.objects.update_or_create(name=name, defaults={"review_first": probation,
                                                                                  "is_active": True})
        keys[name] = issue_key(integrator)
    waiting = Integrator.objects.get(name=PROBATION)
    code, place, description = WAITING[profile]
    if (Category.objects.filter(code=code).exists()
            and not Open311Request.objects.filter(integrator=waiting, complaint__isnull=True).exists()):
        form = QueryDict(mutable=True)
        form.update({"service_code": code, "address_string": place, "description": description,
                     "first_name": "Demo", "last_name": "Citizen", "phone": "03001112233" if profile == "punjab"
                     else "+919876543210"})
        submit.post(form, waiting, lang="en", complaint_lang=None)
    return keys
