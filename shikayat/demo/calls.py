"""A week of 8787 calls for the demo, so the call-centre dashboard and the review list are not empty: every
call-centre agent's shifts, calls heavier by day, some abandoned, every purpose and outcome, call-backs made
and still due, complaints registered or looked at during the call, a few calls marked for review."""

import random
from datetime import datetime, timedelta

from shikayat.accounts.models import Posting, Role
from shikayat.calls.actions import CALLBACK_WITHIN
from shikayat.calls.models import Call, CallComplaint, Direction, Extension, Outcome, Purpose, State
from shikayat.complaints.models import Complaint

from .complaints import _weighted, random_mobile

# Relative call volume by local hour: quiet at night, busiest late morning and evening.
HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 3, 5, 8, 11, 12, 12, 11, 10, 10, 10, 11, 12, 12, 11, 9, 7, 5, 3]
PURPOSES = {Purpose.NEW_COMPLAINT: 30, Purpose.STATUS: 35, Purpose.FEEDBACK: 10, Purpose.INFORMATION: 18,
            Purpose.ABUSIVE_BLANK: 7}
OUTCOMES = {
    Purpose.NEW_COMPLAINT: {Outcome.REGISTERED: 80, Outcome.CALL_BACK: 10, Outcome.DROPPED: 5, Outcome.REFERRED: 5},
    Purpose.STATUS: {Outcome.RESOLVED: 75, Outcome.CALL_BACK: 20, Outcome.DROPPED: 5},
    Purpose.FEEDBACK: {Outcome.RESOLVED: 85, Outcome.CALL_BACK: 15},
    Purpose.INFORMATION: {Outcome.RESOLVED: 70, Outcome.REFERRED: 30},
    Purpose.ABUSIVE_BLANK: {Outcome.DROPPED: 100},
}
REVIEW_REASONS = ["Caller says the agent was rude; listen to the recording.",
                  "Long silence before the complaint was registered.",
                  "Check the category chosen for this complaint."]


def _agents():
    postings = Posting.objects.active().filter(role=Role.CALL_CENTRE).select_related("user", "unit")
    return sorted({p.user.pk: (p.user, p.unit.path) for p in postings}.values(), key=lambda a: a[0].username)


def load_week(*, now: datetime, seed: int = 7, per_day: int = 90, country: str = "PK") -> int:
    """Seven days of calls ending at `now` (none if there are calls already): how many were written."""
    if Call.objects.exists():
        return 0
    agents = _agents()
    if not agents:
        return 0
    rng = random.Random(seed)
    for n, (agent, _path) in enumerate(agents):
        Extension.objects.get_or_create(agent=agent, defaults={"number": f"{2101 + n}"})
    reviewer = Posting.objects.active().filter(role=Role.COMPLAINT_CELL).select_related("user").first()
    known = list(Complaint.objects.filter(channel="call_centre").values_list("pk", "complainant_mobile")[:400])
    calls, links, n = [], [], 0
    start = now - timedelta(days=7)
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day < now:
        for _i in range(per_day + rng.randrange(-20, 21)):
            at = day + timedelta(hours=_weighted(rng, dict(enumerate(HOUR_WEIGHTS))), seconds=rng.randrange(3600))
            if not start <= at < now - timedelta(minutes=15):
                continue
            n += 1
            agent, path = rng.choice(agents)
            complaint = rng.choice(known) if known and rng.random() < 0.5 else None
            caller = complaint[1] if complaint else random_mobile(rng, country)
            call = Call(caller=caller, agent=agent, unit_path=path, direction=Direction.INBOUND, started_at=at,
                        external_id=f"demo-{seed}-{n}", extension=str(2101 + agents.index((agent, path))))
            if rng.random() < 0.08:  # hung up before an agent answered
                call.state, call.outcome = State.CLOSED, Outcome.ABANDONED
                call.ended_at = call.closed_at = at + timedelta(seconds=rng.randrange(10, 90))
                calls.append(call)
                continue
            purpose = _weighted(rng, PURPOSES)
            outcome = _weighted(rng, OUTCOMES[purpose])
            call.answered_at = at + timedelta(seconds=rng.randrange(3, 40))
            call.ended_at = call.answered_at + timedelta(seconds=rng.randrange(20, 90) if purpose ==
                                                         Purpose.ABUSIVE_BLANK else rng.randrange(90, 720))
            call.closed_at = call.ended_at + timedelta(seconds=rng.randrange(5, 60))
            call.state, call.purpose, call.outcome = State.CLOSED, purpose, outcome
            call.recording_ref = f"rec/{at:%Y%m%d}/{n}.wav"
            if outcome == Outcome.CALL_BACK:
                call.callback_due = call.closed_at + CALLBACK_WITHIN
                done = call.closed_at + timedelta(hours=rng.randrange(1, 30))
                if done < now and rng.random() < 0.75:
                    call.callback_done_at = done
            if reviewer and rng.random() < 0.02:
                call.review_requested_by, call.review_requested_at = reviewer.user, call.closed_at + timedelta(hours=2)
                call.review_reason = rng.choice(REVIEW_REASONS)
            calls.append(call)
            if complaint and purpose in (Purpose.STATUS, Purpose.FEEDBACK, Purpose.NEW_COMPLAINT):
                kind = (CallComplaint.Kind.REGISTERED if purpose == Purpose.NEW_COMPLAINT
                        else CallComplaint.Kind.LOOKED_AT)
                links.append((call, complaint[0], kind))
        day += timedelta(days=1)
    Call.objects.bulk_create(calls, batch_size=500)
    saved = dict(Call.objects.filter(external_id__startswith=f"demo-{seed}-").values_list("external_id", "pk"))
    CallComplaint.objects.bulk_create(
        [CallComplaint(call_id=saved[call.external_id], complaint_id=pk, kind=kind, at=call.answered_at)
         for call, pk, kind in links], batch_size=500)
    _callbacks(saved, calls, rng)
    return Call.objects.count()


def _callbacks(saved: dict, calls: list[Call], rng: random.Random) -> None:
    """The call-back calls that answered the calls above."""
    made = []
    for call in calls:
        if call.callback_done_at is None:
            continue
        made.append(Call(caller=call.caller, agent=call.agent, unit_path=call.unit_path, direction=Direction.CALLBACK,
                         state=State.CLOSED, purpose=call.purpose or Purpose.STATUS, outcome=Outcome.RESOLVED,
                         started_at=call.callback_done_at - timedelta(minutes=4),
                         answered_at=call.callback_done_at - timedelta(minutes=4),
                         ended_at=call.callback_done_at, closed_at=call.callback_done_at,
                         answers_id=saved[call.external_id]))
    Call.objects.bulk_create(made, batch_size=500)
