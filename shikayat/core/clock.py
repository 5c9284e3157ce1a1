"""The one place the application asks for the time. Actions take `now` as
an argument where tests need to control it and default to this."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
