"""Folders that hold an upload while it is ingested, under `DATA_DIR/uploads/`, and the clean-up of those left behind.

An upload's folder is removed when its request ends; a server killed outright (SIGKILL, a power cut) cannot, and
its folders would stay for ever. Each folder is locked (`flock` on the folder itself) by the process handling the
upload for as long as the upload lasts; the kernel drops the lock when that process dies, however it dies. So a
folder nobody holds is a leftover, and `caselaw serve` deletes those at start (each upload does too, in case the
app runs under another launcher), never a folder another process or server worker is still using.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path


def uploads_dir(data_dir: Path) -> Path:
    """Where uploads are kept while they are ingested."""
    return data_dir / "uploads"


def reserve(data_dir: Path) -> tuple[Path, int]:
    """A fresh folder for one upload, and the descriptor holding its lock (close it after deleting the folder)."""
    parent = uploads_dir(data_dir)
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = Path(tempfile.mkdtemp(dir=parent))
        # A clean-up may take the new folder for a leftover before it is locked here (deleted before it is opened,
        # or while this waits for the lock, which a clean-up holds only while deleting): then take another.
        try:
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if folder.is_dir():
            return folder, descriptor
        os.close(descriptor)


def release(folder: Path, descriptor: int) -> None:
    """Delete an upload's folder, then drop its lock."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(descriptor)


def clean_leftovers(data_dir: Path) -> int:
    """Delete the upload folders no living process holds (left by a killed server); how many were deleted."""
    parent = uploads_dir(data_dir)
    if not parent.is_dir():
        return 0
    removed = 0
    for folder in parent.iterdir():
        try:
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue  # gone meanwhile, or not a folder
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # an upload in progress
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
                removed += 1
        finally:
            os.close(descriptor)
    return removed
