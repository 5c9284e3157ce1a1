"""The citizen's feedback on the SOP's clock, two steps of the deadline sweep.

1. Lapse. A supervisor approved a resolution and the citizen was asked
   (actions.approve_resolution: feedback_due_at = SOP.feedback_hours on).
   When that time runs out unanswered, the sweep marks the complaint
   `feedback_lapsed_at`: it is now due for a call-back, first in the call
   centre's queue (web/desk_views.py), and the call-backs are due by
   `callback_due_at` = feedback_due_at + SOP.callback_hours (working hours,
   like every deadline). Nothing is charged: a citizen who does not answer
   is nobody's delay.
2. Call-backs. At `callback_due_at`, a complaint still waiting for the
   citizen with fewer call-back attempts recorded than a supervisor needs to
   close it (SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]) was let
   lapse by the officers: a delay-ledger entry (Stage.FEEDBACK, due at
   callback_due_at) is charged to the complaint's unit, whose office owes
   the call-backs, and to no officer (the enquiry officer who proposed the
   resolution does not make them). With the attempts made, the citizen
   simply did not answer: nothing is charged, and a supervisor may close it
   with reasons. Either way each complaint is checked once
   (`callback_checked_at`); the entry stops counting hours once the attempts
   are made or the complaint stops waiting (listeners.stages_done).

Both read only what is due through partial indexes (complaint_feedback_lapse_idx,
complaint_callback_idx), claim a batch at a time with SKIP LOCKED and write it
set-based, like the other stages (sweep.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Value, When

from shikayat.complaints import sla
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import Status

from .models import Stage
from .rules import CategoryRule
from .sweep import Sweep, _after, _claim, mark_and_charge

DEFAULT_CALLBACK_HOURS = CategoryRule.callback_hours


def attempts_needed() -> int:
    return settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"]


def feedback_lapses(sweep: Sweep) -> int:
    """Complaints whose citizen's feedback time ran out: to the call-back queue, call-backs due. How many."""
    base = Complaint.objects.filter(status=Status.AWAITING_FEEDBACK, feedback_lapsed_at__isnull=True,
                                    feedback_due_at__lte=sweep.now)
    total, cursor = 0, None
    while True:
        with transaction.atomic():
            rows = _claim(base.filter(_after("feedback_due_at", cursor)), "feedback_due_at", sweep.batch,
                          "category_id")
            if not rows:
                return total
            Complaint.objects.filter(pk__in=[row[0] for row in rows]).update(
                feedback_lapsed_at=sweep.now, callback_due_at=_callback_due(sweep, rows))
        total += len(rows)
        cursor = rows[-1][1], rows[-1][0]
        if len(rows) < sweep.batch:
            return total


def _callback_due(sweep: Sweep, rows: list[tuple]):
    """callback_due_at per claimed row (pk, feedback_due_at, category_id): its category's call-back hours on."""
    by_hours: dict[int, list[int]] = {}
    for pk, _due, category_id in rows:
        rule = sweep.rules.get(category_id)
        by_hours.setdefault(rule.callback_hours if rule else DEFAULT_CALLBACK_HOURS, []).append(pk)
    if sweep.calendar is None:
        whens = [When(pk__in=ids, then=F("feedback_due_at") + timedelta(hours=hours))
                 for hours, ids in by_hours.items()]
    else:
        due_of = {row[0]: row[1] for row in rows}
        whens = [When(pk=pk, then=Value(sla.add_hours(due_of[pk], hours, sweep.calendar)))
                 for hours, ids in by_hours.items() for pk in ids]
    return Case(*whens, output_field=DateTimeField())


def callback_checks(sweep: Sweep) -> int:
    """Complaints whose call-backs fell due: charged when too few attempts were made. How many were charged."""
    needed = attempts_needed()
    base = Complaint.objects.filter(status=Status.AWAITING_FEEDBACK, callback_due_at__isnull=False,
                                    callback_checked_at__isnull=True, callback_due_at__lte=sweep.now)
    charged, cursor = 0, None
    while True:
        with transaction.atomic():
            rows = _claim(base.filter(_after("callback_due_at", cursor)), "callback_due_at", sweep.batch,
                          "feedback_attempts", "category_id", "channel")
            if not rows:
                return charged
            late = [pk for pk, _due, attempts, _category, _channel in rows if attempts < needed]
            mark_and_charge([row[0] for row in rows], sweep.now, column="callback_checked_at", stage=Stage.FEEDBACK,
                            due="callback_due_at", charge_ids=late, to_officer=False,
                            kinds={row[0]: (row[3], row[4]) for row in rows})
        charged += len(late)
        cursor = rows[-1][1], rows[-1][0]
        if len(rows) < sweep.batch:
            return charged
