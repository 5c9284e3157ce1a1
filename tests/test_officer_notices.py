"""Officers hear too (shikayat/updates/officers.py): the officer a complaint is marked to is told at once, and
whoever holds it when the complainant adds information or a file or answers the proposed resolution — in the
workspace (a notice) and by the channels they chose, in their language, never the accused, never with the
complainant's personal data."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shikayat.accounts.models import Rank, Role
from shikayat.complaints import actions, intake, permissions, selectors
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput
from shikayat.notifications.messages import render, render_subject
from shikayat.notifications.models import OutboxMessage
from shikayat.updates import notices
from shikayat.updates.models import OfficerNotice

from .factories import complaint_data, officer
from .journey import bring_to, citizen_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LATER = timedelta(hours=1)


def reachable(user, notify_by=None, mobile="+923331112233", email="officer@police.test", language="en"):
    user.mobile, user.email, user.notify_by, user.preferred_language = mobile, email, notify_by, language
    user.save()
    return user


def told(officer, template=None) -> list[OutboxMessage]:
    """The messages queued to the officer's addresses (in channel order)."""
    rows = OutboxMessage.objects.filter(recipient__in=[officer.mobile or "-", officer.email or "-"])
    if template:
        rows = rows.filter(template=template)
    return sorted(rows, key=lambda row: row.channel)


def notices_of(officer, kind=None) -> list[OfficerNotice]:
    rows = OfficerNotice.objects.filter(user=officer).order_by("pk")
    return list(rows.filter(kind=kind) if kind else rows)


def mark(complaint, force, officer="sho_A", by="cell_A", **kw):
    return actions.assign(complaint, actor=force.officers[by], officer=force.officers[officer], **kw)


# --- Marked to an officer ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("notify_by", "channels"), [
    (None, ["sms"]),  # not chosen yet: SMS, since a mobile number is on record
    (["sms"], ["sms"]),
    (["whatsapp"], ["whatsapp"]),
    (["email"], ["email"]),
    (["sms", "whatsapp", "email"], ["email", "sms", "whatsapp"]),
    ([], []),  # the workspace only
])
def test_the_officer_marked_is_told_at_once_by_the_channels_they_chose(force, new_complaint, notify_by, channels):
    sho = reachable(force.officers["sho_A"], notify_by)
    complaint = mark(new_complaint(), force)

    [notice] = notices_of(sho)
    assert (notice.kind, notice.complaint_id, notice.read_at) == ("marked", complaint.pk, None)
    messages = told(sho)
    assert [m.channel for m in messages] == channels
    for m in messages:
        assert m.template == "marked_to_you" and m.complaint_id == complaint.pk and m.state == "pending"
        assert m.recipient == (sho.email if m.channel == "email" else sho.mobile)


def test_without_a_choice_or_a_mobile_the_default_is_email_and_without_either_the_workspace(force, new_complaint):
    sho = reachable(force.officers["sho_A"], mobile="")
    mark(new_complaint(), force)
    assert [m.channel for m in told(sho)] == ["email"]

    sdpo = reachable(force.officers["sdpo_A"], mobile="", email="")
    mark(new_complaint(), force, officer="sdpo_A")
    assert OutboxMessage.objects.filter(template="marked_to_you").count() == 1
    assert len(notices_of(sdpo)) == 1  # still told in the workspace


def test_the_message_is_in_the_officers_language_with_e_tag_category_unit_deadline_and_link(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"], language="ur")
    complaint = mark(new_complaint(), force)

    [sms] = told(sho)
    due = timezone.localtime(complaint.contact_due_at).strftime("%d/%m/%Y %H:%M")
    assert sms.language == "ur"
    assert {key: value for key, value in sms.context.items() if key != "url"} == {
        "etag": complaint.etag_display, "category": "THEFT", "unit": "SA1 ur", "due": due}
    assert sms.context["url"].endswith(f"/officer/complaints/{complaint.etag}/")
    text = render(sms.template, "en", sms.context)
    assert text.startswith(f"Complaint {complaint.etag_display} (THEFT, SA1 ur) is marked to you. "
                           f"Contact the complainant by {due}.")
    assert complaint.etag_display in render_subject(sms.template, "ur", sms.context)


def test_marked_after_the_complainant_was_contacted_the_next_deadline_is_the_report(force, new_complaint):
    from shikayat.accountability import actions as enquiry

    o = force.officers
    complaint = new_complaint(category="AGAINST-POLICE", accused=[{"officer": "asi_A"}])
    complaint = actions.assign(complaint, actor=o["dpo_A"], officer=o["acc_A"])
    complaint = actions.log_contact(complaint, actor=o["acc_A"], method="call", outcome="Statement taken.")
    complaint = enquiry.submit_enquiry_report(complaint, actor=o["acc_A"], report="Prima facie substance.")
    regular = reachable(officer("enq_A", Rank.SDPO, [(force.units["dA"], Role.ENQUIRY_OFFICER)]), ["sms"])
    accused = complaint.accused.get()
    complaint = enquiry.order_regular_enquiry(complaint, actor=o["dpo_A"], officer=regular, allegations=[
        {"accused": accused.pk, "text": "Took money to register the FIR."}])

    [sms] = told(regular)
    assert sms.template == "marked_to_you_report_due"
    assert sms.context["due"] == timezone.localtime(complaint.report_due_at).strftime("%d/%m/%Y %H:%M")


def test_marking_to_oneself_or_to_the_same_officer_again_tells_nobody(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    complaint = mark(new_complaint(), force)
    mark(complaint, force, note="Again, the same officer.")
    assert len(notices_of(sho)) == 1 and len(told(sho)) == 1

    sdpo = reachable(force.officers["sdpo_A"], ["sms"], mobile="+923331114444")
    mark(new_complaint(), force, officer="sdpo_A", by="sdpo_A")  # the SDPO takes it on himself
    assert notices_of(sdpo) == [] and told(sdpo) == []


def test_a_transfer_leaves_it_marked_to_nobody_and_tells_nobody(force, new_complaint):
    complaint = mark(new_complaint(), force)
    before = OfficerNotice.objects.count()
    actions.transfer(complaint, actor=force.officers["cell_A"], unit=force.units["sA2"], reason="Wrong station.")
    assert OfficerNotice.objects.count() == before


# --- Never the accused; no personal data ---------------------------------------------------------------------


def test_the_accused_is_never_told(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms", "email"])
    complaint = new_complaint(category="AGAINST-POLICE", accused=[{"officer": "sho_A"}])
    with pytest.raises(InvalidInput):
        actions.assign(complaint, actor=force.officers["acc_A"], officer=sho)
    # Whatever the complainant adds later, the accused hears nothing, even were they (wrongly) left holding it.
    actions.add_information(complaint, actor=citizen_of(complaint), text="He also threatened me.",
                            now=timezone.now() + LATER)
    heard = {notice.user for notice in OfficerNotice.objects.filter(complaint=complaint)}
    assert {officer.username for officer in heard} == {"dpo_A", "acc_A"}  # the branch and the DPO holding it
    assert all(permissions.can_view(officer, complaint) for officer in heard)
    assert force.officers["cell_A"] not in heard  # a general role never hears of a confidential complaint
    Complaint.objects.filter(pk=complaint.pk).update(assignee=sho)
    actions.add_information(Complaint.objects.get(pk=complaint.pk), actor=citizen_of(complaint),
                            text="And his driver.", now=timezone.now() + 2 * LATER)
    assert notices_of(sho) == [] and told(sho) == []


def test_an_officer_named_as_accused_no_longer_hears_of_the_complaint(force, new_complaint):
    from shikayat.accountability.actions import name_accused

    acc = reachable(force.officers["acc_A"], ["sms"])
    complaint = new_complaint(category="AGAINST-POLICE", accused=[{"officer": "asi_A"}])
    complaint = actions.assign(complaint, actor=force.officers["dpo_A"], officer=acc)
    assert [n.kind for n in notices_of(acc)] == ["marked"]
    complaint = name_accused(complaint, actor=force.officers["igp"], accused=[{"officer": "acc_A"}])
    assert complaint.assignee_id is None  # taken from him and rerouted away
    actions.add_information(complaint, actor=citizen_of(complaint), text="More.", now=timezone.now() + LATER)
    assert [n.kind for n in notices_of(acc)] == ["marked"] and len(told(acc)) == 1


@pytest.mark.parametrize("language", ["en", "ur", "hi"])
def test_a_confidential_complaints_messages_carry_no_personal_data(force, new_complaint, language):
    sdpo = reachable(force.officers["sdpo_A"], ["sms", "whatsapp", "email"], language=language)
    complaint = new_complaint(category="HARASSMENT", name="Ayesha Bibi", mobile="03007654321",
                              email="ayesha@example.com", description="A man follows me from the bus stop daily.")
    assert complaint.is_confidential
    complaint = actions.assign(complaint, actor=force.officers["dpo_A"], officer=sdpo)
    actions.add_information(complaint, actor=citizen_of(complaint), text="His name is Kashif, from my street.",
                            now=timezone.now() + LATER)

    messages = told(sdpo)
    assert {m.template for m in messages} == {"marked_to_you", "complainant_added_information"}
    for m in messages:
        text = render(m.template, m.language, m.context) + render_subject(m.template, m.language, m.context)
        for secret in ("Ayesha", "3007654321", "ayesha@", "bus stop", "Kashif"):
            assert secret not in text and secret not in str(m.context)


# --- The complainant adds information or a file ---------------------------------------------------------------


def test_the_holder_is_told_when_the_complainant_adds_information_or_a_file(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    citizen = citizen_of(complaint)
    actions.add_information(complaint, actor=citizen, text="The thief was seen near the bus stand.")
    actions.add_attachment(complaint, actor=CitizenActor(complaint.complainant_mobile, credential="whatsapp"),
                           upload=SimpleUploadedFile("cctv.png", PNG), channel="whatsapp")

    assert [n.kind for n in notices_of(sho)] == ["marked", "information", "attachment"]
    assert [m.template for m in told(sho)] == ["marked_to_you", "complainant_added_information",
                                               "complainant_added_file"]


def test_the_complainants_email_passed_on_by_the_system_counts_as_the_complainant(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    actions.add_information(complaint, actor=permissions.SYSTEM, text="Reply by email.", channel="email")
    assert [n.kind for n in notices_of(sho)] == ["marked", "information"]


def test_officers_own_additions_tell_nobody(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    actions.add_attachment(complaint, actor=sho, upload=SimpleUploadedFile("site.png", PNG), is_public=False)
    actions.add_attachment(complaint, actor=force.officers["dpo_A"], upload=SimpleUploadedFile("memo.png", PNG))
    actions.add_note(complaint, actor=force.officers["dpo_A"], text="Check the CCTV.")
    assert [n.kind for n in notices_of(sho)] == ["marked"]
    assert len(told(sho)) == 1


def test_what_the_complainant_tells_the_helpline_is_passed_to_the_holder(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    complaint = bring_to(Status.IN_PROGRESS, force, new_complaint)
    actions.add_information(complaint, actor=force.officers["agent"], text="Caller adds the colour: red.",
                            channel="call_centre")
    assert [n.kind for n in notices_of(sho)] == ["marked", "information"]
    assert [m.template for m in told(sho)] == ["marked_to_you", "complainant_added_information"]


def test_more_of_the_same_while_unread_is_one_notice_and_one_message(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    for n in range(3):
        actions.add_attachment(complaint, actor=citizen_of(complaint), upload=SimpleUploadedFile(f"{n}.png", PNG))
    [notice] = notices_of(sho, "attachment")
    assert notice.count == 3 and len(told(sho, "complainant_added_file")) == 1

    selectors.complaint_for(sho, complaint.etag)  # he opens the complaint: read
    actions.add_attachment(complaint, actor=citizen_of(complaint), upload=SimpleUploadedFile("4.png", PNG))
    assert [n.count for n in notices_of(sho, "attachment")] == [3, 1]
    assert len(told(sho, "complainant_added_file")) == 2


def test_marked_to_nobody_the_office_over_its_unit_is_told_but_not_of_what_came_with_the_complaint(force):
    sho = reachable(force.officers["sho_A"], ["sms"])  # the head of station SA1
    citizen = CitizenActor(mobile="+923001234567", credential="otp")
    complaint = intake.lodge_with_attachments(actor=citizen, channel="web", data=complaint_data(),
                                              uploads=[SimpleUploadedFile("bike.png", PNG)])
    actions.add_information(complaint, actor=citizen, text="Forgot: it is a red Honda.")  # minutes later
    assert OfficerNotice.objects.count() == 0
    assert not OutboxMessage.objects.filter(template__startswith="complainant_")

    actions.add_information(complaint, actor=citizen, text="Chassis number 1234.", now=timezone.now() + LATER)
    assert [n.kind for n in notices_of(sho)] == ["information"]
    told_now = set(OfficerNotice.objects.values_list("user__username", flat=True))
    assert told_now == {"sho_A"}  # the nearest office that may mark it; not the circle or district above it


# --- The complainant answers the proposed resolution ---------------------------------------------------------


def test_the_holder_is_told_when_the_complainant_is_satisfied(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["email"])
    complaint = bring_to(Status.CLOSED, force, new_complaint)
    assert [n.kind for n in notices_of(sho)] == ["marked", "satisfied"]
    [email] = told(sho, "complainant_satisfied")
    assert email.context["etag"] == complaint.etag_display


def test_reopened_the_officer_who_held_it_and_the_office_now_holding_it_are_told(force, new_complaint):
    sho = reachable(force.officers["sho_A"], ["sms"])
    sdpo = reachable(force.officers["sdpo_A"], ["sms"], mobile="+923331114444")
    complaint = bring_to(Status.REOPENED, force, new_complaint)
    assert complaint.assignee_id is None and complaint.unit.code == "CA"  # one level up, to be marked again
    assert [n.kind for n in notices_of(sho)] == ["marked", "reopened"]
    assert [n.kind for n in notices_of(sdpo)] == ["reopened"]
    [sms] = told(sdpo, "complainant_not_satisfied")
    assert sms.context["unit"] == "Ca"


# --- Read -------------------------------------------------------------------------------------------------------


def test_opening_the_complaint_marks_its_notices_read_for_that_officer_only(force, new_complaint):
    sho = reachable(force.officers["sho_A"], [])
    sdpo = force.officers["sdpo_A"]
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    other = mark(new_complaint(), force)
    assert notices.unread_count(sho) == 2

    selectors.complaint_for(sdpo, complaint.etag)
    assert notices.unread_count(sho) == 2
    selectors.complaint_for(sho, complaint.etag)
    assert notices.unread_count(sho) == 1
    assert [n.complaint_id for n in notices_of(sho) if n.read_at is None] == [other.pk]
