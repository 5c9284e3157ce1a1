"""A new row and its children in one round trip (core.inserts): what the ORM would have written, read back
the same, on PostgreSQL (one statement) and SQLite (the ORM itself)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.core.inserts import Children, insert_rows, insert_with_children
from shikayat.notifications.models import OutboxMessage
from shikayat.notifications.outbox import message, with_complaint

NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)


def new_row(force, etag="TEST0001") -> Complaint:
    unit = force.units["sA1"]
    return Complaint(etag=etag, channel="web", category=force.categories["theft"], description="Stolen — چوری",
                     complainant_name="Ali Raza", complainant_mobile="+923001234567", language="ur",
                     incident_at=NOW - timedelta(days=1), incident_unit=unit, lat=Decimal("31.520400"),
                     lng=Decimal("-74.000001"), unit=unit, unit_path=unit.path, received_at=NOW,
                     cycle_started_at=NOW, contact_due_at=NOW + timedelta(hours=8),
                     report_due_at=NOW + timedelta(hours=72), accused_rank=None, is_confidential=True)


def family(complaint: Complaint) -> tuple[ComplaintEvent, list[OutboxMessage]]:
    event = ComplaintEvent(complaint=complaint, at=NOW, action="register", actor_label="system", channel="web",
                           to_status="registered", data={"unit": "SA1", "nested": [1, "دو", None]})
    messages = [message(channel=channel, recipient=recipient, template="complaint_registered", language="ur",
                        context={"etag": complaint.etag, "hours": 8}, dedupe_key=f"{complaint.etag}:r:{channel}",
                        complaint=complaint)
                for channel, recipient in (("sms", "+923001234567"), ("email", "ali@example.com"))]
    return event, messages


def test_the_rows_read_back_as_written(force):
    complaint = new_row(force)
    event, messages = family(complaint)
    insert_with_children(complaint, Children(ComplaintEvent, "complaint", [event]), with_complaint(messages))
    assert complaint.pk is not None and not complaint._state.adding
    stored = Complaint.objects.get(pk=complaint.pk)
    assert model_to_dict(stored) == model_to_dict(complaint)
    assert stored.updated_at is not None and stored.lat == Decimal("31.520400")
    assert stored.incident_at == NOW - timedelta(days=1)
    saved = ComplaintEvent.objects.get(complaint=complaint)
    assert (saved.at, saved.data, saved.actor_id, saved.is_public) == (NOW, event.data, None, True)
    assert event.complaint_id == complaint.pk
    assert sorted(OutboxMessage.objects.filter(complaint=complaint).values_list("channel", "context")) == [
        ("email", {"etag": "TEST0001", "hours": 8}), ("sms", {"etag": "TEST0001", "hours": 8})]


def test_a_message_already_queued_is_dropped_and_the_rest_written(force):
    first = new_row(force, "TEST0001")
    insert_with_children(first, with_complaint(family(first)[1][:1]))  # the SMS
    again = new_row(force, "TEST0002")
    _event, messages = family(again)
    for row in messages:
        row.dedupe_key = row.dedupe_key.replace("TEST0002", "TEST0001")
    insert_with_children(again, with_complaint(messages))
    assert sorted(OutboxMessage.objects.values_list("dedupe_key", "complaint_id")) == [
        ("TEST0001:r:email", again.pk), ("TEST0001:r:sms", first.pk)]


def test_no_children_is_just_the_row(force):
    complaint = new_row(force)
    insert_with_children(complaint, Children(ComplaintEvent, "complaint", []), with_complaint([]))
    assert Complaint.objects.filter(pk=complaint.pk).exists() and not ComplaintEvent.objects.exists()


@pytest.mark.postgres
def test_on_postgresql_the_family_is_one_statement(force, django_assert_num_queries):
    complaint = new_row(force)
    event, messages = family(complaint)
    with django_assert_num_queries(1):
        insert_with_children(complaint, Children(ComplaintEvent, "complaint", [event]), with_complaint(messages))
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1
    assert OutboxMessage.objects.filter(complaint=complaint).count() == 2


@pytest.mark.postgres
def test_on_postgresql_a_failing_row_writes_nothing(force):
    from django.db import IntegrityError, transaction

    insert_with_children(new_row(force, "TEST0001"))
    complaint = new_row(force, "TEST0001")  # the same E-tag
    event, messages = family(complaint)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_with_children(complaint, Children(ComplaintEvent, "complaint", [event]), with_complaint(messages))
    assert Complaint.objects.count() == 1 and not ComplaintEvent.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_rows_of_one_table_read_back_as_bulk_create_writes_them_and_a_queued_key_is_dropped(force):
    complaint = new_row(force)
    insert_with_children(complaint)
    _event, messages = family(complaint)
    insert_rows(OutboxMessage, messages[:1], ignore_conflicts=True)
    again = [message(channel=m.channel, recipient=m.recipient, template=m.template, language=m.language,
                     context={**m.context, "again": True}, dedupe_key=m.dedupe_key, complaint=complaint)
             for m in messages]
    insert_rows(OutboxMessage, again, ignore_conflicts=True)  # the SMS is queued already: only the email
    stored = {row.channel: row for row in OutboxMessage.objects.filter(complaint=complaint)}
    assert stored["sms"].context == {"etag": "TEST0001", "hours": 8}
    assert stored["email"].context == {"etag": "TEST0001", "hours": 8, "again": True}
    written = model_to_dict(stored["email"], exclude=["id"])
    assert written == model_to_dict(again[1], exclude=["id"])
    insert_rows(OutboxMessage, [])  # nothing to write is nothing written


@pytest.mark.postgres
def test_on_postgresql_rows_of_one_table_are_one_prepared_statement(force, django_assert_num_queries):
    complaint = new_row(force)
    insert_with_children(complaint)
    rows = [message(channel="sms", recipient="+923001234567", template="complaint_registered", language="en",
                    context={"n": n}, dedupe_key=f"k{n}", complaint=complaint) for n in range(300)]
    with django_assert_num_queries(1):
        insert_rows(OutboxMessage, rows, ignore_conflicts=True)
    assert OutboxMessage.objects.count() == 300
    assert prepared("INSERT INTO \"notifications_outboxmessage\"") == 1


def prepared(text_start: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [text_start + "%"])
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_on_postgresql_the_statement_is_prepared_once_per_connection_and_nothing_else(force):
    for etag in ("TEST0001", "TEST0002", "TEST0003"):
        complaint = new_row(force, etag)
        event, messages = family(complaint)
        insert_with_children(complaint, Children(ComplaintEvent, "complaint", [event]), with_complaint(messages))
    assert prepared('WITH parent AS (INSERT INTO "complaints_complaint"') >= 1
    assert Complaint.objects.filter(etag__startswith="TEST").count() == 3  # an ordinary query …
    assert prepared('SELECT COUNT(*) AS "__count" FROM "complaints_complaint"') == 0  # … is not prepared


@pytest.mark.postgres
def test_with_prepared_statements_off_nothing_is_prepared(force, settings):
    from django.db import connection

    from shikayat.core import inserts

    settings.SHIKAYAT = {**settings.SHIKAYAT, "DB_PREPARED": False}
    complaint = new_row(force)
    event, _messages = family(complaint)
    # A shape of statement no other test writes: the event kept out on a conflict.
    insert_with_children(complaint, Children(ComplaintEvent, "complaint", [event], ignore_conflicts=True))
    assert ComplaintEvent.objects.filter(complaint=complaint).exists()
    text = inserts._statement(Complaint, ((ComplaintEvent, "complaint", True),), connection.ops.quote_name)
    text = text.replace("%s", "$1", 1).replace("%s", "$2", 1)  # as PostgreSQL keeps it
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s", [text])
        assert cursor.fetchone()[0] == 0
