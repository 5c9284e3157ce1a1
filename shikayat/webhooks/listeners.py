"""Listeners of the complaint core (complaints/hooks.py): each event integrators subscribed to becomes one outbox
row per subscription, written in the action's (or intake's) transaction; the worker sends it (backend.py).

Cost: with no active subscription these run no query (registry.py: the per-process reference cache); with some,
the cached list, the reads the citizen wording of the step needs, and one INSERT for all the rows of the event —
for a whole imported batch of complaints too."""

from shikayat.complaints import hooks
from shikayat.notifications import outbox

from . import events
from .registry import current

ORDER = 800  # after the features that change or tell, before the dashboards' rollup (900, last)


def on_registered(event: hooks.Registered) -> None:
    registry = current()
    if not registry.targets:
        return
    rows = []
    for complaint in event.complaints:
        rows += events.messages(registry, complaint, "registered", f"evt_{complaint.etag}_reg", event.at,
                                events.registration(complaint, event.at))
    if rows:
        outbox.enqueue_many(rows)


def on_action(event: hooks.ActionEvent) -> None:
    kind = events.event_type(event)
    if kind is None:
        return
    registry = current()
    if not registry.targets:
        return
    complaint = event.complaint
    rows = events.messages(registry, complaint, kind, f"evt_{complaint.etag}_{event.timeline.pk}", event.at,
                           event.timeline, unit_before=event.before.unit_path)
    if rows:
        outbox.enqueue_many(rows)


def register() -> None:
    """Register this module's listeners (called from WebhooksConfig.ready)."""
    hooks.register(on_registered, name="webhooks.registered", order=ORDER, on="registered")
    hooks.register(on_action, name="webhooks.action", order=ORDER)
