"""The database half: a consistent copy (pg_dump inside an exported snapshot, or SQLite's online backup API), and
what the manifest says of it — every table's row count and the stored-file names the rows refer to — read from
that same snapshot, so the counts are the dump's counts even while the site keeps writing."""

import copy
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.utils import DatabaseError, load_backend

from .errors import BackupError

DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# The PostgreSQL client reads these from its environment: the password never appears on a command line.
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD",
                  "NAME": "PGDATABASE"}
PG_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
              "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT", "passfile": "PGPASSFILE",
              "service": "PGSERVICE"}

Progress = Callable[[int], Callable[[int], None]]  # total → advance(n)


@dataclass
class Snapshot:
    engine: str
    tables: dict[str, int]
    referenced_files: set[str]
    server_version: str
    migrations: list[str]


def settings_from_url(url: str) -> dict:
    config = dj_database_url.parse(url)
    if config["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise BackupError(f"Only PostgreSQL and SQLite databases are backed up and restored, not {config['ENGINE']}.")
    return config


def engine_of(settings_dict: dict) -> str:
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper.vendor


@contextmanager
def opened(settings_dict: dict, alias: str) -> Iterator:
    """A connection of its own (not the request's `connection`), closed afterwards: the backup holds a
    transaction open on it, and a restore counts rows in a database the site does not use yet."""
    config = connections.configure_settings({DEFAULT_DB_ALIAS: copy.deepcopy(dict(settings_dict))})
    wrapper = load_backend(config[DEFAULT_DB_ALIAS]["ENGINE"]).DatabaseWrapper(config[DEFAULT_DB_ALIAS], alias)
    try:
        yield wrapper
    finally:
        wrapper.close()


def table_counts(wrapper) -> dict[str, int]:
    """Rows in every table of the database (every model's, the many-to-many ones', django_migrations…)."""
    with wrapper.cursor() as cursor:
        counts = {}
        for table in sorted(wrapper.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def model_labels() -> dict[str, str]:
    return {model._meta.db_table: model._meta.label for model in apps.get_models(include_auto_created=True)}


def referenced_files(wrapper, tables: dict[str, int]) -> set[str]:
    """Every name a FileField of any model holds: what the restored rows will ask the storage for."""
    names: set[str] = set()
    quote = wrapper.ops.quote_name
    with wrapper.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    column = quote(field.column)
                    cursor.execute(f"SELECT {column} FROM {quote(table)} WHERE {column} <> ''")
                    names.update(row[0] for row in cursor)
    return names


def applied_migrations(wrapper, tables: dict[str, int]) -> list[str]:
    if "django_migrations" not in tables:
        return []
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _read(wrapper, engine: str) -> Snapshot:
    tables = table_counts(wrapper)
    return Snapshot(engine=engine, tables=tables, referenced_files=referenced_files(wrapper, tables),
                    server_version=str(wrapper.get_database_version()) if engine == "postgresql"
                    else sqlite3.sqlite_version, migrations=applied_migrations(wrapper, tables))


def dump(settings_dict: dict, target: Path, progress: Progress) -> Snapshot:
    """Copy the database into `target`; return its counts, file names and migrations, read from the copy's
    own snapshot."""
    if engine_of(settings_dict) == "postgresql":
        return _pg_dump(settings_dict, target, progress)
    return _sqlite_copy(settings_dict["NAME"], target)


def pg_environment(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in PG_ENVIRONMENT.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for key, variable in PG_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            env[variable] = str(settings_dict["OPTIONS"][key])
    return env


def _pg_dump(settings_dict: dict, target: Path, progress: Progress) -> Snapshot:
    # pg_dump runs in a snapshot this connection exports and holds, so the counts below are the dump's own.
    with opened(settings_dict, "backup_snapshot") as wrapper:
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot_id = cursor.fetchone()[0]
            snapshot = _read(wrapper, "postgresql")
            _run(["pg_dump", "--format=custom", "--no-password", "--verbose", f"--snapshot={snapshot_id}",
                  f"--file={target}"], pg_environment(settings_dict), progress(len(snapshot.tables)),
                 "dumping contents of table")
            with wrapper.cursor() as cursor:
                cursor.execute("ROLLBACK")
        except DatabaseError as error:
            raise BackupError(f"Reading the database failed: {error}") from error
    return snapshot


def _sqlite_copy(name: str, target: Path) -> Snapshot:
    if not Path(name).is_file():
        raise BackupError(f"No SQLite database at {name}.")
    # The online backup API copies a consistent state while the site runs; one step (pages=-1), so writers
    # cannot make it start over again and again.
    source = sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    copy_ = sqlite3.connect(target)
    try:
        source.backup(copy_, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(f"Copying the SQLite database failed: {error}") from error
    finally:
        copy_.close()
        source.close()
    with opened({"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}, "backup_copy") as wrapper:
        return _read(wrapper, "sqlite")


def _run(command: list[str], env: dict, advance: Callable[[int], None], marker: str) -> None:
    """Run a PostgreSQL client; its --verbose lines drive the progress bar (one per table) and the last ones
    explain a failure."""
    try:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, errors="replace")
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).") from error
    tail: list[str] = []
    for line in process.stderr:
        if marker in line:
            advance(1)
        tail = (tail + [line.rstrip()])[-15:]
    if process.wait() != 0:
        errors = [line for line in tail if "error" in line.lower()] or tail
        raise BackupError(f"{command[0]} failed (exit {process.returncode}):\n" + "\n".join(errors))


def is_empty(settings_dict: dict) -> bool:
    """No table at all: a fresh database (a PostgreSQL one must exist: createdb)."""
    try:
        with opened(settings_dict, "restore_target") as wrapper, wrapper.cursor() as cursor:
            return not wrapper.introspection.table_names(cursor)
    except DatabaseError as error:
        hint = " — create it first (createdb)." if "does not exist" in str(error) else ""
        raise BackupError(f"Cannot open the target database {settings_dict.get('NAME')!r}: "
                          f"{str(error).strip()}{hint}") from error


def restore(settings_dict: dict, dump_file: Path, *, force: bool, progress: Progress, tables: int) -> None:
    engine = engine_of(settings_dict)
    if engine == "postgresql":
        # One transaction: a failure leaves the target database as it was. No owner or grants: the target's
        # roles need not be the source's.
        command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                   "--no-password", "--verbose", f"--dbname={settings_dict['NAME']}"]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, str(dump_file)], pg_environment(settings_dict), progress(tables), "processing data for table")
    else:
        target = Path(settings_dict["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"{dump_file.resolve().as_uri()}?mode=ro", uri=True)
        destination = sqlite3.connect(target, timeout=30)
        try:
            source.backup(destination, pages=-1)  # one step: all of it or nothing
        except sqlite3.Error as error:
            raise BackupError(f"Restoring the SQLite database failed: {error}") from error
        finally:
            destination.close()
            source.close()


def counts_of(settings_dict: dict) -> dict[str, int]:
    with opened(settings_dict, "restore_check") as wrapper:
        return table_counts(wrapper)
