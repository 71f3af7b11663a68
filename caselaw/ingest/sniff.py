"""Check a file before parsing it: readable, within the size limit, not empty, and a PDF by content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from caselaw.errors import EmptyFile, FileTooLarge, NotAPdf, UnreadablePath

_MAGIC_WINDOW = 1024  # the PDF header may follow some junk bytes; readers accept it within the first KiB
_MARKUP = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")


@dataclass(frozen=True)
class Original:
    """The bytes of a file that passed the checks, with its hash."""

    path: Path
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)


def read_original(path: Path, max_bytes: int) -> Original:
    """Read `path`, refusing what is unreadable, empty, too large or not a PDF (whatever its name)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadablePath(f"{path} is not a regular file")
        if size > max_bytes:
            raise FileTooLarge(f"{path.name} is {size} bytes, more than the limit of {max_bytes}", size=size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadablePath(f"{path} does not exist") from None
    except PermissionError:
        raise UnreadablePath(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise UnreadablePath(f"{path} cannot be read: {exc.strerror}") from None
    sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        raise EmptyFile(f"{path.name} is empty (0 bytes)", sha256=sha256)
    head = data[:_MAGIC_WINDOW]
    if b"%PDF-" not in head:
        kind = "an HTML page" if head.lstrip().lower().startswith(_MARKUP) else "not a PDF"
        raise NotAPdf(f"{path.name} is {kind} (no %PDF- header), whatever its name says", sha256=sha256)
    return Original(path, data, sha256)
