"""The delay ledger: entries charged by the sweep, pages for supervisors
scoped to their jurisdiction, and the explanation / show-cause review."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.deadlines import ledger as ledger_actions
from shikayat.deadlines import selectors
from shikayat.deadlines.models import DelayEntry, Outcome
from shikayat.deadlines.sweep import run_sweep

from .factories import complaint_data

LEDGER = "/officer/ledger/"


def missed(force, officer: str, unit: str, start, cell: str = "cell_A"):
    """A complaint marked to `officer` whose contact deadline passed unlogged; returns its ledger entry."""
    o = force.officers
    complaint = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(unit=unit), now=start)
    actions.assign(complaint, actor=o[cell], officer=o[officer], now=start + timedelta(minutes=5))
    run_sweep(now=start + timedelta(hours=9))
    return DelayEntry.objects.get(complaint=complaint)


@pytest.fixture
def book(force):
    start = clock.now() - timedelta(days=3)
    return SimpleNamespace(a=missed(force, "sho_A", "SA1", start), b=missed(force, "sho_B", "SB1", start, "cell_B"),
                           start=start, o=force.officers)


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, kwargs)


def test_each_supervisor_sees_the_ledger_of_their_own_jurisdiction(client, book):
    o = book.o
    district_a = page(client, o["dpo_A"], LEDGER).content.decode()
    assert str(o["sho_A"]) in district_a and str(o["sho_B"]) not in district_a
    district_b = page(client, o["dpo_B"], LEDGER).content.decode()
    assert str(o["sho_B"]) in district_b and str(o["sho_A"]) not in district_b
    province = page(client, o["igp"], LEDGER).content.decode()
    assert str(o["sho_A"]) in province and str(o["sho_B"]) in province
    assert str(o["sho_A"]) in page(client, o["acc_A"], LEDGER).content.decode()


def test_district_b_cannot_open_district_as_entries(client, book):
    o = book.o
    assert page(client, o["dpo_B"], f"{LEDGER}entries/{book.a.pk}/").status_code == 404
    listing = page(client, o["dpo_B"], f"{LEDGER}entries/", officer=o["sho_A"].pk)
    assert listing.status_code == 200 and book.a.complaint.etag_display not in listing.content.decode()
    mine = page(client, o["dpo_A"], f"{LEDGER}entries/", officer=o["sho_A"].pk).content.decode()
    assert book.a.complaint.etag_display in mine and f"/officer/complaints/{book.a.complaint.etag}/" in mine
    by_unit = page(client, o["dpo_A"], f"{LEDGER}entries/", unit=book.a.unit_id).content.decode()
    assert book.a.complaint.etag_display in by_unit
    unassigned = page(client, o["dpo_A"], f"{LEDGER}entries/", officer="none")
    assert unassigned.status_code == 200 and book.a.complaint.etag_display not in unassigned.content.decode()


def test_officers_without_a_supervising_posting_are_refused(client, book):
    o = book.o
    assert page(client, o["asi_A"], LEDGER).status_code == 403
    assert page(client, o["asi_A"], f"{LEDGER}entries/{book.a.pk}/").status_code == 403
    assert "Delay ledger" not in page(client, o["asi_A"], "/officer/complaints/").content.decode()
    assert "Delay ledger" in page(client, o["sho_A"], "/officer/complaints/").content.decode()  # his station's
    assert "Delay ledger" in page(client, o["dpo_A"], "/officer/complaints/").content.decode()


def test_the_review_form_is_validated_and_writes_nothing_until_valid(client, book):
    o, url = book.o, f"{LEDGER}entries/{book.a.pk}/"
    client.force_login(o["dpo_A"])
    empty = client.post(url, {"outcome": "", "explanation": ""})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    bogus = client.post(url, {"outcome": "pending", "explanation": "Was on leave."})
    assert bogus.status_code == 400
    too_long = client.post(url, {"outcome": "warning", "explanation": "x" * 5001})
    assert too_long.status_code == 400
    book.a.refresh_from_db()
    assert book.a.outcome == Outcome.PENDING and book.a.reviewed_by is None

    done = client.post(url, {"outcome": "show_cause", "explanation": "  No reason given for the delay.  "})
    assert done.status_code == 302
    book.a.refresh_from_db()
    assert (book.a.outcome, book.a.explanation, book.a.reviewed_by) == ("show_cause", "No reason given for the delay.",
                                                                        o["dpo_A"])
    assert "Show-cause notice" in client.get(url).content.decode()


def test_the_complaint_cell_sees_the_ledger_but_records_no_outcome(client, book):
    o, url = book.o, f"{LEDGER}entries/{book.a.pk}/"
    shown = page(client, o["cell_A"], url)
    assert shown.status_code == 200 and 'name="explanation"' not in shown.content.decode()
    assert client.post(url, {"outcome": "warning", "explanation": "Late."}).status_code == 403
    assert page(client, o["dpo_B"], url).status_code == 404
    assert client.post(url, {"outcome": "warning", "explanation": "Late."}).status_code == 404


def test_no_one_reviews_their_own_delay(force):
    entry = missed(force, "sdpo_A", "SA1", clock.now() - timedelta(days=2))
    assert entry.officer == force.officers["sdpo_A"] and entry.unit.code == "CA"
    with pytest.raises(PermissionDenied):
        ledger_actions.record_outcome(entry, actor=force.officers["sdpo_A"], outcome="exonerated",
                                      explanation="I was busy.")
    with pytest.raises(InvalidInput) as refused:
        ledger_actions.record_outcome(entry, actor=force.officers["dpo_A"], outcome="nonsense", explanation="")
    assert set(refused.value.fields) == {"outcome", "explanation"}
    reviewed = ledger_actions.record_outcome(entry, actor=force.officers["dpo_A"], outcome="explanation_accepted",
                                             explanation="Was at the scene of a riot.")
    assert reviewed.reviewed_by == force.officers["dpo_A"] and reviewed.reviewed_at is not None


def test_summary_counts_hours_late_and_flags_repeat_offenders(client, force, book, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "REPEAT_OFFENDER_BREACHES": 2}
    o, now = book.o, clock.now()
    second = missed(force, "sho_A", "SA1", book.start)
    actions.log_contact(second.complaint, actor=o["sho_A"], method="call", outcome="Spoke to her.",
                        now=book.start + timedelta(hours=11))
    summary = selectors.summary(o["dpo_A"], now, days=30)
    (row,) = summary["officers"]
    assert (row.pk, row.breaches, row.open, row.repeat) == (o["sho_A"].pk, 2, 1, True)
    # 3 hours for the one done; the other runs until now.
    expected = 3 + (now - (book.start + timedelta(hours=8))).total_seconds() / 3600
    assert row.hours_late == pytest.approx(expected, abs=0.1)
    (unit_row,) = summary["units"]
    assert (unit_row.label, unit_row.breaches) == ("Sa1", 2)
    assert [officer for officer, _n in summary["repeat"]] == [o["sho_A"]]
    assert selectors.summary(o["dpo_B"], now)["repeat"] == []
    assert "repeat offender" in page(client, o["dpo_A"], LEDGER).content.decode()


def test_the_complaint_page_names_the_officer_it_was_escalated_to(client, force, new_complaint):
    from datetime import timedelta

    from shikayat.core import clock
    from shikayat.deadlines.sweep import run_sweep

    complaint = new_complaint()
    run_sweep(now=clock.now() + timedelta(days=30))
    complaint.refresh_from_db()
    assert complaint.escalation_level >= 1 and complaint.escalated_to is not None
    client.force_login(force.officers["dpo_A"])
    page = client.get(f"/officer/complaints/{complaint.etag}/").content.decode()
    assert "Escalation level" in page and str(complaint.escalated_to) in page
