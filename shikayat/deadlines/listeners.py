"""How the deadlines plug into the complaint core (complaints/hooks.py), registered in DeadlinesConfig.ready():
the working-day calendar every deadline is counted in, the delay ledger's stages done, and the notices of an
escalation to the supervisor who now answers for the complaint (shikayat.updates tells the complainant)."""

from shikayat.complaints import hooks
from shikayat.notifications.outbox import enqueue_many

from . import notices
from .calendar import working_calendar
from .ledger import stage_done
from .models import Stage


def stages_done(event: hooks.ActionEvent) -> None:
    """A stage missed in this cycle is done now: the ledger stops counting hours late."""
    row = event.complaint
    if event.action == "log_contact":
        if event.before.first_contacted_at is None and row.contact_breached_at is not None:
            stage_done(row, Stage.CONTACT, event.at)
    elif row.report_breached_at is not None:  # propose_resolution
        stage_done(row, Stage.REPORT, event.at)


def escalation_notices(event: hooks.ActionEvent) -> None:
    """The supervisor escalated to is told (nobody when no officer was left up the chain)."""
    if "officer" not in event.data:
        return
    row = event.complaint
    key = f"{row.etag}:escalated:{row.cycle_started_at.timestamp():.0f}:{row.escalation_level}"
    enqueue_many(notices.escalation_messages(row, row.escalated_to, key))


def register() -> None:
    hooks.provide_calendar(working_calendar)
    hooks.register(stages_done, name="deadlines.stages_done", order=100, actions={"log_contact", "propose_resolution"})
    hooks.register(escalation_notices, name="deadlines.escalation_notices", order=200, actions={"escalate"})
