"""Permissions for processions, rallies, events, loudspeakers and film shooting: an application by a citizen with
a verified mobile, the station's and the special branch's reports, the district's decision as a paper anyone can
check, the SOP's deadlines on the working-day calendar, and the delay ledger of late applications."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from shikayat.accounts.models import Rank, Role, User
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import verification
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.deadlines.models import Holiday
from shikayat.deadlines.sweep import run_sweep
from shikayat.notifications.models import OutboxMessage
from shikayat.permits import actions
from shikayat.permits.models import Organiser, PermitApplication, PermitDelay, PermitDocument, PermitEvent, PermitSOP
from shikayat.permits.papers import decision_pdf
from shikayat.permits.sweep import permit_breaches

from .factories import officer
from .test_citizen_pages import verify

NOW = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # Monday 09:00 in Lahore
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CITIZEN = CitizenActor(mobile="+923001234567", credential="otp")


@pytest.fixture
def branch(force):
    """The special branch of district A (and one of district B)."""
    officer("sb_B", Rank.INSPECTOR, [(force.units["dB"], Role.SPECIAL_BRANCH)])
    return officer("sb_A", Rank.INSPECTOR, [(force.units["dA"], Role.SPECIAL_BRANCH)])


def procession(**overrides) -> dict:
    data = {"kind": "procession", "title": "Chehlum procession", "purpose": "Annual mourning procession",
            "date": "2026-11-12", "start": "14:00", "end": "20:30", "route": "Imambargah Gulistan-e-Zahra\nMochi Gate"
            "\nKarbala Gamay Shah", "station": "SA1", "attendance": "3000",
            "organisers": [{"name": "Syed Ali Raza Naqvi", "id_number": "35202-7654321-3", "mobile": "0321 4567890",
                            "address": "12 Mochi Gate, Lahore"}], "language": "en"}
    data.update(overrides)
    return data


def applied(now=NOW, **overrides) -> PermitApplication:
    return actions.apply(actor=CITIZEN, data=procession(**overrides), now=now)


def decided(force, branch, grant=True, **overrides) -> PermitApplication:
    row = applied(**overrides)
    actions.report(row, actor=force.officers["sho_A"], step="station", objection=False,
                   conditions="Route fixed; no change en route", now=NOW + timedelta(hours=3))
    actions.report(row, actor=branch, step="branch", objection=False, now=NOW + timedelta(hours=5))
    return actions.decide(row, actor=force.officers["dpo_A"], grant=grant, now=NOW + timedelta(hours=8),
                          conditions="Ends by 21:00. No weapons. Volunteers along the route.",
                          reasons="" if grant else "Clash of routes with another procession")


def test_an_application_goes_through_both_reports_and_the_decision_by_role(force, branch):
    row = applied(documents=None)
    assert row.status == "submitted" and row.route[-1] == "Karbala Gamay Shah" and row.district == force.units["dA"]
    assert row.organisers.get().mobile == "+923214567890"
    assert OutboxMessage.objects.filter(template="permit_received", recipient="+923001234567").exists()
    # Out of scope: another district's SHO and special branch, a station officer who is not its head, the circle
    # officer (a supervisor below the district).
    for other, step in [(force.officers["sho_B"], "station"), (force.officers["asi_A"], "station"),
                        (User.objects.get(username="sb_B"), "branch"),
                        (force.officers["sho_A"], "branch")]:
        with pytest.raises(PermissionDenied):
            actions.report(row, actor=other, step=step, objection=False)
    with pytest.raises(TransitionNotAllowed):  # not before both reports
        actions.decide(row, actor=force.officers["dpo_A"], grant=True)
    with pytest.raises(InvalidInput):  # an objection needs its reasons
        actions.report(row, actor=force.officers["sho_A"], step="station", objection=True, note=" ")
    row = actions.report(row, actor=force.officers["sho_A"], step="station", objection=True,
                         note="Route passes a sensitive mosque", conditions="Divert via Circular Road")
    with pytest.raises(TransitionNotAllowed):  # once
        actions.report(row, actor=force.officers["sho_A"], step="station", objection=False)
    row = actions.report(row, actor=branch, step="branch", objection=False, conditions="Walk-through gates")
    assert row.status == "reported"
    with pytest.raises(PermissionDenied):
        actions.decide(row, actor=force.officers["sdpo_A"], grant=True)
    with pytest.raises(PermissionDenied):
        actions.decide(row, actor=force.officers["dpo_B"], grant=True)
    with pytest.raises(InvalidInput):  # a refusal needs its reasons
        actions.decide(row, actor=force.officers["dpo_A"], grant=False)
    row = actions.decide(row, actor=force.officers["dpo_A"], grant=True, conditions="Via Circular Road only")
    assert row.status == "granted" and row.decided_by == force.officers["dpo_A"]
    assert list(row.events.values_list("action", flat=True)) == ["apply", "station_report", "branch_report", "decide"]
    told = OutboxMessage.objects.get(template="permit_granted")
    assert told.recipient == "+923001234567" and told.context["number"] == f"PRM-{row.etag}"


def test_the_decision_paper_verifies_and_forged_or_altered_codes_do_not(force, branch):
    row = decided(force, branch)
    result = verification.check(verification.sign(row.number))
    assert result.state == verification.GENUINE and row.number == result.number
    shown = dict(result.facts)
    assert shown["Decision"] == "Granted" and "No weapons" in shown["Conditions"]
    assert shown["Route"] == "Imambargah Gulistan-e-Zahra → Mochi Gate → Karbala Gamay Shah"
    assert shown["Decided by"] == force.units["dA"].name
    every = " ".join(str(value) for _label, value in result.facts)
    assert "35202" not in every and "0321" not in every and "+92" not in every  # no CNIC, no mobile
    code = verification.sign(row.number)
    assert verification.check(code.replace(row.etag, applied().etag)).state == verification.NOT_GENUINE  # altered
    assert verification.check("PRM-K7QM4XZ2:forgedsignature").state == verification.NOT_GENUINE
    undecided = applied()
    assert verification.check(verification.sign(undecided.number)).state == verification.NOT_GENUINE
    page = Client().get(f"/verify-certificate/{code}/")
    assert page.status_code == 200 and "No weapons" in page.content.decode()
    assert Client().get(f"/verify-certificate/{code}x/").status_code == 404
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(decision_pdf(row))).pages)
    assert row.number in text and "No weapons" in text and "/verify-certificate/" in text


def test_a_refusal_paper_in_urdu(force, branch):
    row = decided(force, branch, grant=False, language="ur")
    assert row.status == "refused"
    assert dict(verification.check(verification.sign(row.number)).facts)["Decision"] == "Refused"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(decision_pdf(row))).pages)
    assert "Clash of routes" in text and row.number in text


@pytest.mark.parametrize("language", ["en", "ur", "hi"])
@pytest.mark.parametrize("overrides, field, msgid", [
    ({"date": "2026-10-30"}, "date", "The event must be in the future."),
    ({"date": "2026-11-04"}, "date",
     "Apply at least %(days)d working days before the event: the earliest start now is %(earliest)s."),
    ({"end": "13:00"}, "end", "The end must be after the start."),
    ({"attendance": "0"}, "attendance", "The expected attendance must be at least 1."),
    ({"attendance": "many"}, "attendance", "Give the expected attendance as a whole number, e.g. 500."),
    ({"attendance": "5000000"}, "attendance",
     "The expected attendance can be at most %(max)s for this kind of permission."),
    ({"organisers": []}, "organisers",
     "Give at least one organiser: name, CNIC / identity number, mobile and address."),
    ({"organisers": [{"name": "Ali", "id_number": "", "mobile": "12", "address": "Lahore"}]}, "organiser1_mobile",
     None),
    ({"route": "Mochi Gate"}, "route",
     "Give the route: at least the starting point and the end point, one place a line."),
    ({"kind": "loudspeaker", "venue": "Jamia Masjid", "route": ""}, "loudspeaker_details",
     "Give the loudspeakers: how many, their placing and the hours of use."),
])
def test_bad_applications_are_refused_in_the_applicants_language_with_nothing_written(force, language, overrides,
                                                                                        field, msgid):
    with translation.override(language), pytest.raises(InvalidInput) as refused:
        actions.apply(actor=CITIZEN, data=procession(language=language, **overrides),
                      uploads=[SimpleUploadedFile("letter.png", PNG)], now=NOW)
    with translation.override(language):
        assert str(refused.value.message) == gettext("Please correct the highlighted fields.")
        if msgid is None:  # the organiser's mobile: the phones module's own (translated) message
            assert refused.value.fields[field]
        else:
            expected = gettext(msgid).split("%(")[0].strip()
            assert any(m.startswith(expected) for m in refused.value.fields[field]), refused.value.fields
    if language != "en":  # the summary and the field's message both come from the catalogue
        assert not re.search("[A-Za-z]", str(refused.value.message))
        if msgid is not None:
            assert not any(re.search("[A-Za-z]{3}", m) for m in refused.value.fields[field]), refused.value.fields
    assert not PermitApplication.objects.exists() and not Organiser.objects.exists()
    assert not PermitDocument.objects.exists() and not OutboxMessage.objects.exists()


def test_documents_are_checked_by_their_bytes(force):
    with pytest.raises(InvalidInput) as refused:
        actions.apply(actor=CITIZEN, data=procession(), now=NOW,
                      uploads=[SimpleUploadedFile("letter.pdf", b"MZ\x90\x00" + b"\x00" * 60)])
    assert "photos (JPEG, PNG) or PDF" in " ".join(refused.value.fields["documents"])
    row = actions.apply(actor=CITIZEN, data=procession(), now=NOW, uploads=[SimpleUploadedFile("x.bin", PNG)])
    assert row.documents.get().content_type == "image/png"


def test_only_a_citizen_with_a_verified_mobile_applies(force):
    with pytest.raises(PermissionDenied):
        actions.apply(actor=force.officers["sho_A"], data=procession(), now=NOW)
    assert not PermitApplication.objects.exists()


def test_deadlines_follow_the_kinds_sop_and_the_working_calendar(force, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "WEEKEND_DAYS": ["6"]}  # Sunday
    saturday = datetime(2026, 11, 7, 4, 0, tzinfo=UTC)  # 09:00 in Lahore
    row = applied(now=saturday, date="2026-11-20")
    # 24 working hours from Saturday 09:00: Saturday's 15, Sunday skipped, Monday's first 9.
    assert row.station_due_at == datetime(2026, 11, 9, 4, 0, tzinfo=UTC)
    assert row.branch_due_at == datetime(2026, 11, 10, 4, 0, tzinfo=UTC)
    assert row.decision_due_at == datetime(2026, 11, 11, 4, 0, tzinfo=UTC)
    assert row.due_at == row.station_due_at
    loud = applied(now=saturday, kind="loudspeaker", venue="Jamia Masjid, Ichhra", route="", date="2026-11-20",
                   loudspeaker_details="2 horns on the minaret, 18:00-22:00")
    # Its own SOP: 16 h for the station, Saturday's 15 and Monday's first (01:00 in Lahore).
    assert loud.station_due_at == datetime(2026, 11, 8, 20, 0, tzinfo=UTC)
    Holiday.objects.create(date=date(2026, 11, 9), name_en="Iqbal Day")
    with_holiday = applied(now=saturday, date="2026-11-20")
    assert with_holiday.station_due_at == datetime(2026, 11, 10, 4, 0, tzinfo=UTC)
    PermitSOP.objects.filter(kind="procession").update(min_notice_days=10)
    # Ten working days from Saturday 09:00, without the Sundays and Iqbal Day: Friday 20th 09:00.
    assert applied(now=saturday, date="2026-11-20").starts_at.day == 20
    with pytest.raises(InvalidInput) as refused:
        applied(now=saturday, date="2026-11-19")
    assert "10 working days" in refused.value.fields["date"][0]


def test_the_sweep_charges_a_late_station_report_once_and_completes_it_on_decision(force, branch):
    row = applied()
    assert permit_breaches(row.station_due_at - timedelta(minutes=1)) == 0
    assert run_sweep(now=row.station_due_at + timedelta(minutes=1))["permit_breaches"] == 1
    assert permit_breaches(row.station_due_at + timedelta(hours=5)) == 0  # once
    entry = PermitDelay.objects.get()
    assert (entry.stage, entry.officer, entry.unit) == ("station", force.officers["sho_A"], force.units["sA1"])
    assert entry.completed_at is None
    actions.report(row, actor=force.officers["sho_A"], step="station", objection=False,
                   now=row.station_due_at + timedelta(hours=2))
    actions.report(row, actor=branch, step="branch", objection=False, now=row.station_due_at + timedelta(hours=3))
    actions.decide(row, actor=force.officers["dpo_A"], grant=True, now=row.station_due_at + timedelta(hours=4))
    entry.refresh_from_db()
    assert entry.completed_at == row.station_due_at + timedelta(hours=4)
    assert PermitDelay.objects.count() == 1


def test_a_late_report_of_the_special_branch_and_a_late_decision_are_charged_to_their_holders(force, branch):
    waiting_branch, waiting_decision = applied(), applied()
    actions.report(waiting_branch, actor=force.officers["sho_A"], step="station", objection=False,
                   now=NOW + timedelta(hours=1))
    for step, actor in (("station", force.officers["sho_A"]), ("branch", branch)):
        actions.report(waiting_decision, actor=actor, step=step, objection=False, now=NOW + timedelta(hours=1))
    assert permit_breaches(NOW + timedelta(hours=49)) == 1
    assert PermitDelay.objects.get(application=waiting_branch).officer == branch
    assert permit_breaches(NOW + timedelta(hours=73)) == 1
    late = PermitDelay.objects.get(application=waiting_decision)
    assert (late.stage, late.officer, late.unit) == ("decision", force.officers["dpo_A"], force.units["dA"])


# -- web ---------------------------------------------------------------------------------------------------------

def future(days: int = 20) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def form_data(**overrides) -> dict:
    data = {"kind": "rally", "title": "Kissan rally", "date": future(), "start": "10:00", "end": "13:00",
            "venue": "Nasir Bagh, Lahore", "station": "SA1", "attendance": "1500",
            "organiser1_name": "Chaudhry Anwar", "organiser1_id_number": "35202-1111111-1",
            "organiser1_mobile": "03001112223", "organiser1_address": "Shadman, Lahore"}
    data.update(overrides)
    return data


def test_a_citizen_applies_on_the_web_after_verifying_the_mobile_and_follows_it(client, force, branch):
    assert client.get("/permits/apply/").url.startswith("/verify/")
    verify(client)
    response = client.post("/permits/apply/", form_data(document1=SimpleUploadedFile("l.png", PNG)))
    row = PermitApplication.objects.get()
    assert response.status_code == 302 and response.url == f"/permits/mine/{row.etag}/"
    assert row.mobile == "+923001234567" and row.documents.count() == 1
    page = client.get(response.url).content.decode()
    assert "Kissan rally" in page and "Awaiting the reports" in page and 'id="step-branch"' in page
    assert client.get(f"/permits/mine/{row.etag}/decision.pdf").status_code == 404  # not decided yet
    assert Client().get(f"/permits/mine/{row.etag}/").status_code == 302  # another session: verify first


def test_a_bad_web_application_is_refused_in_urdu_with_nothing_written(client, force):
    verify(client)
    response = client.post("/permits/apply/", form_data(attendance="0", organiser1_name="", organiser1_id_number="",
                                                        organiser1_mobile="", organiser1_address=""),
                           HTTP_ACCEPT_LANGUAGE="ur")
    page = response.content.decode()
    assert response.status_code == 400 and "براہِ کرم نشان زدہ خانوں کو درست کریں" in page
    assert 'id="id_attendance_error"' in page and 'id="id_organiser1_name_error"' in page
    assert not PermitApplication.objects.exists()


def test_officers_take_their_step_on_the_web_and_others_are_refused(force, branch):
    row = applied()
    sho, other_sho, sb, dpo = Client(), Client(), Client(), Client()
    sho.force_login(force.officers["sho_A"])
    other_sho.force_login(force.officers["sho_B"])
    sb.force_login(branch)
    dpo.force_login(force.officers["dpo_A"])
    assert row.etag in sho.get("/officer/permits/").content.decode()
    assert row.etag not in other_sho.get("/officer/permits/").content.decode()
    assert other_sho.get(f"/officer/permits/{row.etag}/").status_code == 403
    assert other_sho.post(f"/officer/permits/{row.etag}/station/", {"objection": "no"}).status_code == 403
    assert sho.post(f"/officer/permits/{row.etag}/branch/", {"objection": "no"}).status_code == 403
    assert sho.post(f"/officer/permits/{row.etag}/station/", {"objection": "no",
                                                             "conditions": "Keep to the route"}).status_code == 302
    assert sb.post(f"/officer/permits/{row.etag}/branch/", {"objection": "no"}).status_code == 302
    assert sho.post(f"/officer/permits/{row.etag}/decision/", {"grant": "yes"}).status_code == 403
    assert dpo.post(f"/officer/permits/{row.etag}/decision/", {"grant": "yes",
                                                              "conditions": "No firing"}).status_code == 302
    row.refresh_from_db()
    assert row.status == "granted" and row.station_conditions == "Keep to the route"
    assert "decided late" in dpo.get(f"/officer/permits/{row.etag}/").content.decode()  # decided now, due in 2026-11
    assert PermitEvent.objects.filter(application=row).count() == 4


def test_supervisors_see_the_late_ones_in_their_jurisdiction(force, branch):
    row = applied()
    permit_breaches(row.station_due_at + timedelta(minutes=1))
    dpo, other = Client(), Client()
    dpo.force_login(force.officers["dpo_A"])
    other.force_login(force.officers["dpo_B"])
    assert f'data-row="{row.etag}"' in dpo.get("/officer/permits/late/").content.decode()
    assert f'data-row="{row.etag}"' not in other.get("/officer/permits/late/").content.decode()
    asi = Client()
    asi.force_login(force.officers["asi_A"])
    assert asi.get("/officer/permits/late/").status_code == 403


@pytest.mark.parametrize("profile, count", [("punjab", 36), ("rampur", 24)])
def test_the_demo_has_applications_in_every_state_and_some_late(db, settings, profile, count):
    from django.core.management import call_command

    if profile == "rampur":
        settings.SHIKAYAT = {**settings.SHIKAYAT, "DEFAULT_REGION": "IN"}
    call_command("load_demo", profile=profile, complaints=0, verbosity=0)
    assert PermitApplication.objects.count() == count
    assert set(PermitApplication.objects.values_list("status", flat=True)) == {"submitted", "reported", "granted",
                                                                               "refused"}
    assert PermitDelay.objects.filter(completed_at__isnull=True).exists()  # late and still undecided
    assert PermitDelay.objects.filter(completed_at__isnull=False, stage="decision").exists()  # decided late
    assert User.objects.filter(postings__role=Role.SPECIAL_BRANCH).exists()
    call_command("load_demo", profile=profile, complaints=0, verbosity=0)  # re-running adds none
    assert PermitApplication.objects.count() == count


def test_the_heads_of_stations_a_route_passes_see_the_procession_but_do_not_report(force, branch):
    passing = officer("sho_A2", Rank.INSPECTOR, [(force.units["sA2"], Role.STATION_HEAD)])
    row = applied(stations_passed=["SA2", "SA1"])
    assert list(row.stations_passed.values_list("code", flat=True)) == ["SA2"]  # the start's own left out
    client = Client()
    client.force_login(passing)
    page = client.get(f"/officer/permits/{row.etag}/")
    assert page.status_code == 200 and "Chehlum procession" in page.content.decode()
    assert client.post(f"/officer/permits/{row.etag}/station/", {"objection": "no"}).status_code == 403
    with pytest.raises(InvalidInput) as refused:
        applied(stations_passed=["NOPE"])
    assert "stations_passed" in refused.value.fields


def test_the_overview_shows_each_kinds_notice_and_deadline(client, force):
    page = client.get("/permits/").content.decode()
    assert "Procession" in page and "5 working days before" in page and "40 working hours" in page
