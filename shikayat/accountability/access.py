"""The access log of confidential complaints: every read by an officer (the
complaint's page, the API, an export) leaves one row, written at once in its
own short statement so that a failed request still leaves its trace."""

from shikayat.accounts.models import User
from shikayat.core import clock

from .models import AccessLog

VIA = ("page", "api", "export", "desk", "review", "record")


def log_reads(user, complaints, via: str) -> None:
    """One row per confidential complaint in `complaints` read by `user` (an officer) via `via`."""
    if not isinstance(user, User):
        return
    at = clock.now()
    rows = [AccessLog(complaint_id=c.pk, user=user, at=at, via=via) for c in complaints if c.is_confidential]
    if rows:
        AccessLog.objects.bulk_create(rows)
