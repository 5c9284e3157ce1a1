"""The officer's lists: a box per role, filters, search, keyset pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shikayat.complaints import actions, inbox
from shikayat.complaints.intake import register_complaint, register_complaints
from shikayat.complaints.permissions import SYSTEM
from shikayat.core import clock
from shikayat.core.errors import InvalidInput

from .factories import complaint_data
from .journey import bring_to


def etags(page_or_rows):
    rows = page_or_rows.rows if hasattr(page_or_rows, "rows") else page_or_rows
    return [c.etag for c in rows]


def test_each_role_starts_on_its_own_box(force):
    o = force.officers
    assert inbox.default_box(o["cell_A"]) == "routing"
    assert inbox.default_box(o["dpo_A"]) == "approvals"
    assert inbox.default_box(o["sho_A"]) == "routing"  # the station head marks his station's new complaints
    assert inbox.default_box(o["asi_A"]) == "mine"
    assert inbox.default_box(o["agent"]) == "feedback"
    assert "routing" not in [b.code for b in inbox.boxes_for(o["asi_A"])]


def test_boxes_hold_what_their_names_say(force, new_complaint):
    o = force.officers
    fresh = new_complaint()
    marked = new_complaint()
    actions.assign(marked, actor=o["cell_A"], officer=o["sho_A"])
    proposed = bring_to("resolution_proposed", force, new_complaint)
    reopened = bring_to("reopened", force, new_complaint)
    other_district = new_complaint(unit="SB1")

    routing = etags(inbox.page(o["cell_A"], {"box": "routing"}))
    assert fresh.etag in routing and marked.etag not in routing and other_district.etag not in routing
    assert etags(inbox.page(o["sho_A"], {"box": "mine"})) == [proposed.etag, marked.etag]
    assert etags(inbox.page(o["dpo_A"], {"box": "approvals"})) == [proposed.etag]
    assert reopened.etag in etags(inbox.page(o["cell_A"], {"box": "reopened"}))
    assert other_district.etag in etags(inbox.page(o["cell_B"], {"box": "routing"}))


def test_an_officer_does_not_see_his_own_rejection_request_as_awaiting_his_approval(force, new_complaint):
    o = force.officers
    complaint = actions.log_contact(new_complaint(), actor=o["cell_A"], method="call", outcome="Spoke to him.")
    actions.request_rejection(complaint, actor=o["cell_A"], reason="civil_matter", explanation="Civil dispute.")
    assert etags(inbox.page(o["cell_A"], {"box": "approvals"})) == []
    assert etags(inbox.page(o["dpo_A"], {"box": "approvals"})) == [complaint.etag]


def test_filters_combine(force, new_complaint):
    o = force.officers
    now = clock.now()
    theft_sa1 = new_complaint()
    theft_sa2_phone = new_complaint(channel="call_centre", unit="SA2")
    old = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(), now=now - timedelta(days=40))
    cell = o["cell_A"]

    # SA2 has no officer of the SOP's rank, so that complaint went up to the circle.
    assert set(etags(inbox.page(cell, {"box": "all", "unit": "SA1"}))) == {theft_sa1.etag, old.etag}
    assert set(etags(inbox.page(cell, {"box": "all", "unit": "CA"}))) == {theft_sa1.etag, old.etag,
                                                                          theft_sa2_phone.etag}
    assert set(etags(inbox.page(cell, {"box": "all", "channel": "call_centre"}))) == {theft_sa2_phone.etag}
    # A parent category includes its children.
    assert len(etags(inbox.page(cell, {"box": "all", "category": "CRIME"}))) == 3
    assert etags(inbox.page(cell, {"box": "all", "age": "30"}, now=now)) == [old.etag]
    assert etags(inbox.page(cell, {"box": "all", "overdue": "1"}, now=now)) == [old.etag]
    soon = now + timedelta(hours=72) - timedelta(hours=2)  # the fresh ones' reports are due within 24 h then
    assert set(etags(inbox.page(cell, {"box": "all", "due_soon": "1"}, now=soon))) == {theft_sa1.etag,
                                                                                          theft_sa2_phone.etag}
    day = timezone.localtime(old.received_at).date().isoformat()  # dates in filters are the force's local dates
    assert etags(inbox.page(cell, {"box": "all", "from": day, "to": day})) == [old.etag]
    assert etags(inbox.page(cell, {"box": "all", "sort": "due"}))[0] == old.etag
    assert etags(inbox.page(cell, {"box": "all", "sort": "oldest"}))[0] == old.etag


def test_bad_filters_are_all_named_at_once(force):
    with pytest.raises(InvalidInput) as refused:
        inbox.page(force.officers["cell_A"], {"status": "lost", "unit": "NOWHERE", "age": "-3", "from": "yesterday",
                                              "sort": "random", "box": "secret"})
    assert set(refused.value.fields) == {"status", "unit", "age", "from", "sort", "box"}


def test_search_by_etag_mobile_name_and_words(force, new_complaint):
    cell = force.officers["cell_A"]
    ali = new_complaint()
    sara = new_complaint(name="Sara Bibi", mobile="0321 7654321",
                         description="Gold bangles snatched near Anarkali bazaar by two men on a bike.")

    assert etags(inbox.page(cell, {"box": "all", "q": sara.etag_display.lower()})) == [sara.etag]
    assert etags(inbox.page(cell, {"box": "all", "q": "03217654321"})) == [sara.etag]
    assert etags(inbox.page(cell, {"box": "all", "q": "+92 321 7654321"})) == [sara.etag]
    assert etags(inbox.page(cell, {"box": "all", "q": "Sara"})) == [sara.etag]
    assert etags(inbox.page(cell, {"box": "all", "q": "anarkali bangles"})) == [sara.etag]
    assert etags(inbox.page(cell, {"box": "all", "q": "motorcycle"})) == [ali.etag]
    assert etags(inbox.page(cell, {"box": "all", "q": "nothing like this"})) == []


def test_search_never_reaches_outside_the_jurisdiction(force, new_complaint):
    theirs = new_complaint(unit="SB1", name="Sara Bibi")
    assert etags(inbox.page(force.officers["cell_A"], {"box": "all", "q": theirs.etag})) == []
    assert etags(inbox.page(force.officers["cell_A"], {"box": "all", "q": "Sara"})) == []


def test_keyset_pages_cover_everything_once_in_order(force):
    cell = force.officers["cell_A"]
    registered = register_complaints(actor=SYSTEM, channel="web", items=[complaint_data() for _ in range(120)])
    assert not registered.errors
    seen, cursor, pages = [], None, 0
    while True:
        result = inbox.page(cell, {"box": "all"}, cursor=cursor)
        seen += etags(result)
        pages += 1
        if not result.next_cursor:
            break
        cursor = result.next_cursor
    assert pages == 3
    assert len(seen) == len(set(seen)) == 120
    expected = sorted(registered.complaints, key=lambda c: (c.received_at, c.pk), reverse=True)
    assert seen == [c.etag for c in expected]


def test_a_tampered_page_link_is_refused_with_a_message(force):
    with pytest.raises(InvalidInput) as refused:
        inbox.page(force.officers["cell_A"], {"box": "all"}, cursor="bm90LWEtY3Vyc29y")
    assert "first page" in str(refused.value.message)


def test_box_counts_stop_at_the_cap(force, new_complaint, monkeypatch):
    monkeypatch.setattr(inbox, "COUNT_CAP", 3)
    for _ in range(5):
        new_complaint()
    counts = inbox.box_counts(force.officers["cell_A"])
    assert counts["routing"] == "3+"
    assert counts["approvals"] == "0"


def test_inbox_page_marks_overdue_and_near_due_rows(client, force, new_complaint):
    now = clock.now()
    register_complaint(actor=SYSTEM, channel="web", data=complaint_data(), now=now - timedelta(days=5))
    register_complaint(actor=SYSTEM, channel="web", data=complaint_data(), now=now - timedelta(hours=60))
    new_complaint()
    client.force_login(force.officers["cell_A"])
    html = client.get("/officer/complaints/?box=all").content.decode()
    assert html.count('class="overdue-row"') == 1
    assert html.count('class="near-due-row"') == 1
    assert "overdue" in html and "left" in html


def test_inbox_page_explains_bad_filters_and_still_lists(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    response = client.get("/officer/complaints/?box=all&age=soon&unit=NOWHERE")
    assert response.status_code == 400 and set(response.context["errors"]) == {"age", "unit"}
    html = response.content.decode()
    assert "Age is a whole number of days" in html and "Unknown unit" in html
    assert complaint.etag_display in html


def test_inbox_page_in_urdu(client, force, new_complaint):
    new_complaint()
    client.force_login(force.officers["cell_A"])
    html = client.get("/officer/complaints/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert 'dir="rtl"' in html


def test_common_words_search_the_same_way_as_rare_ones(force, new_complaint, monkeypatch):
    """PostgreSQL collects rare words' matches from the index first; common
    words are checked along the date order. Both answer the same."""
    cell = force.officers["cell_A"]
    sara = new_complaint(name="Sara Bibi", description="Gold bangles snatched near Anarkali bazaar.")
    new_complaint()
    monkeypatch.setattr(inbox, "TEXT_IDS_LIMIT", 0)
    assert etags(inbox.page(cell, {"box": "all", "q": "anarkali"})) == [sara.etag]


def test_a_number_that_is_not_a_mobile_is_explained(force):
    with pytest.raises(InvalidInput) as refused:
        inbox.page(force.officers["cell_A"], {"box": "all", "q": "0399 1234567"})
    assert "q" in refused.value.fields


@pytest.mark.parametrize("common", [False, True])
def test_word_search_pages_are_exactly_the_matches_in_order(force, monkeypatch, common):
    """A word search sorts the page's ids first and reads the rows after:
    page by page, of any size and in either order, the matches come out
    exactly once and in order, whichever way PostgreSQL finds them."""
    if common:
        monkeypatch.setattr(inbox, "TEXT_IDS_LIMIT", 0)  # PostgreSQL: as for words matching many complaints
    cell = force.officers["cell_A"]
    now = clock.now()
    text = "My motorcycle was stolen outside the mosque after the evening prayers."
    ages = [1, 2, 3, 40, 80, 100, 200, 400, 500]  # days
    matching = [register_complaint(actor=SYSTEM, channel="web", data=complaint_data(description=text),
                                   now=now - timedelta(days=days)) for days in ages]
    register_complaint(actor=SYSTEM, channel="web", data=complaint_data(description="A wallet stolen in a bus."),
                       now=now - timedelta(days=2))
    expected = [c.etag for c in matching]  # newest first

    for size in (2, 3, 5, 20):
        seen, cursor = [], None
        while True:
            result = inbox.page(cell, {"box": "all", "q": "motorcycle stolen"}, cursor=cursor, size=size, now=now)
            seen += etags(result)
            if not result.next_cursor:
                break
            cursor = result.next_cursor
        assert seen == expected, size
    oldest_first = inbox.page(cell, {"box": "all", "q": "motorcycle stolen", "sort": "oldest"}, size=20, now=now)
    assert etags(oldest_first) == expected[::-1]
