"""Receipt numbers LOST-<year>-<six digits>, without gaps or duplicates: the year's counter row is locked (SELECT …
FOR UPDATE) by the transaction that writes the report, so a second report waits for the first to commit or roll
back; a rolled-back report's number is given to the next one."""

from django.db import transaction

from .models import ReceiptCounter

PREFIX = "LOST-"


def next_number(year: int) -> str:
    """The next receipt number of `year`; call inside the transaction that saves the report."""
    assert transaction.get_connection().in_atomic_block, "a receipt number is taken in the report's transaction"
    ReceiptCounter.objects.bulk_create([ReceiptCounter(year=year)], ignore_conflicts=True)  # the year's first
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{PREFIX}{year}-{counter.last:06d}"
