"""Open311 GeoReport v2: the questions a service asks beyond the description (ServiceAttribute, the spec's
service definition), and each request an integrator posted (Open311Request: the complaint's source, or a request
waiting for the complaint cell when the integrator's key is on probation or the service is checked first:
CheckedService)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.core.i18n import TrilingualNameMixin


class Datatype(models.TextChoices):
    """The spec's attribute datatypes."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLEVALUELIST = "singlevaluelist", _("One choice from a list")
    MULTIVALUELIST = "multivaluelist", _("Several choices from a list")


LIST_TYPES = frozenset({Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST})


class ServiceAttribute(TrilingualNameMixin, models.Model):
    """One question a complaint category asks an Open311 client (e.g. a stolen vehicle's registration number).
    The answers are written into the complaint's description, one line each, so the officer sees them."""

    category = models.ForeignKey("categories.Category", on_delete=models.CASCADE, related_name="open311_attributes",
                                 verbose_name=_("category"))
    code = models.SlugField(_("code"), max_length=40, help_text=_("What clients send: attribute[code]=answer."))
    datatype = models.CharField(_("datatype"), max_length=16, choices=Datatype.choices, default=Datatype.STRING)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The label of the answer's line in the description, and the question clients show (the spec's description).
    description_en = models.CharField(_("description (English)"), max_length=200)
    description_ur = models.CharField(_("description (Urdu)"), max_length=200, blank=True)
    description_hi = models.CharField(_("description (Hindi)"), max_length=200, blank=True)
    datatype_description_en = models.CharField(_("datatype description (English)"), max_length=200, blank=True)
    datatype_description_ur = models.CharField(_("datatype description (Urdu)"), max_length=200, blank=True)
    datatype_description_hi = models.CharField(_("datatype description (Hindi)"), max_length=200, blank=True)
    # [{"key": "honda", "name_en": "Honda", "name_ur": "ہونڈا", "name_hi": "होंडा"}, …] for the list datatypes.
    values = models.JSONField(_("values"), default=list, blank=True,
                              help_text=_('For the list datatypes: [{"key": "honda", "name_en": "Honda", '
                                          '"name_ur": "…", "name_hi": "…"}, …]'))

    class Meta:
        ordering = ["category", "order", "code"]
        verbose_name = _("Open311 service attribute")
        verbose_name_plural = _("Open311 service attributes")
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="open311_attribute_code_unique")]

    def __str__(self) -> str:
        return f"{self.category.code}: {self.code}"

    def clean(self):
        values = self.values if isinstance(self.values, list) else None
        if values is None or any(not isinstance(v, dict) or not str(v.get("key", "")).strip() or not v.get("name_en")
                                 for v in values):
            raise ValidationError({"values": _('Give a list of values, each with a "key" and a "name_en".')})
        keys = [str(v["key"]) for v in values]
        if len(set(keys)) != len(keys):
            raise ValidationError({"values": _("Each value's key must be different.")})
        if self.datatype in LIST_TYPES and not values:
            raise ValidationError({"values": _("A list datatype needs its values.")})
        if self.datatype not in LIST_TYPES and values:
            raise ValidationError({"values": _("Only the list datatypes take values.")})

    def value_names(self, lang: str) -> dict[str, str]:
        """key → the value's name in `lang` (English when not translated)."""
        return {str(v.get("key")): str(v.get(f"name_{lang}") or v.get("name_en") or v.get("key"))
                for v in self.values or []}


class CheckedService(models.Model):
    """A category whose Open311 requests wait for the complaint cell before they become complaints, whatever the
    key (the spec's "batch" service: the client gets a token, then the E-tag). It holds the categories below it
    too. A key on probation (Integrator.review_first) has every request checked."""

    category = models.OneToOneField("categories.Category", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("category"),
                                    help_text=_("Its requests, and those of the categories below it, are checked by "
                                                "the complaint cell first."))

    class Meta:
        verbose_name = _("Open311 service checked first")
        verbose_name_plural = _("Open311 services checked first")

    def __str__(self) -> str:
        return str(self.category)


class RequestState(models.TextChoices):
    REGISTERED = "registered", _("Registered as a complaint")
    PENDING = "pending", _("Waiting for the complaint cell")
    REFUSED = "refused", _("Refused by the complaint cell")


class Open311Request(models.Model):
    """A service request an integrator posted: the complaint it became (its source), or, from a key on probation
    (Integrator.review_first), the validated input kept until the complaint cell accepts or refuses it."""

    complaint = models.OneToOneField("complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="open311_request")
    integrator = models.ForeignKey("integrations.Integrator", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=RequestState.choices, default=RequestState.REGISTERED)
    token = models.CharField(max_length=32, unique=True, editable=False)
    category = models.ForeignKey("categories.Category", on_delete=models.PROTECT, related_name="+")
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    address_id = models.CharField(max_length=100, blank=True)
    # Recorded, never fetched: fetching a URL a client names is a server-side request forgery risk, and no
    # request may wait on the network. An officer opens it, if at all, in their own browser.
    media_url = models.CharField(max_length=500, blank=True)  # an http(s) URL, checked by submit.py
    jurisdiction = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()
    # While waiting (state pending): intake's input as validated, registered as is when accepted; the unit path of
    # the place it names ("" if none: only a complaint cell at the top of the force sees it).
    data = models.JSONField(default=dict, blank=True)
    unit_path = models.CharField(max_length=255, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")
        indexes = [models.Index(fields=["created_at"], name="open311_pending_idx",
                                condition=models.Q(state="pending"))]

    def __str__(self) -> str:
        return self.complaint.etag_display if self.complaint_id else self.token
