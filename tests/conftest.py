import os

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


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
