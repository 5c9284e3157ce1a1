"""core.query: the one reader of officer lists' parameters, and what the
doors answer with its errors (issue 17: these were 500s)."""

from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from shikayat.core.errors import InvalidInput
from shikayat.core.query import MAX_DAYS, Query

# -- the reader --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["a\x00b", "\x00", "x\ud800"])
def test_text_no_column_can_hold_is_a_field_error(raw):
    query = Query({"q": raw})
    assert query.text("q") == "" and list(query.errors) == ["q"]


def test_text_too_long_is_a_field_error_and_short_text_is_stripped():
    query = Query({"q": " ضلع لاہور ", "unit": "X" * 33})
    assert query.text("q") == "ضلع لاہور" and query.text("unit", max_length=32) == ""
    assert list(query.errors) == ["unit"]


@pytest.mark.parametrize("raw", ["99999999999999999999", "-1", "²", "٣٠", "1e3", "1.5", "abc"])
def test_a_number_is_ascii_digits_within_its_bounds(raw):
    query = Query({"age": raw})
    assert query.number("age", maximum=MAX_DAYS, default=7) == 7 and list(query.errors) == ["age"]


def test_a_number_and_a_period():
    query = Query({"age": "30", "days": "30", "other": "13"})
    assert query.number("age") == 30 and query.period("days", (7, 30), "bad", default=7) == 30
    assert query.period("other", (7, 30), "bad", default=7) == 7 and query.errors == {"other": ["bad"]}


@pytest.mark.parametrize("raw", ["2026-13-45", "2026-02-30", "2026-11-23T10:00+99:00", "2026-11-23T25:00",
                                 "0001-01-01", "9999-12-31T23:59:59-23:59", "yesterday", "+99:00"])
def test_an_impossible_or_out_of_range_date_is_a_field_error(raw):
    query = Query({"from": raw})
    assert query.moment("from") is None and list(query.errors) == ["from"]


def test_days_and_moments_are_aware():
    query = Query({"from": "2026-11-23", "to": "2026-11-23", "at": "2026-11-23T10:00:00+05:00"})
    start, end = query.moment("from"), query.moment("to", end_of_day=True)
    assert timezone.is_aware(start) and (start.hour, end.hour, end.minute) == (0, 23, 59)
    assert query.moment("at").utcoffset().total_seconds() == 5 * 3600 and not query.errors


@pytest.mark.parametrize("raw, expected", [("2026-11", date(2026, 11, 1)), ("2026-13", None), ("9999-12", None),
                                           ("٢٠٢٦-11", None), ("2026-11-01", None)])
def test_a_month(raw, expected):
    query = Query({"month": raw})
    assert query.month("month") == expected and bool(query.errors) == (expected is None)


def test_check_names_every_bad_parameter_at_once():
    query = Query({"age": "x", "from": "2026-13-45", "q": "fine"})
    query.number("age"), query.moment("from"), query.text("q")
    with pytest.raises(InvalidInput) as refused:
        query.check()
    assert set(refused.value.fields) == {"age", "from"}


# -- the doors ---------------------------------------------------------------------------------------------------

def test_the_api_list_answers_a_bad_filter_with_the_error_shape_in_the_readers_language(force):
    client = APIClient()
    client.force_authenticate(force.officers["cell_A"])
    response = client.get("/api/v1/complaints/", {"age": "99999999999999999999", "unit": "SA1\x00"},
                          HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and set(error["fields"]) == {"age", "unit"}
    assert error["message"] == "براہِ کرم فلٹر درست کریں۔"


@pytest.mark.parametrize("cursor", ["cD1hYmM", "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "not a cursor", "\x00"])
def test_the_api_list_refuses_a_forged_cursor_naming_it(force, cursor):
    client = APIClient()
    client.force_authenticate(force.officers["cell_A"])
    response = client.get("/api/v1/complaints/", {"cursor": cursor})
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["cursor"]


def test_the_inbox_shows_the_problem_on_its_filter_form_with_400(client, force, new_complaint):
    complaint = new_complaint()
    client.force_login(force.officers["cell_A"])
    response = client.get("/officer/complaints/", {"box": "all", "from": "2026-13-45", "q": "a\x00"},
                          HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400 and set(response.context["errors"]) == {"from", "q"}
    html = response.content.decode()
    assert 'data-field="from"' in html and 'data-field="q"' in html and complaint.etag_display in html


def test_an_export_with_a_bad_filter_says_which_and_sends_no_file(client, force, new_complaint):
    new_complaint()
    client.force_login(force.officers["cell_A"])
    response = client.get("/officer/complaints/export.csv", {"age": "99999999999999999999"})
    assert response.status_code == 400 and "Content-Disposition" not in response
    assert 'data-field="age"' in response.content.decode()


def test_the_monthly_report_names_a_bad_month_and_unit(client, force):
    client.force_login(force.officers["dpo_A"])
    response = client.get("/officer/reports/monthly/", {"unit": "DA\x00", "month": "9999-12"})
    assert response.status_code == 400 and set(response.context["errors"]) == {"unit", "month"}


def test_the_ledger_names_a_malformed_officer_and_keeps_404_for_an_unknown_one(client, force):
    client.force_login(force.officers["dpo_A"])
    response = client.get("/officer/ledger/entries/", {"officer": "99999999999999999999", "days": "²"})
    assert response.status_code == 400 and set(response.context["errors"]) == {"officer", "days"}
    assert client.get("/officer/ledger/entries/", {"officer": "999999"}).status_code == 404
