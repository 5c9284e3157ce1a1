"""The call-centre dashboard's figures equal plain counts over the same calls (a demo week), the complaint
cell marks calls for review and sees them listed, and the demo week fills every figure."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Avg, DurationField, ExpressionWrapper, F
from django.utils import timezone

from shikayat.accounts.models import Rank, Role
from shikayat.calls import figures
from shikayat.calls.models import RESOLVING, Call, CallComplaint, Direction, Outcome, Purpose
from shikayat.demo.calls import load_week

from .factories import officer

KARACHI = ZoneInfo("Asia/Karachi")
# The demo week ends at the last full hour, so the dashboard's own "now" holds all of it.
NOW = timezone.now().astimezone(KARACHI).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def week(force, new_complaint):
    officer("agent2", Rank.HEAD_CONSTABLE, [(force.units["pb"], Role.CALL_CENTRE)])
    for n in range(12):
        new_complaint(channel="call_centre", mobile=f"0300123456{n % 10}")
    assert load_week(now=NOW, seed=3, per_day=60) > 300
    return force


def plain_counts(calls) -> dict:
    answered = calls.filter(answered_at__isnull=False)
    resolvable = answered.filter(direction=Direction.INBOUND, closed_at__isnull=False).exclude(
        purpose=Purpose.ABUSIVE_BLANK)
    handling = answered.filter(ended_at__isnull=False).aggregate(
        avg=Avg(ExpressionWrapper(F("ended_at") - F("answered_at"), output_field=DurationField())))["avg"]
    return {"calls": calls.count(), "answered": answered.count(),
            "abandoned": calls.filter(outcome=Outcome.ABANDONED).count(),
            "handling": handling.total_seconds() if handling else None,
            "resolvable": resolvable.count(), "resolved": resolvable.filter(outcome__in=RESOLVING).count(),
            "due": calls.filter(callback_due__isnull=False).count(),
            "done": calls.filter(callback_due__isnull=False, callback_done_at__isnull=False).count()}


def assert_equal(result: figures.Figures, calls) -> None:
    plain = plain_counts(calls)
    assert (result.calls, result.answered, result.abandoned) == (plain["calls"], plain["answered"],
                                                                plain["abandoned"])
    assert (result.resolvable, result.resolved_first_time) == (plain["resolvable"], plain["resolved"])
    assert (result.callbacks_due, result.callbacks_done) == (plain["due"], plain["done"])
    if plain["handling"] is None:
        assert result.average_handling_seconds is None
    else:
        assert abs(result.average_handling_seconds - plain["handling"]) <= 1


def test_the_figures_equal_a_direct_count(week):
    start, end = NOW - timedelta(days=3), NOW
    tz = KARACHI
    result = figures.compute(Call.objects.all(), start, end, tz)
    period = Call.objects.filter(started_at__gte=start, started_at__lt=end)
    assert_equal(result.total, period)
    assert result.total.calls > 100 and result.total.abandoned > 0 and result.total.callbacks_done > 0
    assert 0 < result.total.first_call_resolution < 100

    with timezone.override(tz):  # __hour counts in the current time zone
        assert result.total.per_hour == [period.filter(started_at__hour=h).count() for h in range(24)]
        for (_label, shift), (_code, _name, first, last) in zip(result.by_shift, figures.SHIFTS, strict=True):
            assert_equal(shift, period.filter(started_at__hour__gte=first, started_at__hour__lt=last))

    assert len(result.by_agent) == 2
    for label, agent_figures in result.by_agent:
        username = label.rsplit("(", 1)[-1].rstrip(")")
        assert_equal(agent_figures, period.filter(agent__username=username))


def test_the_dashboard_page_shows_the_figures_of_its_scope(week, client):
    client.force_login(week.officers["cpo_cell"])
    response = client.get("/officer/calls/", {"days": 30})
    assert response.status_code == 200
    total = response.context["figures"].total
    assert total.calls == Call.objects.filter(started_at__gte=timezone.now() - timedelta(days=30)).count()
    html = response.content.decode()
    assert f'<td class="n-calls">{total.calls}</td>' in html

    # A district's complaint cell sees no call of the province's call centre.
    client.force_login(week.officers["cell_A"])
    assert client.get("/officer/calls/", {"days": 30}).context["figures"].total.calls == 0
    # Officers of no call centre or complaint cell get no dashboard.
    client.force_login(week.officers["sho_A"])
    assert client.get("/officer/calls/").status_code == 403


def test_a_bad_period_is_said_and_the_default_shown(week, client):
    client.force_login(week.officers["cpo_cell"])
    response = client.get("/officer/calls/", {"days": "9"})
    assert response.status_code == 400 and response.context["days"] == 7
    assert "The period can be 1, 7, 30 days; showing 7." in response.content.decode()


def test_the_complaint_cell_marks_a_call_for_review_and_sees_the_list(week, client):
    call = Call.objects.filter(review_requested_at__isnull=True, outcome=Outcome.RESOLVED).first()
    client.force_login(week.officers["cpo_cell"])
    response = client.post(f"/officer/calls/{call.pk}/review/", {"reason": "Agent gave the wrong helpline."})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.review_requested_by == week.officers["cpo_cell"] and call.review_reason.startswith("Agent gave")
    listed = client.get("/officer/calls/review/")
    assert f'id="review-{call.pk}"' in listed.content.decode()
    assert "Agent gave the wrong helpline." in listed.content.decode()


def test_a_review_needs_a_reason_and_the_complaint_cell(week, client):
    call = Call.objects.filter(review_requested_at__isnull=True).first()
    client.force_login(week.officers["cpo_cell"])
    client.post(f"/officer/calls/{call.pk}/review/", {"reason": "  "})
    client.force_login(week.officers["agent"])
    assert client.post(f"/officer/calls/{call.pk}/review/", {"reason": "x"}).status_code == 403
    assert client.get("/officer/calls/review/").status_code == 403
    client.force_login(week.officers["cell_A"])  # another jurisdiction's cell
    client.post(f"/officer/calls/{call.pk}/review/", {"reason": "x"})
    call.refresh_from_db()
    assert call.review_requested_at is None


def test_the_demo_week(week):
    calls = Call.objects.all()
    days = {c.started_at.astimezone(KARACHI).date() for c in calls}
    assert len(days) >= 7
    assert calls.filter(started_at__gte=NOW).count() == 0
    assert set(calls.exclude(purpose="").values_list("purpose", flat=True)) == set(Purpose.values)
    assert set(calls.values_list("outcome", flat=True)) >= set(Outcome.values)
    assert calls.filter(direction=Direction.CALLBACK).count() == calls.filter(callback_done_at__isnull=False).count()
    assert calls.filter(callback_due__isnull=False, callback_done_at__isnull=True).exists()
    assert CallComplaint.objects.filter(kind=CallComplaint.Kind.REGISTERED).exists()
    assert CallComplaint.objects.filter(kind=CallComplaint.Kind.LOOKED_AT).exists()
    assert calls.filter(review_requested_at__isnull=False).exists()
    assert set(calls.values_list("agent__username", flat=True)) == {"agent", "agent2"}
    before = calls.count()
    assert load_week(now=NOW, seed=4) == 0 and Call.objects.count() == before  # a second load adds nothing
