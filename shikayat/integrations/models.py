"""Other systems that talk to Shikayat by machine: city apps and NGO tools posting complaints over Open311,
integrators receiving signed webhooks. Each is an Integrator with an API key issued in the admin; only the
key's hash is stored (keys.py)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Integrator(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True,
                            help_text=_("The organisation or application, e.g. “Lahore city app”. Recorded as the "
                                        "source of every complaint it posts."))
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The key itself is shown once when issued; a look-up hashes what a request carries (keys.py).
    key_prefix = models.CharField(max_length=12, blank=True, editable=False,
                                  help_text=_("The first characters of the key, to tell keys apart."))
    key_hash = models.CharField(max_length=64, blank=True, editable=False)
    key_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    services = models.ManyToManyField(
        "categories.Category", blank=True, related_name="+", verbose_name=_("services"),
        help_text=_("Complaint categories this key may post to and read, with the categories below them. None "
                    "chosen: every category open to integrators (confidential ones never)."))
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=60, validators=[MinValueValidator(1)],
        help_text=_("Requests beyond this within a minute are refused (at least 1; to stop a key, make it "
                    "inactive)."))
    review_first = models.BooleanField(
        _("complaint cell checks each request first"), default=False,
        help_text=_("A new key on probation: each Open311 request waits for the complaint cell to accept it before "
                    "it becomes a complaint; the client gets a token to follow it."))
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("integrator")
        verbose_name_plural = _("integrators")
        constraints = [models.UniqueConstraint(fields=["key_hash"], condition=~models.Q(key_hash=""),
                                               name="integrator_key_hash_unique")]

    def __str__(self) -> str:
        return self.name
