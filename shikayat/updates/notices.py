"""An officer's notices (Updates in the workspace): written by the listeners in officers.py, read here by the
header's count and the list page, and marked read when the officer opens them or the complaint."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import F, QuerySet

from shikayat.accounts.models import User
from shikayat.complaints.models import Complaint
from shikayat.core import clock

from .models import OfficerNotice

SHOWN = 100  # the list page shows the newest this many


def add(officer: User, complaint: Complaint, kind: str, at: datetime) -> OfficerNotice | None:
    """A new unread notice, or None when one of this kind is already unread (it now counts one more, at `at`).
    The caller holds the complaint's row lock (perform()), so two actions never race for the same notice."""
    unread = OfficerNotice.objects.filter(user=officer, complaint=complaint, kind=kind, read_at__isnull=True)
    if unread.update(at=at, count=F("count") + 1):
        return None
    return OfficerNotice.objects.create(user=officer, complaint=complaint, kind=kind, at=at)


def unread_count(officer: User) -> int:
    return OfficerNotice.objects.filter(user=officer, read_at__isnull=True).count()


def for_officer(officer: User) -> QuerySet[OfficerNotice]:
    """The officer's newest notices, unread or not, with what the list shows of each complaint."""
    return (OfficerNotice.objects.filter(user=officer).select_related("complaint__category", "complaint__unit")
            .order_by("-at", "-id")[:SHOWN])


def mark_read(officer: User, *, complaints: Iterable[Complaint] | None = None, pk: int | None = None,
              now: datetime | None = None) -> int:
    """Mark the officer's unread notices read: those about `complaints`, the one numbered `pk`, or (neither
    given) all of them. Returns how many."""
    unread = OfficerNotice.objects.filter(user=officer, read_at__isnull=True)
    if complaints is not None:
        unread = unread.filter(complaint_id__in=[complaint.pk for complaint in complaints])
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=now or clock.now())


def notice_of(officer: User, pk: int) -> OfficerNotice | None:
    """One of the officer's own notices (None for anyone else's)."""
    return OfficerNotice.objects.filter(user=officer, pk=pk).select_related("complaint").first()
