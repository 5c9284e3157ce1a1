"""Duplicates and repeats found at intake (shikayat/similar): on every channel and in batches, across Urdu,
Hindi and Roman Urdu; shown to officers only where they may see both complaints, merged or dismissed from the
suggestion; repeats of one person and many complaints about one place flagged to the complaint cell."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shikayat.complaints import actions, intake
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.similar.models import Fingerprint, HotSpot, Suggestion

from .clients import signed_in
from .factories import complaint_data
from .journey import bring_to, citizen_of

URDU = "میرے گھر کے سامنے سے میری موٹر سائیکل چوری ہو گئی ہے، نمبر ایل ای ایس 1234، رات کو گلی میں کھڑی تھی"
ROMAN = "mere ghar ke samne se meri motor cycle chori ho gayi hai, number LES 1234, raat ko gali mein khari thi"
HINDI_NUKTA = "हमारी ज़मीन पर पड़ोसी ने क़ब्ज़ा कर लिया है और दीवार खड़ी कर दी है, शिकायत दर्ज करें"
HINDI_PLAIN = "हमारी जमीन पर पडोसी ने कब्जा कर लिया है और दीवार खडी कर दी है, शिकायत दर्ज करें"
UNRELATED = "Loud music from the wedding hall on Canal Road every night after midnight, nobody can sleep."


def register(description, *, channel="web", actor=SYSTEM, **overrides):
    return intake.register_complaint(actor=actor, channel=channel,
                                     data=complaint_data(description=description, **overrides))


def suggested(complaint):
    return {(s.other_id, tuple(s.reasons)) for s in Suggestion.objects.filter(complaint=complaint)}


# Found across channels and scripts ------------------------------------------------------------------------------


CHANNEL_ACTORS = {"front_desk": "desk_A", "call_centre": "agent", "email": "agent", "sms": "agent",
                  "whatsapp": "portal", "open311": "portal", "post": "desk_A"}


@pytest.mark.parametrize("channel", sorted(CHANNEL_ACTORS))
def test_a_roman_urdu_retelling_on_another_channel_is_found(force, channel):
    original = register(URDU)
    retold = register(ROMAN, channel=channel, actor=force.officers[CHANNEL_ACTORS[channel]], mobile="03117654321")
    pair = Suggestion.objects.get(complaint=retold)
    assert pair.other == original and not pair.same_person
    assert "station" in pair.reasons and pair.score >= 0.55


def test_a_complaint_posted_through_the_api_is_searched(force):
    original = register(URDU)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=force.officers['portal']).key}")
    response = client.post("/api/v1/complaints/", {"channel": "portal_import", **complaint_data(
        description=ROMAN, mobile="03117654321", external_ref="PM-1")}, format="json")
    assert response.status_code == 201, response.content
    assert Suggestion.objects.get(complaint__external_ref="PM-1").other == original


def test_a_portal_import_batch_is_searched_in_one_statement(force):
    original = register(URDU)
    items = [complaint_data(description=ROMAN, mobile="03117654321", external_ref="PM-1"),
             complaint_data(description=UNRELATED, mobile="03117654322", external_ref="PM-2"),
             complaint_data(description=HINDI_PLAIN, mobile="03117654323", external_ref="PM-3"),
             complaint_data(description=HINDI_NUKTA, mobile="03117654324", external_ref="PM-4")]
    with CaptureQueriesContext(connection) as queries:
        result = intake.register_complaints(actor=force.officers["portal"], channel="portal_import", items=items)
    assert not result.errors
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('INSERT INTO "similar_fingerprint"' in s for s in sql) == 1
    assert sum('FROM "similar_fingerprint"' in s for s in sql) == 1
    assert sum('INTO "similar_suggestion"' in s for s in sql) == 1  # INSERT … ON CONFLICT / OR IGNORE
    by_ref = {c.external_ref: c for c in Complaint.objects.filter(channel="portal_import")}
    assert Fingerprint.objects.count() == 5
    assert Suggestion.objects.get(complaint=by_ref["PM-1"]).other == original
    assert not Suggestion.objects.filter(complaint=by_ref["PM-2"]).exists()
    # Within the batch: the later of the two Hindi tellings names the earlier.
    assert Suggestion.objects.get(complaint=by_ref["PM-4"]).other == by_ref["PM-3"]


def test_hindi_with_and_without_nukta_is_found(force):
    first = register(HINDI_NUKTA, mobile="03117654321")
    second = register(HINDI_PLAIN, channel="call_centre", actor=force.officers["agent"], mobile="03117654322")
    assert Suggestion.objects.get(complaint=second).other == first


def test_an_unrelated_complaint_at_the_same_station_is_not_found(force):
    register(URDU)
    other = register(UNRELATED, mobile="03117654321")
    assert not Suggestion.objects.filter(complaint=other).exists()


def test_the_same_mobile_is_found_at_another_station_with_a_looser_retelling(force):
    first = register(URDU, unit="SA1")
    again = register("meri motor cycle abhi tak nahi mili, ghar ke samne se chori hui thi", unit="SA2")
    pair = Suggestion.objects.get(complaint=again)
    assert pair.other == first and pair.same_person and "mobile" in pair.reasons


def test_a_merged_complaint_is_not_suggested_again(force, new_complaint):
    merged = bring_to(Status.MERGED, force, new_complaint, description=URDU)
    later = register(ROMAN, mobile="03117654321")
    assert merged.pk not in {s.other_id for s in Suggestion.objects.filter(complaint=later)}


def test_a_merger_takes_the_complaint_out_of_the_candidates_and_an_upheld_appeal_brings_it_back(force,
                                                                                               new_complaint):
    merged = bring_to(Status.MERGED, force, new_complaint, description=URDU)
    assert Fingerprint.objects.get(complaint=merged).merged
    appealed = actions.appeal(merged, actor=citizen_of(merged), grounds="It is a different theft.")
    assert appealed.status == Status.REOPENED
    assert not Fingerprint.objects.get(complaint=merged).merged
    later = register(ROMAN, mobile="03117654321")
    assert merged.pk in {s.other_id for s in Suggestion.objects.filter(complaint=later)}


def test_the_migration_fills_the_hashes_and_merged_flags_of_fingerprints_written_before_it(force, new_complaint):
    import importlib

    from django.apps import apps

    merged = bring_to(Status.MERGED, force, new_complaint, description=URDU)
    kept = register(ROMAN, mobile="03117654321")
    expected = {pk: list(Fingerprint.objects.get(complaint_id=pk).grams) for pk in (merged.pk, kept.pk)}
    Fingerprint.objects.update(grams=[], merged=False)  # as the columns were added
    migration = importlib.import_module("shikayat.similar.migrations.0003_grams_merged")
    with connection.cursor() as cursor:  # the schema editor's two attributes the step uses
        migration.fill(apps, SimpleNamespace(connection=connection, execute=cursor.execute))
    assert {pk: list(Fingerprint.objects.get(complaint_id=pk).grams) for pk in expected} == expected
    assert expected[kept.pk] and Fingerprint.objects.get(complaint=merged).merged
    assert not Fingerprint.objects.get(complaint=kept).merged


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's similar_grams() and intarray")
def test_postgresql_hashes_and_scores_the_trigrams_as_python_does(force):
    """The migration's similar_grams() (pg_trgm's show_trgm) gives the hashes normalise.gram_hashes gives, and
    the candidate query's intarray score is pg_trgm's similarity() of the two skeletons."""
    from shikayat.similar import search
    from shikayat.similar.normalise import gram_hashes, skeleton

    texts = [skeleton(t) for t in (URDU, ROMAN, HINDI_NUKTA, HINDI_PLAIN, UNRELATED, "", "a", "123 4567 x")]
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute("SELECT similar_grams(%s)", [text])
            assert cursor.fetchone()[0] == gram_hashes(text), text
        for left in texts:
            for right in texts:
                cursor.execute(f"SELECT similarity(%s, %s), {search.SCORE_SQL} FROM "
                               "(SELECT %s::integer[] AS grams) AS f",
                               [left, right, gram_hashes(right), len(gram_hashes(right)), gram_hashes(left)])
                expected, score = cursor.fetchone()
                assert score == pytest.approx(expected, abs=1e-6), (left, right)


# Officers: the card, the merge, the dismissal, permissions -------------------------------------------------


@pytest.fixture
def pair(force):
    original = register(URDU)
    retold = register(ROMAN, channel="call_centre", actor=force.officers["agent"], mobile="03117654321")
    return original, retold


def test_the_officer_sees_possibly_the_same_with_the_reasons(force, pair):
    original, retold = pair
    page = signed_in(force.officers["cell_A"]).get(f"/officer/complaints/{retold.etag}/").content.decode()
    card = page.split('id="similar"', 1)[1].split("</div>", 1)[0]
    assert original.etag_display in card and "same police station" in card and "text 0." in card
    assert "Merge this complaint into" in card and "Not the same" in card


def test_merge_from_the_suggestion_runs_mark_duplicate_with_its_rules(force, pair):
    original, retold = pair
    client = signed_in(force.officers["cell_A"])
    page = client.get(f"/officer/complaints/{retold.etag}/").content.decode()
    version = page.split('id="similar"', 1)[1].split('name="version" value="', 1)[1].split('"', 1)[0]
    form = {"version": version, "original_etag": original.etag}
    refused = client.post(f"/officer/complaints/{retold.etag}/actions/mark_duplicate/", form)
    assert refused.status_code == 409 and "without hearing the complainant" in refused.content.decode()
    actions.log_contact(retold, actor=force.officers["cell_A"], method="call", outcome="Same bike, same night.")
    page = client.get(f"/officer/complaints/{retold.etag}/").content.decode()
    version = page.split('id="similar"', 1)[1].split('name="version" value="', 1)[1].split('"', 1)[0]
    done = client.post(f"/officer/complaints/{retold.etag}/actions/mark_duplicate/", {**form, "version": version})
    assert done.status_code == 302
    retold.refresh_from_db()
    assert retold.status == Status.MERGED and retold.duplicate_of == original


def test_not_the_same_is_recorded_and_the_card_goes(force, pair):
    original, retold = pair
    client = signed_in(force.officers["cell_A"])
    suggestion = Suggestion.objects.get(complaint=retold)
    response = client.post(f"/officer/similar/{retold.etag}/not-the-same/{suggestion.pk}/")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.dismissed_at is not None and suggestion.dismissed_by == force.officers["cell_A"]
    assert 'id="similar"' not in client.get(f"/officer/complaints/{retold.etag}/").content.decode()
    assert 'id="similar"' not in client.get(f"/officer/complaints/{original.etag}/").content.decode()


def test_an_officer_outside_the_scope_can_neither_see_nor_dismiss(force, pair):
    original, retold = pair
    outsider = signed_in(force.officers["cell_B"])
    suggestion = Suggestion.objects.get(complaint=retold)
    assert outsider.post(f"/officer/similar/{retold.etag}/not-the-same/{suggestion.pk}/").status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.dismissed_at is None


def test_a_suggestion_the_officer_may_not_see_is_not_shown(force):
    """The same mobile in district B: district A's cell never learns of it; the province's cell does."""
    here = register(URDU, unit="SA1")
    there = register(ROMAN, unit="SB1")
    assert Suggestion.objects.filter(complaint=there, other=here).exists()
    page = signed_in(force.officers["cell_B"]).get(f"/officer/complaints/{there.etag}/").content.decode()
    assert 'id="similar"' not in page and here.etag_display not in page
    page = signed_in(force.officers["cpo_cell"]).get(f"/officer/complaints/{there.etag}/").content.decode()
    assert here.etag_display in page.split('id="similar"', 1)[1]


def test_a_confidential_complaint_is_never_suggested_to_the_cell(force):
    secret = register(ROMAN, category="HARASSMENT", mobile="03117654321")
    plain = register(ROMAN + " aur koi madad nahi mili")
    assert Suggestion.objects.filter(complaint=plain, other=secret).exists()
    page = signed_in(force.officers["cell_A"]).get(f"/officer/complaints/{plain.etag}/").content.decode()
    assert secret.etag_display not in page


def test_the_routing_box_marks_possible_duplicates_in_one_query(force, django_assert_max_num_queries):
    original = register(URDU)
    retold = register(ROMAN, mobile="03117654321")
    client = signed_in(force.officers["cell_A"])
    html = client.get("/officer/complaints/?box=routing").content.decode()
    row = html.split(retold.etag_display, 1)[1].split("</tr>", 1)[0]
    assert f"possibly the same as {original.etag_display}" in row
    with CaptureQueriesContext(connection) as few:
        client.get("/officer/complaints/?box=routing")
    for n in range(3):
        register(ROMAN + f" {n}", mobile=f"0311765432{n + 2}")
    with CaptureQueriesContext(connection) as more:
        client.get("/officer/complaints/?box=routing")
    suggestion_reads = [[q for q in run.captured_queries if "similar_suggestion" in q["sql"]] for run in (few, more)]
    assert len(suggestion_reads[0]) == len(suggestion_reads[1]) == 1


# Hot spots ------------------------------------------------------------------------------------------------------


def test_the_same_persons_third_complaint_about_one_matter_is_a_hot_spot(force):
    register(URDU)
    register(ROMAN)
    assert not HotSpot.objects.exists()
    third = register(ROMAN + " police ne abhi tak kuch nahi kiya")
    spot = HotSpot.objects.get()
    assert spot.kind == "repeat" and spot.count == 3 and third.pk in spot.complaint_ids
    page = signed_in(force.officers["cell_A"]).get("/officer/similar/hot-spots/").content.decode()
    assert third.etag_display in page and "Same person, same matter" in page
    assert third.etag_display not in signed_in(force.officers["cell_B"]).get(
        "/officer/similar/hot-spots/").content.decode()
    assert signed_in(force.officers["sho_A"]).get("/officer/similar/hot-spots/").status_code == 403


def test_five_complaints_about_one_place_in_a_week_are_a_hot_spot(force):
    point = {"lat": "31.500100", "lng": "74.300100"}
    texts = ["Drug dealers sell openly outside the school gate", "Men gamble and fight in the park every evening",
             "Street lights smashed and bags snatched near the bus stop", "Car stereo stolen from a parked car",
             "Shop shutter broken at night, goods taken"]
    made = [register(text, mobile=f"0311765430{n}", **point) for n, text in enumerate(texts[:4])]
    assert not HotSpot.objects.exists()
    made.append(register(texts[4], mobile="03117654309", **point))
    spot = HotSpot.objects.get()
    assert spot.kind == "place" and spot.count == 5 and set(spot.complaint_ids) == {c.pk for c in made}
    page = signed_in(force.officers["cell_A"]).get("/officer/similar/hot-spots/").content.decode()
    assert all(c.etag_display in page for c in made)


def test_a_hot_spot_of_confidential_complaints_is_not_shown_to_the_cell(force):
    point = {"lat": "31.500100", "lng": "74.300100", "category": "HARASSMENT"}
    for n in range(5):
        register(f"Harassed at the bus stop, incident {n}", mobile=f"0311765430{n}", **point)
    assert HotSpot.objects.filter(kind="place").exists()
    page = signed_in(force.officers["cell_A"]).get("/officer/similar/hot-spots/").content.decode()
    assert "No hot spots." in page


# The page never leaks what the search found -------------------------------------------------------------------


def test_nothing_is_written_twice_for_one_complaint(force):
    complaint = register(URDU)
    assert Fingerprint.objects.filter(complaint=complaint).count() == 1
    assert not ComplaintEvent.objects.filter(complaint=complaint).exclude(action="register").exists()


def test_complaints_without_a_fingerprint_are_backfilled_and_then_found(force):
    from django.core.management import call_command

    original = register(URDU)
    Fingerprint.objects.all().delete()  # as if registered before the search existed
    call_command("similar_backfill", batch=1)
    assert Fingerprint.objects.filter(complaint=original).exists()
    call_command("similar_backfill")  # again: nothing twice
    assert Fingerprint.objects.count() == 1
    retold = register(ROMAN, mobile="03117654321")
    assert Suggestion.objects.get(complaint=retold).other == original
