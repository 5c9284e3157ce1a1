"""Which complaint categories are Open311 services, and how they read: the service list and each service's
definition (its attributes). A category is a service when it is active, has an SOP (its own or an ancestor's),
and that SOP is neither confidential nor of a special handling (against police, gender harassment): those are
never taken or published by machine. A key with chosen services is held to them and the categories below them
(categories.tree.with_descendants, as for its webhooks), so choosing a group such as "Crime" gives every
service in it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from shikayat.categories.models import SOP, Category, Handling
from shikayat.categories.tree import with_descendants
from shikayat.integrations.models import Integrator

from .models import LIST_TYPES, CheckedService, ServiceAttribute


@dataclass(frozen=True)
class Service:
    category: Category
    sop: SOP
    has_attributes: bool
    checked_first: bool = False  # its requests wait for the complaint cell (CheckedService), whatever the key

    def waits_for_the_cell(self, integrator: Integrator | None) -> bool:
        """Whether a request to it from this key waits for the complaint cell (a token first, the E-tag later)."""
        return self.checked_first or bool(integrator and integrator.review_first)


def _effective_sops(categories: dict[int, Category], sops: dict[int, SOP]) -> dict[int, SOP]:
    """Category id → its SOP or its nearest ancestor's, from rows already read (no query per category)."""
    found = {}
    for category in categories.values():
        row, seen = category, set()
        while row is not None and row.pk not in seen:
            seen.add(row.pk)
            if row.pk in sops:
                found[category.pk] = sops[row.pk]
                break
            row = categories.get(row.parent_id)
    return found


def is_open(sop: SOP | None) -> bool:
    """Whether complaints under this SOP may come in and be read over Open311."""
    return sop is not None and not sop.confidential and sop.handling == Handling.GENERAL


def services(integrator: Integrator | None = None) -> dict[str, Service]:
    """code → Service, in the categories' order: every open category, or those among them the key's chosen
    categories hold (each chosen one and those below it)."""
    categories = {c.pk: c for c in Category.objects.select_related("parent")}
    sops = _effective_sops(categories, {sop.category_id: sop for sop in SOP.objects.all()})
    asking = set(ServiceAttribute.objects.order_by().values_list("category_id", flat=True).distinct())
    chosen = set(integrator.services.values_list("pk", flat=True)) if integrator is not None else set()
    parents = {pk: c.parent_id for pk, c in categories.items()}
    allowed = with_descendants(chosen, parents) if chosen else None
    checked = with_descendants(CheckedService.objects.values_list("category_id", flat=True), parents)
    rows = sorted((c for c in categories.values() if c.is_active and is_open(sops.get(c.pk))
                   and (allowed is None or c.pk in allowed)), key=lambda c: (c.sort_order, c.code))
    return {c.code: Service(category=c, sop=sops[c.pk], has_attributes=c.pk in asking, checked_first=c.pk in checked)
            for c in rows}


def keywords(category: Category) -> str:
    """The category's names in the three languages, for clients that search: comma separated, as the spec has it."""
    names = [category.name_en, category.name_ur, category.name_hi]
    return ", ".join(dict.fromkeys(name for name in names if name))


def service_row(service: Service, lang: str, integrator: Integrator | None) -> dict:
    category, sop = service.category, service.sop
    return {
        "service_code": category.code,
        "service_name": category.name_in(lang),
        "description": _("An officer must contact the complainant within %(contact)d hours; the enquiry report is "
                         "due within %(report)d hours.") % {"contact": sop.contact_hours, "report": sop.report_hours},
        "metadata": service.has_attributes,
        # batch: requests wait for the complaint cell (a token first, the complaint's E-tag later).
        "type": "batch" if service.waits_for_the_cell(integrator) else "realtime",
        "keywords": keywords(category),
        "group": category.parent.name_in(lang) if category.parent_id else "",
    }


def attributes_of(category: Category) -> list[ServiceAttribute]:
    return list(ServiceAttribute.objects.filter(category=category).order_by("order", "code"))


def _in(attribute: ServiceAttribute, field: str, lang: str) -> str:
    return getattr(attribute, f"{field}_{lang}", "") or getattr(attribute, f"{field}_en")


def definition(category: Category, lang: str) -> dict:
    """The spec's service definition: the service code and its attributes, in `lang`."""
    rows = []
    for attribute in attributes_of(category):
        names = attribute.value_names(lang)
        rows.append({
            "variable": True,
            "code": attribute.code,
            "datatype": attribute.datatype,
            "required": attribute.required,
            "datatype_description": _in(attribute, "datatype_description", lang),
            "order": attribute.order,
            "description": _in(attribute, "description", lang),
            "values": [{"key": key, "name": name} for key, name in names.items()]
            if attribute.datatype in LIST_TYPES else [],
        })
    return {"service_code": category.code, "attributes": rows}
