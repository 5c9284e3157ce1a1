"""Listeners of the complaint core (complaints/hooks.py) that write back to the portal a complaint came from.

Every step the complainant reads on /track/ (updates/wording.py), of a complaint imported from a portal with a
write-back connection, becomes in the step's transaction: an outbox row for the portal (API mode; sent in order
per complaint by the worker, portal_api.PortalBackend), or a row waiting for the portal's next disposal file
(file mode). Registration tells the portal our E-tag and the office it went to. One per (complaint, timeline
event): a retried action never queues twice. A complaint from any other channel costs one comparison."""

from shikayat.complaints import hooks
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.notifications.outbox import enqueue_many, message
from shikayat.updates import wording

from . import writeback
from .models import PortalConnection, PortalDisposal

ORDER = 600  # after the complainant's own message (300), before the dashboards' rollup (900, last)


def _write(connection: writeback.Connection, complaint: Complaint, event: ComplaintEvent, status: str) -> None:
    said = wording.line(event, complaint, writeback.remarks_language(connection.mapping, complaint))
    if said is None:
        return
    body = writeback.payload(connection.mapping, complaint, status=status, remarks=said.text, at=event.at)
    key = f"portal:{complaint.pk}:{event.pk}"
    if connection.mode == PortalConnection.Mode.FILE:
        PortalDisposal.objects.bulk_create(
            [PortalDisposal(source=connection.source, complaint=complaint, dedupe_key=key, at=event.at, values=body)],
            ignore_conflicts=True)
        return
    enqueue_many([message(channel=writeback.CHANNEL, recipient=connection.source, template=writeback.TEMPLATE,
                          language="en", context=body, dedupe_key=key, complaint=complaint)])


def step_taken(event: hooks.ActionEvent) -> None:
    """A public step of an imported complaint, to its portal."""
    complaint = event.complaint
    if complaint.channel != writeback.IMPORT_CHANNEL:
        return  # before anything else: intake and every action of the other channels pay only this
    connection = writeback.connection_for(writeback.source_of(complaint))
    written = event.timeline
    if connection is None or written is None or not wording.told(written):
        return
    _write(connection, complaint, written, event.to_status)


def registered(event: hooks.Registered) -> None:
    """Imported complaints just registered (a whole batch of an import): each portal hears our E-tag and office."""
    if event.channel != writeback.IMPORT_CHANNEL:
        return
    by_source: dict[str, list[Complaint]] = {}
    for complaint in event.complaints:
        by_source.setdefault(writeback.source_of(complaint), []).append(complaint)
    wanted = {source: writeback.connection_for(source) for source in by_source}
    complaints = {c.pk: c for source, found in by_source.items() if wanted[source] for c in found}
    if not complaints:
        return
    for first in ComplaintEvent.objects.filter(complaint_id__in=list(complaints), action="register"):
        complaint = complaints[first.complaint_id]
        _write(wanted[writeback.source_of(complaint)], complaint, first, complaint.status)


def register() -> None:
    """Register this module's listeners (called from ChannelsConfig.ready)."""
    hooks.register(step_taken, name="channels.portal_writeback", order=ORDER)
    hooks.register(registered, name="channels.portal_registered", order=ORDER, on="registered")
