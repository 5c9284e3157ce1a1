"""A small in-process cache for reference data (categories, SOPs, units,
routing decisions) read on every intake. Any save or delete of reference
rows in this process clears it; entries also expire after `ttl` seconds so
edits made in another process (the admin) are seen within a minute."""

import threading
import time
from collections.abc import Callable
from typing import Any

from . import replica


class ReferenceCache:
    def __init__(self, ttl: float = 60.0, max_entries: int = 50_000):
        self.ttl, self.max_entries = ttl, max_entries
        self._data: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key, loader: Callable[[], Any]):
        entry = self._data.get(key)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            return entry[1]
        # Kept for a minute and used by every path, writes included: read from the primary even inside
        # replica.reads(), never a replica's few-seconds-old copy (e.g. a unit or SOP just edited).
        with replica.primary():
            value = loader()
        with self._lock:
            if len(self._data) >= self.max_entries:
                self._data.clear()
            self._data[key] = (now + self.ttl, value)
        return value

    def clear(self, *args, **kwargs) -> None:
        with self._lock:
            self._data.clear()


reference = ReferenceCache()


def clear_on_change(*models, unless_only: frozenset[str] = frozenset()) -> None:
    """Connect post_save / post_delete of `models` to clearing the cache. A save naming only fields in
    `unless_only` (update_fields) leaves it: an officer signing in (last_login) changes no reference data."""
    from django.db.models.signals import post_delete, post_save

    def saved(sender, update_fields=None, **kwargs):
        if not (update_fields and set(update_fields) <= unless_only):
            reference.clear()

    for model in models:
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"refcache-save-{model.__name__}")
        post_delete.connect(reference.clear, sender=model, dispatch_uid=f"refcache-delete-{model.__name__}")
