"""The supervisors' daily digest: for each supervisor posting, how many
complaints are open in its subtree, how many are overdue, and how many
deadlines were found missed today (nothing when all three are zero). One
message per posting, channel and local day (the dedupe key), so running it
twice sends it once."""

from datetime import datetime, time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from shikayat.accounts.models import Posting, Role
from shikayat.complaints.models import Complaint
from shikayat.complaints.workflow import OPEN
from shikayat.core import clock, dates
from shikayat.notifications.models import OutboxMessage
from shikayat.notifications.outbox import enqueue_many

from . import notices
from .models import DelayEntry

OPEN_STATUSES = sorted(OPEN)


def _figures(path: str, now: datetime, day_start: datetime) -> dict:
    """Counts in the subtree, through the scope index (unit_path, status) and the ledger's (unit_path, detected_at)."""
    in_scope = Complaint.objects.filter(unit_path__startswith=path, status__in=OPEN_STATUSES)
    overdue = in_scope.filter(Q(first_contacted_at__isnull=True, contact_due_at__lt=now)
                              | Q(resolution_proposed_at__isnull=True, report_due_at__lt=now))
    return {
        "pending": in_scope.count(),
        "overdue": overdue.count(),
        "breached_today": DelayEntry.objects.filter(unit_path__startswith=path, detected_at__gte=day_start).count(),
    }


def send_digests(now: datetime | None = None) -> int:
    """Queue today's digest for every active supervisor posting that has not
    had it yet; returns how many messages were queued."""
    now = now or clock.now()
    local_day = timezone.localtime(now).date()
    day_start = timezone.make_aware(datetime.combine(local_day, time.min))
    url = f"{settings.SHIKAYAT['PUBLIC_URL'].rstrip('/')}/officer/ledger/"
    postings = (Posting.objects.active().filter(role=Role.SUPERVISOR, user__is_active=True)
                .select_related("user", "unit").order_by("pk"))
    queued = 0
    for posting in postings:
        officer = posting.user
        key = f"digest:{local_day.isoformat()}:posting-{posting.pk}"
        rows = notices.to_officer(officer, "deadline_digest", key, {})
        if not rows or OutboxMessage.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).exists():
            continue  # no mobile or email, or already sent today
        figures = _figures(posting.unit.path, now, day_start)
        if not any(figures.values()):
            continue  # nothing open below this posting: no message
        context = {"unit": posting.unit.name_in(notices.language_of(officer)), "date": dates.date_only(local_day),
                   "url": url, **figures}
        for row in rows:
            row.context = context
        enqueue_many(rows)
        queued += len(rows)
    return queued

