"""A complaint against police never reaches the officer it accuses, his juniors
or his barred units, whichever channel it came by and however the accused was
named: by belt number, by user name, or only in words. Each channel registers
it the way that channel does, then the accused, a junior in his unit and
officers of barred units walk every read path (pages, boxes, searches by
E-tag, mobile and words, exports, dashboards, review list, ledger, slip,
call-centre lookups, API list / detail / search / timeline / attachments):
nothing of it may appear. The branch that holds it must see it (the walk
would otherwise prove nothing)."""

from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from shikayat.accountability import actions as enquiry
from shikayat.accounts.models import Rank, Role
from shikayat.complaints import actions, inbox, permissions
from shikayat.complaints.intake import register_complaints
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, CitizenActor
from shikayat.complaints.workflow import Status
from shikayat.core.errors import TransitionNotAllowed

from .factories import category, complaint_data, officer
from .test_citizen_pages import verify

MARKER = "Zarqoonabad"  # a word found only in these complaints' descriptions
MOBILE, MOBILE_DIGITS = "03001234567", "3001234567"
BELT = "PB-7001"
DESCRIPTION = f"At the {MARKER} check post the officer took Rs 20000 from me and threatened my family."
NAMED = {
    "belt": BELT,
    "username": "dpo_A",
    "words": "The SSP of the district himself, the tall one who came to the check post",
}
VIEWERS = ["dpo_A", "cell_A", "acc_A", "sdpo_A", "sho_A", "desk_A"]  # the accused, juniors, barred units
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(autouse=True)
def monthly_report_as_html(monkeypatch):
    """The monthly report's figures drawn as the HTML its PDF is made from (the walk reads text; WeasyPrint
    would add a second per report and show nothing more)."""
    from shikayat.reports import pdf

    monkeypatch.setattr(pdf, "monthly_pdf", lambda figures, language: pdf.monthly_html(figures, language=language)
                        .encode())


@pytest.fixture
def branch(force, settings):
    """The test force with the DPO's belt number, the province's accountability branch (an Additional IG, senior
    to any district head), and the email and SMS intake filing under the against-police category (in a force
    the complaint cell re-classifies them; here they arrive against police at once, the harder case)."""
    o = force.officers
    o["dpo_A"].belt_number = BELT
    o["dpo_A"].save()
    o["acc_pb"] = officer("acc_pb", Rank.ADDL_IG, [(force.units["pb"], Role.ACCOUNTABILITY)])
    category("OTHER-GENERAL")
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SMS_GATEWAY_TOKEN": "gateway-secret-0123456789",
                         "SMS_INTAKE_CATEGORY": "AGAINST-POLICE", "EMAIL_INTAKE_CATEGORY": "AGAINST-POLICE",
                         "EMAIL_INTAKE_ADDRESS": "complaints@police.example.pk",
                         "BOT_CATEGORIES": ["THEFT", "AGAINST-POLICE"], "BOT_IDLE_MINUTES": 30,
                         "BOT_MAX_DISTANCE_KM": 100}
    return force


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- each channel, the way it registers a complaint ----------------------------------------------------------------

def by_web(force, named):
    client = Client()
    verify(client, next_url="/lodge/")
    response = client.post("/lodge/", {"submission": "leak-web", "category": "AGAINST-POLICE", "unit": "SA1",
                                       "name": "Nasreen Akhtar", "description": DESCRIPTION,
                                       "incident_address": "Check post", "accused": named})
    assert response.status_code == 302, response.content[:2000]


def by_front_desk(force, named):
    response = _signed_in(force.officers["desk_A"]).post("/officer/front-desk/", {
        "submission": "leak-desk", "channel": "front_desk", "mobile": MOBILE, "name": "Nasreen Akhtar",
        "language": "en", "category": "AGAINST-POLICE", "unit": "SA1", "incident_address": "Check post",
        "description": DESCRIPTION, "accused": named, "email": "", "id_number": "", "address": "House 4",
        "incident_at": ""})
    assert response.status_code in (200, 302), response.content[:2000]


def by_call_centre(force, named):
    response = _signed_in(force.officers["agent"]).post("/officer/call-centre/register/", {
        "submission": "leak-call", "mobile": MOBILE, "name": "Nasreen Akhtar", "language": "ur",
        "category": "AGAINST-POLICE", "unit": "SA1", "incident_address": "Check post", "description": DESCRIPTION,
        "accused": named})
    assert response.status_code in (200, 302), response.content[:2000]


def by_whatsapp(force, named):
    from .test_bot import Chat

    chat = Chat()
    chat.start()
    chat.say("1")
    chat.tap("cat:AGAINST-POLICE")
    chat.say(DESCRIPTION)
    chat.say(named)
    chat.say("skip")
    chat.say("SA1")
    chat.tap("yes")


def by_email(force, named):
    from shikayat.channels.email_intake import process_message

    raw = ("From: Nasreen Akhtar <nasreen@example.pk>\r\nTo: complaints@police.example.pk\r\n"
           f"Subject: Complaint against police\r\n\r\n{DESCRIPTION} The officer: {named}.\r\n")
    process_message(raw.encode())


def by_sms(force, named):
    response = Client().post("/api/v1/intake/sms/", {"from": "+923001234567", "id": "leak-sms", "to": "8080",
                                                     "text": f"COMPLAINT {DESCRIPTION} Officer {named}"},
                             HTTP_AUTHORIZATION="Bearer gateway-secret-0123456789")
    assert response.status_code == 200, response.content[:2000]


def by_portal_import(force, named):
    batch = register_complaints(actor=force.officers["portal"], channel="portal_import", items=[complaint_data(
        category="AGAINST-POLICE", external_ref="pm:leak", description=DESCRIPTION, accused=named)])
    assert not batch.errors


def by_api(force, named):
    api = APIClient()
    api.force_authenticate(force.officers["portal"])
    response = api.post("/api/v1/complaints/", {**complaint_data(category="AGAINST-POLICE", description=DESCRIPTION,
                                                                 accused=named), "channel": "web"}, format="json")
    assert response.status_code == 201, response.content[:2000]


CHANNELS = {"web": by_web, "front_desk": by_front_desk, "call_centre": by_call_centre, "whatsapp": by_whatsapp,
            "email": by_email, "sms": by_sms, "portal_import": by_portal_import, "api": by_api}


# -- every read path ------------------------------------------------------------------------------------------------

def page_paths(complaint: Complaint) -> list[str]:
    e, d = complaint.etag, complaint.etag_display
    paths = [f"/officer/complaints/{e}/", f"/officer/complaints/{d}/"]
    paths += [f"/officer/complaints/?box={box.code}" for box in inbox.BOXES]
    paths += [f"/officer/complaints/?box=all&q={q}" for q in (e, d, MOBILE, "+923001234567", MARKER)]
    paths += [f"/officer/complaints/?box={box.code}&q={MARKER}" for box in inbox.BOXES]
    paths += ["/officer/complaints/export.csv?box=all", f"/officer/complaints/export.csv?box=all&q={MARKER}",
              "/officer/review/", "/officer/review/export.csv", "/officer/reports/monthly/", "/officer/dashboard/",
              "/officer/dashboard/league/", "/officer/ledger/", "/officer/ledger/entries/",
              "/officer/accountability/officers/", "/officer/accountability/officers/dpo_A/",
              f"/officer/front-desk/slip/{e}/", f"/officer/call-centre/registered/{e}/",
              f"/officer/call-centre/?mobile={MOBILE}", f"/officer/call-centre/?etag={e}",
              "/officer/call-centre/callbacks/"]
    return paths


def api_paths(complaint: Complaint) -> list[str]:
    e = complaint.etag
    paths = ["/api/v1/complaints/", f"/api/v1/complaints/?q={e}", f"/api/v1/complaints/?q={MOBILE}",
             f"/api/v1/complaints/?q={MARKER}", f"/api/v1/complaints/{e}/", f"/api/v1/complaints/{e}/timeline/",
             f"/api/v1/complaints/{e}/attachments/"]
    paths += [f"/api/v1/complaints/{e}/attachments/{a.pk}/" for a in complaint.attachments.all()]
    return paths


def _secrets(complaint: Complaint, path: str) -> list[str]:
    """What would show the complaint on this path's answer: its E-tag, the complainant's mobile and name, the
    description's marker word (each unless the path itself asks for it: a search box shows what was searched),
    and always a link to it (pages) or its E-tag as a JSON value (API)."""
    asked = unquote(path.partition("?")[2])
    secrets = [complaint.etag, complaint.etag_display, MOBILE_DIGITS, MARKER, "Nasreen"]
    always = f'"{complaint.etag}"' if path.startswith("/api/") else f"/complaints/{complaint.etag}/"
    return [s for s in secrets if s not in asked] + [always]


def leaks(complaint: Complaint, user) -> tuple[int, list[str]]:
    """(paths walked, paths that showed anything of the complaint) for this officer."""
    web, api = _signed_in(user), APIClient()
    api.force_authenticate(user)
    found, walked = [], 0
    for client, paths in ((web, page_paths(complaint)), (api, api_paths(complaint))):
        for path in paths:
            response = client.get(path)
            walked += 1
            assert response.status_code < 500, (path, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            shown = [secret for secret in _secrets(complaint, path) if secret in text]
            if response.status_code == 200 and shown:
                at = text.index(shown[0])
                found.append(f"{path} shows {shown[0]!r}: …{text[max(0, at - 120):at + 40]}…")
    return walked, found


def _combinations() -> list:
    """Every channel with every way of naming the accused. What differs between the engines is how the read paths
    search and filter, which every channel and every naming meets once in the combinations by belt number or on
    the web; the rest of the product is about how each channel stores the complaint, the same on either engine, so
    it runs once, on PostgreSQL (engine_independent: see .ci/run)."""
    return [pytest.param(channel, naming, id=f"{channel}-{naming}",
                         marks=() if naming == "belt" or channel == "web" else pytest.mark.engine_independent)
            for channel in sorted(CHANNELS) for naming in sorted(NAMED)]


@pytest.mark.parametrize("channel, naming", _combinations())
def test_no_read_path_shows_the_complaint_to_the_accused_his_juniors_or_barred_units(branch, channel, naming):
    o = branch.officers
    CHANNELS[channel](branch, NAMED[naming])
    complaint = Complaint.objects.get(description__contains=MARKER)
    actions.add_attachment(complaint, actor=CitizenActor(mobile=complaint.complainant_mobile) if
                           complaint.complainant_mobile else SYSTEM,
                           upload=SimpleUploadedFile("receipt.png", PNG))
    assert complaint.handling == "against_police" and complaint.is_confidential
    # Held at the province by its accountability branch, whether the DPO was identified or only described.
    assert complaint.unit == branch.units["pb"], (channel, naming, complaint.unit)
    assert complaint.accused_rank == Rank.DPO
    identified = naming != "words"
    assert complaint.accused.filter(officer=o["dpo_A"]).exists() is identified
    walked, found = leaks(complaint, o["acc_pb"])
    assert found, "the branch holding the complaint must find it, or the walk proves nothing"
    total = 0
    for username in VIEWERS:
        walked, found = leaks(complaint, o[username])
        total += walked
        assert found == [], (channel, naming, username, found)
    assert total >= len(VIEWERS) * 45
    print(f"{channel}/{naming}: {total} read paths walked by {len(VIEWERS)} barred officers, no leak")


# -- holding and naming ---------------------------------------------------------------------------------------------

def _register(force, **data):
    return register_complaints(actor=SYSTEM, channel="web", items=[complaint_data(
        category="AGAINST-POLICE", unit="SA1", description=DESCRIPTION, **data)]).complaints[0]


def test_an_accused_named_in_words_is_resolved_by_name_rank_and_station(branch):
    o = branch.officers
    # The SHO of SA1 is "Sho_A": his name, his rank and his station identify him (a registered officer).
    complaint = _register(branch, accused="Inspector Sho_A of police station Sa1")
    assert list(complaint.accused.values_list("officer__username", flat=True)) == ["sho_A"]
    assert not complaint.accused_pending and complaint.unit == branch.units["dA"]
    assert not permissions.can_view(o["sho_A"], complaint)
    # The same name with another rank, or an unknown name, identifies nobody: the complaint is held.
    for words in ("Constable Sho_A of police station Sa1", "Inspector Bashir of police station Sa1"):
        held = _register(branch, accused=words)
        assert held.accused_pending and not held.accused.filter(officer__isnull=False).exists()


@pytest.mark.parametrize("words, rank, held_at", [
    ("the SSP", Rank.DPO, "pb"),                          # a district head: the top
    ("ایس ایچ او صاحب", Rank.INSPECTOR, "pb"),            # the SHO in Urdu: above the district (no desk in r1)
    ("थानेदार", Rank.SI, "pb"),                             # in Hindi
    ("a tall man in uniform", None, "pb"),                 # no rank at all
])
def test_an_accused_only_described_holds_the_complaint_above_his_district(branch, words, rank, held_at):
    o = branch.officers
    complaint = _register(branch, accused=words)
    assert complaint.accused_pending and complaint.accused_rank == rank
    assert complaint.unit == branch.units[held_at]
    for username in ("dpo_A", "acc_A", "sdpo_A", "sho_A", "cell_A", "dpo_B"):
        assert not permissions.can_view(o[username], complaint), username


def test_a_region_desk_holds_it_when_the_sop_bars_no_unit_above(branch):
    from shikayat.categories.models import SOP

    SOP.objects.filter(category__code="AGAINST-POLICE").update(accused_chain_levels=0)
    rpo_desk = officer("acc_r1", Rank.RPO, [(branch.units["r1"], Role.ACCOUNTABILITY)])
    complaint = _register(branch, accused="a constable whose name I do not know")
    assert complaint.accused_pending and complaint.unit == branch.units["r1"]
    assert permissions.can_view(rpo_desk, complaint)
    assert not permissions.can_view(branch.officers["dpo_A"], complaint)


def test_nothing_marks_or_moves_a_held_complaint_until_the_branch_names_the_accused(branch):
    o = branch.officers
    complaint = _register(branch, accused="the SSP")
    offered = {t.action for t in permissions.available_transitions(o["acc_pb"], complaint)}
    assert "name_accused" in offered and "accused_unidentified" in offered and not offered & {"assign", "transfer"}
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.assign(complaint, actor=o["acc_pb"], officer=o["acc_pb"])
    assert refused.value.code == "accused_pending"
    with pytest.raises(TransitionNotAllowed):
        actions.transfer(complaint, actor=o["igp"], unit=branch.units["dB"], reason="Not ours")
    # The branch names him: the provisional bars give way to his, and it is routed per the SOP.
    named = enquiry.name_accused(complaint, actor=o["acc_pb"], accused=[{"officer": "dpo_A"}])
    assert not named.accused_pending and named.status == Status.REGISTERED
    assert named.unit == branch.units["pb"]  # his district and region are barred; the province holds it
    assert set(named.bars.values_list("path", "subtree")) == {(branch.units["dA"].path, True),
                                                              (branch.units["r1"].path, False)}
    assert not permissions.can_view(o["dpo_A"], named)
    assert [e.action for e in named.events.order_by("at", "id")][-2:] == ["name_accused", "reroute"]
    assert "assign" in {t.action for t in permissions.available_transitions(o["acc_pb"], named)}
    assert actions.assign(named, actor=o["acc_pb"], officer=o["acc_pb"]).assignee == o["acc_pb"]


def test_a_junior_accused_named_by_the_branch_sends_the_complaint_down_to_the_district_branch(branch):
    o = branch.officers
    complaint = _register(branch, accused="the constable at the gate")
    assert complaint.accused_pending and complaint.unit == branch.units["pb"]
    named = enquiry.name_accused(complaint, actor=o["acc_pb"], accused=[{"officer": "asi_A"}])
    # The ASI's station and circle are barred; the district's branch (senior to an ASI) now handles it.
    assert not named.accused_pending and named.unit == branch.units["dA"]
    assert permissions.can_view(o["acc_A"], named) and not permissions.can_view(o["asi_A"], named)


def test_the_branch_may_record_that_the_accused_cannot_be_identified(branch):
    o = branch.officers
    complaint = _register(branch, accused="someone in plain clothes")
    kept = enquiry.accused_unidentified(complaint, actor=o["acc_pb"], reason="No officer fits; CCTV requested.")
    assert not kept.accused_pending and kept.unit == branch.units["pb"]
    assert kept.bars.filter(path=branch.units["dA"].path, subtree=True).exists()  # the provisional bar stays
    with pytest.raises(TransitionNotAllowed):
        enquiry.accused_unidentified(kept, actor=o["acc_pb"], reason="Again")


def test_a_complaint_naming_nobody_is_held_too(branch):
    complaint = _register(branch)
    assert complaint.accused_pending and complaint.unit == branch.units["pb"]
    assert not permissions.can_view(branch.officers["dpo_A"], complaint)
    assert not permissions.can_view(branch.officers["acc_A"], complaint)
