"""The active subscriptions as the listeners read them, from the per-process reference cache (core.refcache):
intake and actions with no subscription run no query for webhooks. The cache is cleared when a subscription,
its categories or units, its integrator, a category, an SOP or a unit is saved (apps.py, and the apps that own
those), and lasts at most a minute for edits made in another process."""

from dataclasses import dataclass

from shikayat.categories.models import SOP, Category, Handling
from shikayat.categories.tree import with_descendants
from shikayat.core.refcache import reference

from .models import Subscription

KEY = ("webhook-subscriptions",)


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str
    # Open to integrators: neither its SOP (or the nearest ancestor's) is confidential nor its handling special.
    is_open: bool


@dataclass(frozen=True)
class Target:
    """A subscription as the listeners need it."""

    pk: int
    events: frozenset[str]
    category_ids: frozenset[int] | None  # the chosen categories and every one below them; None: all
    unit_paths: tuple[str, ...] | None  # materialised paths of the chosen units; None: the whole force
    personal_data: bool

    def covers(self, event_type: str, category_id: int, unit_paths: tuple[str, ...]) -> bool:
        """`unit_paths`: where the complaint is, and where it was before this step (a transfer or an appeal that
        takes it out of the subscription's units is still told there, once)."""
        return (event_type in self.events
                and (self.category_ids is None or category_id in self.category_ids)
                and (self.unit_paths is None or any(path.startswith(self.unit_paths) for path in unit_paths)))


@dataclass(frozen=True)
class Registry:
    targets: tuple[Target, ...]
    categories: dict[int, CategoryInfo]


EMPTY = Registry(targets=(), categories={})


def current() -> Registry:
    return reference.get(KEY, _load)


def _load() -> Registry:
    rows = list(Subscription.objects.filter(is_active=True, integrator__is_active=True)
                .prefetch_related("categories", "units", "integrator__services").order_by("pk"))
    if not rows:
        return EMPTY
    categories = _categories()
    parents = {pk: parent for pk, (parent, _info) in categories.items()}
    targets = []
    for row in rows:
        chosen = [category.pk for category in row.categories.all()]
        # An integrator limited to some services (its key's categories) hears of those only, whatever its
        # subscriptions name.
        services = [category.pk for category in row.integrator.services.all()]
        category_ids = with_descendants(chosen, parents) if chosen else None
        if services:
            allowed = with_descendants(services, parents)
            category_ids = allowed if category_ids is None else category_ids & allowed
        units = [unit.path for unit in row.units.all()]
        targets.append(Target(pk=row.pk, events=frozenset(row.events or ()), category_ids=category_ids,
                              unit_paths=tuple(units) if units else None, personal_data=row.include_personal_data))
    return Registry(targets=tuple(targets), categories={pk: info for pk, (_parent, info) in categories.items()})


def _categories() -> dict[int, tuple[int | None, CategoryInfo]]:
    """Every category: (parent, info), judged open by its effective SOP (fail closed: no SOP is not open)."""
    rows = {pk: (parent, code, name) for pk, parent, code, name in
            Category.objects.values_list("pk", "parent_id", "code", "name_en")}
    sops = {category: confidential or handling != Handling.GENERAL for category, confidential, handling in
            SOP.objects.values_list("category_id", "confidential", "handling")}

    def closed(pk: int) -> bool:
        seen = set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            if pk in sops:
                return sops[pk]
            pk = rows[pk][0] if pk in rows else None
        return True

    return {pk: (parent, CategoryInfo(code=code, name=name, is_open=not closed(pk)))
            for pk, (parent, code, name) in rows.items()}
