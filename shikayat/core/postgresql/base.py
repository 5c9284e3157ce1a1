"""Django's PostgreSQL backend (DATABASES ENGINE "shikayat.core.postgresql"), with one change: a reused
connection is health-checked only after a pause, not before every request.

With CONN_HEALTH_CHECKS, Django pings the database (a SELECT 1 round trip) before the first query of every
request that reuses a connection. Under steady traffic that ping is pure cost: the connection answered a moment
ago. Here a connection is pinged only when the last request (or close_old_connections() call of a worker) ended
more than SHIKAYAT["DB_CHECK_IDLE_SECONDS"] ago, so the check is kept where it helps (a connection that sat
through a quiet spell, a database restart or an idle timeout is checked before use and replaced if dead) and
dropped where it does not. A connection that breaks while busy fails the request using it; Django then closes
it at the end of that request (it checks a connection after any database error), as it does without health
checks. DB_CHECK_IDLE_SECONDS = 0, or CONN_HEALTH_CHECKS off: Django's own behaviour."""

import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    # When close_if_unusable_or_obsolete last ran: Django calls it at the start and at the end of every request.
    request_boundary_at: float | None = None

    def close_if_unusable_or_obsolete(self):
        previous, self.request_boundary_at = self.request_boundary_at, time.monotonic()
        super().close_if_unusable_or_obsolete()  # marks the connection as not yet checked in this request
        idle = float(settings.SHIKAYAT.get("DB_CHECK_IDLE_SECONDS") or 0)
        if self.connection is not None and previous is not None and self.request_boundary_at - previous < idle:
            self.health_check_done = True  # it served a request moments ago: no ping
