"""Timelines are append-only: a step, once written, is never changed (complaints, service applications,
permission applications)."""


class AppendOnly:
    """Mixed into a timeline event model (before models.Model): saving a row that already exists is refused."""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Timeline events are append-only.")
        super().save(*args, **kwargs)
