"""A backup and a restore, step by step; the commands only parse arguments, draw progress bars and print.

A backup folder: manifest.json (written last), database.dump (PostgreSQL custom format) or database.sqlite3, and
files/<storage name> for every stored object."""

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from . import database, files, manifest
from .errors import BackupError

logger = logging.getLogger("shikayat.backup")

Progress = Callable[[str, str], Callable[[int], Callable[[int], None]]]  # (step, unit) → total → advance(n)
Say = Callable[[str], None]


def take(directory: Path, *, source: dict, progress: Progress, say: Say) -> dict:
    """Back up the database `source` (settings) and the default storage into `directory` (new or empty)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} exists and is not an empty folder: back up into a new one.")
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return _take(directory, source, progress, say)
    except BaseException:
        # Half a backup is no backup: leave nothing that could be mistaken for one.
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        raise


def _take(directory: Path, source: dict, progress: Progress, say: Say) -> dict:
    started = timezone.now()
    engine = database.engine_of(source)
    if engine not in database.DUMP_FILES:
        raise BackupError(f"Only PostgreSQL and SQLite databases are backed up, not {engine}.")
    dump_file = directory / database.DUMP_FILES[engine]
    say(f"Database ({engine}, {source.get('NAME')}) → {dump_file.name}")
    snapshot = database.dump(source, dump_file, progress("tables", "table"))
    dump_size, dump_sha = manifest.file_digest(dump_file)
    say(f"  {len(snapshot.tables)} tables, {sum(snapshot.tables.values())} rows, {dump_size} bytes")

    storage = files.default_storage()
    say(f"Files ({type(storage).__module__}.{type(storage).__name__}) → {manifest.FILES_DIR}/")
    entries = files.copy_out(storage, directory, progress("files", "file"))
    missing = sorted(snapshot.referenced_files - {entry["name"] for entry in entries})
    say(f"  {len(entries)} files, {sum(entry['size'] for entry in entries)} bytes")
    if missing:
        logger.warning("backup: %d file(s) the database refers to are not in the storage", len(missing))
        say(f"WARNING: {len(missing)} file(s) the database refers to are not in the storage (lost before this "
            f"backup): " + ", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""))

    labels = database.model_labels()
    content = {
        "format": manifest.FORMAT,
        "created_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "commit": manifest.commit(),
        "database": {"engine": engine, "file": dump_file.name, "size": dump_size, "sha256": dump_sha,
                     "server_version": snapshot.server_version},
        "migrations": snapshot.migrations,
        "tables": {table: {"rows": rows, "model": labels.get(table)} for table, rows in snapshot.tables.items()},
        "storage": f"{type(storage).__module__}.{type(storage).__name__}",
        "files": entries,
        "missing_files": missing,
    }
    manifest.write(directory, content)
    logger.info("backup written", extra={"backup_dir": str(directory), "tables": len(snapshot.tables),
                                         "files": len(entries), "missing_files": len(missing)})
    return content


@dataclass
class Outcome:
    tables_checked: int = 0
    files_written: int = 0
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)


def check(directory: Path, *, progress: Progress, say: Say, content: dict | None = None) -> dict:
    """The backup's own files against its manifest; raises BackupError naming every mismatch."""
    content = content or manifest.read(directory)
    dump_file = directory / content["database"]["file"]
    manifest.safe_name(content["database"]["file"])
    if not dump_file.is_file():
        raise BackupError(f"{dump_file} is missing.")
    if manifest.file_digest(dump_file) != (content["database"]["size"], content["database"]["sha256"]):
        raise BackupError(f"{dump_file.name} does not match its SHA-256 in the manifest: the backup is damaged "
                          "or was altered.")
    say(f"Checking the backup's {len(content['files'])} files against the manifest")
    problems = files.check_backup(directory, content["files"], progress("check", "file"))
    if problems:
        raise BackupError(f"The backup does not match its manifest ({len(problems)} file(s)); nothing was "
                          "restored:\n  " + "\n  ".join(problems[:50]) + ("\n  …" if len(problems) > 50 else ""))
    return content


def restore(directory: Path, *, target: dict, force: bool, sample: int | None, progress: Progress,
            say: Say) -> Outcome:
    """Restore into `target` (database settings) and the default storage, then verify against the manifest.
    Everything is checked before anything is written: the targets first (quick), then the backup's files."""
    content = manifest.read(directory)
    engine = database.engine_of(target)
    if engine != content["database"]["engine"]:
        raise BackupError(f"The backup holds a {content['database']['engine']} database; the target is {engine}.")
    if not database.is_empty(target) and not force:
        raise BackupError(f"The target database {target.get('NAME')!r} is not empty: restore into a fresh "
                          "database, or pass --force to write over it.")
    storage = files.default_storage()
    if not force and next(files.walk(storage), None) is not None:
        raise BackupError(f"The target storage ({type(storage).__name__}) already holds files: restore into a "
                          "fresh folder or bucket, or pass --force.")
    check(directory, progress=progress, say=say, content=content)

    say(f"Database → {engine} {target.get('NAME')}")
    database.restore(target, directory / content["database"]["file"], force=force,
                     progress=progress("tables", "table"), tables=len(content["tables"]))
    say(f"Files → {type(storage).__name__}")
    files.write_in(storage, directory, content["files"], force=force,
                   progress=progress("files", "file"))

    outcome = Outcome(files_written=len(content["files"]))
    counts = database.counts_of(target)
    expected = {table: entry["rows"] for table, entry in content["tables"].items()}
    outcome.tables_checked = len(expected)
    outcome.problems += [f"table {table}: {counts.get(table, 'missing')} rows, the manifest says {rows}"
                         for table, rows in sorted(expected.items()) if counts.get(table) != rows]
    outcome.files_checked, file_problems = files.verify(storage, content["files"], sample,
                                                        progress("verify", "file"))
    outcome.problems += file_problems
    _migration_hint(content, say)
    logger.info("backup restored", extra={"backup_dir": str(directory), "problems": len(outcome.problems)})
    return outcome


def _migration_hint(content: dict, say: Say) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    applied = set(content.get("migrations", []))
    newer = applied - known
    if newer:
        say(f"WARNING: the backup has {len(newer)} migration(s) this code does not know (it was taken with newer "
            "code); run the code of the backup's commit " + str(content.get("commit")) + ".")
    elif known - applied:
        say(f"The code has {len(known - applied)} migration(s) the backup predates: run manage.py migrate.")
