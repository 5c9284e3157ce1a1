"""The alert's own delivery run, queued the moment an alert commits (alerting.deliver_now)."""

from django_tasks import task


@task()
def deliver_alert(alert_id: int) -> int:
    """Send this alert's messages now, ahead of any backlog; returns how many were sent."""
    from shikayat.notifications.delivery import deliver_ids
    from shikayat.notifications.models import OutboxMessage

    ids = OutboxMessage.objects.filter(dedupe_key__startswith=f"sos:{alert_id}:").values_list("pk", flat=True)
    return deliver_ids(ids)
