"""The demo's lost-article reports: a few hundred, numbered in order with the counter matching, some found and
matched, each receipt checking as genuine."""

import pytest
from django.core.management import call_command

from shikayat.core import verification
from shikayat.lost.models import FoundArticle, LostReport, ReceiptCounter, ReportStatus
from shikayat.lost.rules import identifier_problem


@pytest.mark.parametrize("profile", ["punjab", "rampur"])
def test_the_demo_loads_lost_reports_numbered_in_order_with_found_articles(db, profile):
    call_command("load_demo", profile=profile, complaints=0, verbosity=0)
    reports = list(LostReport.objects.order_by("reported_at"))
    assert len(reports) == 300
    for counter in ReceiptCounter.objects.all():
        numbers = [r.number for r in reports if r.number.startswith(f"LOST-{counter.year}-")]
        assert numbers == [f"LOST-{counter.year}-{n:06d}" for n in range(1, counter.last + 1)]
    assert all(identifier_problem(r.kind, r.identifier) == "" for r in reports)
    matched = FoundArticle.objects.filter(report__isnull=False).select_related("report")
    assert matched.exists() and all(a.report.status == ReportStatus.FOUND for a in matched)
    assert all(a.identifier_key == a.report.identifier_key for a in matched)
    assert verification.check(verification.sign(reports[0].number)).state in (verification.GENUINE,
                                                                              verification.REVOKED)
    call_command("load_demo", profile=profile, complaints=0, verbosity=0)  # again: nothing added
    assert LostReport.objects.count() == 300
