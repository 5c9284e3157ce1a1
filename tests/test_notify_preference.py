"""How an officer chooses to be told about their complaints besides the workspace's Updates (accounts/notify.py):
on their security page and in the admin, checked against the mobile number and email address on record."""

import pytest
from django.forms import modelform_factory
from django.utils import translation

from shikayat.accounts import notify
from shikayat.accounts.forms import OfficerChangeForm
from shikayat.accounts.models import User

SECURITY = "/officer/security/"


@pytest.fixture
def sho(force, client):
    client.force_login(force.officers["sho_A"])
    return force.officers["sho_A"]


def test_the_default_is_sms_with_a_mobile_else_email_else_the_workspace_only():
    assert notify.default_channels("+923001234567", "a@police.test") == ["sms"]
    assert notify.default_channels("", "a@police.test") == ["email"]
    assert notify.default_channels("not a number", "") == []
    officer = User(mobile="03001234567", email="a@police.test", notify_by=["email", "whatsapp"])
    assert notify.addresses(officer) == [("whatsapp", "+923001234567"), ("email", "a@police.test")]
    officer.notify_by = []
    assert notify.addresses(officer) == []


def choose(client, channels, language="en", lang_header="en"):
    return client.post(SECURITY, {"action": "messages", "notify_by": channels, "preferred_language": language},
                       HTTP_ACCEPT_LANGUAGE=lang_header)


def test_the_security_page_shows_the_default_the_officer_is_on(client, sho):
    sho.mobile = "+923331112233"
    sho.save()
    page = client.get(SECURITY).content.decode()
    assert 'name="notify_by" value="sms"' in page and 'value="sms" id="id_notify_by_0" checked' in page
    assert "+923331112233" in page


def test_choosing_sms_without_a_mobile_on_record_is_refused_with_a_clear_reason(client, sho):
    response = choose(client, ["sms", "email"])
    assert response.status_code == 400
    assert "SMS needs a mobile number, and no valid mobile number is on record for this account." in \
        response.content.decode()
    assert "Email needs an email address, and none is on record for this account." in response.content.decode()
    sho.refresh_from_db()
    assert sho.notify_by is None


def test_the_refusal_is_in_urdu_on_an_urdu_page(client, sho):
    response = choose(client, ["whatsapp"], lang_header="ur")
    page = response.content.decode()
    assert response.status_code == 400 and 'lang="ur"' in page
    with translation.override("ur"):
        expected = str(notify.MOBILE_NEEDED % {"channel": notify.NotifyBy.WHATSAPP.label})
    assert expected in page.replace("&#x27;", "'")


def test_a_valid_choice_and_language_are_saved(client, sho):
    sho.mobile, sho.email = "03331112233", "sho@police.test"
    sho.save()
    response = choose(client, ["whatsapp", "email"], language="hi")
    assert response.status_code == 302 and response.url == SECURITY
    sho.refresh_from_db()
    assert sho.notify_by == ["whatsapp", "email"] and sho.preferred_language == "hi"
    assert choose(client, [], language="hi").status_code == 302
    sho.refresh_from_db()
    assert sho.notify_by == []  # the workspace only


def test_leaving_the_default_as_shown_keeps_it_following_the_record(client, sho):
    sho.email = "sho@police.test"
    sho.save()
    assert choose(client, ["email"], language="ur").status_code == 302  # the default, as shown
    sho.refresh_from_db()
    assert sho.notify_by is None and sho.preferred_language == "ur"


def test_the_two_step_forms_still_work_beside_it(client, sho):
    response = client.post(SECURITY, {"action": "switch_on", "code": "000000"})
    assert response.status_code == 200 and "notify_by" in response.content.decode()


def admin_form(user, **data):
    form_class = modelform_factory(User, form=OfficerChangeForm, fields=["username", "mobile", "email", "notify_by"])
    return form_class({"username": user.username, "mobile": user.mobile, "email": user.email, **data}, instance=user)


def test_the_admin_checks_the_choice_against_the_mobile_and_email_on_the_same_form(force):
    sho = force.officers["sho_A"]
    refused = admin_form(sho, notify_by=["sms"])
    assert not refused.is_valid() and "no valid mobile number" in str(refused.errors["notify_by"])
    accepted = admin_form(sho, notify_by=["sms"], mobile="+923331112233")
    assert accepted.is_valid(), accepted.errors
    accepted.save()
    sho.refresh_from_db()
    assert sho.notify_by == ["sms"] and sho.mobile == "+923331112233"


def test_the_admin_change_page_offers_the_choice(force, client):
    admin = User.objects.create_user("root", password="x", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{force.officers['sho_A'].pk}/change/").content.decode()
    assert 'name="notify_by"' in page and 'value="whatsapp"' in page
