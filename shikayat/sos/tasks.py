"""The alert's own delivery run, queued the moment an alert commits (alerting.deliver_now)."""

from django_tasks import task


@task()
def deliver_alert(alert_id: int) -> int:
    """Send this alert's messages now, ahead of any backlog, then the bot's replies waiting for the citizen (the
    helpline and the station's number); returns how many were sent."""
    from shikayat.notifications.delivery import deliver_ids
    from shikayat.notifications.models import OutboxMessage

    from .models import SosAlert

    alert = SosAlert.objects.filter(pk=alert_id).values("wa_id").first()
    if alert is None:
        return 0
    officers = OutboxMessage.objects.filter(dedupe_key__startswith=f"sos:{alert_id}:").values_list("pk", flat=True)
    answers = OutboxMessage.objects.filter(channel="whatsapp", recipient=alert["wa_id"], template="bot_reply",
                                           state=OutboxMessage.State.PENDING).values_list("pk", flat=True)
    sent = deliver_ids(officers)
    return sent + deliver_ids(answers)
