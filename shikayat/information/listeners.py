"""Missing-child reports listen to the complaint core (complaints/hooks.py), registered in
InformationConfig.ready(): the stations around the place are told at once, in the registration's transaction."""

from shikayat.complaints import hooks
from shikayat.notifications.outbox import enqueue_many

from .alerts import report_notices


def missing_child_notices(event: hooks.Registered) -> None:
    enqueue_many([message for complaint in event.complaints for message in report_notices(complaint)])


def register() -> None:
    hooks.register(missing_child_notices, name="information.missing_child_alerts", order=100, on="registered")
