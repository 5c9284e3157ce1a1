"""Information for the public, edited by the administrator in three languages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class InfoTopic(TrilingualNameMixin, models.Model):
    """A page of public information the WhatsApp bot and the site answer with:
    the IG complaint cell, service centre facilities, overseas citizens,
    social media, the website, the citizen portal, verification. The bot
    finds a topic by its code (see shikayat/bot/services.py)."""

    code = models.SlugField(max_length=40, unique=True)
    title_en = models.CharField(max_length=120)
    title_ur = models.CharField(max_length=120, blank=True)
    title_hi = models.CharField(max_length=120, blank=True)
    # Plain text; WhatsApp shows *bold* and line breaks. At most ~3,000 characters reach a chat.
    body_en = models.TextField()
    body_ur = models.TextField(blank=True)
    body_hi = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.title_en}"

    def title_in(self, lang: str | None = None) -> str:
        return self.in_language("title", lang)

    def body_in(self, lang: str | None = None) -> str:
        return self.in_language("body", lang)


class MostWanted(TrilingualNameMixin, models.Model):
    name_en = models.CharField(max_length=120)
    name_ur = models.CharField(max_length=120, blank=True)
    name_hi = models.CharField(max_length=120, blank=True)
    details_en = models.TextField(help_text=_("Wanted for, description, last known area."))
    details_ur = models.TextField(blank=True)
    details_hi = models.TextField(blank=True)
    reward = models.CharField(max_length=60, blank=True, help_text=_("As shown, e.g. Rs 2,000,000."))
    photo = models.FileField(upload_to="most-wanted/", blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name_plural = "most wanted"

    def __str__(self) -> str:
        return self.name_en

    def details_in(self, lang: str | None = None) -> str:
        return self.in_language("details", lang)


class MissingChildAlert(TrilingualNameMixin, models.Model):
    # The name and the place as the officer typed them, and optionally in Urdu and Hindi for the public.
    name = models.CharField(max_length=120)
    name_ur = models.CharField(max_length=120, blank=True)
    name_hi = models.CharField(max_length=120, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    last_seen_place = models.CharField(max_length=200)
    last_seen_place_ur = models.CharField(max_length=200, blank=True)
    last_seen_place_hi = models.CharField(max_length=200, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    details_en = models.TextField(blank=True, help_text=_("Appearance, clothes, whom to call."))
    details_ur = models.TextField(blank=True)
    details_hi = models.TextField(blank=True)
    contact = models.CharField(max_length=32, blank=True, help_text=_("Number to call with information."))
    photo = models.FileField(upload_to="missing-children/", blank=True)
    # Active = shown to the public and in the bot; set False by alerts.close_alert.
    is_active = models.BooleanField(default=True)
    # Reported by an officer (alerts.report_missing_child); rows entered in the admin may lack these.
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    radius_km = models.FloatField(null=True, blank=True, help_text=_("Stations within this distance were alerted."))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="missing_child_reports")
    reported_at = models.DateTimeField(null=True, blank=True)
    # The staff form's one-time token: a resubmitted form returns the same alert.
    submission = models.CharField(max_length=64, blank=True, default="")
    closed_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    close_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission"], condition=~models.Q(submission=""),
                                    name="unique_missing_child_submission"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.last_seen_place})"

    def details_in(self, lang: str | None = None) -> str:
        return self.in_language("details", lang)

    @property
    def name_shown(self) -> str:
        return self.typed_in("name")

    @property
    def place_shown(self) -> str:
        return self.typed_in("last_seen_place")


class Tip(models.Model):
    """Information from the public about a most-wanted person. Confidential:
    read only in the admin, never shown on a public page."""

    most_wanted = models.ForeignKey(MostWanted, on_delete=models.PROTECT, related_name="tips")
    text = models.TextField()
    name = models.CharField(max_length=120, blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField()
    # HMAC of the client address: enough to rate-limit, not to identify the sender.
    ip_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ip_hash", "created_at"], name="tip_address_time_idx")]

    def __str__(self) -> str:
        return f"Tip on {self.most_wanted_id} at {self.created_at:%Y-%m-%d %H:%M}"
