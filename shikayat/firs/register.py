"""Writing FIRs into the register: created or updated by (police station, year, number), with `sensitive`
derived from the offence category and sections (sensitivity.py) every time, so that a change of the settings'
lists applies at the next import (or `import_firs --rederive`)."""

from django.db import transaction
from django.db.models import Q

from shikayat.core import clock

from . import sensitivity
from .models import Fir

FIELDS = ("registered_at", "sections", "offence_category", "complainant_name", "complainant_mobile", "brief_facts",
          "investigating_officer", "status", "sensitive", "unit_path")


def _identity(data: dict) -> tuple:
    return data["unit_id"], data["year"], data["number"]


@transaction.atomic
def upsert(items: list[dict]) -> dict[str, int]:
    """Write checked FIR fields (importing.read_row's): returns how many were created, updated, unchanged."""
    rules, categories = sensitivity.rules(), sensitivity.categories()
    now = clock.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing: dict[tuple, Fir] = {}
    for start in range(0, len(items), 500):
        chunk = items[start:start + 500]
        match = Q(pk__in=[])
        for data in chunk:
            match |= Q(unit_id=data["unit_id"], year=data["year"], number=data["number"])
        for fir in Fir.objects.select_for_update().filter(match):
            existing[(fir.unit_id, fir.year, fir.number)] = fir
    fresh = []
    for data in items:
        data = {**data, "sensitive": sensitivity.is_sensitive(data["offence_category"], data["sections"],
                                                              _rules=rules, _categories=categories)}
        fir = existing.get(_identity(data))
        if fir is None:
            fresh.append(Fir(**data, imported_at=now, updated_at=now))
            counts["created"] += 1
            continue
        changed = [name for name in FIELDS if getattr(fir, name) != data[name]]
        if not changed:
            counts["unchanged"] += 1
            continue
        for name in changed:
            setattr(fir, name, data[name])
        fir.updated_at = now
        fir.save(update_fields=[*changed, "updated_at"])
        counts["updated"] += 1
    Fir.objects.bulk_create(fresh, batch_size=500)
    return counts


@transaction.atomic
def rederive() -> int:
    """Set `sensitive` again on every FIR from the settings' lists; returns how many changed."""
    rules, categories = sensitivity.rules(), sensitivity.categories()
    changed = 0
    for fir in Fir.objects.select_for_update().only("pk", "offence_category", "sections", "sensitive"):
        value = sensitivity.is_sensitive(fir.offence_category, fir.sections, _rules=rules, _categories=categories)
        if value != fir.sensitive:
            Fir.objects.filter(pk=fir.pk).update(sensitive=value)
            changed += 1
    return changed
