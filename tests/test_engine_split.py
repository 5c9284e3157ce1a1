"""CI's SQLite run leaves the engine-independent tests to its PostgreSQL run (.ci/run, `-m "not
engine_independent"`): the rule in tests/conftest.py that marks them."""

from pathlib import Path
from types import SimpleNamespace

from .conftest import E2E, engine_independent

HERE = Path(__file__)


def collected(path: Path, *, marks=(), fixtures=()):
    """A collected test as the rule reads it: its file, its marks and every fixture it needs, directly or not."""
    return SimpleNamespace(path=path, fixturenames=list(fixtures),
                           get_closest_marker=lambda name: SimpleNamespace(name=name) if name in marks else None)


def test_a_test_that_touches_no_database_is_engine_independent():
    assert engine_independent(collected(HERE, fixtures=["tmp_path", "settings", "monkeypatch"]))


def test_a_test_marked_for_the_database_or_needing_it_through_a_fixture_is_not():
    assert not engine_independent(collected(HERE, marks=["django_db"]))
    # `force` needs `db`, which needs `django_db_setup`: pytest lists the whole chain
    assert not engine_independent(collected(HERE, fixtures=["force", "db", "django_db_setup"]))


def test_a_browser_test_is_engine_independent_though_it_uses_the_database():
    assert engine_independent(collected(E2E / "test_appeal.py", marks=["django_db"],
                                        fixtures=["live_server", "transactional_db", "django_db_setup"]))


def test_the_mark_is_set_on_this_runs_tests(request):
    # this test touches no database
    assert request.node.get_closest_marker("engine_independent") is not None
