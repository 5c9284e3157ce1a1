"""Registration from any channel: routing, deadlines, the first event and
the acknowledgement; bad input refused with clear messages and nothing written."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from shikayat.accounts.models import Rank, Role
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput, PermissionDenied
from shikayat.notifications.models import OutboxMessage

from .factories import complaint_data

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def register(**overrides):
    return register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**overrides), now=NOW)


def test_registration_sets_etag_deadlines_event_and_acknowledgement(force):
    complaint = register(email="ali@example.com")
    assert complaint.status == "registered" and len(complaint.etag) == 8
    assert complaint.complainant_mobile == "+923001234567"
    assert complaint.unit == force.units["sA1"]
    assert complaint.contact_due_at == NOW + timedelta(hours=8)
    assert complaint.report_due_at == NOW + timedelta(hours=72)
    event = complaint.events.get()
    assert (event.action, event.from_status, event.to_status, event.channel) == ("register", "", "registered", "web")
    assert set(complaint.outbox_messages.values_list("channel", flat=True)) == {"sms", "email"}
    # The citizen profile is created when they verify their mobile; complaints are found by the number.
    assert Complaint.objects.filter(complainant_mobile="+923001234567").count() == 1


def test_min_rank_routes_above_the_station(force):
    complaint = register(category="HARASSMENT", anonymous=True, name="", mobile="")
    assert complaint.unit == force.units["cA"]  # the circle, where the SDPO sits
    assert complaint.is_confidential and complaint.is_anonymous


def test_location_routes_to_the_nearest_station(force):
    complaint = register(unit="", lat="30.29", lng="71.49")
    assert complaint.incident_unit == force.units["sB2"]


def test_no_place_goes_to_the_top_for_manual_routing(force):
    assert register(unit="").unit == force.units["pb"]


def test_routing_reads_nothing_from_the_database_once_the_reference_data_is_cached(force,
                                                                                 django_assert_num_queries):
    from shikayat.complaints import routing

    theft, harassment = (force.categories[code].effective_sop() for code in ("theft", "harassment"))
    routing.find_unit(theft, force.units["sA1"])  # loads the unit tree and who is posted where
    with django_assert_num_queries(0):
        assert routing.find_unit(theft, force.units["sB2"]) == force.units["cB"]  # nobody handles at SB2
        assert routing.find_unit(harassment, force.units["sA1"]) == force.units["cA"]
        assert routing.find_desk_unit(harassment, force.units["sA1"]) == force.units["cA"]  # no women's cell
        assert routing.find_desk_unit(theft, None) == force.units["pb"]
        assert routing.find_desk_unit(theft, force.units["sA1"], excluded_officers=[force.officers["sho_A"]],
                                      min_rank=Rank.INSPECTOR) == force.units["cA"]


def test_a_new_posting_changes_routing_at_once(force):
    from .factories import officer

    assert register(unit="SB2").unit == force.units["cB"]
    officer("sho_B2", Rank.INSPECTOR, [(force.units["sB2"], Role.ENQUIRY_OFFICER)])
    assert register(unit="SB2").unit == force.units["sB2"]


def test_an_officer_signing_in_leaves_the_reference_data_cached(force, django_assert_num_queries):
    from django.contrib.auth.models import update_last_login

    register()
    update_last_login(None, force.officers["sho_A"])
    with django_assert_num_queries(0):
        from shikayat.complaints import routing

        routing.find_unit(force.categories["theft"].effective_sop(), force.units["sA1"])


def test_overseas_number_is_accepted(force):
    assert register(mobile="+44 7911 123456", is_overseas=True).complainant_mobile == "+447911123456"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"mobile": "12345"}, "mobile"),
        ({"mobile": "03001234567890"}, "mobile"),
        ({"mobile": "not a phone"}, "mobile"),
        ({"mobile": ""}, "mobile"),
        ({"category": "NO-SUCH"}, "category"),
        ({"category": ""}, "category"),
        ({"description": ""}, "description"),
        ({"description": "   short  "}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"unit": "NOWHERE"}, "unit"),
        ({"anonymous": True, "name": "", "mobile": ""}, "anonymous"),
        ({"email": "not-an-email"}, "email"),
        ({"lat": "91", "lng": "74"}, "lat"),
        ({"lat": "abc", "lng": "74"}, "lat"),
        ({"lat": "31.5"}, "lat"),
        ({"incident_at": "yesterday"}, "incident_at"),
        ({"incident_at": "2030-01-01T10:00"}, "incident_at"),
        ({"language": "fr"}, "language"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(force, overrides, field):
    with pytest.raises(InvalidInput) as error:
        register(**overrides)
    assert field in error.value.fields
    assert all(str(m) for m in error.value.fields[field])
    assert Complaint.objects.count() == 0
    assert ComplaintEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_every_problem_is_reported_at_once(force):
    with pytest.raises(InvalidInput) as error:
        register(mobile="1", category="X", description="")
    assert {"mobile", "category", "description"} <= set(error.value.fields)


def test_messages_are_in_the_citizens_language(force):
    with translation.override("ur"), pytest.raises(InvalidInput) as error:
        register(description="")
    assert "تفصیل" in str(error.value.fields["description"][0])
    with translation.override("hi"), pytest.raises(InvalidInput) as error:
        register(mobile="12")
    assert "मोबाइल" in str(error.value.fields["mobile"][0])


def test_officer_must_hold_an_intake_posting_for_the_channel(force):
    with pytest.raises(PermissionDenied):
        register_complaint(actor=force.officers["sho_A"], channel="front_desk", data=complaint_data())
    complaint = register_complaint(actor=force.officers["desk_A"], channel="front_desk", data=complaint_data())
    assert complaint.events.get().actor == force.officers["desk_A"]


def test_external_reference_is_unique_per_channel(force):
    register_complaint(actor=SYSTEM, channel="portal_import", data=complaint_data(external_ref="PMDU-1"))
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        register_complaint(actor=SYSTEM, channel="portal_import", data=complaint_data(external_ref="PMDU-1"))


def test_batch_registration_writes_valid_items_and_reports_invalid_ones(force):
    from shikayat.complaints import etag
    from shikayat.complaints.intake import register_complaints

    items = [complaint_data(external_ref=f"IGRS-{i}") for i in range(5)]
    items[2] = complaint_data(mobile="12", external_ref="IGRS-bad")
    result = register_complaints(actor=force.officers["portal"], channel="portal_import", items=items, now=NOW)
    assert sorted(result.errors) == [2] and "mobile" in result.errors[2].fields
    assert len(result.complaints) == 4 == Complaint.objects.count()
    tags = [c.etag for c in result.complaints]
    assert len(set(tags)) == 4 and all(etag.is_valid(t) for t in tags)
    assert ComplaintEvent.objects.filter(action="register").count() == 4
    assert OutboxMessage.objects.filter(template="complaint_registered").count() == 4
    assert Complaint.objects.get(external_ref="IGRS-0").report_due_at == NOW + timedelta(hours=72)


def test_batch_registration_is_all_or_nothing_on_a_database_error(force):
    from django.db import IntegrityError

    from shikayat.complaints.intake import register_complaints

    items = [complaint_data(external_ref="SAME"), complaint_data(external_ref="SAME")]
    with pytest.raises(IntegrityError):
        register_complaints(actor=force.officers["portal"], channel="portal_import", items=items)
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0 and OutboxMessage.objects.count() == 0
