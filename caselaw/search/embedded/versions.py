"""Index generations on disk: each rebuild writes a new directory, then one atomic rename makes it current.

Layout under the index root: `CURRENT` (JSON naming the live generation and its schema version), the
generation directories `gen-…`, and `writer.lock`, an advisory lock held by whoever writes (rebuild or update).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from caselaw.errors import EngineUnavailable, IndexBusy, IndexNotReady

POINTER = "CURRENT"
WAIT_SECONDS = 30.0
"""How long a writer waits for the index's writer lock held by another before giving up."""
PREFIX = "gen-"


@dataclass(frozen=True)
class Generation:
    """The live generation: its directory and the pointer file's identity (changes on every publish)."""

    path: Path
    schema_version: str
    stamp: tuple[int, int]


def current(root: Path, schema_version: str) -> Generation:
    """The live generation; IndexNotReady when there is none or it was built by another schema version."""
    pointer = root / POINTER
    try:
        stat = pointer.stat()
        data = json.loads(pointer.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexNotReady(f"no search index in {root}: run `caselaw reindex`") from None
    except (OSError, ValueError) as exc:
        raise EngineUnavailable(f"cannot read {pointer}: {exc}") from exc
    if data.get("schema_version") != schema_version:
        raise IndexNotReady(
            f"the search index in {root} was built by another version of caselaw "
            f"(schema {data.get('schema_version')}, expected {schema_version}): run `caselaw reindex`"
        )
    return Generation(root / data["generation"], schema_version, (stat.st_ino, stat.st_mtime_ns))


def stamp(root: Path) -> tuple[int, int] | None:
    """Identity of the pointer file (inode, mtime): a cheap check whether another process published."""
    try:
        stat = (root / POINTER).stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def new_directory(root: Path) -> Path:
    """A fresh, empty generation directory."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    return path


def publish(root: Path, directory: Path, schema_version: str) -> None:
    """Make `directory` the live generation with one atomic rename, durable before returning."""
    temporary = root / f"{POINTER}.{uuid.uuid4().hex[:8]}.tmp"
    payload = {"generation": directory.name, "schema_version": schema_version}
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(root / POINTER)
    descriptor = os.open(root, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def prune(root: Path, keep: Path) -> None:
    """Remove every generation but `keep`; readers of an old one keep their open files until they reopen."""
    for path in root.glob(f"{PREFIX}*"):
        if path != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    for path in root.glob(f"{POINTER}.*.tmp"):
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def writer_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the index's single-writer lock, waiting up to `wait` seconds (WAIT_SECONDS) for another writer (a
    thread or a process); IndexBusy when it is still held then."""
    root.mkdir(parents=True, exist_ok=True)
    wait = WAIT_SECONDS if wait is None else wait
    with (root / "writer.lock").open("a") as handle:
        deadline = time.monotonic() + wait
        pause = 0.01
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # Polled, not a blocking flock: that one cannot time out. Each update holds the lock for well
                # under a second; a rebuild holds it for minutes, and an update then gives up (its change stays
                # queued in the store, see `caselaw.search.sync`).
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another writer held the search index in {root} for more than {wait:g} s; retry later"
                    ) from None
                time.sleep(pause)
                pause = min(0.25, pause * 2)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
