"""Priority complaints: a source's mapping (the Prime Minister's Citizen Portal) marks them; they get the SOP's
priority_percent of every deadline, come first in the officers' lists (across keyset pages, in every order) and
are counted apart on the dashboard."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from shikayat.categories.models import SOP
from shikayat.channels.portal_import import build_mapping, import_file
from shikayat.complaints import actions, inbox
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint, Priority
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput
from shikayat.core.refcache import reference
from shikayat.notifications.models import OutboxMessage

from .factories import complaint_data
from .journey import citizen_of

T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)
HEADER = "Complaint No,Citizen Name,Mobile No,CNIC,Category,District,Police Station,Complaint Detail,Date Received\n"


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def portal_csv(*refs: str) -> bytes:
    return (HEADER + "".join(f"{ref},Ali Raza,03001234567,,THEFT,,SA1,My motorcycle was stolen near the mosque.,"
                             f"20/11/2026\n" for ref in refs)).encode()


def imported(source: str = "pm_portal", **mapping) -> list[Complaint]:
    # The test force's category codes stand in the file.
    raw = {"extends": "pm_portal", "values": {"category": {"THEFT": "THEFT"}}, **mapping}
    run = import_file(content=portal_csv("PMDU-1"), file_name="export.csv", mapping=build_mapping(source, raw),
                      actor=SYSTEM)
    assert run.rejected == 0, run.report
    return list(Complaint.objects.filter(external_ref__startswith=f"{source}:").order_by("pk"))


def prioritised(hours: float, ref: str) -> Complaint:
    return register_complaint(actor=SYSTEM, channel="portal_import",
                              data=complaint_data(external_ref=f"pm_portal:{ref}", priority=1), now=at(hours))


def normal(hours: float) -> Complaint:
    return register_complaint(actor=SYSTEM, channel="web", data=complaint_data(), now=at(hours))


# -- deadlines ---------------------------------------------------------------------------------------------------

def test_the_pm_portals_complaints_get_the_sops_share_of_every_deadline(force):
    SOP.objects.filter(category__code="THEFT").update(priority_percent=25)  # THEFT: contact 8 h, report 72 h
    reference.clear()
    (complaint,) = imported()

    assert complaint.priority == Priority.HIGH
    assert complaint.contact_due_at == complaint.received_at + timedelta(hours=2)
    assert complaint.report_due_at == complaint.received_at + timedelta(hours=18)
    # The acknowledgement promises the shortened contact time.
    acknowledgement = OutboxMessage.objects.get(complaint=complaint, template="complaint_registered")
    assert acknowledgement.context["contact_hours"] == 2


def test_a_source_without_priority_keeps_the_sops_deadlines(force):
    (complaint,) = imported("their_portal", priority=False)
    assert complaint.priority == Priority.NORMAL
    assert complaint.report_due_at == complaint.received_at + timedelta(hours=72)


def test_a_reopened_priority_complaint_keeps_its_shorter_deadlines(force):
    complaint = prioritised(0, "R1")
    assert complaint.report_due_at == at(36)  # the default 50 %
    o = force.officers
    complaint = actions.assign(complaint, actor=o["cell_A"], officer=o["sho_A"], now=at(1))
    complaint = actions.log_contact(complaint, actor=o["sho_A"], method="call", outcome="Spoke.", now=at(2))
    complaint = actions.log_field_visit(complaint, actor=o["sho_A"], findings="Seen.", now=at(3))
    complaint = actions.propose_resolution(complaint, actor=o["sho_A"], resolution="Recovered.", now=at(4))
    complaint = actions.approve_resolution(complaint, actor=o["dpo_A"], now=at(5))
    complaint = actions.record_feedback(complaint, actor=citizen_of(complaint), satisfied=False,
                                        comment="Not recovered.", now=at(6))
    assert complaint.status == "reopened" and complaint.report_due_at == at(6 + 36)


def test_only_a_portal_source_sets_priority(force):
    # A citizen's own channel cannot ask for it: the field is not read.
    web = register_complaint(actor=SYSTEM, channel="web", data=complaint_data(priority=1), now=at(0))
    assert web.priority == Priority.NORMAL and web.report_due_at == at(72)
    with pytest.raises(InvalidInput) as refused:
        register_complaint(actor=SYSTEM, channel="portal_import",
                           data=complaint_data(external_ref="x:1", priority="urgent!"), now=at(0))
    assert "priority" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        build_mapping("odd", {"extends": "pm_portal", "priority": "yes"})
    assert "priority" in refused.value.message


# -- the inbox -----------------------------------------------------------------------------------------------------

@pytest.fixture
def listed(force):
    """An older priority complaint, four newer ordinary ones and a newer priority one, all in district A."""
    old_priority = prioritised(0, "P1")
    ordinary = [normal(hours) for hours in (1, 2, 3, 4)]
    new_priority = prioritised(5, "P2")
    return old_priority, ordinary, new_priority


def all_pages(user, filters: dict, size: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = inbox.page(user, filters, cursor=cursor, size=size, now=at(10))
        pages.append([row.etag for row in page.rows])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [1, 2, 3, 50])
def test_priority_complaints_come_first_across_pages(force, listed, size):
    old_priority, ordinary, new_priority = listed
    pages = all_pages(force.officers["cell_A"], {"box": "all"}, size)

    etags = [etag for page in pages for etag in page]
    assert etags == [new_priority.etag, old_priority.etag, *[c.etag for c in reversed(ordinary)]]
    assert all(len(page) == size for page in pages[:-1])


def test_priority_first_in_the_oldest_first_order_and_in_a_word_search(force, listed):
    old_priority, ordinary, new_priority = listed
    user = force.officers["cell_A"]
    oldest = [e for page in all_pages(user, {"box": "all", "sort": "oldest"}, 2) for e in page]
    assert oldest == [old_priority.etag, new_priority.etag, *[c.etag for c in ordinary]]
    words = [e for page in all_pages(user, {"box": "all", "q": "motorcycle"}, 2) for e in page]
    assert words[:2] == [new_priority.etag, old_priority.etag] and len(words) == 6


def test_the_priority_filter_lists_only_them(force, listed):
    old_priority, _ordinary, new_priority = listed
    found = inbox.page(force.officers["cell_A"], {"box": "all", "priority": "1"}, now=at(10)).rows
    assert [c.etag for c in found] == [new_priority.etag, old_priority.etag]


def test_a_cursor_from_before_is_refused_clearly(force, listed):
    with pytest.raises(InvalidInput) as refused:
        inbox.page(force.officers["cell_A"], {"box": "all"}, cursor="bmV3ZXN0fDIwMjYtMTEtMDJUMDQ6MDA6MDArMDA6MDB8NQ")
    assert "cursor" in refused.value.fields


def test_the_list_page_marks_them(force, listed):
    client = Client()
    client.force_login(force.officers["cell_A"])
    html = client.get("/officer/complaints/?box=all").content.decode()
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert listed[2].etag_display in first_row and 'class="priority"' in first_row


# -- the dashboard ---------------------------------------------------------------------------------------------------

def test_the_dashboard_shows_priority_complaints_apart(force, listed):
    cache.clear()
    client = Client()
    client.force_login(force.officers["dpo_A"])

    html = client.get("/officer/dashboard/?unit=DA").content.decode()
    section = html.split('id="priority-open"')[1].split("</p>")[0]
    assert "2 pending" in section and "overdue" in section  # both are past their 36 hours by now
    assert "priority=1" in section and "unit=DA" in section

    cache.clear()
    client.force_login(force.officers["igp"])
    html = client.get("/officer/dashboard/?unit=DB").content.decode()
    assert "0 pending" in html.split('id="priority-open"')[1].split("</p>")[0]
