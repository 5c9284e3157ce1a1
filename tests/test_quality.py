"""Quality of disposal (Rampur's SOP): the complaint cell grades closed complaints — a sample chosen by a hash
of the E-tag plus every reopened one — on a form on the closed complaint's page; a poor grade is charged to the
officer in the delay ledger and shows in the league tables and the officer's record."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import override_settings

from shikayat.accounts.models import Posting, Role, User
from shikayat.complaints import actions
from shikayat.complaints.workflow import Status
from shikayat.core import clock
from shikayat.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from shikayat.dashboards import league, rollup
from shikayat.dashboards.figures import officer_detail
from shikayat.deadlines.models import DelayEntry, Stage
from shikayat.quality import actions as quality
from shikayat.quality.models import Grade, QualityReview, Reason
from shikayat.quality.sampling import in_sample

from .journey import bring_to, citizen_of

ALL = override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "QUALITY_SAMPLE_PERCENT": 100})
NONE = override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "QUALITY_SAMPLE_PERCENT": 0})
YES = {"contact_made": True, "visit_made": True, "action_proportionate": True, "treated_well": True}
FORM_GOOD = {"grade": "good", "contact_made": "yes", "visit_made": "yes", "action_proportionate": "yes",
             "treated_well": "yes"}
FORM_POOR = {"grade": "poor", "contact_made": "yes", "visit_made": "no", "action_proportionate": "no",
             "treated_well": "yes", "remarks": "Closed on paper: nobody went to the place."}


def page(etag: str) -> str:
    return f"/officer/complaints/{etag}/"


def grade_url(etag: str) -> str:
    return f"/officer/quality/{etag}/grade/"


@pytest.fixture
def closed(force, new_complaint):
    """A complaint closed by sho_A at SA1 (satisfied complainant), on the cell's list (every closing sampled)."""
    with ALL:
        return bring_to(Status.CLOSED, force, new_complaint)


def reopened_then_closed(force, new_complaint):
    """Closed, reopened by the dissatisfied complainant (one level up, the circle), and closed again."""
    o = force.officers
    c = bring_to(Status.REOPENED, force, new_complaint)
    c = actions.assign(c, actor=o["cell_A"], officer=o["sdpo_A"])
    c = actions.log_contact(c, actor=o["sdpo_A"], method="call", outcome="Met the complainant again.")
    c = actions.log_field_visit(c, actor=o["sdpo_A"], findings="Visited with the SHO.")
    c = actions.propose_resolution(c, actor=o["sdpo_A"], resolution="Property handed back before witnesses.")
    c = actions.approve_resolution(c, actor=o["dpo_A"])
    return actions.record_feedback(c, actor=citizen_of(c), satisfied=True, rating=4)


# --- the sampling rule ------------------------------------------------------------------------------------


def test_the_sample_is_a_hash_of_the_etag_the_same_every_time():
    etags = [f"T{n:07d}" for n in range(20_000)]
    chosen = [etag for etag in etags if in_sample(etag, 10)]
    assert 0.09 < len(chosen) / len(etags) < 0.11
    # the published rule, worked out independently: the first 4 bytes of SHA-256 modulo 10,000, below 1,000
    assert chosen == [e for e in etags if int(hashlib.sha256(e.encode()).hexdigest()[:8], 16) % 10_000 < 1000]
    assert [in_sample(etag, 10) for etag in etags[:500]] == [in_sample(etag, 10) for etag in etags[:500]]
    assert not any(in_sample(etag, 0) for etag in etags[:500]) and all(in_sample(etag, 100) for etag in etags[:500])
    # a larger share keeps everything the smaller one took
    assert set(chosen) <= {etag for etag in etags if in_sample(etag, 25)}


def test_a_sampled_closing_goes_on_the_district_cells_list(client, force, closed):
    o = force.officers
    review = QualityReview.objects.get(complaint=closed)
    assert (review.reason, review.grade, review.officer, review.unit) == (Reason.SAMPLE, "", o["sho_A"],
                                                                          force.units["sA1"])
    client.force_login(o["cell_A"])
    listing = client.get("/officer/quality/")
    assert listing.status_code == 200
    row = re.search(r"<tr><td><a href=\"([^\"]+)\">([^<]+)</a></td>.*?</tr>", listing.content.decode())
    assert row.groups() == (page(closed.etag) + "#quality", closed.etag_display)
    assert str(o["sho_A"]) in row.group(0) and "Sampled" in row.group(0)
    client.force_login(o["cell_B"])  # the other district's cell: not theirs
    assert closed.etag not in client.get("/officer/quality/").content.decode()
    client.force_login(o["cpo_cell"])  # the CPO's cell over the whole force
    assert closed.etag in client.get("/officer/quality/").content.decode()


def test_a_closing_outside_the_sample_is_not_listed_but_every_reopened_one_is(force, new_complaint):
    with NONE:
        plain = bring_to(Status.CLOSED, force, new_complaint)
        again = reopened_then_closed(force, new_complaint)
    assert again.status == Status.CLOSED and again.reopen_count == 1
    assert not QualityReview.objects.filter(complaint=plain).exists()
    review = QualityReview.objects.get(complaint=again)
    # the closing graded is the second one, by the circle officer who took it after the reopening
    assert (review.reason, review.officer, review.cycle_started_at) == (Reason.REOPENED, force.officers["sdpo_A"],
                                                                        again.cycle_started_at)


def test_only_the_listed_roles_see_the_list(client, force):
    for name in ("dpo_A", "sho_A", "igp", "acc_A"):
        client.force_login(force.officers[name])
        assert client.get("/officer/quality/").status_code == 403, name


# --- the grading form --------------------------------------------------------------------------------------


def test_the_cell_grades_on_the_closed_complaints_page(client, force, closed):
    o = force.officers
    client.force_login(o["cell_A"])
    html = client.get(page(closed.etag)).content.decode()
    assert 'id="quality-form"' in html and f'action="{grade_url(closed.etag)}"' in html
    response = client.post(grade_url(closed.etag), FORM_GOOD)
    assert response.status_code == 302 and response["Location"] == page(closed.etag)
    review = QualityReview.objects.get(complaint=closed)
    assert (review.grade, review.graded_by, review.contact_made, review.treated_well) == (Grade.GOOD, o["cell_A"],
                                                                                          True, True)
    html = client.get(page(closed.etag)).content.decode()
    assert 'id="quality-grade"' in html and 'id="quality-form"' not in html
    assert closed.etag_display not in client.get("/officer/quality/").content.decode()  # off the list once graded
    assert not DelayEntry.objects.filter(complaint=closed).exists()  # a good grade charges nobody
    again = client.post(grade_url(closed.etag), FORM_POOR)  # graded once
    assert again.status_code == 409
    assert QualityReview.objects.get(complaint=closed).grade == Grade.GOOD


def test_the_cell_may_grade_a_closing_the_sample_left_out(client, force, new_complaint):
    with NONE:
        complaint = bring_to(Status.CLOSED, force, new_complaint)
    client.force_login(force.officers["cell_A"])
    assert 'id="quality-form"' in client.get(page(complaint.etag)).content.decode()
    assert client.post(grade_url(complaint.etag), FORM_GOOD).status_code == 302
    assert QualityReview.objects.get(complaint=complaint).reason == Reason.CHOSEN


def test_bad_grades_are_refused_with_the_problems_and_what_was_typed_kept(client, force, closed):
    client.force_login(force.officers["cell_A"])
    typed = {**FORM_POOR, "remarks": "", "visit_made": ""}
    response = client.post(grade_url(closed.etag), typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the grade." in html and "Answer yes or no." in html
    assert "Say why the disposal was poor" in html
    assert re.search(r'<option value="poor"\s+selected>', html)  # the grade chosen is still chosen
    assert re.search(r'id="quality-action_proportionate".*?<option value="no" selected>', html, re.S)
    assert QualityReview.objects.get(complaint=closed).grade == ""
    assert not DelayEntry.objects.filter(complaint=closed).exists()
    with pytest.raises(InvalidInput) as refused:
        quality.grade_disposal(closed, actor=force.officers["cell_A"], grade="excellent", checks=YES)
    assert set(refused.value.fields) == {"grade"}


def test_roles_other_than_the_cell_cannot_grade(client, force, closed):
    o = force.officers
    for name in ("dpo_A", "sho_A", "igp", "sdpo_A", "acc_A"):
        client.force_login(o[name])
        assert 'id="quality-form"' not in client.get(page(closed.etag)).content.decode(), name
        assert client.post(grade_url(closed.etag), FORM_GOOD).status_code == 403, name
        with pytest.raises(PermissionDenied):
            quality.grade_disposal(closed, actor=o[name], grade=Grade.GOOD, checks=YES)
    client.force_login(o["cell_B"])  # another district's cell does not even see it
    assert client.post(grade_url(closed.etag), FORM_GOOD).status_code == 404
    assert QualityReview.objects.get(complaint=closed).grade == ""


def test_only_a_closed_complaint_is_graded(force, new_complaint):
    with ALL:
        open_one = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    with pytest.raises(TransitionNotAllowed):
        quality.grade_disposal(open_one, actor=force.officers["cell_A"], grade=Grade.GOOD, checks=YES)
    assert not QualityReview.objects.filter(complaint=open_one).exists()


# --- what a poor grade costs -------------------------------------------------------------------------------


def test_a_poor_grade_is_charged_to_the_officer_in_the_ledger(client, force, closed):
    o = force.officers
    before = officer_detail(o["sho_A"], now=clock.now(), days=30).totals["delays"]
    client.force_login(o["cell_A"])
    assert client.post(grade_url(closed.etag), FORM_POOR).status_code == 302
    entry = DelayEntry.objects.get(complaint=closed)
    assert (entry.stage, entry.officer, entry.unit, entry.unit_path) == (Stage.QUALITY, o["sho_A"],
                                                                         force.units["sA1"], closed.unit_path)
    rollup.fold_pending()
    assert officer_detail(o["sho_A"], now=clock.now(), days=30).totals["delays"] == before + 1
    client.force_login(o["dpo_A"])  # the supervisor's ledger lists the charge
    listing = client.get("/officer/ledger/entries/", {"officer": o["sho_A"].pk}).content.decode()
    assert closed.etag_display in listing and "Quality of disposal (graded poor)" in listing


@override_settings(SHIKAYAT={**league.settings.SHIKAYAT, "LEAGUE_MIN_DISPOSED": 1, "QUALITY_SAMPLE_PERCENT": 100})
def test_grades_move_the_league_table(client, force, new_complaint):
    o = force.officers
    first, second = (bring_to(Status.CLOSED, force, new_complaint) for _ in range(2))
    now = clock.now() + timedelta(minutes=1)

    def sho_row():
        rows = league.officer_table(force.units["dA"], now=now, days=30)
        return next(r for r in rows if r.figures.officer == o["sho_A"])

    untouched = sho_row()
    assert untouched.parts["quality"] is None  # nothing graded: the measure is left out
    quality.grade_disposal(first, actor=o["cell_A"], grade=Grade.GOOD, checks=YES)
    quality.grade_disposal(second, actor=o["cell_A"], grade=Grade.POOR, checks=YES, remarks="No visit made.")
    rollup.fold_pending()
    row = sho_row()
    assert row.parts["quality"] == 50.0  # one of two graded disposals poor
    weights = league.weights()
    used = {k: w for k, w in weights.items() if row.parts[k] is not None}
    assert "quality" in used
    assert row.score == round(sum(row.parts[k] * w for k, w in used.items()) / sum(used.values()), 1)
    assert row.parts["delays"] < (untouched.parts["delays"] or 100.0)  # the charge counts as a delay too
    client.force_login(o["dpo_A"])
    html = client.get("/officer/dashboard/league/", {"unit": "DA", "kind": "officers"}).content.decode()
    assert "<th>Quality of disposal</th>" in html and "<td>50.0</td>" in html


def test_the_officers_record_shows_the_grades(client, force, closed):
    o = force.officers
    quality.grade_disposal(closed, actor=o["cell_A"], grade=Grade.POOR, checks=YES, remarks="Citizen not heard.")
    client.force_login(o["dpo_A"])
    html = client.get(f"/officer/dashboard/officer/{o['sho_A'].username}/").content.decode()
    section = html[html.index('id="quality-grades"'):]
    assert "Graded poor" in section and closed.etag_display in section and "Citizen not heard." in section
    assert re.search(r"<th>Good</th><th>Adequate</th><th>Poor</th></tr></thead>\s*<tbody><tr><td>0</td><td>0</td>"
                     r"<td>1</td>", section)


def test_nobody_grades_their_own_disposal(force, closed):
    o = force.officers
    Posting.objects.create(user=o["sho_A"], unit=force.units["dA"], role=Role.COMPLAINT_CELL)
    sho_in_the_cell = User.objects.get(pk=o["sho_A"].pk)  # also posted to the district's complaint cell now
    assert quality.may_grade(sho_in_the_cell, closed)
    with pytest.raises(PermissionDenied):
        quality.grade_disposal(closed, actor=sho_in_the_cell, grade=Grade.GOOD, checks=YES)
    assert QualityReview.objects.get(complaint=closed).grade == ""
