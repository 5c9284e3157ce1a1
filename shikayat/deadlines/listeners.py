"""How the deadlines plug into the complaint core (complaints/hooks.py), registered in DeadlinesConfig.ready():
the working-day calendar every deadline is counted in, the delay ledger's stages done (contact, report, the
call-backs after the citizen's feedback time ran out), the investigation opened when an FIR is linked and its
ending action, and the notices of an escalation to the supervisor who now
answers for the complaint (shikayat.updates tells the complainant)."""

from shikayat.complaints import handlers, hooks
from shikayat.notifications.outbox import enqueue_many

from . import notices
from .calendar import working_calendar
from .feedback import attempts_needed
from .investigation import ACTION as FINAL_REPORT
from .investigation import start_on_fir, submit_final_report
from .ledger import stage_done
from .models import Stage

# Steps that end the wait for the citizen's feedback (the call-backs' stage is done), besides the last attempt.
FEEDBACK_ENDS = frozenset({"confirm_satisfied", "reopen", "close_without_confirmation", "withdraw"})


def stages_done(event: hooks.ActionEvent) -> None:
    """A stage missed in this cycle is done now: the ledger stops counting hours late."""
    row = event.complaint
    if event.action == "log_contact":
        if event.before.first_contacted_at is None and row.contact_breached_at is not None:
            stage_done(row, Stage.CONTACT, event.at)
    elif event.action == "propose_resolution":
        if row.report_breached_at is not None:
            stage_done(row, Stage.REPORT, event.at)
    elif event.before.callback_checked_at is not None and (
            event.action in FEEDBACK_ENDS or row.feedback_attempts >= attempts_needed()):
        # The call-backs were checked (and perhaps charged, feedback.py) in the cycle as it was before.
        stage_done(event.before, Stage.FEEDBACK, event.at)


def escalation_notices(event: hooks.ActionEvent) -> None:
    """The supervisor escalated to is told (nobody when no officer was left up the chain)."""
    if "officer" not in event.data:
        return
    row = event.complaint
    key = f"{row.etag}:escalated:{row.cycle_started_at.timestamp():.0f}:{row.escalation_level}"
    enqueue_many(notices.escalation_messages(row, row.escalated_to, key))


def register() -> None:
    hooks.provide_calendar(working_calendar)
    hooks.register(stages_done, name="deadlines.stages_done", order=100,
                   actions={"log_contact", "propose_resolution", "record_feedback_attempt", *FEEDBACK_ENDS})
    hooks.register(escalation_notices, name="deadlines.escalation_notices", order=200, actions={"escalate"})
    # The investigation after an FIR (investigation.py): opened as the FIR is linked, ended by its own action.
    hooks.register(start_on_fir, name="deadlines.investigation", order=100, on="changing", actions={"link_fir"})
    handlers.register(FINAL_REPORT, lambda c, a, ch, p: submit_final_report(
        c, actor=a, channel=ch, kind=p.get("kind", ""), number=p.get("number", ""), report_date=p.get("date", ""),
        note=p.get("note", "")))
