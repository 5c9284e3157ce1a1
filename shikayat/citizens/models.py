"""One-time codes that prove a citizen holds a mobile number."""

from django.db import models


class OneTimeCode(models.Model):
    mobile = models.CharField(max_length=20, db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["mobile", "created_at"], name="otp_mobile_created_idx")]

    def __str__(self) -> str:
        return f"code for {self.mobile} at {self.created_at:%Y-%m-%d %H:%M}"
