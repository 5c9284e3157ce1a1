"""Benchmarks: production-like (DEBUG off, no query logging) against the
scratch database the benchmark names in DATABASE_URL."""

from .base import *  # noqa: F403

SECRET_KEY = "bench-only-key"
DEBUG = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

