"""Revoking a granted permission: by whoever may decide on the application, with reasons, before the event has
ended; the applicant told once by SMS, the timeline, the verification page and the decision paper say revoked."""

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from pypdf import PdfReader

from shikayat.accounts.models import Rank, Role, User
from shikayat.complaints.permissions import CitizenActor
from shikayat.core import verification
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.notifications.models import OutboxMessage
from shikayat.permits import actions
from shikayat.permits.models import PermitEvent
from shikayat.permits.papers import decision_pdf

from .factories import officer
from .test_citizen_pages import verify
from .test_permits import NOW, decided, future

REVOKED_AT = NOW + timedelta(days=2)
REASONS = "Sectarian tension in the walled city; Section 144 imposed"


@pytest.fixture
def branch(force):
    """The special branch of district A (and one of district B), as in test_permits."""
    officer("sb_B", Rank.INSPECTOR, [(force.units["dB"], Role.SPECIAL_BRANCH)])
    return officer("sb_A", Rank.INSPECTOR, [(force.units["dA"], Role.SPECIAL_BRANCH)])


def test_the_deciding_supervisor_revokes_a_grant_once_with_reasons_and_the_applicant_is_told(force, branch):
    row = decided(force, branch)
    with pytest.raises(InvalidInput) as refused:
        actions.revoke(row, actor=force.officers["dpo_A"], reasons="  ", now=REVOKED_AT)
    assert refused.value.fields["reasons"]
    row = actions.revoke(row, actor=force.officers["dpo_A"], reasons=REASONS, now=REVOKED_AT)
    row.refresh_from_db()
    assert (row.status, row.revoked_at, row.revoked_by) == ("revoked", REVOKED_AT, force.officers["dpo_A"])
    assert row.revoked_reasons == REASONS and "No weapons" in row.conditions  # the grant's conditions kept
    assert row.decided_by == force.officers["dpo_A"] and row.decided_at == NOW + timedelta(hours=8)
    event = PermitEvent.objects.filter(application=row).last()
    assert (event.action, event.to_status, event.note) == ("revoke", "revoked", REASONS)
    with pytest.raises(TransitionNotAllowed):  # once
        actions.revoke(row, actor=force.officers["dpo_A"], reasons="Again", now=REVOKED_AT)
    told = OutboxMessage.objects.get(template="permit_revoked")
    assert told.recipient == "+923001234567" and told.channel == "sms" and told.language == "en"
    assert told.context["number"] == row.number and told.context["reasons"] == REASONS
    assert OutboxMessage.objects.filter(template="permit_revoked").count() == 1
    assert PermitEvent.objects.filter(application=row, action="revoke").count() == 1


def test_only_those_who_may_decide_revoke(force, branch):
    row = decided(force, branch)
    for other in (force.officers["sho_A"], branch, force.officers["dpo_B"], force.officers["sdpo_A"]):
        with pytest.raises(PermissionDenied):
            actions.revoke(row, actor=other, reasons=REASONS, now=REVOKED_AT)
    with pytest.raises(PermissionDenied):  # the applicant cannot revoke (they may not hold the event)
        actions.revoke(row, actor=CitizenActor(mobile=row.mobile, credential="otp"), reasons=REASONS,
                       now=REVOKED_AT)
    row.refresh_from_db()
    assert row.status == "granted" and not OutboxMessage.objects.filter(template="permit_revoked").exists()
    actions.revoke(row, actor=User.objects.get(username="igp"), reasons=REASONS, now=REVOKED_AT)  # above: may


def test_a_refusal_an_undecided_application_and_an_ended_event_are_not_revoked(force, branch):
    refused = decided(force, branch, grant=False)
    with pytest.raises(TransitionNotAllowed):
        actions.revoke(refused, actor=force.officers["dpo_A"], reasons=REASONS, now=REVOKED_AT)
    granted = decided(force, branch)
    with pytest.raises(TransitionNotAllowed) as late:
        actions.revoke(granted, actor=force.officers["dpo_A"], reasons=REASONS, now=granted.ends_at)
    assert "ended" in str(late.value.message)
    granted.refresh_from_db()
    assert granted.status == "granted" and not PermitEvent.objects.filter(action="revoke").exists()


def test_the_paper_checks_as_revoked_and_its_pdf_says_so(force, branch):
    row = decided(force, branch, language="ur")
    code = verification.sign(row.number)
    actions.revoke(row, actor=force.officers["dpo_A"], reasons=REASONS, now=REVOKED_AT)
    row.refresh_from_db()
    result = verification.check(code)
    assert result.state == verification.REVOKED and result.revoked_at == REVOKED_AT
    page = Client().get(f"/verify-certificate/{code}/").content.decode()
    assert 'data-state="revoked"' in page and row.number in page and "Sectarian" not in page
    assert "No weapons" not in page  # a revoked paper's conditions are not offered as valid
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(decision_pdf(row))).pages)
    assert row.number in text and "Sectarian tension" in text
    english = decided(force, branch)
    actions.revoke(english, actor=force.officers["dpo_A"], reasons=REASONS, now=REVOKED_AT)
    english.refresh_from_db()
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(decision_pdf(english))).pages).split())
    assert not text.startswith("{#")  # the base's comment is not drawn into the paper
    assert "Permission revoked" in text and "no longer valid" in text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_revoking_at_once_revoke_once(force, branch):
    row = decided(force, branch)
    start, outcomes = threading.Barrier(2), []

    def revoke(actor) -> None:
        start.wait()
        try:
            actions.revoke(row, actor=actor, reasons=f"{REASONS} ({actor})", now=REVOKED_AT)
            outcomes.append("revoked")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=revoke, args=(who,))
               for who in (force.officers["dpo_A"], User.objects.get(username="igp"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "revoked"]
    assert PermitEvent.objects.filter(application=row, action="revoke").count() == 1
    assert OutboxMessage.objects.filter(template="permit_revoked").count() == 1


# -- web ---------------------------------------------------------------------------------------------------------

def _granted_for_later(force, branch):
    """Granted, for an event weeks from today (the pages act at the real time)."""
    return decided(force, branch, date=future(30))


def test_the_supervisor_revokes_on_the_detail_page_and_refused_input_keeps_what_was_typed(force, branch):
    row = _granted_for_later(force, branch)
    dpo = Client()
    dpo.force_login(force.officers["dpo_A"])
    page = dpo.get(f"/officer/permits/{row.etag}/").content.decode()
    assert 'id="revoke"' in page and "Revoke this permission" in page
    unticked = dpo.post(f"/officer/permits/{row.etag}/revoke/", {"reasons": "Typed but not ticked"})
    body = unticked.content.decode()
    assert unticked.status_code == 400 and "Typed but not ticked" in body and "Tick the box" in body
    assert '<details class="card" id="revoke" open>' in body
    blank = dpo.post(f"/officer/permits/{row.etag}/revoke/", {"reasons": " ", "confirm": "on"})
    assert blank.status_code == 400 and "Give the reasons for revoking" in blank.content.decode()
    done = dpo.post(f"/officer/permits/{row.etag}/revoke/", {"reasons": REASONS, "confirm": "on"})
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.status == "revoked"
    page = dpo.get(f"/officer/permits/{row.etag}/").content.decode()
    assert 'id="revoke"' not in page and 'id="revoked"' in page and "Sectarian" in page
    again = dpo.post(f"/officer/permits/{row.etag}/revoke/", {"reasons": REASONS, "confirm": "on"}, follow=True)
    assert "only once" in again.content.decode()
    assert OutboxMessage.objects.filter(template="permit_revoked").count() == 1


def test_others_do_not_see_the_card_and_are_refused(force, branch):
    row = _granted_for_later(force, branch)
    for who in (force.officers["sho_A"], branch, force.officers["dpo_B"]):
        client = Client()
        client.force_login(who)
        page = client.get(f"/officer/permits/{row.etag}/")
        assert 'id="revoke"' not in page.content.decode()
        assert client.post(f"/officer/permits/{row.etag}/revoke/", {"reasons": REASONS, "confirm": "on"}
                           ).status_code == 403
    row.refresh_from_db()
    assert row.status == "granted"


def test_the_applicant_sees_it_revoked_with_the_reasons(client, force, branch):
    row = _granted_for_later(force, branch)
    actions.revoke(row, actor=force.officers["dpo_A"], reasons=REASONS)
    verify(client)
    page = client.get(f"/permits/mine/{row.etag}/").content.decode()
    assert "Revoked" in page and 'id="revoked-reasons"' in page and "Sectarian tension" in page
    pdf = client.get(f"/permits/mine/{row.etag}/decision.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    assert pdf.status_code == 200 and "Permission revoked" in text
