"""What the scheduler has enqueued. One row per periodic job and period: the
unique pair is what lets two schedulers run side by side and still enqueue
each job once per period."""

from django.db import models


class ScheduledRun(models.Model):
    job = models.CharField(max_length=40)
    period_start = models.DateTimeField()
    enqueued_at = models.DateTimeField()
    # The django-tasks result id ("" until the Redis engine has taken the job, after the commit).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period_start"], name="worker_run_once_per_period")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M:%S}"
