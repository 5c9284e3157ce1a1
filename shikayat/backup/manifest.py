"""manifest.json: what a backup holds and how to check it — when it was taken, from which commit, the database
engine and its dump's SHA-256, every table's row count and every stored file's name, size and SHA-256."""

import hashlib
import json
import os
import subprocess
from pathlib import Path, PurePosixPath

from django.conf import settings

from .errors import BackupError

FORMAT = 1
NAME = "manifest.json"
FILES_DIR = "files"
CHUNK = 1024 * 1024


def sha256_of(stream, sink=None) -> tuple[int, str]:
    """(size, hex SHA-256) of a binary stream, read in chunks (each also written to `sink` when given)."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink.write(chunk)
    return size, digest.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as stream:
        return sha256_of(stream)


def commit() -> str | None:
    """The code's git revision, when the code runs from a checkout (SHIKAYAT_COMMIT names it otherwise)."""
    if os.environ.get("SHIKAYAT_COMMIT"):
        return os.environ["SHIKAYAT_COMMIT"]
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True,
                              timeout=10, check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def safe_name(name: str) -> str:
    """A storage name that stays inside the backup's files/ folder (a manifest is read from disk, and a
    tampered one must not write elsewhere)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
        raise BackupError(f"Unsafe file name in the storage or manifest: {name!r}")
    return name


def write(directory: Path, manifest: dict) -> None:
    """Written last, and renamed into place: a folder without manifest.json is not a backup."""
    partial = directory / (NAME + ".partial")
    partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    partial.replace(directory / NAME)


def read(directory: Path) -> dict:
    path = directory / NAME
    if not path.is_file():
        raise BackupError(f"{path} is missing: {directory} is not a complete backup.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"{path}: unknown manifest format {found!r} (this code reads format {FORMAT}).")
    for key in ("database", "tables", "files"):
        if key not in manifest:
            raise BackupError(f"{path}: no {key!r} entry.")
    for entry in manifest["files"]:
        safe_name(entry["name"])
    return manifest
