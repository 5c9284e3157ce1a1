"""How the citizen's forms read in every language: no colon after a label's own question mark, required
fields marked with a legend, one clear choice about the complainant's name, a language switch that works
without JavaScript, and "Use my location" naming the station it found."""

import re

import pytest
from django import forms
from django.utils import translation

from shikayat.complaints.models import Complaint
from shikayat.web.citizen_forms import FeedbackForm, LodgeForm, TrackForm

from .test_citizen_pages import verify
from .test_lodge import form_data


@pytest.fixture
def citizen(client, force):
    verify(client, next_url="/lodge/")
    return client


class Asked(forms.Form):
    question = forms.CharField(label="کیا آپ مطمئن ہیں؟")
    plain = forms.CharField(label="نام", required=False)
    english = forms.CharField(label="Anything more?", required=False)
    bracket = forms.CharField(label="Email (optional)", required=False)
    full_stop = forms.CharField(label="पता।", required=False)


def test_no_colon_after_a_label_that_ends_in_its_own_punctuation():
    form = Asked()
    assert "؟:" not in form["question"].label_tag() and "؟ <span" in form["question"].label_tag()
    assert ">نام:</label>" in form["plain"].label_tag()
    assert "?:" not in form["english"].label_tag()
    assert ")</label>" in form["bracket"].label_tag()
    assert "।:" not in form["full_stop"].label_tag()


@pytest.mark.parametrize("lang", ["en", "ur", "hi"])
def test_the_lodge_form_in_every_language_has_no_colon_after_a_question(citizen, lang):
    page = citizen.get("/lodge/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    labels = re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", page, re.S)
    assert labels and not [text for text in labels if re.search(r"[?؟]:", text)]
    with translation.override(lang):
        question = str(LodgeForm.base_fields["description"].label)  # "What happened?"
    assert question in page and f"{question}:" not in page


def test_required_fields_are_marked_visibly_and_for_screen_readers_with_a_legend(citizen):
    page = citizen.get("/lodge/").content.decode()
    assert "Fields marked * must be filled in." in page
    mark = '<span class="required-mark" aria-hidden="true">*</span>'
    for name in ("category", "description", "name"):
        label = re.search(rf'<label for="id_{name}">(.*?)</label>', page, re.S).group(1)
        assert mark in label, name
        assert re.search(rf'<[^>]*name="{name}"[^>]*aria-required="true"|aria-required="true"[^>]*name="{name}"',
                         page), name
    for name in ("email", "address", "incident_address"):
        label = re.search(rf'<label for="id_{name}">(.*?)</label>', page, re.S).group(1)
        assert mark not in label, name


def test_a_form_required_field_carries_the_mark_and_the_required_attribute():
    etag = TrackForm()["etag"]
    assert 'aria-hidden="true">*</span>' in etag.label_tag() and "required" in str(etag)
    assert "*" not in FeedbackForm()["comment"].label_tag()


def test_one_choice_about_the_name_replaces_the_two_privacy_boxes(citizen):
    page = citizen.get("/lodge/").content.decode()
    assert 'name="anonymous"' not in page and 'name="seal_identity"' not in page
    assert page.count('type="radio" name="identity"') == 3
    assert re.search(r'<input type="radio" name="identity" value="named"[^>]*checked', page)


@pytest.mark.parametrize("choice, sealed, anonymous", [
    ("named", False, False), ("sealed", True, False), ("anonymous", False, True)])
def test_the_name_choice_reaches_the_complaint(citizen, choice, sealed, anonymous):
    response = citizen.post("/lodge/", form_data(category="HARASSMENT", identity=choice,
                                                 name="" if anonymous else "Ayesha Bibi"))
    assert response.status_code == 302, response.content.decode()[:3000]
    complaint = Complaint.objects.get()
    assert (complaint.identity_sealed, complaint.is_anonymous) == (sealed, anonymous)


def test_a_name_choice_the_category_does_not_allow_is_explained_on_it_and_nothing_is_lost(citizen):
    response = citizen.post("/lodge/", form_data(category="THEFT", identity="anonymous"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400 and Complaint.objects.count() == 0
    identity = page[page.index('name="identity"') - 1500:page.index('name="identity"')]
    assert "cannot be anonymous" in identity
    assert "Jamia Masjid" in page and re.search(r'value="anonymous"[^>]*checked', page)


def test_the_language_switch_is_a_plain_form_that_needs_no_script(client, db):
    page = client.get("/track/").content.decode()
    form = re.search(r'<form action="/i18n/setlang/" method="post".*?</form>', page, re.S).group(0)
    assert '<noscript><button type="submit">' in form and 'aria-label="Language"' in form
    response = client.post("/i18n/setlang/", {"language": "ur", "next": "/track/"})
    assert response.status_code == 302 and response["Location"] == "/track/"
    urdu = client.get("/track/").content.decode()
    assert '<html lang="ur" dir="rtl">' in urdu
    with translation.override("ur"):
        assert f'aria-label="{translation.gettext("Language")}"' in urdu


def test_the_station_for_a_location_is_named_in_the_readers_language(client, force):
    found = client.get("/lodge/station/", {"lat": "31.601", "lng": "74.399"}, HTTP_ACCEPT_LANGUAGE="ur").json()
    assert found["code"] == "SA2" and found["name"] == "SA2 ur" and "SA2 ur" in found["text"]
    english = client.get("/lodge/station/", {"lat": "31.501", "lng": "74.301"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english == {"code": "SA1", "name": "Sa1", "text": "Police station for your location: Sa1"}


@pytest.mark.parametrize("lat, lng, status, words", [
    ("north", "74.3", 400, "could not be read"), ("95", "74.3", 400, "could not be read"),
    ("", "", 400, "could not be read"), ("51.5", "-0.12", 404, "more than 100 km")])
def test_a_bad_or_faraway_location_is_explained(client, force, lat, lng, status, words):
    response = client.get("/lodge/station/", {"lat": lat, "lng": lng})
    assert response.status_code == status and words in response.json()["error"]
