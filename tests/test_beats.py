"""Beats (halka) and outposts (chowki) below the thana, in the Rampur demo force: the levels are data, so routing
and permissions go down to the beat — a complaint whose place is in a beat goes where the SOP says (the beat's
in-charge for what a sub-inspector may handle, the thana for what needs an inspector), the beat in-charge sees
and acts on his beat's complaints and not the neighbouring beat's, and the outpost and the SHO above see both."""

import pytest
from django.core.management import call_command

from shikayat.accounts.models import Rank, User
from shikayat.categories.models import SOP, Handling
from shikayat.complaints import actions, permissions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import NotFound
from shikayat.jurisdictions.models import Unit, UnitLevel
from shikayat.jurisdictions.selectors import unit_for_location

# Points inside each beat's area (shikayat/demo/data/rampur.py).
IN_BEAT = {"B1": (28.8030, 79.0235), "B2": (28.8030, 79.0305), "B3": (28.8090, 79.0305)}


@pytest.fixture
def rampur(db, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "DEFAULT_REGION": "IN"}
    call_command("load_demo", profile="rampur", complaints=0, verbosity=0)
    units = {code.rsplit("-", 1)[-1]: unit for code, unit in Unit.objects.in_bulk(
        [f"RMP-CTY-KTW-{part}" for part in ("O1", "O2", "B1", "B2", "B3")], field_name="code").items()}
    units["KTW"] = Unit.objects.get(code="RMP-CTY-KTW")
    return units


def officer(unit: Unit, post: str) -> User:
    return User.objects.get(username=f"{unit.code.lower()}.{post}")


def category_needing(rank: Rank) -> str:
    """A general (not confidential, not against police) category whose SOP's minimum rank is `rank`."""
    sop = (SOP.objects.filter(min_rank=rank, handling=Handling.GENERAL, confidential=False, allow_anonymous=False)
           .select_related("category").order_by("category__code").first())
    return sop.category.code


def lodge(category: str, beat: str, **place) -> Complaint:
    lat, lng = IN_BEAT[beat]
    return register_complaint(actor=SYSTEM, channel="web", data={
        "category": category, "description": "Two men on a motorcycle snatched my phone near the market.",
        "name": "Ravi Kumar", "mobile": "+919812345678", "language": "hi",
        **(place or {"lat": str(lat), "lng": str(lng)})})


def test_the_rampur_tree_goes_down_to_beats(rampur):
    depths = dict(UnitLevel.objects.filter(scheme="rampur").values_list("code", "depth"))
    assert depths["station"] + 1 == depths["outpost"] and depths["outpost"] + 1 == depths["beat"]
    assert rampur["B1"].parent == rampur["O1"] == rampur["B2"].parent and rampur["O1"].parent == rampur["KTW"]
    assert rampur["B3"].parent == rampur["O2"]
    assert all(rampur[b].name_ur and rampur[b].name_hi for b in ("O1", "O2", "B1", "B2", "B3"))
    for beat, (lat, lng) in IN_BEAT.items():
        assert unit_for_location(lat, lng) == rampur[beat], beat


def test_a_complaint_in_a_beat_routes_where_the_sop_says(rampur):
    sub_inspector, inspector = category_needing(Rank.SI), category_needing(Rank.INSPECTOR)
    assert lodge(sub_inspector, "B1").unit == rampur["B1"]  # the beat in-charge (a sub-inspector) takes it
    assert lodge(sub_inspector, "B3").unit == rampur["B3"]
    assert lodge(sub_inspector, "B1", unit="RMP-CTY-KTW-B2").unit == rampur["B2"]  # a beat named as the place
    assert lodge(inspector, "B1").unit == rampur["KTW"]  # needs an inspector: the thana's SHO
    complaint = lodge(inspector, "B2")
    assert complaint.incident_unit == rampur["B2"] and complaint.unit == rampur["KTW"]


def test_the_beat_in_charge_sees_and_acts_on_his_beat_only(client, rampur):
    category = category_needing(Rank.SI)
    mine, neighbours = lodge(category, "B1"), lodge(category, "B2")
    halka_1, halka_2 = officer(rampur["B1"], "halka"), officer(rampur["B2"], "halka")

    def listed(user):
        return set(Complaint.objects.filter(permissions.scope_filter(user)).values_list("pk", flat=True))

    assert listed(halka_1) == {mine.pk} and listed(halka_2) == {neighbours.pk}
    client.force_login(halka_1)
    assert client.get(f"/officer/complaints/{mine.etag}/").status_code == 200
    assert client.get(f"/officer/complaints/{neighbours.etag}/").status_code == 404
    inbox = client.get("/officer/complaints/", {"box": "all"}).content.decode()
    assert mine.etag_display in inbox and neighbours.etag_display not in inbox

    # the outpost in-charge marks it to the beat in-charge, who acts on it; the neighbour cannot
    chowki = officer(rampur["O1"], "chowki")
    mine = actions.assign(mine, actor=chowki, officer=halka_1)
    assert mine.unit == rampur["B1"] and mine.assignee == halka_1
    mine = actions.log_contact(mine, actor=halka_1, method="visit", outcome="Met the complainant at the market.")
    assert mine.first_contacted_at is not None
    with pytest.raises(NotFound):
        actions.log_contact(neighbours, actor=halka_1, method="call", outcome="Not my beat.")
    with pytest.raises(NotFound):
        actions.log_field_visit(mine, actor=halka_2, findings="Not his beat.")


def test_the_outpost_and_the_sho_above_see_both_beats(client, rampur):
    category = category_needing(Rank.SI)
    one, two, three = lodge(category, "B1"), lodge(category, "B2"), lodge(category, "B3")
    sho, chowki_1, chowki_2 = (officer(rampur["KTW"], "sho"), officer(rampur["O1"], "chowki"),
                               officer(rampur["O2"], "chowki"))
    for user, sees in ((sho, {one, two, three}), (chowki_1, {one, two}), (chowki_2, {three})):
        for complaint in (one, two, three):
            assert permissions.can_view(user, complaint) == (complaint in sees), (user.username, complaint.unit.code)
    client.force_login(sho)
    inbox = client.get("/officer/complaints/", {"box": "all"}).content.decode()
    assert all(c.etag_display in inbox for c in (one, two, three))
    # the SHO marks the neighbouring beat's complaint to its own in-charge
    two = actions.assign(two, actor=sho, officer=officer(rampur["B2"], "halka"))
    assert two.unit == rampur["B2"]


def test_the_demo_puts_complaints_in_beats_handled_by_their_in_charges(db, settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "DEFAULT_REGION": "IN"}
    call_command("load_demo", profile="rampur", complaints=120, verbosity=0)
    in_beats = Complaint.objects.filter(unit__level__scheme="rampur", unit__level__code="beat").select_related("unit")
    marked = in_beats.exclude(assignee=None)
    assert marked.exists()
    for complaint in marked:
        assert complaint.assignee.username == f"{complaint.unit.code.lower()}.halka", complaint.etag
