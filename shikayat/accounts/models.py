"""Officers, their ranks and postings, and citizens known by mobile number."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from shikayat.jurisdictions.models import Unit

from . import secret_box


class Rank(models.IntegerChoices):
    """Ordered: a higher value is a more senior rank."""

    CONSTABLE = 10, _("Constable")
    HEAD_CONSTABLE = 20, _("Head Constable")
    ASI = 30, _("Assistant Sub-Inspector")
    SI = 40, _("Sub-Inspector")
    INSPECTOR = 50, _("Inspector")
    SDPO = 60, _("DSP / ASP (SDPO, Circle Officer)")
    DPO = 70, _("SP / SSP (District Police Officer)")
    RPO = 80, _("DIG (Regional Police Officer)")
    ADDL_IG = 90, _("Additional IG")
    IGP = 100, _("Inspector General of Police")

    @classmethod
    def from_code(cls, code: str) -> "Rank":
        return cls[code.upper()]


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("Front desk")
    CALL_CENTRE = "call_centre", _("Call-centre agent")
    COMPLAINT_CELL = "complaint_cell", _("Complaint cell")
    ENQUIRY_OFFICER = "enquiry_officer", _("Enquiry officer")
    # The heads above a station: the circle officer (SDPO), the DPO, the RPO and the IGP supervise their unit's
    # subtree (approve, close with reasons, take escalations, see confidential complaints of their chain).
    SUPERVISOR = "supervisor", _("Supervisor")
    # The SHO: marks his station's complaints to its officers, approves what the SOP lets his rank approve, sees
    # the station's dashboard, delay ledger and review list. Not a confidential role (permissions.CONFIDENTIAL_ROLES):
    # he sees a confidential complaint only while it is marked to him, and never one he is barred from.
    STATION_HEAD = "station_head", _("Station head (SHO)")
    ACCOUNTABILITY = "accountability", _("Accountability branch")
    WOMEN_CELL = "women_cell", _("Women officers' cell (gender harassment)")
    SERVICE_CENTRE = "service_centre", _("Service-centre staff")
    # The district's special branch: reports on applications for processions, rallies and events (shikayat/permits).
    SPECIAL_BRANCH = "special_branch", _("Special branch")
    ADMIN = "admin", _("Administrator")
    INTEGRATION = "integration", _("Integration (other portal / gateway)")


class User(AbstractUser):
    """An officer or staff member (citizens do not have accounts)."""

    rank = models.PositiveSmallIntegerField(choices=Rank.choices, null=True, blank=True)
    belt_number = models.CharField(max_length=32, blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    preferred_language = models.CharField(max_length=2, default="en")
    # How the officer is told about their complaints besides the workspace's updates (accounts/notify.py): a list
    # of "sms", "whatsapp", "email" (empty: the workspace only); null until they choose (SMS when a mobile number
    # is on record, else email).
    notify_by = models.JSONField(null=True, blank=True, default=None)

    def __str__(self) -> str:
        label = self.get_full_name() or self.username
        # Rank(...).label, not get_rank_display(): lists print hundreds of officers.
        return f"{label} ({Rank(self.rank).label})" if self.rank else label


class PostingQuerySet(models.QuerySet):
    def active(self) -> "PostingQuerySet":
        return self.filter(is_active=True)


class Posting(models.Model):
    """An officer serving in a unit in a role. Scope follows postings: an
    officer sees and acts only within the subtree of their active postings."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="postings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="postings")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["unit", "role", "is_active"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=models.Q(is_active=True), name="unique_active_posting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} @ {self.unit.name_en}"


class Citizen(models.Model):
    """A complainant, identified by their mobile number in E.164."""

    mobile = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    preferred_language = models.CharField(max_length=2, default="en")
    is_overseas = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name or '—'} {self.mobile}"


class FailedSignIn(models.Model):
    """A wrong password for an officer account; enough of them lock it for a while."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"


class OfficerTotp(models.Model):
    """An officer's authenticator app (TOTP, RFC 6238). It becomes a second
    factor at sign-in once confirmed with a code; `last_used_step` refuses a
    code (or an older one) that was already accepted. The secret is stored
    encrypted (accounts.secret_box); deleting the row (the admin, for a lost
    phone) switches two-step sign-in off and deletes its backup codes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    encrypted_secret = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user.username}: {'on' if self.confirmed_at else 'enrolling'}"

    @property
    def secret(self) -> str:
        """The base32 secret, decrypted (secret_box.UnreadableSecret if no configured key opens it)."""
        return secret_box.decrypt(self.encrypted_secret)

    @secret.setter
    def secret(self, value: str) -> None:
        self.encrypted_secret = secret_box.encrypt(value)


class BackupCode(models.Model):
    """A one-time code an officer may give instead of an authenticator code
    (phone lost or flat). Only a salted SHA-256 of it is kept; the officer
    sees the codes once, when they are made."""

    totp = models.ForeignKey(OfficerTotp, on_delete=models.CASCADE, related_name="backup_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"backup code {'used' if self.used_at else 'unused'}"
