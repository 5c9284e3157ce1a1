"""Complaint categories and their SOPs: the one source of truth for every
deadline, the minimum rank a complaint may be marked to, anonymity,
confidentiality and the escalation ladder. All of it is admin-editable data."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.accounts.models import Rank, Role
from shikayat.core.i18n import TrilingualNameMixin


class Category(TrilingualNameMixin, models.Model):
    code = models.CharField(max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name_en = models.CharField(max_length=150)
    name_ur = models.CharField(max_length=150, blank=True)
    name_hi = models.CharField(max_length=150, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.code} – {self.name_en}"

    def effective_sop(self) -> "SOP | None":
        """This category's SOP, or the nearest ancestor's."""
        category, seen = self, set()
        while category is not None and category.pk not in seen:
            seen.add(category.pk)
            try:
                return category.sop
            except SOP.DoesNotExist:
                category = category.parent
        return None

    def subtree_ids(self) -> list[int]:
        """This category and every category below it (the tree is small)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


HOURS = [MinValueValidator(1), MaxValueValidator(24 * 365)]


class Handling(models.TextChoices):
    """How complaints of a category are handled beyond the common workflow."""

    GENERAL = "general", _("General")
    AGAINST_POLICE = "against_police", _("Against police: accused officers and the enquiry chain")
    GENDER = "gender", _("Gender harassment: to the designated cell")


class ClosingRole(models.TextChoices):
    """Who may close a complaint of a category (the SOP's closing authority), narrowest last: approve its
    resolution, approve its rejection or filing, close it without the citizen's confirmation."""

    COMPLAINT_CELL = "complaint_cell", _("The complaint cell, the station head (SHO) or a supervisor")
    STATION_HEAD = "station_head", _("The station head (SHO) or a supervisor")
    SUPERVISOR = "supervisor", _("A supervisor above the station (SDPO and above)")


# The posting roles each closing authority admits.
CLOSING_ROLES = {
    ClosingRole.COMPLAINT_CELL: frozenset({Role.COMPLAINT_CELL, Role.STATION_HEAD, Role.SUPERVISOR}),
    ClosingRole.STATION_HEAD: frozenset({Role.STATION_HEAD, Role.SUPERVISOR}),
    ClosingRole.SUPERVISOR: frozenset({Role.SUPERVISOR}),
}


class SOP(models.Model):
    category = models.OneToOneField(Category, on_delete=models.CASCADE, related_name="sop")
    contact_hours = models.PositiveIntegerField(
        validators=HOURS, help_text=_("Hours from registration within which the complainant must be contacted.")
    )
    report_hours = models.PositiveIntegerField(
        validators=HOURS, help_text=_("Hours from registration within which the enquiry report is due.")
    )
    feedback_hours = models.PositiveIntegerField(
        default=72, validators=HOURS, help_text=_("Hours the citizen is given to confirm a proposed resolution.")
    )
    callback_hours = models.PositiveIntegerField(
        default=48, validators=HOURS,
        help_text=_("Once the citizen's feedback time has run out, hours the call centre has to make the call-back "
                    "attempts a supervisor needs before closing without confirmation; if fewer are made by then, the "
                    "delay ledger is charged."),
    )
    appeal_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days after a rejection, a merger or a closing without the citizen's confirmation within which "
                    "the citizen may appeal to the level above."),
    )
    min_rank = models.PositiveSmallIntegerField(
        choices=Rank.choices, default=Rank.SI, help_text=_("Never mark the complaint to an officer below this rank.")
    )
    allow_anonymous = models.BooleanField(default=False)
    confidential = models.BooleanField(
        default=False, help_text=_("Visible only to the assigned chain and the accountability branch.")
    )
    handling = models.CharField(max_length=16, choices=Handling.choices, default=Handling.GENERAL)
    desk_role = models.CharField(
        max_length=32, choices=Role.choices, blank=True,
        help_text=_("Route to the nearest unit with an officer posted in this role (e.g. the accountability "
                    "branch, a women officers' cell); others handle it only where none exists."),
    )
    allow_sealed_identity = models.BooleanField(
        default=False, help_text=_("The complainant may ask that their identity be hidden from the unit handling it.")
    )
    accused_chain_levels = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5)],
        help_text=_("Against police: officers posted in the accused officer's unit (and below) never handle or see "
                    "the complaint; this many units above it are barred too. Empty: no unit is barred."),
    )
    initial_enquiry_hours = models.PositiveIntegerField(
        default=168, validators=HOURS, help_text=_("Against police: hours allowed for the initial enquiry.")
    )
    regular_enquiry_hours = models.PositiveIntegerField(
        default=720, validators=HOURS, help_text=_("Against police: hours allowed for a regular enquiry.")
    )
    enquiry_min_rank = models.PositiveSmallIntegerField(
        choices=Rank.choices, default=Rank.SDPO,
        help_text=_("Against police: the lowest rank that may conduct a regular enquiry."),
    )
    investigation_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days from the FIR's linking within which the investigation must end in a challan or a final "
                    "report submitted to the court."),
    )
    priority_percent = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(10), MaxValueValidator(100)],
        help_text=_("Priority complaints (e.g. forwarded by the Prime Minister's Citizen Portal) get this "
                    "percentage of every deadline's time."),
    )

    # Closing authority (permissions.closing_refusal): who may approve a resolution, a rejection or a filing, or
    # close without the citizen's confirmation — never the officer who proposed it.
    closing_rank = models.PositiveSmallIntegerField(
        choices=Rank.choices, default=Rank.INSPECTOR,
        help_text=_("Closing authority: the lowest rank that may approve a resolution, a rejection or a filing, or "
                    "close without the citizen's confirmation (never below the minimum rank above)."),
    )
    closing_role = models.CharField(
        max_length=16, choices=ClosingRole.choices, default=ClosingRole.STATION_HEAD,
        help_text=_("Closing authority: who may take those decisions. Never the officer who proposed it or to "
                    "whom the complaint is marked."),
    )

    class Meta:
        verbose_name = "SOP"

    def __str__(self) -> str:
        return f"SOP for {self.category.code}"

    def closing_authority(self) -> tuple[int, frozenset]:
        """(lowest rank, posting roles) that may take a closing decision: never below the SOP's minimum rank."""
        return max(self.closing_rank, self.min_rank), CLOSING_ROLES[ClosingRole(self.closing_role)]

    def clean(self):
        if self.report_hours < self.contact_hours:
            raise ValidationError({"report_hours": _("The report cannot be due before the complainant is contacted.")})
        if self.handling != Handling.GENERAL and not self.confidential:
            raise ValidationError({"confidential": _("Complaints against police and gender-harassment reports must "
                                                     "be confidential.")})


class EscalationStep(models.Model):
    """After the report deadline is breached, the complaint climbs the ladder:
    step 1 to the nearest officer of `rank` after `hours_after_breach`, and so on."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="escalation_steps")
    step = models.PositiveSmallIntegerField()
    rank = models.PositiveSmallIntegerField(choices=Rank.choices)
    hours_after_breach = models.PositiveIntegerField(validators=HOURS)

    class Meta:
        ordering = ["sop", "step"]
        constraints = [models.UniqueConstraint(fields=["sop", "step"], name="unique_escalation_step")]

    def __str__(self) -> str:
        return f"{self.sop.category.code} step {self.step}: {self.get_rank_display()} after {self.hours_after_breach} h"
