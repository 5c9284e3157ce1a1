"""Information for the public, edited by the administrator in three languages."""

from django.db import models

from shikayat.core.i18n import TrilingualNameMixin


class Helpline(TrilingualNameMixin, models.Model):
    number = models.CharField(max_length=32)
    name_en = models.CharField(max_length=120)
    name_ur = models.CharField(max_length=120, blank=True)
    name_hi = models.CharField(max_length=120, blank=True)
    description_en = models.CharField(max_length=300, blank=True)
    description_ur = models.CharField(max_length=300, blank=True)
    description_hi = models.CharField(max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "number"]

    def __str__(self) -> str:
        return f"{self.number} – {self.name_en}"

    def description_in(self, lang: str | None = None) -> str:
        return self.in_language("description", lang)

    @property
    def description(self) -> str:
        return self.description_in()
