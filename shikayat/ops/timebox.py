"""Bounds on how long a probe or a scrape may wait for a service that hangs: a probe that hangs is worse than
one that fails (the load balancer's own timeout then decides, and every probe holds a web thread)."""

import threading
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connections, transaction


class TimedOut(Exception):
    pass


@contextmanager
def statement_timeout(seconds: float, using: str = "default"):
    """On PostgreSQL, every statement inside is cancelled after `seconds` (SET LOCAL: this transaction only,
    so it holds behind PgBouncer's transaction pooling too). SQLite has no such limit and needs none."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # set_config(…, true) is SET LOCAL taking a parameter (server-side binding: SET cannot)
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(max(1, int(seconds * 1000)))])
        yield connection


def call_within(seconds: float, function: Callable, *args):
    """`function(*args)` in a daemon thread, given up on after `seconds` (the thread ends when its socket
    does). For the cache, the object store and Redis, whose clients may wait longer than a probe should.
    Not for the database: a Django connection belongs to its thread."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 (handed to the caller's thread)
            outcome["error"] = error

    thread = threading.Thread(target=run, name="shikayat-probe", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimedOut(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
