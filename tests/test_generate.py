"""The large-data generator: its rollups equal a recount of the timelines it
wrote, its distributions look like a force's year, and it never writes into a
database that already holds complaints."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.dashboards.recount import recount
from shikayat.deadlines.models import DelayEntry
from shikayat.demo.generate import Generator, NotEmpty

from .test_rollups import _nonzero, _rollup_rows

N = 400


@pytest.fixture
def generated(db):
    return Generator(N, years=0.25, seed=3).run()


def test_generated_rollups_equal_a_recount_row_by_row(generated):
    got = _rollup_rows()
    for model, (_keys, rows) in recount().tables().items():
        assert _nonzero(got[model]) == _nonzero(rows), model.__name__
        assert _nonzero(got[model]), model.__name__


def test_distributions_are_plausible(generated):
    assert Complaint.objects.count() == generated.complaints == N
    assert ComplaintEvent.objects.count() == generated.events > 5 * N
    statuses = Counter(Complaint.objects.values_list("status", flat=True))
    assert statuses["closed"] > N / 2
    assert {"closed", "rejected", "awaiting_feedback", "in_progress"} <= set(statuses)
    assert sum(n for s, n in statuses.items() if s not in ("closed", "rejected", "merged", "withdrawn")) > N / 50
    assert len(set(Complaint.objects.values_list("channel", flat=True))) >= 5
    assert len(set(Complaint.objects.values_list("category_id", flat=True))) >= 15
    actions = Counter(ComplaintEvent.objects.values_list("action", flat=True))
    assert {"register", "assign", "log_contact", "log_field_visit", "propose_resolution", "approve_resolution",
            "confirm_satisfied", "reopen", "escalate"} <= set(actions)
    assert 0.03 * N < actions["reopen"] < 0.15 * N
    assert DelayEntry.objects.exists()
    ratings = Counter(Complaint.objects.exclude(satisfaction_rating=None).values_list("satisfaction_rating",
                                                                                       flat=True))
    assert ratings[5] + ratings[4] > ratings[1] + ratings[2]
    assert Complaint.objects.values("unit_id").distinct().count() > 50


def test_refuses_a_database_that_holds_complaints(generated):
    with pytest.raises(NotEmpty):
        Generator(10, seed=4).run()
    with pytest.raises(CommandError, match="already holds complaints"):
        call_command("generate_data", complaints=10, verbosity=0)
    assert Complaint.objects.count() == N
