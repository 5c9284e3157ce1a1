"""Complaints against police: the accused and their juniors never see or hold
the complaint, the enquiry chain from initial enquiry to the citizen's
satisfaction, filing with reasons and a supervisor's approval, the access
log, sealed identities and the women officers' cell."""

from datetime import timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from shikayat.accountability import actions as enquiry
from shikayat.accountability.models import AccessLog, Accused, Bar, Decision, Enquiry, EnquiryKind, Finding, Proceedings
from shikayat.accountability.sweep import enquiry_breaches
from shikayat.accounts.models import Rank, Role
from shikayat.complaints import actions, inbox, permissions, selectors
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM, CitizenActor
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from shikayat.deadlines.models import DelayEntry
from shikayat.deadlines.sweep import run_sweep
from shikayat.notifications.models import OutboxMessage

from .conftest import AGAINST_SHO
from .factories import complaint_data, officer


@pytest.fixture
def eo(force):
    """An SDPO-rank enquiry officer of the district, outside the accused's station and circle."""
    return officer("eo_A", Rank.SDPO, [(force.units["dA"], Role.ENQUIRY_OFFICER)])


SEARCH = {"box": "all", "q": "refused FIR"}


def visible_to(user, complaint) -> bool:
    return Complaint.objects.filter(permissions.scope_filter(user), pk=complaint.pk).exists()


# -- routing and who may see it --------------------------------------------------------------------------------

def test_the_complaint_goes_to_the_accountability_branch_with_its_accused_and_bars(force, against_sho):
    o, u = force.officers, force.units
    assert against_sho.unit == u["dA"] and against_sho.is_confidential and against_sho.handling == "against_police"
    assert against_sho.accused_rank == Rank.INSPECTOR
    accused = list(Accused.objects.filter(complaint=against_sho))
    assert [a.officer for a in accused] == [o["sho_A"], None] and accused[1].description.startswith("A constable")
    # The SHO's station and everything below it, and (the SOP's one level) the circle above it.
    assert set(Bar.objects.filter(complaint=against_sho).values_list("path", "subtree")) == {
        (u["sA1"].path, True), (u["cA"].path, False)}
    assert [a.unit for a in accused] == [u["sA1"], None]  # the SHO's station; nowhere named for the constable


def test_an_accused_described_at_a_named_station_is_recorded_there(force):
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**{
        **AGAINST_SHO, "accused": [{"description": "Constable with a moustache at SA2, name unknown"}]}))
    assert [a.unit for a in Accused.objects.filter(complaint=complaint)] == [force.units["sA2"]]


@pytest.mark.parametrize("username, sees", [
    ("sho_A", False),    # the accused
    ("asi_A", False),    # junior to the accused, in the accused's station
    ("sdpo_A", False),   # the accused's own circle, barred by the SOP
    ("cell_A", False),   # complaint cell: confidential is not for general roles (and an SI is junior)
    ("desk_A", False),
    ("acc_A", True),     # the accountability branch
    ("dpo_A", True),     # the supervising chain
    ("igp", True),
    ("dpo_B", False),    # another district
])
def test_only_the_chain_and_the_branch_see_it_never_the_accused_or_their_juniors(force, against_sho, username, sees):
    user = force.officers[username]
    assert permissions.can_view(user, against_sho) is sees
    assert visible_to(user, against_sho) is sees


def test_the_accused_and_juniors_never_see_it_in_the_api_search_pages_or_exports(force, against_sho):
    etag = against_sho.etag
    for username in ("sho_A", "asi_A", "cell_A"):
        user = force.officers[username]
        api = APIClient()
        api.force_authenticate(user)
        assert api.get(f"/api/v1/complaints/{etag}/").status_code == 404
        assert api.get(f"/api/v1/complaints/{etag}/timeline/").status_code == 404
        assert against_sho.etag_display not in str(api.get("/api/v1/complaints/",
                                                           {"q": against_sho.etag_display}).json())
        page = Client()
        page.force_login(user)
        assert page.get(f"/officer/complaints/{etag}/").status_code == 404
        assert against_sho.etag_display not in page.get("/officer/complaints/", SEARCH).content.decode()
        export = page.get("/officer/complaints/export.csv", {"status": "open"})
        assert against_sho.etag_display not in b"".join(export.streaming_content).decode("utf-8-sig")
    # The complaint cell's district dashboard counts it, and says so, but lists it nowhere.
    page = Client()
    page.force_login(force.officers["cell_A"])
    dashboard = page.get("/officer/dashboard/", {"unit": "DA"})
    assert dashboard.status_code == 200 and dashboard.context["f"].pending == 1
    assert "Of the pending, 1 is confidential" in dashboard.content.decode()
    pending_list = page.get("/officer/complaints/", {"box": "all", "unit": "DA", "status": "open"}).content.decode()
    assert against_sho.etag_display not in dashboard.content.decode() + pending_list
    # While the supervisor sees it everywhere.
    dpo = Client()
    dpo.force_login(force.officers["dpo_A"])
    assert dpo.get(f"/officer/complaints/{etag}/").status_code == 200
    assert against_sho.etag_display in dpo.get("/officer/complaints/", {"box": "all", "unit": "DA",
                                                                        "status": "open"}).content.decode()
    assert against_sho.etag_display in dpo.get("/officer/complaints/", SEARCH).content.decode()
    api = APIClient()
    api.force_authenticate(force.officers["dpo_A"])
    assert against_sho.etag_display in str(api.get("/api/v1/complaints/", {"q": against_sho.etag_display}).json())
    export = dpo.get("/officer/complaints/export.csv", {"status": "open"})
    assert against_sho.etag_display in b"".join(export.streaming_content).decode("utf-8-sig")


def test_marking_it_to_the_accused_a_junior_or_the_barred_circle_is_refused_with_a_clear_message(force, against_sho):
    o = force.officers
    for username, says in (("sho_A", "is accused in this complaint"), ("asi_A", "junior to an accused officer"),
                           ("sdpo_A", "posted in the accused officer's unit or chain")):
        with pytest.raises(InvalidInput) as refused:
            actions.assign(against_sho, actor=o["dpo_A"], officer=o[username])
        assert says in str(refused.value.message) and refused.value.code == "accused_barred"
        assert "officer" in refused.value.fields
    against_sho.refresh_from_db()
    assert against_sho.assignee is None and against_sho.status == Status.REGISTERED
    assert not Enquiry.objects.filter(complaint=against_sho).exists()
    # Through the API the officer sees the same message, as a 400.
    api = APIClient()
    api.force_authenticate(o["dpo_A"])
    answer = api.post(f"/api/v1/complaints/{against_sho.etag}/actions/assign/", {"officer": "sho_A"}, format="json")
    assert answer.status_code == 400 and "is accused in this complaint" in answer.json()["error"]["message"]
    # Nor may it be transferred into the accused's station.
    with pytest.raises(InvalidInput, match="bars from this complaint"):
        actions.transfer(against_sho, actor=o["dpo_A"], unit=force.units["sA1"], reason="Closer to the place")


def test_an_accused_named_later_who_holds_the_complaint_loses_it_at_once(force, eo):
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="AGAINST-POLICE", unit="SA1", description="The SHO was rude and sent me away.",
        accused=[{"officer": "sho_A"}]))
    complaint = actions.assign(complaint, actor=o["dpo_A"], officer=eo)
    assert permissions.can_view(eo, complaint)
    complaint = enquiry.name_accused(complaint, actor=o["acc_A"], accused=[{"officer": "eo_A"}])
    assert complaint.assignee is None and complaint.status == Status.REGISTERED
    assert not permissions.can_view(eo, complaint) and not visible_to(eo, complaint)
    assert [e.action for e in complaint.events.order_by("at", "id")][-2:] == ["name_accused", "reroute"]
    # Named accused must be in the register or described; a general complaint names nobody.
    with pytest.raises(InvalidInput, match="No serving officer"):
        enquiry.name_accused(complaint, actor=o["acc_A"], accused=[{"officer": "nobody-42"}])
    with pytest.raises(InvalidInput) as general:
        register_complaint(actor=SYSTEM, channel="web", data=complaint_data(accused="The SHO"))
    assert general.value.fields["accused"] == ["Only complaints against police name an accused officer."]


def test_the_deadline_sweep_never_escalates_to_the_accused(force):
    """Against the DPO: the district's accountability officer is junior, so it goes to the province."""
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="AGAINST-POLICE", unit="SA1", description="The DPO ordered my brother held without a case.",
        accused=[{"officer": "dpo_A"}]))
    assert complaint.unit == force.units["pb"]
    assert not permissions.can_view(o["dpo_A"], complaint) and not permissions.can_view(o["acc_A"], complaint)
    assert permissions.can_view(o["igp"], complaint)
    run_sweep(now=complaint.contact_due_at + timedelta(hours=30))
    complaint.refresh_from_db()
    assert complaint.escalated_to_id in (None, o["igp"].pk)


# -- the enquiry chain ---------------------------------------------------------------------------------------

def test_the_whole_chain_initial_regular_proved_proceedings_outcome_informed_closed(force, against_sho, eo):
    o = force.officers
    t = against_sho.received_at
    sho = Accused.objects.get(complaint=against_sho, officer=o["sho_A"])
    constable = Accused.objects.get(complaint=against_sho, officer=None)

    # Initial enquiry: marked to the accountability officer, with its own deadline.
    c = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"], now=t + timedelta(hours=1))
    initial = Enquiry.objects.get(complaint=c)
    assert initial.kind == EnquiryKind.INITIAL and initial.officer == o["acc_A"]
    assert initial.due_at == t + timedelta(hours=1 + 168)
    c = actions.log_contact(c, actor=o["acc_A"], method="call", outcome="Complainant repeated the allegation",
                            now=t + timedelta(hours=2))
    c = enquiry.submit_enquiry_report(c, actor=o["acc_A"], report="Prima facie substance: regular enquiry needed.",
                                      now=t + timedelta(hours=30))

    # Regular enquiry: an SDPO of the district, the allegations framed against each accused.
    c = enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=eo, now=t + timedelta(hours=40), allegations=[
        {"accused": sho.pk, "text": "Demanded and took Rs 5000"},
        {"accused": constable.pk, "text": "Turned the complainant away at the gate"}])
    regular = Enquiry.objects.get(complaint=c, kind=EnquiryKind.REGULAR)
    assert c.assignee == eo and c.unit == force.units["dA"] and regular.officer == eo
    assert Enquiry.objects.get(pk=initial.pk).decision == Decision.REGULAR
    bribe, gate = regular.allegations.order_by("pk")

    enquiry.record_enquiry_entry(c, actor=eo, kind="statement", person="Complainant", text_="He took the money.",
                                 now=t + timedelta(hours=50))
    enquiry.record_enquiry_entry(c, actor=eo, kind="evidence", person="Bank", text_="Withdrawal slip of Rs 5000.",
                                 now=t + timedelta(hours=51))
    assert regular.entries.count() == 2

    # Bad input: a finding before the enquiry report, proceedings on a not-proved allegation.
    with pytest.raises(TransitionNotAllowed, match="needs the enquiry report") as early:
        enquiry.record_finding(c, actor=eo, allegation=bribe.pk, finding=Finding.PROVED, reasons="Slip")
    assert early.value.code == "enquiry_report_required"
    c = enquiry.submit_enquiry_report(c, actor=eo, report="Statements and the slip prove the bribe.",
                                      now=t + timedelta(hours=100))
    c = enquiry.record_finding(c, actor=eo, allegation=bribe.pk, finding=Finding.PROVED, reasons="Slip + witness",
                               now=t + timedelta(hours=101))
    c = enquiry.record_finding(c, actor=eo, allegation=gate.pk, finding=Finding.NOT_PROVED,
                               reasons="Nobody identified", now=t + timedelta(hours=102))
    with pytest.raises(TransitionNotAllowed, match="only on a proved or partly proved") as not_proved:
        enquiry.recommend_proceedings(c, actor=eo, allegation=gate.pk, kind="minor_penalty")
    assert not_proved.value.code == "not_proved"
    with pytest.raises(TransitionNotAllowed, match="only when the enquiry has reached one"):
        enquiry.inform_outcome(c, actor=eo, message="Too early")

    proceedings = enquiry.recommend_proceedings(c, actor=eo, allegation=bribe.pk, kind="major_penalty",
                                                note="Against the SHO", now=t + timedelta(hours=103))
    assert proceedings.accused == sho
    with pytest.raises(TransitionNotAllowed, match="outcome of the departmental proceedings"):
        enquiry.inform_outcome(c, actor=eo, message="Too early")
    with pytest.raises(PermissionDenied):  # the enquiry officer recommends; the branch records the outcome
        enquiry.record_proceedings_outcome(c, actor=eo, proceedings=proceedings.pk, outcome="censure")
    c = enquiry.record_proceedings_outcome(c, actor=o["acc_A"], proceedings=proceedings.pk,
                                           outcome="reduction_in_rank", note="DPO's order", now=t + timedelta(days=20))
    assert Proceedings.objects.get(pk=proceedings.pk).outcome == "reduction_in_rank"

    # The complainant is told, then the common closure rules: contact and field verification, approval, feedback.
    with pytest.raises(TransitionNotAllowed, match="outcome told to the complainant"):
        actions.propose_resolution(c, actor=eo, resolution="Proceedings concluded")
    c = enquiry.inform_outcome(c, actor=eo, message="Your allegation of bribery was proved; the SHO was reduced "
                               "in rank.", now=t + timedelta(days=20, hours=1))
    # The complainant hears the outcome in the officer's words (shikayat.updates), and nothing of the enquiry's
    # inside: no accused's name, allegation, statement or evidence in any update.
    told = OutboxMessage.objects.filter(complaint=c, template="complaint_update", channel="sms").order_by("pk")
    assert told.last().context["steps"].endswith(
        "The enquiry into your complaint is complete: Your allegation of bribery was proved; the SHO was reduced in "
        "rank.")
    for update in told:
        for inside in ("Sho_A", "sho_A", "Rs 5000", "money", "Withdrawal", "Prima facie", "gate"):
            assert inside not in update.context["steps"], (inside, update.context["steps"])
    c = actions.log_contact(c, actor=eo, method="visit", outcome="Explained the outcome",
                            now=t + timedelta(days=20, hours=2))
    c = actions.log_field_visit(c, actor=eo, findings="Visited the station", now=t + timedelta(days=20, hours=3))
    c = actions.propose_resolution(c, actor=eo, resolution="Enquiry concluded, SHO punished",
                                   now=t + timedelta(days=20, hours=4))
    c = actions.approve_resolution(c, actor=o["dpo_A"], now=t + timedelta(days=20, hours=5))
    citizen = CitizenActor(mobile=c.complainant_mobile)
    c = actions.record_feedback(c, actor=citizen, satisfied=True, rating=5, now=t + timedelta(days=21))
    assert c.status == Status.CLOSED

    steps = list(c.events.order_by("at", "id").values_list("action", flat=True))
    chain = ["register", "assign", "submit_enquiry_report", "order_regular_enquiry", "record_enquiry_entry",
             "submit_enquiry_report", "record_finding", "recommend_proceedings", "record_proceedings_outcome",
             "inform_outcome", "propose_resolution", "approve_resolution", "confirm_satisfied"]
    assert _in_order(steps, chain)
    # The citizen's timeline shows the outcome step but none of the internal enquiry record.
    public = set(c.events.filter(is_public=True).values_list("action", flat=True))
    assert "inform_outcome" in public and "order_regular_enquiry" in public
    assert not public & {"record_finding", "record_enquiry_entry", "recommend_proceedings", "submit_enquiry_report"}


def _in_order(steps: list[str], chain: list[str]) -> bool:
    position = 0
    for step in steps:
        if position < len(chain) and step == chain[position]:
            position += 1
    return position == len(chain)


def test_filing_needs_reasons_and_a_second_officers_supervisory_approval(force, against_sho):
    o = force.officers
    c = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"])
    with pytest.raises(TransitionNotAllowed, match="initial enquiry's report"):
        enquiry.request_filing(c, actor=o["acc_A"], reasons="No substance")
    c = enquiry.submit_enquiry_report(c, actor=o["acc_A"], report="The complainant withdrew the money himself.")
    with pytest.raises(InvalidInput, match="Filing needs reasons"):
        enquiry.request_filing(c, actor=o["acc_A"], reasons="  ")
    with pytest.raises(TransitionNotAllowed, match="Nobody has proposed filing"):
        enquiry.approve_filing(c, actor=o["dpo_A"])
    c = enquiry.request_filing(c, actor=o["acc_A"], reasons="Bank record shows no payment to anyone.")
    with pytest.raises(PermissionDenied):  # the accountability branch proposes; only a supervisor approves
        enquiry.approve_filing(c, actor=o["acc_A"])
    # A supervisor who proposed it may not approve it himself.
    c2 = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**AGAINST_SHO))
    c2 = actions.assign(c2, actor=o["dpo_A"], officer=o["acc_A"])
    c2 = enquiry.submit_enquiry_report(c2, actor=o["dpo_A"], report="No substance.")
    c2 = enquiry.request_filing(c2, actor=o["dpo_A"], reasons="No substance at all.")
    with pytest.raises(PermissionDenied, match="must be taken by another officer"):
        enquiry.approve_filing(c2, actor=o["dpo_A"])

    c = enquiry.approve_filing(c, actor=o["dpo_A"], note="Agreed")
    filed = Enquiry.objects.get(complaint=c)
    assert filed.decision == Decision.FILED and filed.decided_by == o["dpo_A"]
    assert filed.decision_reasons == "Bank record shows no payment to anyone."
    with pytest.raises(TransitionNotAllowed, match="already been decided"):
        enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=o["acc_A"],
                                      allegations=[{"accused": c.accused.first().pk, "text": "x"}])
    c = enquiry.inform_outcome(c, actor=o["acc_A"], message="The enquiry found no substance; your complaint is filed.")
    assert c.events.filter(action="inform_outcome", is_public=True).exists()


def test_a_regular_enquiry_needs_an_officer_of_the_sops_rank_and_real_allegations(force, against_sho):
    o = force.officers
    c = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"])
    c = enquiry.submit_enquiry_report(c, actor=o["acc_A"], report="Needs a regular enquiry.")
    sho = c.accused.get(officer=o["sho_A"])
    inspector = officer("insp_A", Rank.INSPECTOR, [(force.units["dA"], Role.ENQUIRY_OFFICER)])
    with pytest.raises(InvalidInput, match="rank DSP / ASP"):
        enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=inspector,
                                      allegations=[{"accused": sho.pk, "text": "Bribe"}])
    with pytest.raises(InvalidInput, match="is accused"):
        enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=o["sho_A"],
                                      allegations=[{"accused": sho.pk, "text": "Bribe"}])
    with pytest.raises(InvalidInput, match="at least one allegation"):
        enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=o["acc_A"], allegations=[])
    with pytest.raises(InvalidInput, match="this complaint's accused"):
        enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=o["acc_A"],
                                      allegations=[{"accused": 999999, "text": "Bribe"}])
    assert not Enquiry.objects.filter(complaint=c, kind=EnquiryKind.REGULAR).exists()


def test_an_overdue_enquiry_is_charged_to_its_officer_and_escalated_past_the_accused(force, against_sho):
    o = force.officers
    c = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"])
    initial = Enquiry.objects.get(complaint=c)
    assert enquiry_breaches(initial.due_at - timedelta(minutes=1)) == 0
    assert enquiry_breaches(initial.due_at + timedelta(minutes=1)) == 1
    assert enquiry_breaches(initial.due_at + timedelta(minutes=2)) == 0  # once
    entry = DelayEntry.objects.get(complaint=c, stage="initial_enquiry")
    assert entry.officer == o["acc_A"] and entry.completed_at is None
    c.refresh_from_db()
    assert c.escalated_to == o["dpo_A"] and c.escalation_level == 1
    enquiry.submit_enquiry_report(c, actor=o["acc_A"], report="Late, but here.",
                                  now=initial.due_at + timedelta(hours=5))
    entry.refresh_from_db()
    assert entry.completed_at == initial.due_at + timedelta(hours=5)


# -- access log, sealed identity, the women officers' cell ----------------------------------------------------

def test_every_read_of_a_confidential_complaint_leaves_an_access_log_row(force, against_sho, new_complaint):
    o = force.officers
    ordinary = new_complaint()
    page = Client()
    page.force_login(o["dpo_A"])
    assert page.get(f"/officer/complaints/{against_sho.etag}/").status_code == 200
    page.get(f"/officer/complaints/{ordinary.etag}/")
    api = APIClient()
    api.force_authenticate(o["acc_A"])
    assert api.get(f"/api/v1/complaints/{against_sho.etag}/").status_code == 200
    api.get(f"/api/v1/complaints/{against_sho.etag}/timeline/")
    export = page.get("/officer/complaints/export.csv", {"status": "open"})
    b"".join(export.streaming_content)
    rows = list(AccessLog.objects.order_by("id").values_list("complaint_id", "user__username", "via"))
    assert rows == [(against_sho.pk, "dpo_A", "page"), (against_sho.pk, "acc_A", "api"),
                    (against_sho.pk, "acc_A", "api"), (against_sho.pk, "dpo_A", "export")]
    # A refused read (the accused) is not a read.
    with pytest.raises(NotFound):
        selectors.complaint_for(o["sho_A"], against_sho.etag)
    assert AccessLog.objects.count() == 4


def test_a_sealed_identity_is_shown_only_to_the_named_roles(force):
    o = force.officers
    cell = officer("wcell_A", Rank.SDPO, [(force.units["dA"], Role.WOMEN_CELL)])
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", unit="SA1", seal_identity=True, name="Ayesha Bibi",
        description="A man follows me from the bus stop every day."))
    # Routed to the district's women officers' cell, which sees it and may take it; the station never does.
    assert complaint.unit == force.units["dA"] and complaint.identity_sealed
    assert permissions.can_view(cell, complaint) and visible_to(cell, complaint)
    assert not permissions.can_view(o["sho_A"], complaint) and not visible_to(o["cell_A"], complaint)
    actions.assign(complaint, actor=cell, officer=cell)
    api = APIClient()
    api.force_authenticate(o["dpo_A"])
    shown = api.get(f"/api/v1/complaints/{complaint.etag}/").json()
    assert shown["identity_sealed"] and shown["complainant_name"] == "Identity sealed"
    assert shown["complainant_mobile"] == "" and "Ayesha" not in str(shown)
    assert not permissions.can_see_contact(cell, complaint)
    api.force_authenticate(o["acc_A"])
    assert api.get(f"/api/v1/complaints/{complaint.etag}/").json()["complainant_name"] == "Ayesha Bibi"
    # Where the SOP does not allow it, asking to seal is refused with a message.
    with pytest.raises(InvalidInput) as refused:
        register_complaint(actor=SYSTEM, channel="web", data=complaint_data(seal_identity=True))
    assert "seal_identity" in refused.value.fields


def test_without_a_womens_cell_gender_complaints_go_to_the_usual_officers(force):
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", unit="SA1", description="Threatening calls from an unknown number."))
    assert complaint.unit == force.units["cA"]  # the circle's SDPO: the SOP's minimum rank


def test_a_sealed_identity_is_not_found_by_the_complainants_number_or_linked_by_their_other_complaints(force):
    o = force.officers
    officer("wcell_A", Rank.SDPO, [(force.units["dA"], Role.WOMEN_CELL)])
    sealed = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", unit="SA1", seal_identity=True, mobile="03005550001",
        description="Messages from a stranger every night."))
    ordinary = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(mobile="03005550001"))
    dpo = Client()
    dpo.force_login(o["dpo_A"])
    found = dpo.get("/officer/complaints/", {"box": "all", "q": "0300 5550001"}).content.decode()
    assert ordinary.etag_display in found and sealed.etag_display not in found
    assert list(selectors.previous_complaints(sealed, o["dpo_A"])) == []
    assert sealed not in list(selectors.previous_complaints(ordinary, o["dpo_A"]))
    assert sealed in list(selectors.previous_complaints(ordinary, o["acc_A"])) or not permissions.can_view(
        o["acc_A"], sealed)


def test_the_delay_ledger_counts_a_confidential_delay_but_lists_it_only_to_those_who_may_see_it(force, against_sho):
    o = force.officers
    c = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"])
    initial = Enquiry.objects.get(complaint=c)
    enquiry_breaches(initial.due_at + timedelta(minutes=1))
    from shikayat.deadlines import selectors as ledger

    later = initial.due_at + timedelta(hours=1)
    assert [e.etag for e in ledger.entries(o["dpo_A"], later, days=30)] == [c.etag]
    assert ledger.entries(o["cell_A"], later, days=30) == []  # the complaint cell: junior, general role
    assert ledger.entries_in_scope(o["cell_A"]).count() == 1  # …but the summaries still count it


ENQUIRY_ACTIONS = {
    "name_accused": {"accused": [{"description": "Head constable at the gate"}]},
    "accused_unidentified": {"reason": "Nobody at the station fits the description."},
    "submit_enquiry_report": {"report": "Report."},
    "record_enquiry_entry": {"kind": "statement", "person": "Witness", "text": "Statement."},
    "request_filing": {"reasons": "No substance."},
    "approve_filing": {},
    "order_regular_enquiry": {"officer": "acc_A", "allegations": [{"accused": 1, "text": "Bribe"}]},
    "record_finding": {"allegation": 1, "finding": "proved", "reasons": "Witnesses."},
    "recommend_proceedings": {"allegation": 1, "kind": "minor_penalty"},
    "record_proceedings_outcome": {"proceedings": 1, "outcome": "censure"},
    "inform_outcome": {"message": "Outcome."},
}


def test_every_enquiry_step_is_in_the_table_and_only_for_complaints_against_police(force, new_complaint):
    from shikayat.complaints import handlers
    from shikayat.complaints.workflow import TRANSITIONS

    assert {a for a, t in TRANSITIONS.items() if t.handling == "against_police"} == set(ENQUIRY_ACTIONS)
    theft = new_complaint()
    for action, params in ENQUIRY_ACTIONS.items():
        expected = InvalidInput if action == "name_accused" else PermissionDenied  # "only against police"
        with pytest.raises(expected):
            handlers.run(theft, action, actor=force.officers["dpo_A"], params=params)
    assert theft.events.count() == 1


@pytest.mark.parametrize("action", sorted(set(ENQUIRY_ACTIONS) - {"name_accused"}))
def test_the_enquiry_steps_are_refused_before_the_complaint_is_marked_and_after_it_is_closed(force, against_sho,
                                                                                              action):
    from shikayat.complaints import handlers

    o = force.officers
    with pytest.raises(TransitionNotAllowed) as refused:
        handlers.run(against_sho, action, actor=o["dpo_A"], params=ENQUIRY_ACTIONS[action])
    assert refused.value.code == "transition_not_allowed"
    closed = actions.withdraw(against_sho, actor=CitizenActor(mobile=against_sho.complainant_mobile))
    events = closed.events.count()
    with pytest.raises(TransitionNotAllowed):
        handlers.run(closed, action, actor=o["dpo_A"], params=ENQUIRY_ACTIONS[action])
    assert closed.events.count() == events


def test_the_officer_list_on_the_page_never_offers_the_accused_or_the_barred(force, against_sho, eo):
    offered = {row["username"] for row in selectors.assignable_officers(force.officers["dpo_A"], against_sho)}
    assert {"acc_A", "dpo_A", "eo_A"} <= offered
    assert not offered & {"sho_A", "asi_A", "sdpo_A"}


def test_imported_complaints_against_police_keep_their_accused_and_bars(force):
    from shikayat.complaints.intake import register_complaints

    batch = register_complaints(actor=SYSTEM, channel="portal_import", items=[
        complaint_data(category="AGAINST-POLICE", external_ref="pm:1", accused=[{"officer": "sho_A"}],
                       description="The SHO tore up my application in front of me."),
        complaint_data(external_ref="pm:2"),
        complaint_data(external_ref="pm:3", accused="An ASI at the gate"),  # not against police: refused
    ])
    against, theft = batch.complaints
    assert list(batch.errors) == [2] and "accused" in batch.errors[2].fields
    assert against.unit == force.units["dA"] and against.accused_rank == Rank.INSPECTOR
    assert list(against.accused.values_list("officer__username", flat=True)) == ["sho_A"]
    assert against.bars.count() == 2 and not theft.accused.exists()
    assert not permissions.can_view(force.officers["sho_A"], against)


def test_escalation_passes_over_a_barred_supervisor_to_the_next_one_up(force, against_sho):
    from shikayat.accountability.accused import AccusedInput, record_accused
    from shikayat.accountability.sweep import unbarred_supervisor
    from shikayat.deadlines.escalation import supervisors_by_unit

    o = force.officers
    assert unbarred_supervisor(against_sho, Rank.SDPO, supervisors_by_unit()) == o["dpo_A"]
    sop = against_sho.category.effective_sop()
    record_accused(against_sho, [AccusedInput(officer=o["dpo_A"], description="")], sop, against_sho.received_at,
                   "test")
    against_sho.save()
    assert unbarred_supervisor(against_sho, Rank.SDPO, supervisors_by_unit()) == o["igp"]


def test_a_sealed_complainants_name_does_not_lead_to_the_complaint_in_word_search(force):
    """Officers who may see a sealed complaint but not who made it find it by
    its description, never by the complainant's name; the sealed-identity
    roles find it by either."""
    o = force.officers
    cell = officer("wcell_A", Rank.SDPO, [(force.units["dA"], Role.WOMEN_CELL)])
    sealed = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", unit="SA1", seal_identity=True, name="Nasreen Akhtar",
        description="A colleague sends threatening messages every night."))
    ordinary = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        name="Nasreen Akhtar", description="My motorcycle was stolen outside the mosque."))

    def found(user, q):
        return {c.etag for c in inbox.page(user, {"box": "all", "q": q}).rows}

    assert permissions.can_view(cell, sealed) and not permissions.can_see_identity(cell, sealed)
    assert found(cell, "Nasreen") == {ordinary.etag}  # the same name on an ordinary complaint is found
    assert found(cell, "Akhtar threatening") == set()
    assert found(cell, "threatening messages") == {sealed.etag}
    assert found(o["dpo_A"], "Nasreen") == {ordinary.etag}
    assert found(o["acc_A"], "Nasreen") == {sealed.etag, ordinary.etag}
    assert found(o["acc_A"], "threatening") == {sealed.etag}


def test_stations_are_read_from_words_as_by_trying_every_name(force):
    """naming.stations_named tries only the names whose first word the text holds: the same stations as trying
    every station's every name."""
    import re

    from shikayat.accountability import naming
    from shikayat.jurisdictions.models import Unit

    level = force.units["sA1"].level
    extra = [Unit.objects.create(code=code, level=level, parent=force.units["cA"], name_en=name_en,
                                 name_ur=name_ur, name_hi=name_hi)
             for code, name_en, name_ur, name_hi in [
                 ("SA3", "Model Town", "ماڈل ٹاؤن", "मॉडल टाउन"), ("SA4", "Town", "ٹاؤن", "टाउन"),
                 ("SA5", "(Old) Anarkali", "انارکلی", "अनारकली"), ("SA6", "Gulberg-III", "گلبرگ", "गुलबर्ग")]]
    texts = ["The SHO of model town took money", "at MODEL   TOWN and at town", "ماڈل ٹاؤن تھانے کا ایس ایچ او",
             "मॉडल टाउन थाने का दरोगा", "(old) anarkali police", "gulberg-iii station", "gulberg station",
             "Sa1 and sb2", "nothing here", "townhall is not a town?", "anarkali"]

    def every_name(text: str) -> list[int]:
        folded, found = naming._fold(text), set()
        for station in Unit.objects.filter(is_active=True, children__isnull=True):
            for label in {station.name_en, station.name_ur, station.name_hi}:
                if label and len(label) >= 3 and re.search(
                        rf"(?<![{naming._WORD}]){re.escape(naming._fold(label))}(?![{naming._WORD}])", folded):
                    found.add(station.pk)
        return sorted(found)

    assert extra and all(naming.stations_named(text) == every_name(text) for text in texts)
    assert naming.stations_named("at MODEL   TOWN and at town") == sorted([extra[0].pk, extra[1].pk])
    assert naming.stations_named("(old) anarkali police") == [extra[2].pk]
