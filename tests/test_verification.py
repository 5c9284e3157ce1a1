"""The papers anyone can check (core/verification.py): each issuing app registers a lookup for its numbers'
prefix; a code not signed here is never looked up; the longest prefix wins, then the certificates' fallback."""

import pytest
from django.test import Client

from shikayat.core import verification

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    saved = dict(verification._LOOKUPS)
    asked = []

    def receipts(number):
        asked.append(("LOST", number))
        if number == "LOST-2026-000001":
            return verification.Checked(verification.GENUINE, title="Lost-article report", number=number,
                                        facts=(("Reported by", "Bilal Ahmed"),))
        return None

    def long_prefix(number):
        asked.append(("LOST-X", number))
        return verification.Checked(verification.REVOKED, title="X", number=number)

    verification.register("LOST-", receipts)
    verification.register("LOST-X", long_prefix)
    yield asked
    verification._LOOKUPS.clear()
    verification._LOOKUPS.update(saved)


def test_a_signed_number_is_looked_up_by_its_prefix_and_shown(registry):
    code = verification.sign("LOST-2026-000001")
    found = verification.check(code)
    assert found.state == verification.GENUINE and found.title == "Lost-article report"
    page = Client().get(verification.path("LOST-2026-000001"))
    assert page.status_code == 200 and 'data-state="genuine"' in page.content.decode()
    assert "Bilal Ahmed" in page.content.decode()


def test_the_longest_prefix_wins_and_an_unknown_number_falls_through_to_not_genuine(registry):
    assert verification.check(verification.sign("LOST-X1")).state == verification.REVOKED
    assert ("LOST", "LOST-X1") not in registry
    assert verification.check(verification.sign("LOST-2026-999999")).state == verification.NOT_GENUINE
    assert Client().get(verification.path("LOST-2026-999999")).status_code == 404


def test_a_forged_or_altered_code_is_never_looked_up(registry):
    code = verification.sign("LOST-2026-000001")
    for bad in ("LOST-2026-000001", code[:-1] + ("A" if code[-1] != "A" else "B"),
                "LOST-2026-000002:" + code.split(":")[1], "", "x" * 500):
        assert verification.check(bad).state == verification.NOT_GENUINE
    assert registry == []
