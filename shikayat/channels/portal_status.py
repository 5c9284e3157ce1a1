"""What the complaint cell sees of the write-back to the portals (its page: portal_views.py): per portal, the
steps not yet sent (API mode: the outbox rows pending, dead or of unknown outcome, with their error) or waiting
for the next disposal file (file mode), the notices that could not be applied, and the files made.

A cell sees the steps of the complaints in its units (not the confidential ones, which are not the cell's); the
files cover a portal's every complaint, so only a cell posted at the top of the force lists and downloads them."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from shikayat.accounts.models import Role, User
from shikayat.complaints.permissions import active_postings
from shikayat.notifications import delivery
from shikayat.notifications.models import OutboxMessage

from . import writeback
from .models import DisposalFile, PortalConnection, PortalDisposal, PortalNotice

SHOWN = 200
WAITING = (OutboxMessage.State.PENDING, OutboxMessage.State.DEAD, OutboxMessage.State.UNCERTAIN)
RETRYABLE = (OutboxMessage.State.DEAD, OutboxMessage.State.UNCERTAIN, OutboxMessage.State.PENDING)


def cell_postings(user: User) -> list:
    if not user.is_active:
        return []
    return [p for p in active_postings(user) if p.role == Role.COMPLAINT_CELL]


def may_see(user: User) -> bool:
    """The portals page is the complaint cell's."""
    return bool(cell_postings(user))


def sees_files(user: User) -> bool:
    return any(p.unit.parent_id is None for p in cell_postings(user))


def _within(user: User, prefix: str = "complaint__") -> Q:
    query = Q(pk__in=[])
    for posting in cell_postings(user):
        query |= Q(**{f"{prefix}unit_path__startswith": posting.unit.path})
    return query & Q(**{f"{prefix}is_confidential": False})


def unsent(user: User) -> QuerySet[OutboxMessage]:
    """The portal messages of the cell's complaints not sent yet: dead letters first, then by age."""
    return (OutboxMessage.objects.filter(_within(user), channel=writeback.CHANNEL, state__in=WAITING)
            .select_related("complaint").order_by("state", "id"))


@dataclass
class Portal:
    connection: PortalConnection
    messages: list = field(default_factory=list)
    waiting: list = field(default_factory=list)  # file mode: steps waiting for the next file
    notices: list = field(default_factory=list)  # notices that could not be applied
    files: list = field(default_factory=list)


def overview(user: User) -> list[Portal]:
    portals = {c.source: Portal(connection=c) for c in PortalConnection.objects.order_by("source")}
    for row in unsent(user)[:SHOWN]:
        if row.recipient in portals:
            portals[row.recipient].messages.append(row)
    waiting = (PortalDisposal.objects.filter(_within(user), file__isnull=True).select_related("complaint")
               .order_by("id"))
    for entry in waiting[:SHOWN]:
        if entry.source in portals:
            portals[entry.source].waiting.append(entry)
    notices = (PortalNotice.objects.filter(_within(user), outcome=PortalNotice.Outcome.NOT_APPLIED)
               .select_related("complaint").order_by("-at", "-id"))
    for notice in notices[:SHOWN]:
        if notice.source in portals:
            portals[notice.source].notices.append(notice)
    if sees_files(user):
        for made in DisposalFile.objects.defer("csv_content", "xlsx_content")[:SHOWN]:
            if made.source in portals:
                portals[made.source].files.append(made)
    return list(portals.values())


def retry(user: User, ids: list[int]) -> int:
    """Send these portal messages of the cell's complaints again now (outbox "Retry now"); others are ignored."""
    mine = unsent(user).filter(pk__in=ids, state__in=RETRYABLE).values_list("pk", flat=True)
    return delivery.requeue(list(mine))


def file_for(user: User, pk: int) -> DisposalFile | None:
    return DisposalFile.objects.filter(pk=pk).first() if sees_files(user) else None
