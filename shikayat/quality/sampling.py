"""Which closings the complaint cell grades: a share of them (SHIKAYAT_QUALITY_SAMPLE_PERCENT) chosen by a
hash of the E-tag, so the same complaint is always in or out of the sample and anyone can check why, plus
every complaint that was reopened before it closed."""

import hashlib

from django.conf import settings

from .models import Reason


def sample_percent() -> float:
    return float(settings.SHIKAYAT.get("QUALITY_SAMPLE_PERCENT", 10))


def in_sample(etag: str, percent: float | None = None) -> bool:
    """Whether the E-tag falls in the sample: the first 4 bytes of its SHA-256, as a number below 10,000,
    below percent × 100 (10 % = 1,000 of every 10,000 possible values)."""
    percent = sample_percent() if percent is None else percent
    bucket = int.from_bytes(hashlib.sha256(etag.encode()).digest()[:4], "big") % 10_000
    return bucket < percent * 100


def reason_to_grade(complaint) -> str | None:
    """Why this closing goes on the list to grade, or None when it does not."""
    if complaint.reopen_count > 0:
        return Reason.REOPENED
    if in_sample(complaint.etag):
        return Reason.SAMPLE
    return None
