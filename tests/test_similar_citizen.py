"""Before a citizen lodges on the web: their own similar open complaint is shown (its E-tag: it is theirs) with
"add to it instead"; someone else's similar complaint about the place only as the station handling it — never its
E-tag, text or complainant; nothing at all for confidential categories. What was typed is never lost."""

import pytest

from shikayat.complaints import intake
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM

from .factories import complaint_data
from .test_citizen_pages import verify

OWN_MOBILE = "03001234567"  # the mobile verify() proves
URDU = "میرے گھر کے سامنے سے میری موٹر سائیکل چوری ہو گئی ہے، نمبر ایل ای ایس 1234، رات کو گلی میں کھڑی تھی"
ROMAN = "mere ghar ke samne se meri motor cycle chori ho gayi hai, number LES 1234, raat ko gali mein khari thi"


@pytest.fixture
def citizen(client, force):
    verify(client, next_url="/lodge/")
    return client


def lodged_earlier(description, **overrides):
    return intake.register_complaint(actor=SYSTEM, channel="whatsapp",
                                     data=complaint_data(description=description, **overrides))


def form_data(**overrides):
    data = {"submission": "a1b2c3", "category": "THEFT", "unit": "SA1", "name": "Ali Raza",
            "description": ROMAN, "incident_address": "Gali 4, Model Town"}
    data.update(overrides)
    return data


def test_own_similar_open_complaint_is_offered_and_the_text_is_kept(citizen):
    own = lodged_earlier(URDU, mobile=OWN_MOBILE)
    response = citizen.post("/lodge/", form_data())
    page = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 1
    hint = page.split('id="similar-hint"', 1)[1].split("</div>", 1)[0]
    assert own.etag_display in hint and f"Add this to {own.etag_display}" in hint
    assert "Lodge it as a new complaint" in hint
    assert ROMAN in page and "Gali 4, Model Town" in page  # nothing typed is lost


def test_adding_to_the_own_complaint_instead(citizen):
    own = lodged_earlier(URDU, mobile=OWN_MOBILE)
    response = citizen.post("/lodge/", form_data(similar="add", similar_etag=own.etag))
    assert response.status_code == 302 and response["Location"] == f"/track/{own.etag}/"
    assert Complaint.objects.count() == 1
    added = ComplaintEvent.objects.get(complaint=own, action="add_information")
    assert added.note == ROMAN


def test_lodging_it_as_new_after_all(citizen):
    lodged_earlier(URDU, mobile=OWN_MOBILE)
    response = citizen.post("/lodge/", form_data(similar="new"))
    assert response.status_code == 302 and "/lodge/done/" in response["Location"]
    assert Complaint.objects.count() == 2


def test_adding_to_someone_elses_complaint_is_refused(citizen):
    theirs = lodged_earlier(URDU, mobile="03117654321")
    response = citizen.post("/lodge/", form_data(similar="add", similar_etag=theirs.etag))
    assert response.status_code == 400 and "not found among yours" in response.content.decode()
    assert not ComplaintEvent.objects.filter(complaint=theirs, action="add_information").exists()
    assert Complaint.objects.count() == 1


def test_someone_elses_similar_complaint_shows_only_the_station(citizen):
    theirs = lodged_earlier(URDU, mobile="03117654321", name="Bashir Ahmad")
    response = citizen.post("/lodge/", form_data())
    page = response.content.decode()
    hint = page.split('id="similar-hint"', 1)[1].split("</div>", 1)[0]
    assert "already being handled by Sa1" in hint and "you may still lodge yours" in hint
    for private in (theirs.etag_display, theirs.etag, "Bashir", "3117654321", URDU[:20], "similar_etag"):
        assert private not in page
    lodged = citizen.post("/lodge/", form_data(similar="new"))
    assert lodged.status_code == 302 and Complaint.objects.count() == 2


def test_an_unrelated_complaint_gives_no_hint(citizen):
    lodged_earlier("Loud music from the wedding hall every night after midnight", mobile="03117654321")
    response = citizen.post("/lodge/", form_data())
    assert response.status_code == 302 and Complaint.objects.count() == 2


def test_a_closed_own_complaint_is_not_offered(citizen, force, new_complaint):
    from .journey import bring_to

    closed = bring_to("closed", force, new_complaint, description=URDU, mobile=OWN_MOBILE)
    response = citizen.post("/lodge/", form_data())
    assert closed.etag_display not in response.content.decode()


@pytest.mark.parametrize("earlier, now", [("HARASSMENT", "THEFT"), ("THEFT", "HARASSMENT"),
                                          ("HARASSMENT", "HARASSMENT")])
@pytest.mark.parametrize("mobile", [OWN_MOBILE, "03117654321"])
def test_confidential_categories_are_never_hinted(citizen, earlier, now, mobile):
    theirs = lodged_earlier(URDU, mobile=mobile, category=earlier)
    anonymous = {"identity": "anonymous", "name": ""} if now == "HARASSMENT" else {}
    response = citizen.post("/lodge/", form_data(category=now, **anonymous))
    page = response.content.decode()
    assert 'id="similar-hint"' not in page and theirs.etag_display not in page
    assert response.status_code == 302 and Complaint.objects.count() == 2
