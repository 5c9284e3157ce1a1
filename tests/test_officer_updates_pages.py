"""The officer's Updates in the workspace (shikayat/updates): the header's unread count, the list, opening one."""

import pytest
from django.utils import translation

from shikayat.complaints import actions
from shikayat.complaints.workflow import Status
from shikayat.updates.models import OfficerNotice

from .journey import bring_to

UPDATES = "/officer/updates/"


@pytest.fixture
def sho(force, client):
    client.force_login(force.officers["sho_A"])
    return force.officers["sho_A"]


def header_count(client) -> str | None:
    page = client.get("/officer/complaints/").content.decode()
    assert 'id="updates-link"' in page
    return page.split('id="updates-count">')[1].split("<")[0] if 'id="updates-count"' in page else None


# --- Updates ----------------------------------------------------------------------------------------------------


def test_the_header_counts_unread_updates_and_opening_one_marks_it_read(force, new_complaint, client, sho):
    assert header_count(client) is None
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    assert header_count(client) == "1"

    page = client.get(UPDATES).content.decode()
    [notice] = OfficerNotice.objects.filter(user=sho)
    assert "Marked to you" in page and complaint.etag_display in page and "Theft" in page
    assert f'href="{UPDATES}{notice.pk}/"' in page and 'class="unread"' in page

    opened = client.get(f"{UPDATES}{notice.pk}/")
    assert opened.status_code == 302 and opened.url == f"/officer/complaints/{complaint.etag}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert header_count(client) is None
    assert 'class="read"' in client.get(UPDATES).content.decode()


def test_opening_the_complaint_page_reads_its_updates(force, new_complaint, client, sho):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    assert client.get(f"/officer/complaints/{complaint.etag}/").status_code == 200
    assert header_count(client) is None


def test_nobody_opens_another_officers_update(force, new_complaint, client):
    bring_to(Status.ASSIGNED, force, new_complaint)
    notice = OfficerNotice.objects.get()
    client.force_login(force.officers["asi_A"])
    assert client.get(f"{UPDATES}{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert client.get(UPDATES).content.decode().count(f"{UPDATES}{notice.pk}/") == 0


def test_mark_all_as_read(force, new_complaint, client, sho):
    for _ in range(2):
        bring_to(Status.ASSIGNED, force, new_complaint)
    assert header_count(client) == "2"
    assert client.get(f"{UPDATES}read/").status_code == 405
    assert client.post(f"{UPDATES}read/").status_code == 302
    assert header_count(client) is None and OfficerNotice.objects.filter(read_at__isnull=True).count() == 0


def test_updates_need_a_signed_in_officer(client):
    assert client.get(UPDATES).status_code == 302


def test_the_list_is_in_the_officers_language(force, new_complaint, client, sho):
    bring_to(Status.ASSIGNED, force, new_complaint)
    page = client.get(UPDATES, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert 'lang="ur"' in page and 'dir="rtl"' in page
    with translation.override("ur"):
        assert str(OfficerNotice.Kind.MARKED.label) in page


def test_an_officer_on_the_workspace_only_still_gets_the_notice(force, new_complaint):
    sho = force.officers["sho_A"]
    sho.mobile, sho.notify_by = "+923331112233", []
    sho.save()
    complaint = actions.assign(new_complaint(), actor=force.officers["cell_A"], officer=sho)
    assert OfficerNotice.objects.filter(user=sho, complaint=complaint).exists()
    assert not complaint.outbox_messages.filter(recipient=sho.mobile).exists()
