"""The outbox's fastest path for an alert: a delivery run of the alert's own messages (sos.tasks.deliver_alert,
sending those rows by id) is queued the moment the alert commits, instead of waiting for the periodic job
(every OUTBOX_SECONDS) and for whatever backlog it would send first. The messages are also queued already due
and dated back, so that if the queue is down the periodic job's claim, which takes the oldest due first, still
takes them ahead of any backlog."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shikayat.accounts.models import Posting, Role
from shikayat.notifications import outbox
from shikayat.notifications.models import OutboxMessage

from .models import SosAlert

log = logging.getLogger("shikayat.sos")

STATION_ROLES = (Role.STATION_HEAD, Role.FRONT_DESK)  # the SHO and the duty officers at the front desk
# How far back an alert's messages are dated: ahead of anything an ordinary backlog holds.
AHEAD_BY = timedelta(days=1)


def duty_numbers() -> list[str]:
    """The call centre's duty numbers (SHIKAYAT_SOS_DUTY_NUMBERS, comma-separated E.164)."""
    value = settings.SHIKAYAT.get("SOS_DUTY_NUMBERS", "")
    numbers = value.split(",") if isinstance(value, str) else list(value)
    return [number.strip() for number in numbers if number.strip()]


def recipients(alert: SosAlert) -> list[tuple[str, str]]:
    """(mobile, language) of the station's SHO and duty officers with a mobile on record, then the duty numbers."""
    found: dict[str, str] = {}
    if alert.station_id:
        postings = (Posting.objects.active().filter(unit_id=alert.station_id, role__in=STATION_ROLES)
                    .exclude(user__mobile="").select_related("user").order_by("role", "id"))
        for posting in postings:
            found.setdefault(posting.user.mobile, posting.user.preferred_language or "en")
    for number in duty_numbers():
        found.setdefault(number, "en")
    return list(found.items())


def queue_alert_messages(alert: SosAlert) -> list[OutboxMessage]:
    """The alert's SMS to each recipient, due before everything else, and an immediate delivery run."""
    when = timezone.localtime(alert.raised_at).strftime("%H:%M")
    place = (f"{alert.lat},{alert.lng}." if alert.lat is not None else "")
    rows = []
    for mobile, language in recipients(alert):
        row = outbox.message(channel="sms", recipient=mobile, template="sos_alert", language=language,
                             context={"phone": alert.phone or alert.wa_id, "time": when, "place": place,
                                      "station": alert.station.name_in(language) if alert.station else "-"},
                             dedupe_key=f"sos:{alert.pk}:{mobile}"[:120])
        row.next_attempt_at = row.created_at - AHEAD_BY
        rows.append(row)
    outbox.enqueue_many(rows)
    alert_id = alert.pk
    transaction.on_commit(lambda: deliver_now(alert_id))
    return rows


def deliver_now(alert_id: int) -> None:
    """Queue the alert's delivery run at once (after the commit: it must see the messages)."""
    try:
        from .tasks import deliver_alert

        deliver_alert.enqueue(alert_id)
    except Exception:
        log.exception("sos: could not queue the alert's delivery; the periodic job sends it first")
