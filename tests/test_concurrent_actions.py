"""Two people acting on the same complaint at once. Each reads a version
(the last timeline event they may see) and sends it with their action; the
later one, stale, is refused with 409 saying who did what and when and what
the complaint is now, and nothing of theirs is written. Officer pages, the
API, the citizen's page and the WhatsApp bot alike."""

import re
import threading

import pytest
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from shikayat.complaints import actions, handlers, versions, workflow
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import CitizenActor
from shikayat.complaints.workflow import Status

from .journey import bring_to
from .test_bot import Chat, bot  # noqa: F401
from .test_citizen_pages import verify


def page_version(page: str) -> int:
    """The version the officer page put in its forms (the same in every form)."""
    found = set(re.findall(r'name="version" value="(\d+)"', page))
    assert len(found) == 1, found
    return int(found.pop())


def assign_events(complaint: Complaint) -> list:
    return list(complaint.events.filter(action="assign").order_by("id"))


# --- officer pages ----------------------------------------------------------------------------------------------


def test_two_officers_mark_the_same_complaint_the_second_gets_409_with_what_changed(client, force, new_complaint):
    complaint = new_complaint()
    cell, dpo = force.officers["cell_A"], force.officers["dpo_A"]
    base = f"/officer/complaints/{complaint.etag}"
    client.force_login(cell)
    seen_by_cell = page_version(client.get(f"{base}/").content.decode())
    other = type(client)()
    other.force_login(dpo)
    seen_by_dpo = page_version(other.get(f"{base}/").content.decode())
    assert seen_by_cell == seen_by_dpo == versions.version_of(cell, complaint)

    first = client.post(f"{base}/actions/assign/", {"officer": "sho_A", "version": seen_by_cell})
    assert first.status_code == 302
    second = other.post(f"{base}/actions/assign/", {"officer": "sdpo_A", "version": seen_by_dpo})

    assert second.status_code == 409
    page = second.content.decode()
    conflict = page[page.index('id="conflict"'):page.index("</div>", page.index('id="conflict"'))]
    assert "changed while you were looking" in conflict and "Mark to officer" in conflict
    assert str(cell) in conflict and str(force.officers["sho_A"]) in conflict
    assert str(Complaint.objects.get(pk=complaint.pk).get_status_display()) in conflict  # the status now
    # The page is the complaint as it is now, with the new version in its forms: acting again is deliberate.
    complaint.refresh_from_db()
    assert page_version(page) == versions.version_of(dpo, complaint) > seen_by_dpo
    assert complaint.assignee == force.officers["sho_A"] and len(assign_events(complaint)) == 1


def test_the_conflict_is_told_in_the_officers_language_with_the_status_now(client, force, new_complaint):
    complaint = new_complaint()
    cell, dpo = force.officers["cell_A"], force.officers["dpo_A"]
    seen = versions.version_of(dpo, complaint)
    actions.assign(complaint, actor=cell, officer=force.officers["sho_A"])
    client.force_login(dpo)
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/assign/",
                           {"officer": "sdpo_A", "version": seen}, HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 409
    page = response.content.decode()
    complaint.refresh_from_db()
    with translation.override("ur"):
        status_now, action = complaint.get_status_display(), workflow.event_label("assign")
        opening = str(versions.StaleVersion.default_message)
    conflict = page[page.index('id="conflict"'):]
    assert 'dir="rtl"' in page and str(status_now) in conflict and action in conflict
    assert opening != "" and complaint.assignee == force.officers["sho_A"]


def test_a_page_acting_on_what_it_showed_goes_through(client, force, new_complaint):
    complaint = bring_to(Status.ASSIGNED, force, new_complaint)
    client.force_login(force.officers["sho_A"])
    base = f"/officer/complaints/{complaint.etag}"
    seen = page_version(client.get(f"{base}/").content.decode())
    response = client.post(f"{base}/actions/log_contact/", {"method": "call", "outcome": "Met him.",
                                                            "version": seen})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_a_stale_version_from_someone_who_may_not_see_the_complaint_is_a_404_and_describes_nothing(
        client, force, new_complaint):
    complaint = new_complaint()
    seen = versions.version_of(force.officers["cell_A"], complaint)
    actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    client.force_login(force.officers["cell_B"])  # the other district
    response = client.post(f"/officer/complaints/{complaint.etag}/actions/add_note/", {"text": "x", "version": seen})
    assert response.status_code == 404 and "sho_A" not in response.content.decode()


# --- the API ----------------------------------------------------------------------------------------------------


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_two_officers_through_the_api_the_second_gets_409_with_the_changes_and_nothing_is_written(force,
                                                                                                   new_complaint):
    complaint = new_complaint()
    cell, dpo = api_as(force.officers["cell_A"]), api_as(force.officers["dpo_A"])
    url = f"/api/v1/complaints/{complaint.etag}/"
    seen_by_cell, seen_by_dpo = cell.get(url).json()["version"], dpo.get(url).json()["version"]
    assert seen_by_cell == seen_by_dpo > 0

    first = cell.post(f"{url}actions/assign/", {"officer": "sho_A", "version": seen_by_cell}, format="json")
    assert first.status_code == 200 and first.json()["version"] > seen_by_cell
    events_before = complaint.events.count()
    second = dpo.post(f"{url}actions/assign/", {"officer": "sdpo_A", "version": seen_by_dpo}, format="json")

    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "stale_version" and "changed while you were looking" in error["message"]
    current = error["current"]
    assert current["status"] == Status.ASSIGNED and current["version"] == first.json()["version"]
    [change] = current["changes"]
    assert change["action"] == "assign" and change["by"] == str(force.officers["cell_A"])
    assert change["assignee"] == str(force.officers["sho_A"])
    complaint.refresh_from_db()
    assert complaint.assignee == force.officers["sho_A"] and complaint.events.count() == events_before
    # Read again, act again: now it counts.
    again = dpo.post(f"{url}actions/assign/", {"officer": "sdpo_A", "version": current["version"]}, format="json")
    assert again.status_code == 200 and again.json()["assignee"] == "sdpo_A"


def test_without_a_version_the_api_acts_on_the_complaint_as_it_is(force, new_complaint):
    complaint = new_complaint()
    actions.assign(complaint, actor=force.officers["cell_A"], officer=force.officers["sho_A"])
    response = api_as(force.officers["dpo_A"]).post(f"/api/v1/complaints/{complaint.etag}/actions/assign/",
                                                    {"officer": "sdpo_A"}, format="json")
    assert response.status_code == 200


def test_the_version_and_the_409_are_in_the_openapi_schema(force):
    schema = api_as(force.officers["cell_A"]).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    text = schema.content.decode()
    assert "stale_version" in text and '"Conflict"' in text
    assert "version" in schema.json()["components"]["schemas"]["AssignInput"]["properties"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_racing_officers_exactly_one_wins_on_postgresql(force, new_complaint):
    complaint = new_complaint()
    seen = versions.version_of(force.officers["cell_A"], complaint)
    outcomes, start = [], threading.Barrier(2)

    def act(user, officer):
        start.wait()
        try:
            handlers.run(complaint, "assign", actor=user, params={"officer": officer}, version=seen)
            outcomes.append("ok")
        except versions.StaleVersion:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(force.officers["cell_A"], "sho_A")),
               threading.Thread(target=act, args=(force.officers["dpo_A"], "sdpo_A"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale"] and len(assign_events(complaint)) == 1


# --- the citizen: their page and the bot -----------------------------------------------------------------------


def proposed_again(complaint: Complaint, force) -> None:
    """While the citizen looks at the first resolution, the call centre takes their "not satisfied" by phone and
    the police work it again: the complaint awaits feedback once more, on another resolution."""
    o = force.officers
    actions.record_feedback(complaint, actor=o["agent"], satisfied=False, comment="Said so on the phone.",
                            channel="call_centre")
    actions.assign(complaint, actor=o["cell_A"], officer=o["sdpo_A"])
    actions.log_contact(complaint, actor=o["sdpo_A"], method="call", outcome="Spoke again.")
    actions.log_field_visit(complaint, actor=o["sdpo_A"], findings="Visited again.")
    actions.propose_resolution(complaint, actor=o["sdpo_A"], resolution="A second, different resolution.")
    actions.approve_resolution(complaint, actor=o["dpo_A"])
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK


def citizen_page_version(client, complaint) -> int:
    page = client.get(f"/track/{complaint.etag}/").content.decode()
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def test_a_citizen_answering_a_resolution_proposed_again_meanwhile_is_told_and_nothing_is_recorded(
        client, force, new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    verify(client, next_url=f"/track/{complaint.etag}/")
    seen = citizen_page_version(client, complaint)
    proposed_again(complaint, force)
    response = client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "yes", "rating": "5",
                                                                 "version": seen}, follow=True)
    assert "changed while you were looking" in response.content.decode()
    assert "A second, different resolution." in response.content.decode()  # the page shows it now
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK and not complaint.events.filter(
        action="confirm_satisfied").exists()
    # Answering what the page shows now counts.
    client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "yes", "rating": "5",
                                                      "version": citizen_page_version(client, complaint)})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_an_internal_note_meanwhile_neither_makes_the_citizen_stale_nor_is_told_to_them(client, force,
                                                                                      new_complaint):
    complaint = bring_to(Status.AWAITING_FEEDBACK, force, new_complaint)
    verify(client, next_url=f"/track/{complaint.etag}/")
    seen = citizen_page_version(client, complaint)
    actions.add_note(complaint, actor=force.officers["dpo_A"], text="Internal: check the SHO's diary.")
    assert versions.version_of(CitizenActor(mobile=complaint.complainant_mobile), complaint) == seen < \
        versions.version_of(force.officers["dpo_A"], complaint)
    client.post(f"/track/{complaint.etag}/feedback/", {"satisfied": "yes", "rating": "4", "version": seen})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_the_bot_tells_a_citizen_what_changed_and_asks_again_on_the_new_resolution(bot, new_complaint):  # noqa: F811
    complaint = bring_to(Status.AWAITING_FEEDBACK, bot, new_complaint, mobile="03001234567")
    chat = Chat()
    chat.start()
    assert chat.state == "feedback:choice" and chat.conversation.answers["version"] > 0
    chat.tap("fb:yes")
    proposed_again(complaint, bot)
    replies = chat.tap("rate:5")
    text = "\n".join(row.context["text"] for row in replies)
    assert "changed while you were looking" in text and chat.state == "feedback:choice"
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_FEEDBACK
    chat.tap("fb:yes")
    chat.tap("rate:4")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.satisfaction_rating == 4
