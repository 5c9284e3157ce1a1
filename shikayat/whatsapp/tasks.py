"""Background jobs for WhatsApp. process_inbound is queued by the webhook
right after each delivery is stored, and run every few seconds by the
scheduler as a safety net (shikayat.worker.schedule, job "process_whatsapp");
fetch_media is queued when the conversation engine asks for a file.

The domain functions are imported inside the bodies, so this module loads
before (and without) the apps that provide them."""

import logging
import time

from django_tasks import task

log = logging.getLogger("shikayat.whatsapp")


@task()
def process_inbound(batch: int = 100, budget_seconds: float = 4.0) -> dict:
    """Pending messages to the conversation engine, statuses to the outbox,
    then due media retries; batch after batch until the work or the time
    budget runs out."""
    from .media import fetch_due
    from .processing import process_pending, record_statuses

    give_up_at = time.monotonic() + budget_seconds
    counts = {"messages": 0, "status_events": 0, "media": 0}
    while True:
        messages, events = process_pending(limit=batch), record_statuses(limit=batch)
        counts["messages"] += messages
        counts["status_events"] += events
        if (messages < batch and events < batch) or time.monotonic() >= give_up_at:
            break
    if time.monotonic() < give_up_at:
        counts["media"] = fetch_due(limit=5)
    if any(counts.values()):
        log.info("whatsapp: %s", ", ".join(f"{key} {n}" for key, n in counts.items()))
    return counts


@task()
def fetch_media(fetch_id: int) -> str:
    """Download one file from WhatsApp and attach it; returns the fetch's state."""
    from .media import fetch

    return fetch(fetch_id)
