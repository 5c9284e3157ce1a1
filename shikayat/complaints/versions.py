"""What someone saw before acting on a complaint, and whether it still holds.

A complaint's version, for a reader, is the id of the last timeline event
that reader may see: every change writes one event, and unlike a status
(which recurs: a resolution returned and proposed again) an event id never
does. Officers see every event, citizens the public ones (so an internal
note never makes a citizen's answer stale, nor is described to them).

The officer page, the API, the citizen's page and the bot send the version
their reader saw with an action; `unchanged_since` locks the complaint row in
the action's transaction and refuses with 409 (StaleVersion) when an event
the actor may see was written after it, naming who did what and when and
the complaint's status now. Nothing of the refused action is written."""

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.accounts.models import User
from shikayat.accounts.ranks import shown_actor
from shikayat.core import dates
from shikayat.core.errors import DomainError, NotFound

from . import permissions, selectors, workflow
from .models import Complaint, ComplaintEvent
from .permissions import Actor, CitizenActor

MAX_DESCRIBED = 5


class StaleVersion(DomainError):
    status_code = 409
    code = "stale_version"
    default_message = gettext_lazy("This complaint changed while you were looking at it.")

    def __init__(self, message=None, *, current: dict):
        super().__init__(message)
        self.current = current  # status, status_label, version, changes: for the caller to show


def version_of(actor: Actor, complaint: Complaint) -> int:
    """The version `actor` sees now: the id of the last timeline event they may see (0 before any)."""
    return selectors.timeline_for(actor, complaint).aggregate(last=Max("id"))["last"] or 0


def versions_of(actor: Actor, complaints: list[Complaint]) -> dict[int, int]:
    """version_of for a page of complaints in one query: complaint id → version."""
    events = ComplaintEvent.objects.filter(complaint_id__in=[c.pk for c in complaints])
    if isinstance(actor, CitizenActor):
        events = events.filter(is_public=True)
    last = dict(events.values("complaint_id").annotate(last=Max("id")).values_list("complaint_id", "last"))
    return {c.pk: last.get(c.pk) or 0 for c in complaints}


def unchanged_since(complaint: Complaint, seen: int | None, *, actor: Actor) -> None:
    """Call at the start of the action's transaction: locks the complaint
    and raises StaleVersion when an event `actor` may see was written after
    event `seen` (NotFound, as the action would, if they may not see the
    complaint at all). `seen` None: the caller did not say; nothing checked."""
    if seen is None:
        return
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not permissions.can_view(actor, locked):
        raise NotFound(_("No complaint with this E-tag in your jurisdiction."))
    since = list(selectors.timeline_for(actor, locked).filter(id__gt=seen).order_by("id"))
    if not since:
        return
    officer = not isinstance(actor, CitizenActor)
    changes = [_change(event, officer) for event in since]
    described = "; ".join(change["text"] for change in changes[-MAX_DESCRIBED:])
    if len(changes) > MAX_DESCRIBED:
        described = _("%(count)d earlier changes, then: %(changes)s") % {
            "count": len(changes) - MAX_DESCRIBED, "changes": described}
    status_label = locked.get_status_display()
    message = _("This complaint changed while you were looking at it: %(changes)s. It is now “%(status)s”. "
                "Nothing you sent was saved; look at it again and act if it is still needed.") % {
        "changes": described, "status": status_label}
    raise StaleVersion(message, current={
        "status": locked.status, "status_label": str(status_label), "version": since[-1].pk,
        "changes": [{key: value for key, value in change.items() if key != "text"} for change in changes]})


def _change(event: ComplaintEvent, officer: bool) -> dict:
    """One event, described for the reader: what, by whom (to officers only), when."""
    when = dates.stamp(event.at)
    label = workflow.event_label(event.action)
    change = {"id": event.pk, "at": event.at.isoformat(), "action": event.action, "label": label,
              "status": event.to_status}
    if officer:
        change["by"] = shown_actor(event.actor_label)
        text = _("“%(action)s” by %(actor)s at %(time)s") % {"action": label, "actor": change["by"],
                                                               "time": when}
        assignee = User.objects.filter(pk=event.data.get("assignee")).first() if event.data.get("assignee") else None
        if assignee is not None:
            change["assignee"] = str(assignee)
            text = _("%(change)s, to %(officer)s") % {"change": text, "officer": assignee}
    else:
        text = _("“%(action)s” at %(time)s") % {"action": label, "time": when}
    change["text"] = text
    return change
