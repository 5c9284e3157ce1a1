import os
from pathlib import Path

import pytest

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.permissions import SYSTEM

from .factories import build_force, complaint_data


@pytest.fixture(autouse=True)
def english_by_default():
    """A request in Urdu or Hindi leaves that language active in the thread;
    every test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached figures (inbox counts) and reference data (units, postings, routes: core.refcache) never leak
    from one test into the next."""
    from django.core.cache import cache

    from shikayat.core.refcache import reference

    cache.clear()
    reference.clear()
    yield
    cache.clear()
    reference.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def local_redis(db_number: int, needed_for: str):
    """A client of one database of the local Redis, or a skip — except under CI, where a missing Redis is a
    failure."""
    import redis

    client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{db_number}", socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        reason = f"Redis is not answering on 127.0.0.1:6379 ({error}); {needed_for} need it"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return client


@pytest.fixture
def force(db):
    return build_force()


@pytest.fixture
def new_complaint(force):
    """Register a complaint (at station SA1 unless overridden) as the system would."""

    def make(channel="web", **overrides):
        return register_complaint(actor=SYSTEM, channel=channel, data=complaint_data(**overrides))

    return make


AGAINST_SHO = {"category": "AGAINST-POLICE", "unit": "SA1",
               "description": "The SHO of the station took Rs 5000 and still refused to register my FIR.",
               "accused": [{"officer": "sho_A"}, {"description": "A constable at the gate, name unknown"}]}


@pytest.fixture
def against_sho(force):
    """A complaint against the SHO of SA1 (an Inspector) and an undescribed constable, lodged on the web."""
    return register_complaint(actor=SYSTEM, channel="web", data=complaint_data(**AGAINST_SHO))


E2E = Path(__file__).resolve().parent / "e2e"


def engine_independent(item) -> bool:
    """Whether a test behaves the same whichever database engine the run uses: it never touches the test database
    (no django_db mark, no fixture that needs the database), or it is a browser test (tests/e2e: the same pages
    driven the same way on either engine; CI keeps them in the PostgreSQL run, the engine in production). A test
    may also be marked engine_independent itself where its siblings cover what differs between the engines
    (test_accused_leaks' channel-by-naming product)."""
    if E2E in Path(item.path).parents:
        return True
    return item.get_closest_marker("django_db") is None and "django_db_setup" not in item.fixturenames


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    engine_independent_mark = pytest.mark.engine_independent
    for item in items:
        if engine_independent(item):
            item.add_marker(engine_independent_mark)
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
