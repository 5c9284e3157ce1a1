"""The files half: every object of the default storage, through Django's Storage API only (listdir, open,
save), so the same code copies a local MEDIA_ROOT or an S3 bucket.

Why the storage's own listing and not the FileFields' names: the listing is complete — it holds what any model
or feature stored, today's and tomorrow's, without this code knowing their fields. The FileFields' names (read
from the dump's snapshot) are then checked against it: a name the rows refer to that the storage lacks is
reported as missing (it was already lost before the backup)."""

import random
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages

from . import manifest
from .errors import BackupError

Progress = Callable[[int], Callable[[int], None]]


def default_storage():
    return storages["default"]


def walk(storage, path: str = "") -> Iterator[str]:
    """Every file name under `path`, recursively, sorted within each folder."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:  # a local MEDIA_ROOT nothing was ever stored in
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for folder in sorted(folders):
        yield from walk(storage, f"{path}/{folder}" if path else folder)


def copy_out(storage, directory: Path, progress: Progress) -> list[dict]:
    """Copy every stored file into directory/files/<name>, hashing as it goes."""
    names = [manifest.safe_name(name) for name in walk(storage)]
    entries = []
    advance = progress(len(names))
    root = directory / manifest.FILES_DIR
    for name in names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as out:
            size, digest = manifest.sha256_of(source, sink=out)
        entries.append({"name": name, "size": size, "sha256": digest})
        advance(1)
    return entries


def check_backup(directory: Path, entries: list[dict], progress: Progress) -> list[str]:
    """Every file of the backup against the manifest: problems (missing, size, SHA-256), empty when sound."""
    problems = []
    advance = progress(len(entries))
    for entry in entries:
        path = directory / manifest.FILES_DIR / entry["name"]
        if not path.is_file():
            problems.append(f"{entry['name']}: missing from the backup")
        else:
            size, digest = manifest.file_digest(path)
            if (size, digest) != (entry["size"], entry["sha256"]):
                problems.append(f"{entry['name']}: SHA-256 {digest} (size {size}) but the manifest says "
                                f"{entry['sha256']} (size {entry['size']})")
        advance(1)
    return problems


def write_in(storage, directory: Path, entries: list[dict], *, force: bool, progress: Progress) -> None:
    """Store every backed-up file under its own name (the restored rows refer to it)."""
    advance = progress(len(entries))
    for entry in entries:
        name = entry["name"]
        if storage.exists(name):
            if not force:
                raise BackupError(f"{name} already exists in the target storage (--force replaces it).")
            storage.delete(name)
        with (directory / manifest.FILES_DIR / name).open("rb") as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}: the restored rows would not find it.")
        advance(1)


def verify(storage, entries: list[dict], sample: int | None, progress: Progress) -> tuple[int, list[str]]:
    """Read files back from the target storage and compare with the manifest: (how many read, problems)."""
    chosen = entries if sample is None or sample >= len(entries) else random.sample(entries, sample)
    problems = []
    advance = progress(len(chosen))
    for entry in chosen:
        try:
            with storage.open(entry["name"], "rb") as stream:
                size, digest = manifest.sha256_of(stream)
        except FileNotFoundError:
            problems.append(f"{entry['name']}: not in the target storage")
        else:
            if (size, digest) != (entry["size"], entry["sha256"]):
                problems.append(f"{entry['name']}: SHA-256 {digest} (size {size}) in the target storage, "
                                f"{entry['sha256']} (size {entry['size']}) in the manifest")
        advance(1)
    return len(chosen), problems
