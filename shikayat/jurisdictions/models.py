"""The force as a tree of units. Level names and depth are data: Punjab has
province → region → district → circle → police station, UP has zone → range
→ district → circle → thana.

Subtrees are found by a materialised path (`/1/7/42/`): a district officer's
scope is every unit whose path starts with the district's path, one indexed
range scan instead of a recursive query."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.i18n import TrilingualNameMixin


def path_ids(path: str) -> list[int]:
    """Primary keys from a materialised path (`/1/7/42/` → [1, 7, 42]): the root … the unit itself."""
    return [int(part) for part in path.strip("/").split("/") if part]


class UnitLevel(TrilingualNameMixin, models.Model):
    """One level of a force's hierarchy, e.g. Punjab's "district" at depth 2."""

    scheme = models.CharField(max_length=32, help_text=_("Which force's hierarchy, e.g. punjab or up."))
    code = models.CharField(max_length=32)
    depth = models.PositiveSmallIntegerField()
    name_en = models.CharField(max_length=100)
    name_ur = models.CharField(max_length=100, blank=True)
    name_hi = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["scheme", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "depth"], name="unique_level_depth"),
            models.UniqueConstraint(fields=["scheme", "code"], name="unique_level_code"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.name_en} ({self.depth})"


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)

    def within_any(self, paths: list[str]) -> "UnitQuerySet":
        query = models.Q(pk__in=[])
        for path in paths:
            query |= models.Q(path__startswith=path)
        return self.filter(query)


class Unit(TrilingualNameMixin, models.Model):
    code = models.CharField(max_length=32, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, related_name="units")
    name_en = models.CharField(max_length=150)
    name_ur = models.CharField(max_length=150, blank=True)
    name_hi = models.CharField(max_length=150, blank=True)
    # Materialised path of primary keys, maintained by save(); see module docstring.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Optional area: a GeoJSON-style ring [[lng, lat], ...] used to route by location.
    area = models.JSONField(null=True, blank=True)
    # The area is drawn roughly (the demo's boundaries), not surveyed: the map says so.
    area_is_approximate = models.BooleanField(default=False)
    phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs the pattern operator class.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.level.name_en})"

    def save(self, *args, **kwargs):
        # Tree integrity, not business logic: keep this unit's and its
        # descendants' paths consistent with `parent`.
        old_path = self.path
        super().save(*args, **kwargs)
        prefix = self.parent.path if self.parent_id else "/"
        new_path = f"{prefix}{self.pk}/"
        if new_path != old_path:
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                self._rewrite_descendants(old_path, new_path)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1 if self.path else 0

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this unit itself."""
        return path_ids(self.path)

    def ancestors(self, include_self: bool = True) -> list["Unit"]:
        ids = self.ancestor_ids()
        if not include_self:
            ids = ids[:-1]
        by_id = Unit.objects.select_related("level").in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)

    def clean(self):
        if self.parent_id is None:
            if self.level_id and self.level.depth != 0:
                raise ValidationError({"parent": _("Only a unit at the top level may have no parent.")})
            return
        parent = self.parent
        if self.pk and parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or its own sub-units.")})
        if self.level_id and (parent.level.scheme != self.level.scheme or parent.level.depth + 1 != self.level.depth):
            raise ValidationError({"level": _("The level must be the one directly below the parent's level.")})

    @staticmethod
    def _rewrite_descendants(old_prefix: str, new_prefix: str) -> None:
        for unit in Unit.objects.filter(path__startswith=old_prefix).exclude(path=old_prefix).only("pk", "path"):
            Unit.objects.filter(pk=unit.pk).update(path=new_prefix + unit.path[len(old_prefix):])
