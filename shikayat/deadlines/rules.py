"""What the sweep needs from the SOPs, loaded once per sweep: per category
(its own SOP or the nearest ancestor's) the stage windows, the escalation
ladder, the call-back time and the rank an overdue enquiry escalates to.
Cached with the other reference data (cleared when a category, SOP or
escalation step is saved)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from shikayat.categories.models import SOP, Category, EscalationStep
from shikayat.complaints import sla
from shikayat.core.refcache import reference


@dataclass(frozen=True)
class Step:
    number: int
    rank: int
    hours_after_breach: int


@dataclass(frozen=True)
class CategoryRule:
    contact_hours: int
    report_hours: int
    ladder: tuple[Step, ...]
    callback_hours: int = 48  # after the citizen's feedback time ran out (SOP.callback_hours)
    enquiry_min_rank: int = 0  # against police: who an overdue enquiry escalates to, at least (SOP.enquiry_min_rank)
    investigation_hours: int = 14 * 24  # after an FIR is linked (SOP.investigation_days)


def _load() -> dict[int, CategoryRule]:
    sops = {sop.category_id: sop for sop in SOP.objects.all()}
    ladders: dict[int, list[Step]] = {}
    for step in EscalationStep.objects.order_by("sop_id", "step"):
        ladders.setdefault(step.sop_id, []).append(Step(step.step, step.rank, step.hours_after_breach))
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    rules = {}
    for category_id in parents:
        current, seen = category_id, set()
        while current is not None and current not in sops and current not in seen:
            seen.add(current)
            current = parents.get(current)
        sop = sops.get(current)
        if sop is not None:
            rules[category_id] = CategoryRule(sop.contact_hours, sop.report_hours, tuple(ladders.get(sop.pk, ())),
                                              sop.callback_hours, sop.enquiry_min_rank, sop.investigation_days * 24)
    return rules


def category_rules() -> dict[int, CategoryRule]:
    return reference.get("deadline-rules", _load)


def reminder_leads(rules: dict[int, CategoryRule], stage: str) -> dict[timedelta, list[int]]:
    """Categories grouped by how long before the `stage` deadline their holders are reminded."""
    hours = settings.SHIKAYAT.get("REMINDER_HOURS", 2)
    fraction = settings.SHIKAYAT.get("REMINDER_FRACTION", 0.25)
    groups: dict[timedelta, list[int]] = {}
    for category_id, rule in rules.items():
        window = {"contact": rule.contact_hours, "investigation": rule.investigation_hours}.get(stage,
                                                                                             rule.report_hours)
        groups.setdefault(sla.reminder_lead(window, hours, fraction), []).append(category_id)
    return groups
