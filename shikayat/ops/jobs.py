"""The worker records each periodic run's figures here; /metrics reads them."""

from datetime import datetime

from shikayat.core import clock

from .models import JobRun


def record(job: str, *, seconds: float, items: int, at: datetime | None = None) -> None:
    """Keep the figures of `job`'s run that just ended (one row per job, replaced)."""
    JobRun.objects.update_or_create(job=job, defaults={
        "finished_at": at or clock.now(), "duration_seconds": seconds, "items": items})


def last(job: str) -> JobRun | None:
    return JobRun.objects.filter(job=job).first()
