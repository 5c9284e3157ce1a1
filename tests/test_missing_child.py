"""Missing-child alerts (Zainab Alert) and tips on the most wanted."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shikayat.accounts.models import Rank, Role
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.information import alerts
from shikayat.information.models import MissingChildAlert, MostWanted, Tip
from shikayat.notifications import delivery
from shikayat.notifications.models import OutboxMessage

from .factories import officer


@pytest.fixture(autouse=True)
def ten_km_and_console(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MISSING_CHILD_RADIUS_KM": 10,
                         "MESSAGE_BACKENDS": {"sms": "console", "email": "console", "whatsapp": "console"}}


@pytest.fixture
def stations(force):
    """Station officers with mobiles: SA1 (sho_A, asi_A, desk_A), SA2 (its SHO and desk), SB1 (sho_B, desk_B)."""
    u, o = force.units, force.officers
    o["sho_A2"] = officer("sho_a2", Rank.INSPECTOR, [(u["sA2"], Role.SUPERVISOR)])
    o["desk_A2"] = officer("desk_a2", Rank.HEAD_CONSTABLE, [(u["sA2"], Role.FRONT_DESK)])
    for n, user in enumerate(o.values()):
        user.mobile = f"+92300{1000000 + n}"
        user.save(update_fields=["mobile"])
    return force


def report(force, reporter="desk_A", **overrides) -> MissingChildAlert:
    data = {"name": "Zara", "age": "7", "last_seen_place": "Anarkali bazaar, near the mosque", "lat": "31.55",
            "lng": "74.35", "last_seen_at": timezone.now() - timedelta(hours=2),
            "details_en": "Pink frock, braided hair.", "details_ur": "گلابی فراک، چوٹی",
            "details_hi": "गुलाबी फ्रॉक, चोटी", "contact": "03001234567", **overrides}
    submission = data.pop("submission", "")
    return alerts.report_missing_child(actor=force.officers[reporter], data=data, submission=submission)


def recipients() -> set[str]:
    return set(OutboxMessage.objects.filter(template="missing_child_alert").values_list("recipient", flat=True))


def mobiles(force, *names) -> set[str]:
    return {force.officers[name].mobile for name in names}


# (a) the stations within the radius are told, once --------------------------------------------------------------

def test_report_notifies_every_station_within_the_radius_and_none_outside(stations):
    force = stations
    alert = report(force, submission="form-1")  # 31.55, 74.35: ~7 km from SA1 and SA2, ~300 km from SB

    assert alert.is_active and alert.reported_by == force.officers["desk_A"] and alert.radius_km == 10
    assert recipients() == mobiles(force, "sho_A", "asi_A", "desk_A", "sho_A2", "desk_A2")
    assert not recipients() & mobiles(force, "sho_B", "asi_B", "desk_B", "sdpo_A", "dpo_A", "cell_A", "igp")
    row = OutboxMessage.objects.filter(recipient=force.officers["sho_A"].mobile).get()
    assert row.context["name"] == "Zara" and row.context["contact"] == "+923001234567"
    assert row.context["url"].endswith(f"/missing-children/{alert.pk}/")

    # Given the worker's delivery with the console backend, when it runs once, then every message is sent.
    assert delivery.deliver_due() == 5
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxMessage.State.SENT}

    # The same form sent again, or the stations notified again: nothing new.
    assert report(force, submission="form-1") == alert
    assert alerts.notify_stations(alert) == 5
    assert MissingChildAlert.objects.count() == 1 and OutboxMessage.objects.count() == 5


def test_a_station_just_outside_the_radius_is_not_told(stations):
    force = stations
    report(force, lat="31.50", lng="74.30")  # at SA1; SA2 is ~14.5 km away
    assert recipients() == mobiles(force, "sho_A", "asi_A", "desk_A")


# (b) public in three languages until closed --------------------------------------------------------------------

def test_public_list_in_english_urdu_and_hindi_until_closed(client, stations):
    alert = report(stations)
    english = client.get("/missing-children/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Zara" in english and "Pink frock" in english and "+923001234567" in english
    urdu = client.get("/missing-children/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert 'dir="rtl"' in urdu and "گلابی فراک" in urdu and "Pink frock" not in urdu
    hindi = client.get(f"/missing-children/{alert.pk}/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert 'lang="hi"' in hindi and "गुलाबी फ्रॉक" in hindi

    only_english = report(stations, name="Bilal", details_ur="", details_hi="")
    urdu = client.get("/missing-children/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert "Bilal" in urdu and "Pink frock" in urdu  # English when no Urdu text was given

    client.force_login(stations.officers["sho_A"])
    response = client.post(f"/officer/missing-child/{alert.pk}/close/", {"outcome": "found", "note": "Home"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.is_active and alert.found_at and alert.closed_by == stations.officers["sho_A"]
    page = client.get("/missing-children/").content.decode()
    assert f'id="alert-{alert.pk}"' not in page and f'id="alert-{only_english.pk}"' in page
    assert client.get(f"/missing-children/{alert.pk}/").status_code == 404

    alerts.close_alert(actor=stations.officers["agent"], alert=only_english, found=False, note="Duplicate")
    only_english.refresh_from_db()
    assert not only_english.is_active and only_english.found_at is None
    assert "There are no missing child alerts" in client.get("/missing-children/").content.decode()


# (c) bad input: clear field errors, nothing saved -------------------------------------------------------------

def test_bad_report_gives_field_errors_and_saves_nothing(client, stations):
    future = timezone.localtime() + timedelta(hours=3)
    client.force_login(stations.officers["desk_A"])
    response = client.post("/officer/missing-child/new/", {
        "submission": "x1", "name": "Zara", "age": "25", "last_seen_place": "Anarkali", "lat": "", "lng": "",
        "last_seen_at": future.strftime("%Y-%m-%dT%H:%M"), "details_en": "Pink frock", "contact": "03001234567"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "from 0 to 17" in page
    assert "latitude and longitude" in page
    assert "cannot be in the future" in page
    assert MissingChildAlert.objects.count() == 0 and OutboxMessage.objects.count() == 0

    with pytest.raises(InvalidInput) as error:
        report(stations, lat="95", lng="abc", age="-1", contact="12")
    assert set(error.value.fields) == {"lat", "lng", "age", "contact"}
    assert MissingChildAlert.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_only_officers_who_take_reports_may_issue_an_alert(client, stations):
    with pytest.raises(PermissionDenied):
        report(stations, reporter="acc_A")
    client.force_login(stations.officers["acc_A"])
    assert client.get("/officer/missing-child/new/").status_code == 403
    assert client.get("/officer/missing-children/").status_code == 403


def test_staff_page_issues_the_alert(client, stations):
    seen = timezone.localtime() - timedelta(hours=1)
    client.force_login(stations.officers["agent"])
    assert client.get("/officer/missing-child/new/").status_code == 200
    form = {"submission": "page-1", "name": "Zara", "age": "7", "last_seen_place": "Anarkali", "lat": "31.5",
            "lng": "74.3", "last_seen_at": seen.strftime("%Y-%m-%dT%H:%M"), "details_en": "Pink frock",
            "contact": "0300 1234567"}
    assert client.post("/officer/missing-child/new/", form).status_code == 302
    assert client.post("/officer/missing-child/new/", form).status_code == 302  # sent twice: one alert
    assert MissingChildAlert.objects.get().last_seen_place == "Anarkali"
    assert recipients() == mobiles(stations, "sho_A", "asi_A", "desk_A")


# (d) tips on the most wanted ------------------------------------------------------------------------------------

TIP = "I saw him at the bus stand in Multan yesterday evening."


def test_tip_is_saved_in_confidence_and_rate_limited(client, db):
    person = MostWanted.objects.create(name_en="Bashir Ahmad", details_en="Wanted for robbery.")
    assert "Bashir Ahmad" in client.get("/most-wanted/").content.decode()

    response = client.post(f"/most-wanted/{person.pk}/tip/", {"text": TIP, "name": "", "mobile": "03001234567"})
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert tip.most_wanted == person and tip.mobile == "+923001234567" and "127.0.0.1" not in tip.ip_hash
    assert "bus stand" not in client.get("/most-wanted/").content.decode()

    for _ in range(4):
        client.post(f"/most-wanted/{person.pk}/tip/", {"text": TIP})
    assert Tip.objects.count() == 5
    refused = client.post(f"/most-wanted/{person.pk}/tip/", {"text": TIP})
    assert refused.status_code == 429 and "try again in an hour" in refused.content.decode()
    assert Tip.objects.count() == 5
    # Another address is not held back.
    assert client.post(f"/most-wanted/{person.pk}/tip/", {"text": TIP}, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_tip_text_too_short_or_too_long_or_bad_mobile_is_refused(client, db):
    person = MostWanted.objects.create(name_en="Bashir Ahmad", details_en="Wanted for robbery.")
    short = client.post(f"/most-wanted/{person.pk}/tip/", {"text": "  seen   "})
    assert short.status_code == 400 and "at least 10 characters" in short.content.decode()
    long = client.post(f"/most-wanted/{person.pk}/tip/", {"text": "x" * 2001})
    assert long.status_code == 400 and "2000 characters" in long.content.decode()
    bad_mobile = client.post(f"/most-wanted/{person.pk}/tip/", {"text": TIP, "mobile": "12"})
    assert bad_mobile.status_code == 400 and "not a valid mobile number" in bad_mobile.content.decode()
    urdu = client.post(f"/most-wanted/{person.pk}/tip/", {"text": ""}, HTTP_ACCEPT_LANGUAGE="ur")
    assert urdu.status_code == 400 and 'dir="rtl"' in urdu.content.decode()
    assert Tip.objects.count() == 0


def test_the_information_pages_the_whatsapp_menu_uses_are_on_the_web_in_three_languages(force):
    from shikayat.information.models import Helpline, InfoTopic

    InfoTopic.objects.create(code="overseas", title_en="Overseas citizens", title_ur="بیرون ملک شہری",
                             title_hi="प्रवासी नागरिक", body_en="Apply for national status verification online.",
                             body_ur="قومی حیثیت کی تصدیق کے لیے آن لائن درخواست دیں۔")
    Helpline.objects.create(number="8787", name_en="IG complaint cell", name_ur="آئی جی شکایت سیل")
    page = Client()
    for lang, title, body in (("en", "Overseas citizens", "national status verification"),
                              ("ur", "بیرون ملک شہری", "قومی حیثیت کی تصدیق"),
                              ("hi", "प्रवासी नागरिक", "national status verification")):  # Hindi body falls back
        listing = page.get("/information/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert title in listing and "8787" in listing
        shown = page.get("/information/overseas/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert title in shown and body in shown
    assert page.get("/information/no-such-topic/").status_code == 404


def test_closing_an_alert_tells_the_stations_that_were_alerted_once(stations):
    force = stations
    alert = report(force)
    alerts.close_alert(actor=force.officers["desk_A"], alert=alert, found=True, note="Found at an uncle's house")
    told = set(OutboxMessage.objects.filter(template="missing_child_found").values_list("recipient", flat=True))
    assert told == recipients() == mobiles(force, "sho_A", "asi_A", "desk_A", "sho_A2", "desk_A2")
    with pytest.raises(TransitionNotAllowed):
        alerts.close_alert(actor=force.officers["desk_A"], alert=alert, found=True)
    assert OutboxMessage.objects.filter(template="missing_child_found").count() == 5


def test_the_childs_photo_is_kept_with_the_alert_and_a_wrong_file_is_refused(stations):
    from django.core.files.uploadedfile import SimpleUploadedFile

    force = stations
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(InvalidInput) as refused:
        alerts.report_missing_child(actor=force.officers["desk_A"], data=_report_data(),
                                    photo=SimpleUploadedFile("zara.pdf", b"%PDF-1.4" + b"\x00" * 60))
    assert "JPEG or PNG" in refused.value.fields["photo"][0]
    assert not MissingChildAlert.objects.exists() and not OutboxMessage.objects.exists()
    alert = alerts.report_missing_child(actor=force.officers["desk_A"], data=_report_data(),
                                        photo=SimpleUploadedFile("zara.png", png))
    assert alert.photo.name.startswith("missing-children/") and alert.photo.read() == png
    photo_url = f"/missing-children/{alert.pk}/photo/"
    assert f'src="{photo_url}"' in Client().get(f"/missing-children/{alert.pk}/").content.decode()
    shown = Client().get(photo_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == png
    # Once the alert is closed its photo is no longer public either.
    alerts.close_alert(actor=force.officers["desk_A"], alert=alert, found=True)
    assert Client().get(photo_url).status_code == 404


def _report_data() -> dict:
    return {"name": "Zara", "age": "7", "last_seen_place": "Anarkali bazaar", "lat": "31.55", "lng": "74.35",
            "last_seen_at": timezone.now() - timedelta(hours=2), "details_en": "Pink frock.",
            "contact": "03001234567"}


# (f) a citizen's own report reaches the stations around at once --------------------------------------------------

def test_a_citizens_missing_child_complaint_is_told_to_the_stations_around_its_place_at_once(stations, settings):
    from shikayat.complaints import intake
    from shikayat.complaints.permissions import SYSTEM

    from .factories import category

    force = stations
    category("WC-MISSING-CHILD", contact_hours=1, report_hours=24)
    settings.SHIKAYAT = {**settings.SHIKAYAT, "MISSING_CHILD_CATEGORIES": ["WC-MISSING-CHILD"]}
    data = {"category": "WC-MISSING-CHILD", "description": "My son Ali, 8, blue shirt, lost near the mosque at 5 pm.",
            "mobile": "03007654321", "name": "Ahmed", "language": "ur", "lat": "31.55", "lng": "74.35"}
    complaint = intake.register_complaint(actor=SYSTEM, channel="whatsapp", data=data)
    told = OutboxMessage.objects.filter(template="missing_child_report")
    assert set(told.values_list("recipient", flat=True)) == mobiles(force, "sho_A", "asi_A", "desk_A", "sho_A2",
                                                                     "desk_A2")
    row = told.filter(recipient=force.officers["sho_A"].mobile).get()
    assert row.context["etag"] == complaint.etag_display and row.context["contact"] == "+923007654321"
    assert "blue shirt" in row.context["description"] and row.complaint_id == complaint.pk
    assert delivery.deliver_due() >= 5 and not told.exclude(state=OutboxMessage.State.SENT).exists()

    # Without a shared point, around the police station named; other categories tell no station.
    OutboxMessage.objects.all().delete()
    intake.register_complaint(actor=SYSTEM, channel="web", data={**data, "lat": "", "lng": "", "unit": "SB1"})
    assert set(told.values_list("recipient", flat=True)) == mobiles(force, "sho_B", "asi_B", "desk_B")
    OutboxMessage.objects.all().delete()
    intake.register_complaint(actor=SYSTEM, channel="web", data={**data, "category": "THEFT"})
    assert not told.exists()
    # A batch (a portal import) tells them too.
    batch = intake.register_complaints(actor=SYSTEM, channel="web", items=[{**data, "category": "THEFT"}, data])
    assert len(batch.complaints) == 2 and set(told.values_list("complaint__etag", flat=True)) == {
        batch.complaints[1].etag}
    assert told.count() == 5
