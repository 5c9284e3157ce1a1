"""The one change the duplicate search makes itself: an officer says a suggestion is "not the same" (merging
is the core's mark_duplicate, run from the suggestion's button)."""

from django.db import transaction

from shikayat.accounts.models import User
from shikayat.complaints import permissions
from shikayat.complaints.models import Complaint
from shikayat.core import clock
from shikayat.core.errors import NotFound

from .models import Suggestion


def dismiss(complaint: Complaint, suggestion_id: int, *, actor: User) -> Suggestion:
    """Record that `actor` found the suggestion on `complaint`'s page "not the same": it is no longer shown.
    Only an officer who may see both complaints; else NotFound."""
    with transaction.atomic():
        pair = (Suggestion.objects.select_for_update().select_related("complaint", "other")
                .filter(pk=suggestion_id).first())
        if pair is None or complaint.pk not in (pair.complaint_id, pair.other_id) or not (
                permissions.can_view(actor, pair.complaint) and permissions.can_view(actor, pair.other)):
            raise NotFound()
        if pair.dismissed_at is None:
            pair.dismissed_at, pair.dismissed_by = clock.now(), actor
            pair.save(update_fields=["dismissed_at", "dismissed_by"])
        return pair
