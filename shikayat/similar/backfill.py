"""Fingerprints for complaints registered before the duplicate search existed, or written straight to the tables
(shikayat.demo.generate, restores of old backups): without one a complaint is never a candidate. Batches in id
order, each one statement; no suggestions or hot spots for the past."""

from django.db import transaction

from shikayat.complaints.models import Complaint

from .models import Fingerprint
from .search import fingerprint_of

FIELDS = ("id", "description", "complainant_mobile", "complainant_id_number", "incident_unit_id", "unit_id", "lat",
          "lng", "category_id", "is_confidential", "received_at", "status")


def backfill(batch: int = 2000, progress=lambda done: None) -> int:
    """Write the missing fingerprints; returns how many were written."""
    written, after = 0, 0
    while True:
        rows = list(Complaint.objects.filter(pk__gt=after).order_by("pk").only(*FIELDS)[:batch])
        if not rows:
            return written
        after = rows[-1].pk
        have = set(Fingerprint.objects.filter(complaint_id__in=[c.pk for c in rows])
                   .values_list("complaint_id", flat=True))
        missing = [fingerprint_of(c) for c in rows if c.pk not in have]
        with transaction.atomic():
            Fingerprint.objects.bulk_create(missing, ignore_conflicts=True)
        written += len(missing)
        progress(len(rows))
