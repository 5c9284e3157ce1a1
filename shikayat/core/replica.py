"""A read replica for the heavy read-only pages (DATABASES["replica"], set from DATABASE_REPLICA_URL).

Reads go to the replica only inside `reads()` — dashboards, league tables, the review list, exports, the monthly
report, the delay ledger, the calls dashboard — and only while the replica is fresh and up. Everything else, and
every write, uses the primary ("default"): a citizen's pages and the officers' complaint pages never call
`reads()`, so they can never be shown a state older than the one they just wrote.

Inside `reads()` the primary is used instead when:
- the replica's lag (cached per process for LAG_CHECK_SECONDS) exceeds SHIKAYAT["REPLICA_MAX_LAG_SECONDS"];
- the replica is down: a failed connection marks it down for SHIKAYAT["REPLICA_RETRY_SECONDS"] (logged once);
  a view decorated with `reads()` whose replica query fails is run again on the primary;
- the request writes, or the browser wrote within the last max-lag seconds (ReadYourWrites middleware: any
  POST/PUT/PATCH/DELETE sets a cookie that expires by itself after max-lag seconds);
- anything in the scope wrote (the router's db_for_write, or any statement other than a SELECT on the primary),
  and for the rest of the scope: what it reads next may depend on what it wrote;
- the primary's connection is inside a transaction: a read-modify-write (e.g. a league's stored period totals)
  must read what it is about to write from, under its locks.
"""

import logging
import math
import threading
import time
from contextlib import ContextDecorator, suppress
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

ALIAS = "replica"
PRIMARY = "default"
LAG_CHECK_SECONDS = 2.0  # how long one process trusts a measured lag
WROTE_COOKIE = "shikayat_wrote"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LAG_SQL = ("SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
           "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END")


def configured() -> bool:
    return ALIAS in settings.DATABASES


def max_lag() -> float:
    return float(settings.SHIKAYAT.get("REPLICA_MAX_LAG_SECONDS", 10))


# --- the replica's health, per process -----------------------------------------------------------------------

_health_lock = threading.Lock()
_health = {"lag": None, "checked_at": -math.inf, "down_until": -math.inf}


def _mark_down(error: Exception) -> None:
    retry = float(settings.SHIKAYAT.get("REPLICA_RETRY_SECONDS", 30))
    with _health_lock:
        was_up = _health["down_until"] < time.monotonic()
        _health["down_until"] = time.monotonic() + retry
        _health["lag"], _health["checked_at"] = None, -math.inf
    with suppress(DatabaseError):
        connections[ALIAS].close()
    if was_up:  # once per outage, not once per request
        log.warning("Read replica unreachable, reading from the primary for %ss: %s", retry, error)


def _measure() -> float:
    """The replica's lag in seconds, asked of the replica itself (inf when it does not say: not a standby)."""
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(LAG_SQL)
        value = cursor.fetchone()[0]
    return math.inf if value is None else max(0.0, float(value))


def lag_seconds() -> float | None:
    """The replica's replay lag in seconds (cached per process for a few seconds); None when no replica is
    configured, inf while it is down."""
    if not configured():
        return None
    now = time.monotonic()
    with _health_lock:
        if _health["down_until"] > now:
            return math.inf
        if now - _health["checked_at"] < LAG_CHECK_SECONDS:
            return _health["lag"]
    try:
        lag = _measure()
    except DatabaseError as error:
        _mark_down(error)
        return math.inf
    with _health_lock:
        _health["lag"], _health["checked_at"] = lag, time.monotonic()
    return lag


def forget_health() -> None:
    """Measure again on the next use (tests; after a fail-over)."""
    with _health_lock:
        _health.update(lag=None, checked_at=-math.inf, down_until=-math.inf)


def _usable() -> bool:
    if lag_seconds() > max_lag():
        return False
    try:
        connections[ALIAS].ensure_connection()  # a replica stopped since the last measure fails here, not mid-page
    except DatabaseError as error:
        _mark_down(error)
        return False
    return True


# --- the scope ------------------------------------------------------------------------------------------------

class _Scope:
    def __init__(self):
        self.replica = False  # decided on entering
        self.wrote = False


_scope: ContextVar[_Scope | None] = ContextVar("shikayat_replica_scope", default=None)
_writer: ContextVar[bool] = ContextVar("shikayat_replica_writer", default=False)


def _watch_writes(execute, sql, params, many, context):
    """On the primary inside reads(): anything but a plain SELECT sends the rest of the scope to the primary."""
    scope = _scope.get()
    if scope is not None and not _plain_select(sql):
        scope.wrote = True
    return execute(sql, params, many, context)


def _plain_select(sql) -> bool:
    # SELECT … FOR UPDATE comes from a queryset being written (select_for_update): db_for_write saw it first.
    return str(sql).lstrip()[:6].upper() == "SELECT"


class reads(ContextDecorator):  # noqa: N801 (used like a function: `with replica.reads():`, `@replica.reads()`)
    """Reads inside go to the replica when one is configured, fresh and up, and nothing forbids it (see the
    module's docstring); otherwise, and for every write, the primary."""

    def __enter__(self):
        scope = _Scope()
        outer = _scope.get()
        if outer is not None:
            scope = outer  # nested: the outer scope's decision holds
        else:
            scope.replica = configured() and not _writer.get() and _usable()
        self._token = _scope.set(scope)
        self._watch = connections[PRIMARY].execute_wrapper(_watch_writes) if scope.replica else None
        if self._watch is not None:
            self._watch.__enter__()
        return scope

    def __exit__(self, *exc):
        if self._watch is not None:
            self._watch.__exit__(*exc)
        _scope.reset(self._token)
        return False

    def __call__(self, func):
        """As a decorator: a view whose replica fails mid-way (stopped since it was checked) runs again on the
        primary — the decorated views only read, so running one twice shows the same page."""

        @wraps(func)
        def inner(*args, **kwargs):
            with reads() as scope:
                try:
                    return func(*args, **kwargs)
                except DatabaseError as error:
                    if not (scope.replica and connections[ALIAS].errors_occurred):
                        raise
                    _mark_down(error)
            with primary():
                return func(*args, **kwargs)

        return inner


class primary(ContextDecorator):  # noqa: N801
    """Every read inside goes to the primary, even within reads()."""

    def __enter__(self):
        scope = _Scope()
        self._token = _scope.set(scope)
        return scope

    def __exit__(self, *exc):
        _scope.reset(self._token)
        return False


CATCH_UP_SECONDS = 0.5


def catch_up(timeout: float = CATCH_UP_SECONDS) -> bool:
    """Inside reads(), after a write on the primary that the reads must see (a dashboard folding the pending
    rollup rows first): wait, for `timeout` at most, until the replica has replayed the primary's WAL up to now;
    if it does not, the rest of the scope reads the primary. True when the replica caught up (or is not used)."""
    scope = _scope.get()
    if scope is None or not scope.replica or scope.wrote:
        return True
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")  # a commit not yet flushed included
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    try:
        with connections[ALIAS].cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
                if cursor.fetchone()[0]:
                    return True
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.01)
    except DatabaseError as error:
        _mark_down(error)
    scope.wrote = True
    return False


def streamed(chunks):
    """A response body generated after the view returned (StreamingHttpResponse) reads where the view would
    have: the decision is taken now, inside the request, and held while the chunks are made."""
    scope = _Scope()
    outer = _scope.get()
    scope.replica = outer.replica and not outer.wrote if outer is not None else False

    def generate():
        token = _scope.set(scope)
        watch = connections[PRIMARY].execute_wrapper(_watch_writes)
        watch.__enter__()
        try:
            yield from chunks
        finally:
            watch.__exit__(None, None, None)
            _scope.reset(token)

    return generate()


def using_replica() -> bool:
    """Whether a read made here would go to the replica."""
    scope = _scope.get()
    return bool(scope and scope.replica and not scope.wrote and not connections[PRIMARY].in_atomic_block)


class Router:
    """DATABASE_ROUTERS when a replica is configured: reads inside reads() to the replica, all else the primary.
    Returns the primary by name (not None), so an object read from the replica loads its relations from the
    primary outside the scope rather than from where it came."""

    def db_for_read(self, model, **hints):
        return ALIAS if using_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same database, streamed

    def allow_migrate(self, db, app_label, **hints):
        return db != ALIAS  # a standby is read-only: it gets its schema from the primary's WAL


class ReadYourWrites:
    """Middleware (when a replica is configured): a request that may write reads only from the primary, and so
    does the same browser for the next max-lag seconds — by then the replica, if used at all, has its write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        writes = request.method in UNSAFE_METHODS
        token = _writer.set(writes or WROTE_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _writer.reset(token)
        if writes:
            response.set_cookie(WROTE_COOKIE, "1", max_age=math.ceil(max_lag() + LAG_CHECK_SECONDS),
                                httponly=True, samesite="Lax", secure=request.is_secure())
        return response
