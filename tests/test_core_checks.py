"""The deploy check that PostgreSQL runs autovacuum (shikayat/core/checks.py)."""

from unittest import mock

import pytest
from django.core import checks
from django.db import connection, connections

from shikayat.core.checks import autovacuum_on


@pytest.mark.django_db
def test_the_check_is_registered_for_deploy_database_checks():
    assert autovacuum_on in checks.registry.registry.get_checks(include_deployment_checks=True)
    assert checks.Tags.database in autovacuum_on.tags


@pytest.mark.django_db
def test_reads_the_server_setting_on_postgresql_and_skips_other_databases():
    found = autovacuum_on(databases=["default"])
    if connection.vendor != "postgresql":
        assert found == []
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        setting = cursor.fetchone()[0]
    assert [m.id for m in found] == ([] if setting == "on" else ["shikayat.W001"])


@pytest.mark.django_db
@pytest.mark.parametrize("setting, warned", [("on", False), ("off", True)])
def test_warns_only_when_autovacuum_is_off(setting, warned):
    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            assert sql == "SHOW autovacuum"

        def fetchone(self):
            return (setting,)

    default = connections["default"]
    with mock.patch.object(default, "vendor", "postgresql"), mock.patch.object(default, "cursor", Cursor):
        found = autovacuum_on(databases=["default"])
    assert [m.id for m in found] == (["shikayat.W001"] if warned else [])
    if warned:
        assert "autovacuum" in found[0].msg and found[0].hint


def test_no_databases_asked_no_query():
    assert autovacuum_on(databases=None) == []
