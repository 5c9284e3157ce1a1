"""What the last run of a periodic job did, readable by every host (the metrics of any web process report
the sweep a worker on another machine ran)."""

from django.db import models


class JobRun(models.Model):
    """One row per job (e.g. "sweep"), overwritten by each run."""

    job = models.CharField(max_length=32, unique=True)
    finished_at = models.DateTimeField()
    duration_seconds = models.FloatField()
    items = models.IntegerField()  # what the run found due and acted on

    def __str__(self) -> str:
        return f"{self.job} at {self.finished_at:%Y-%m-%d %H:%M:%S}: {self.items} in {self.duration_seconds:.3f} s"
