"""A complaint whose station the citizen does not know ("I don't know") but whose address, or shared point,
says where goes to that district's complaint cell — not the province's — on every channel that lets the
citizen leave the station out: the web form, the API, the call centre and front desk, and WhatsApp."""

import pytest
from django.core.management import call_command

from shikayat.accounts.models import User
from shikayat.complaints import inbox, permissions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.jurisdictions.models import Unit
from shikayat.jurisdictions.selectors import area_named_in

from .test_bot import Chat, bot  # noqa: F401 (the bot fixture)
from .test_citizen_pages import verify
from .test_desks import phoned_in


def lodged(**fields) -> Complaint:
    data = {"category": "CRIME-THEFT", "name": "Ali Raza", "mobile": "03001234567", "language": "en",
            "description": "My motorcycle was stolen outside the mosque after Friday prayers.", **fields}
    return register_complaint(actor=SYSTEM, channel="web", data=data)


@pytest.fixture
def punjab(db):
    call_command("load_demo", profile="punjab", complaints=0, verbosity=0)
    return Unit.objects.get(code="LHR")


@pytest.mark.parametrize("fields", [
    {"incident_address": "Main Boulevard, Gulberg, Lahore"},
    {"incident_address": "مین بلیوارڈ، گلبرگ، لاہور"},
    {"incident_address": "मेन बुलेवार्ड, गुलबर्ग, लाहौर"},
    {"incident_address": "Near the mosque", "address": "House 5, Block C, Johar Town, LAHORE."},
])
def test_an_address_in_lahore_goes_to_lahore_s_cell_which_opens_it(client, punjab, fields):
    complaint = lodged(unit="", **fields)
    assert complaint.unit == punjab and complaint.incident_unit is None
    cell = User.objects.get(username="lhr.cell")
    assert complaint.etag in [c.etag for c in inbox.officer_complaints(cell, {"box": "routing"})]
    client.force_login(cell)
    assert client.get(f"/officer/complaints/{complaint.etag}/").status_code == 200
    # Not the province's: the CPO's cell still sees it (all of Punjab) but it is not left at the top.
    assert complaint.unit_path != Unit.objects.get(code="PB").path


def test_a_shared_point_in_lahore_goes_to_a_lahore_unit_its_cell_opens(client, punjab):
    complaint = lodged(unit="", lat="31.52", lng="74.35")
    assert complaint.unit.path.startswith(punjab.path)
    client.force_login(User.objects.get(username="lhr.cell"))
    assert client.get(f"/officer/complaints/{complaint.etag}/").status_code == 200


@pytest.mark.parametrize("fields", [
    {},  # nothing says where
    {"incident_address": "On the motorway from Lahore to Multan"},  # two districts: a person must decide
    {"incident_address": "Gulberg"},  # a neighbourhood only: station names are not read (they repeat)
])
def test_without_one_named_place_it_stays_with_the_province(punjab, fields):
    assert lodged(unit="", **fields).unit.code == "PB"


def test_a_chosen_station_or_a_shared_point_wins_over_the_address(punjab):
    multan_station = Unit.objects.filter(code__startswith="MLN-", children__isnull=True).first()
    assert lodged(unit=multan_station.code, incident_address="Lahore").unit == multan_station
    assert lodged(unit="", lat="31.52", lng="74.35", incident_address="Multan").unit.path.startswith(punjab.path)


def test_a_district_and_its_region_named_together_are_one_place(punjab):
    region = punjab.parent
    assert area_named_in(f"Gulberg, {punjab.name_en}, {region.name_en}") == punjab
    assert area_named_in("", "   ", f"Street 4, {punjab.name_ur}") == punjab  # the first text naming a place


def test_against_police_an_address_does_not_move_a_held_complaint(punjab):
    """Fail closed: a complaint against police whose accused is not identified is held where nothing says where;
    an address does not bring it nearer the accused's district."""
    complaint = lodged(category="POL-MISCONDUCT", unit="", incident_address="Gulberg, Lahore",
                       description="An officer at the checkpoint abused me and took my phone.")
    assert complaint.accused_pending
    assert not permissions.can_view(User.objects.get(username="lhr.cell"), complaint)


# --- the other doors (the test force: district "Da", whose complaint cell is cell_A) -----------------------------

def test_the_web_form_s_i_dont_know(client, force):
    verify(client, next_url="/lodge/")
    response = client.post("/lodge/", {"submission": "a1b2c3", "category": "THEFT", "unit": "", "name": "Ali Raza",
                                       "description": "My motorcycle was stolen outside the mosque.",
                                       "incident_address": "Jamia Masjid, Da"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Complaint.objects.get().unit == force.units["dA"]


def test_the_call_centre_without_a_station(client, force):
    client.force_login(force.officers["agent"])
    client.post("/officer/call-centre/register/", phoned_in(unit="", incident_address="Bus stop, Db"))
    complaint = Complaint.objects.get()
    assert complaint.unit == force.units["dB"]
    assert complaint in inbox.officer_complaints(force.officers["cell_B"], {"box": "routing"})


def test_the_api_without_a_station(force):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(force.officers["portal"])
    body = {"channel": "portal_import", "category": "THEFT", "name": "Ali Raza", "mobile": "03001234567",
            "description": "My motorcycle was stolen outside the mosque.", "address": "Mohalla 3, Da"}
    assert api.post("/api/v1/complaints/", body, format="json").status_code == 201
    assert Complaint.objects.get().unit == force.units["dA"]


def test_whatsapp_a_district_typed_for_the_place(bot, settings):  # noqa: F811
    chat = Chat()
    chat.start()
    chat.say("1")
    chat.say("1")
    chat.say("Someone stole the battery of my car last night.")
    chat.say("skip")
    [summary] = chat.say("Db")
    assert "Db" in summary.context["text"]
    chat.tap("yes")
    assert Complaint.objects.get().unit == bot.units["dB"]


def test_a_circle_named_with_its_district_is_that_district_s_circle(punjab):
    circle = Unit.objects.get(code="LHR-MDT")
    assert area_named_in(f"House 12, {circle.name_en}, Lahore") == circle
