"""The pages of complaints against police: the enquiry section of the
complaint page with the numbers the action forms ask for, the accountability
branch's officer list, per-officer record and access-log review, sealed
identities on the officer and desk pages, the accused and sealing fields of
the intake forms, and the dashboard's count of confidential complaints."""

from datetime import timedelta

import pytest

from shikayat.accountability import actions as enquiry
from shikayat.accountability.models import AccessLog, Accused, Allegation, Enquiry, EnquiryKind, Finding
from shikayat.accounts.models import Rank, Role
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM

from .clients import signed_in
from .factories import complaint_data, officer
from .test_citizen_pages import verify

OFFICERS = "/officer/accountability/officers/"
LOG = "/officer/accountability/access-log/"



@pytest.fixture
def worked(force, against_sho):
    """The complaint against the SHO taken through a regular enquiry to a proved allegation and proceedings."""
    o = force.officers
    eo = officer("eo_A", Rank.SDPO, [(force.units["dA"], Role.ENQUIRY_OFFICER)])
    t = against_sho.received_at
    sho = Accused.objects.get(complaint=against_sho, officer=o["sho_A"])
    constable = Accused.objects.get(complaint=against_sho, officer=None)
    c = actions.assign(against_sho, actor=o["dpo_A"], officer=o["acc_A"], now=t + timedelta(hours=1))
    c = enquiry.submit_enquiry_report(c, actor=o["acc_A"], report="Prima facie substance.", now=t + timedelta(hours=5))
    c = enquiry.order_regular_enquiry(c, actor=o["dpo_A"], officer=eo, now=t + timedelta(hours=6), allegations=[
        {"accused": sho.pk, "text": "Demanded and took Rs 5000"},
        {"accused": constable.pk, "text": "Turned the complainant away at the gate"}])
    enquiry.record_enquiry_entry(c, actor=eo, kind="statement", person="Complainant", text_="He took the money.",
                                 now=t + timedelta(hours=7))
    c = enquiry.submit_enquiry_report(c, actor=eo, report="The slip proves the bribe.", now=t + timedelta(hours=8))
    bribe, gate = Allegation.objects.filter(complaint=c).order_by("pk")
    c = enquiry.record_finding(c, actor=eo, allegation=bribe.pk, finding=Finding.PROVED, reasons="Bank slip",
                               now=t + timedelta(hours=9))
    proceedings = enquiry.recommend_proceedings(c, actor=eo, allegation=bribe.pk, kind="major_penalty",
                                                note="Against the SHO", now=t + timedelta(hours=10))
    return {"complaint": Complaint.objects.get(pk=c.pk), "sho": sho, "constable": constable, "bribe": bribe,
            "gate": gate, "proceedings": proceedings}


# -- the complaint page ------------------------------------------------------------------------------------------

def test_the_enquiry_section_shows_accused_allegations_and_proceedings_with_their_numbers(force, worked):
    page = signed_in(force.officers["acc_A"]).get(f"/officer/complaints/{worked['complaint'].etag}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="enquiry"' in html
    for row in ("sho", "constable", "bribe", "gate", "proceedings"):
        assert f"#{worked[row].pk}" in html
    assert "A constable at the gate" in html and "not in the officer register" in html
    assert "Initial enquiry" in html and "Regular enquiry" in html and "Regular enquiry ordered" in html
    assert "He took the money." in html and "Bank slip" in html and "Proved" in html
    assert "Major-penalty proceedings" in html and "Not yet found" in html
    regular = Enquiry.objects.get(complaint=worked["complaint"], kind=EnquiryKind.REGULAR)
    assert f'id="enquiry-{regular.pk}"' in html


def test_the_enquiry_section_reads_in_urdu(force, worked):
    client = signed_in(force.officers["acc_A"])
    page = client.get(f"/officer/complaints/{worked['complaint'].etag}/", HTTP_ACCEPT_LANGUAGE="ur")
    html = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in html and f"#{worked['bribe'].pk}" in html


def test_an_ordinary_complaint_has_no_enquiry_section(force, new_complaint):
    complaint = new_complaint()
    html = signed_in(force.officers["dpo_A"]).get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert 'id="enquiry"' not in html


# -- who may open the accountability pages -----------------------------------------------------------------------

@pytest.mark.parametrize("username", ["dpo_A", "sho_A", "cell_A", "igp"])
def test_the_accountability_pages_are_refused_without_a_branch_posting(force, against_sho, username):
    client = signed_in(force.officers[username])
    for url in (OFFICERS, f"{OFFICERS}sho_A/", LOG):
        response = client.get(url)
        assert response.status_code == 403 and "accountability branch" in response.content.decode()
    assert 'href="/officer/accountability/officers/"' not in client.get("/officer/complaints/").content.decode()


def test_the_pages_need_sign_in(client, force):
    assert "/officer/login/" in client.get(OFFICERS)["Location"]


def test_the_branch_lists_the_accused_officers_with_counts_and_searches(force, worked):
    o = force.officers
    o["sho_A"].belt_number = "PB-4471"
    o["sho_A"].save()
    client = signed_in(o["acc_A"])
    assert 'href="/officer/accountability/officers/"' in client.get("/officer/complaints/").content.decode()
    html = client.get(OFFICERS).content.decode()
    assert f'href="{OFFICERS}sho_A/"' in html and "PB-4471" in html
    row = html[html.index(f'{OFFICERS}sho_A/'):]
    row = row[:row.index("</tr>")]
    assert "<td>1</td><td>1</td><td>1</td>" in row  # one complaint, one allegation proved, one proceedings
    for q in ("sho", "Sho_A", "pb-4471"):
        assert f"{OFFICERS}sho_A/" in client.get(OFFICERS, {"q": q}).content.decode()
    missing = client.get(OFFICERS, {"q": "nobody"}).content.decode()
    assert f"{OFFICERS}sho_A/" not in missing and "No accused officer matches" in missing
    # Another district's branch sees none of it.
    assert f"{OFFICERS}sho_A/" not in signed_in(o["acc_B"]).get(OFFICERS).content.decode()


def test_the_officer_record_lists_the_complaints_against_them_and_logs_the_reads(force, worked, new_complaint):
    o = force.officers
    other = new_complaint()  # an ordinary complaint: not on the record
    response = signed_in(o["acc_A"]).get(f"{OFFICERS}sho_A/")
    html = response.content.decode()
    complaint = worked["complaint"]
    assert response.status_code == 200
    assert f'href="/officer/complaints/{complaint.etag}/"' in html and other.etag_display not in html
    assert "Demanded and took Rs 5000" in html and "Proved" in html and "Major-penalty proceedings" in html
    assert "Turned the complainant away" not in html  # that allegation is against the constable
    assert list(AccessLog.objects.filter(via="record").values_list("complaint_id", "user__username")) == [
        (complaint.pk, "acc_A")]


def test_an_officer_without_visible_complaints_has_no_record(force, worked):
    assert signed_in(force.officers["acc_B"]).get(f"{OFFICERS}sho_A/").status_code == 404
    assert signed_in(force.officers["acc_A"]).get(f"{OFFICERS}no-such-officer/").status_code == 404
    assert signed_in(force.officers["acc_A"]).get(f"{OFFICERS}asi_A/").status_code == 404


# -- the access log ----------------------------------------------------------------------------------------------

def test_the_access_log_lists_a_supervisors_read_of_a_confidential_complaint(force, against_sho, new_complaint):
    o = force.officers
    ordinary = new_complaint()
    reader = signed_in(o["dpo_A"])
    assert reader.get(f"/officer/complaints/{against_sho.etag}/").status_code == 200
    reader.get(f"/officer/complaints/{ordinary.etag}/")
    client = signed_in(o["acc_A"])
    html = client.get(LOG).content.decode()
    assert against_sho.etag_display in html and "dpo_A" in html and "Complaint page" in html
    assert ordinary.etag_display not in html
    assert against_sho.etag_display in client.get(LOG, {"etag": against_sho.etag_display.lower(),
                                                         "user": "dpo_A", "days": "7"}).content.decode()
    by_other = client.get(LOG, {"user": "igp"}).content.decode()
    assert "No read of a confidential complaint matches" in by_other
    # Another district's branch does not see reads of complaints outside its jurisdiction.
    assert against_sho.etag_display not in signed_in(o["acc_B"]).get(LOG).content.decode()


@pytest.mark.parametrize("params, expected", [
    ({"user": "nobody-42"}, "No officer with the user name “nobody-42”."),
    ({"etag": "K7QM"}, "An E-tag has 8 letters and digits"),
    ({"days": "abc"}, "The period can be 1, 7, 30, 90, 365 days."),
    ({"days": "12"}, "The period can be 1, 7, 30, 90, 365 days."),
])
def test_bad_access_log_filters_are_explained(force, against_sho, params, expected):
    response = signed_in(force.officers["acc_A"]).get(LOG, params)
    assert response.status_code == 400 and expected in response.content.decode()


def test_an_etag_outside_the_jurisdiction_is_explained(force, against_sho):
    response = signed_in(force.officers["acc_B"]).get(LOG, {"etag": against_sho.etag_display})
    assert response.status_code == 400 and "No complaint with E-tag" in response.content.decode()


# -- sealed identities -------------------------------------------------------------------------------------------

def test_a_sealed_identity_is_hidden_from_the_supervisor_and_shown_to_the_branch(force):
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(
        category="HARASSMENT", unit="SA1", seal_identity=True, name="Ayesha Bibi", address="House 9, Street 4",
        description="A man follows me from the bus stop every day."))
    assert complaint.identity_sealed and complaint.is_confidential
    supervisor = signed_in(force.officers["dpo_A"]).get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "Identity sealed" in supervisor
    assert "Ayesha" not in supervisor and "House 9" not in supervisor and "4567" not in supervisor
    branch = signed_in(force.officers["acc_A"]).get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "Ayesha Bibi" in branch and "House 9, Street 4" in branch


def test_the_front_desk_seals_the_identity_and_the_slip_hides_the_name(force):
    from .test_desks import DESK, at_the_desk

    client = signed_in(force.officers["desk_A"])
    response = client.post(DESK, at_the_desk(category="HARASSMENT", seal_identity="on", name="Ayesha Bibi",
                                             description="A man follows me from the bus stop every day."))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.identity_sealed
    slip = client.get(response["Location"]).content.decode()
    assert "Identity sealed" in slip and "Ayesha" not in slip


# -- the intake forms --------------------------------------------------------------------------------------------

@pytest.fixture
def citizen(client, force):
    verify(client, next_url="/lodge/")
    return client


def lodge_form(**overrides) -> dict:
    data = {"submission": "a1b2c3", "category": "THEFT", "unit": "SA1", "name": "Ali Raza",
            "description": "My motorcycle was stolen outside the mosque.", "incident_address": "Jamia Masjid"}
    data.update(overrides)
    return data


def field_errors(html: str, name: str) -> str:
    """The markup of one field's group, from its error list to its input."""
    start = html.index(f'name="{name}"')
    return html[max(0, start - 800):start]


def test_the_lodge_form_explains_an_accused_officer_on_an_ordinary_category(citizen):
    response = citizen.post("/lodge/", lodge_form(accused="SHO Aslam, Inspector, Model Town"))
    html = response.content.decode()
    assert response.status_code == 400 and Complaint.objects.count() == 0
    assert "Only complaints against police name an accused officer." in field_errors(html, "accused")
    assert 'value="SHO Aslam, Inspector, Model Town"' in html


def test_the_lodge_form_explains_a_seal_the_sop_does_not_allow(citizen):
    response = citizen.post("/lodge/", lodge_form(identity="sealed"))
    assert response.status_code == 400 and Complaint.objects.count() == 0
    assert "cannot hide the complainant" in field_errors(response.content.decode(), "identity")


def test_the_lodge_form_names_the_accused_of_a_complaint_against_police(citizen):
    response = citizen.post("/lodge/", lodge_form(category="AGAINST-POLICE", accused="ASI Bashir, SA1 gate",
                                                  description="The ASI slapped me at the gate of the station."))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.handling == "against_police"
    assert [a.description for a in Accused.objects.filter(complaint=complaint)] == ["ASI Bashir, SA1 gate"]


def test_the_call_centre_form_explains_an_accused_officer_on_an_ordinary_category(force):
    from .test_desks import CONSOLE, phoned_in

    response = signed_in(force.officers["agent"]).post(f"{CONSOLE}register/", phoned_in(accused="SHO Aslam"))
    html = response.content.decode()
    assert response.status_code == 400 and Complaint.objects.count() == 0
    assert "Only complaints against police name an accused officer." in field_errors(html, "accused")


def test_the_front_desk_records_the_accused(force):
    from .test_desks import DESK, at_the_desk

    response = signed_in(force.officers["desk_A"]).post(DESK, at_the_desk(
        category="AGAINST-POLICE", accused="Constable at the gate", unit="SB1",
        description="The constable at the gate demanded money to let me in."))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert Accused.objects.get(complaint=complaint).description == "Constable at the gate"


# -- the dashboard -----------------------------------------------------------------------------------------------

def test_the_dashboard_counts_the_open_confidential_complaints(force, against_sho, new_complaint):
    new_complaint()
    html = signed_in(force.officers["dpo_A"]).get("/officer/dashboard/").content.decode()
    assert "Of the pending, 1 is confidential: counted here, listed only to officers with access." in html
    other = signed_in(force.officers["dpo_B"]).get("/officer/dashboard/").content.decode()
    assert "Of the pending" not in other
