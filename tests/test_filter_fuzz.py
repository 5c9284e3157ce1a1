"""Fuzz every query parameter of every officer list, export, report,
dashboard and API list: whatever is typed into the address bar, the answer
is never a 5xx, and a 400 always names the parameter that was wrong, on the
page's filter form or in the API's {"error": {"fields"}}.

Hypothesis generates NUL bytes, lone surrogates (sent as their UTF-8-like
bytes, as a browser or a script can), huge and negative numbers, non-ASCII
digits, impossible dates and time zone offsets, forged cursors, text in
every script and very long strings, mixed with real values so that a bad
parameter also meets good ones. Run it on PostgreSQL too: it refuses NUL
bytes in text, which is where most of these were 500s.

Every example is one GET inside a savepoint, so a database error is seen as
the error it is instead of poisoning the test's transaction. Fast enough
for CI: FUZZ_EXAMPLES (default 40) examples per endpoint."""

import os
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

import pytest
from django.db import transaction
from django.forms import BaseForm
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shikayat.accounts.models import Posting, Rank, Role
from shikayat.complaints import inbox
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.core.errors import InvalidInput
from shikayat.reports import pdf, review

from .conftest import AGAINST_SHO
from .factories import complaint_data, officer
from .journey import bring_to

settings.register_profile(
    "filter-fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None, database=None,
    print_blob=True,  # a failure in CI prints the blob that replays it (@reproduce_failure)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("filter-fuzz")


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    params: tuple[str, ...]
    kind: str = "page"  # page: HTML with the filter form · api: JSON · download: a file, or a page saying why not


INBOX_KEYS = (*inbox.FILTER_KEYS, "cursor")
ENDPOINTS = [
    Endpoint("inbox", "/officer/complaints/", INBOX_KEYS),
    Endpoint("inbox CSV", "/officer/complaints/export.csv", inbox.FILTER_KEYS, "download"),
    Endpoint("inbox XLSX", "/officer/complaints/export.xlsx", inbox.FILTER_KEYS, "download"),
    Endpoint("API list", "/api/v1/complaints/", (*(k for k in inbox.FILTER_KEYS if k != "sort"), "cursor",
                                                   "page_size"), "api"),
    Endpoint("API units", "/api/v1/units/", ("parent",), "api"),
    Endpoint("review", "/officer/review/", review.REVIEW_KEYS),
    Endpoint("review CSV", "/officer/review/export.csv", review.REVIEW_KEYS, "download"),
    Endpoint("review XLSX", "/officer/review/export.xlsx", review.REVIEW_KEYS, "download"),
    Endpoint("monthly report", "/officer/reports/monthly/", ("unit", "month"), "download"),
    Endpoint("dashboard", "/officer/dashboard/", ("unit", "days")),
    Endpoint("officer's dashboard", "/officer/dashboard/officer/sho_A/", ("days",)),
    Endpoint("league", "/officer/dashboard/league/", ("unit", "days", "kind", "level", "all")),
    Endpoint("delay ledger", "/officer/ledger/", ("days",)),
    Endpoint("ledger entries", "/officer/ledger/entries/", ("days", "officer", "unit", "within")),
    Endpoint("officers accused", "/officer/accountability/officers/", ("q",)),
    Endpoint("access log", "/officer/accountability/access-log/", ("etag", "user", "days")),
    Endpoint("call-back queue", "/officer/call-centre/callbacks/", ("after",)),
    Endpoint("call-centre lookup", "/officer/call-centre/", ("mobile", "etag")),
]

# Values a parameter really takes, so that a bad one meets good ones and good ones reach the queries.
REAL = ["", "all", "mine", "open", "registered", "THEFT", "CRIME", "web", "SA1", "DA", "PB", "sho_A", "me", "none",
        "1", "0", "7", "30", "90", "365", "2", "units", "officers", "2026-11-23", "2026-11-23T10:00:00+05:00",
        "2026-11", "newest", "due", "on", "true", "motorcycle", "03001234567", "Ali Raza"]
NASTY = ["\x00", "SA1\x00", "a\x00b", "\ud800", "x\udfffy", "99999999999999999999", "9" * 400, "-1", "-0", "²",
         "٣٠", "३०", "1e9", "0x1F", "1.5", " 30 ", "2026-13-45", "2026-02-30", "2026-00-01", "0000-00-00",
         "0001-01-01", "9999-12-31", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00",
         "2026-11-23T10:00+99:00", "2026-11-23T10:00:00+24:00", "+99:00", "2026-11-23T25:61", "9999-12",
         "2026-13", "99999-1", "-2026-11", "2026--11", "%", "%00", "'; DROP TABLE complaints_complaint; --",
         "<script>alert(1)</script>", "NaN", "Infinity", "\u202e", "\ufeff", "\U0001f46e", "ضلع لاہور",
         "थाना", "K7QM-4XZ2", "AAAAAAAA", "MHwyMDI2LTExLTIzVDEwOjAwOjAwKzAwOjAwfDk5OTk5OTk5OTk5OTk5OTk5OTk5OTk",
         "bmV3ZXN0fDAwMDEtMDEtMDFUMDA6MDA6MDArMTQ6MDB8MQ", "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "cD1hYmM",
         "0_0_99999999999999999999", "0_99999999999999999999_1", "1_2", "a_b_c", "-1_-1_-1", "1_1_1_1"]
dates = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 99999), st.integers(0, 99),
                  st.integers(0, 99))
moments = st.builds(lambda day, h, mi, sign, oh, om: f"{day}T{h:02d}:{mi:02d}{sign}{oh:02d}:{om:02d}", dates,
                    st.integers(0, 30), st.integers(0, 70), st.sampled_from("+-"), st.integers(0, 99),
                    st.integers(0, 99))
every_script = st.characters(min_codepoint=1, max_codepoint=0x10FFFF, exclude_categories=())
values = st.one_of(
    st.sampled_from(REAL), st.sampled_from(NASTY),
    st.integers(-(10 ** 30), 10 ** 30).map(str), dates, moments,
    st.text(every_script, max_size=40),  # every script, control characters, NUL and lone surrogates included
    st.text(every_script, min_size=300, max_size=3000),  # very long
    st.tuples(st.sampled_from(REAL), st.sampled_from(["\x00", "\ud800", "\u0000\u0000", "\uffff"])).map("".join),
)


def query_string(params: dict[str, str]) -> str:
    """As a client sends it: UTF-8, a lone surrogate as its three bytes, every byte percent-encoded."""
    return "&".join(f"{quote_from_bytes(k.encode())}={quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
                    for k, v in params.items())


def field_errors(response) -> dict:
    """The field errors the answer names: the API's "fields", or the page's filter errors and bound forms."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["error"]["fields"]
    found = {}
    for context in response.context or []:
        flat = context.flatten()
        if isinstance(flat.get("errors"), dict):  # the filter form's errors (a form's own template has a list)
            found.update(flat["errors"])
        for value in flat.values():
            if isinstance(value, BaseForm) and value.is_bound:
                found.update(value.errors)
    return found


@pytest.fixture
def wide(force):
    """An officer over the whole province in every role with officer lists; some complaints to list."""
    user = officer("fuzz_wide", Rank.ADDL_IG, [(force.units["pb"], role) for role in
                                           (Role.COMPLAINT_CELL, Role.SUPERVISOR, Role.ACCOUNTABILITY,
                                            Role.CALL_CENTRE)])
    for unit in ("SA1", "SB2"):
        register_complaint(actor=SYSTEM, channel="web", data=complaint_data(unit=unit))
    register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**AGAINST_SHO))
    bring_to(Status.AWAITING_FEEDBACK, force, lambda **kw: register_complaint(actor=SYSTEM, channel="web",
                                                                              data=complaint_data(**kw)))
    assert Posting.objects.filter(user=user).count() == 4
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def no_pdf(monkeypatch):
    """The monthly report's figures are computed; drawing the PDF (a second each) is not what is fuzzed."""
    monkeypatch.setattr(pdf, "monthly_pdf", lambda figures, language: b"%PDF-1.4 fuzz")


def check(client: Client, endpoint: Endpoint, params: dict[str, str]) -> None:
    with transaction.atomic():  # a database error stays this example's, not the test's transaction
        response = client.get(f"{endpoint.path}?{query_string(params)}")
        transaction.set_rollback(True)
    assert response.status_code < 500, (endpoint.name, params, response.status_code)
    if response.status_code != 400:
        return
    errors = field_errors(response)
    assert errors, (endpoint.name, params, "a 400 without a field error")
    assert set(errors) <= set(params), (endpoint.name, params, sorted(errors))
    if endpoint.kind != "api":
        shown = response.content.decode()
        assert any(f'data-field="{field}"' in shown or escape(problems[0]) in shown
                   for field, problems in errors.items()), (endpoint.name, params, "the error is not shown")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_no_filter_parameter_causes_a_server_error(endpoint, wide, no_pdf):
    @PROFILE
    @given(st.dictionaries(st.sampled_from(endpoint.params), values, min_size=1, max_size=len(endpoint.params)))
    def fuzz(params):
        check(wide, endpoint, params)

    fuzz()


ISSUE_17 = ["\x00", "99999999999999999999", "2026-13-45", "2026-11-23T10:00+99:00", "0001-01-01T00:00:00+14:00",
            "9999-12", "²", "0_0_99999999999999999999", "cD1hYmM"]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_the_issue_s_inputs_are_answered_with_a_field_error_or_ignored(endpoint, wide, no_pdf):
    """The values of issue 17 (and a forged cursor), in every parameter of every endpoint, one at a time."""
    for param in endpoint.params:
        for value in ISSUE_17:
            check(wide, endpoint, {param: value})


@pytest.mark.parametrize("select", [inbox.officer_complaints, review.review_complaints])
def test_the_domain_refuses_what_no_request_can_carry(select, force):
    """Callers other than a request (the API's own code, a command) may hand the domain a lone surrogate,
    which no database driver can encode: the domain answers InvalidInput naming the filter, like any other."""
    keys = inbox.FILTER_KEYS if select is inbox.officer_complaints else review.REVIEW_KEYS
    user = force.officers["cpo_cell"]

    @PROFILE
    @given(st.dictionaries(st.sampled_from(keys), values, min_size=1, max_size=4))
    def fuzz(filters):
        with transaction.atomic():
            try:
                list(select(user, filters)[:5])
            except InvalidInput as error:
                assert error.fields and set(error.fields) <= set(filters), (filters, error.fields)
            transaction.set_rollback(True)

    fuzz()
