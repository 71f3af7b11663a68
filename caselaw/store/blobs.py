"""Original files kept content-addressed by SHA-256 under the data directory."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from caselaw.errors import DocumentNotFound

_CHUNK = 1 << 20


class BlobStore:
    """Write-once files named by their SHA-256; a write is atomic (temporary file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the blob with this digest lives (two-level fan-out keeps directories small)."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """Whether the blob is stored."""
        return self.path(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        """Store `data`; return its SHA-256. Storing the same bytes twice is a no-op."""
        sha256 = hashlib.sha256(data).hexdigest()
        if not self.exists(sha256):
            self._write(sha256, [data])
        return sha256

    def put_file(self, source: Path) -> str:
        """Store the file at `source` (streamed, never read whole into memory); return its SHA-256."""
        digest = hashlib.sha256()
        with source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
        sha256 = digest.hexdigest()
        if not self.exists(sha256):
            with source.open("rb") as handle:
                self._write(sha256, iter(lambda: handle.read(_CHUNK), b""))
        return sha256

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored blob for reading."""
        try:
            return self.path(sha256).open("rb")
        except FileNotFoundError:
            raise DocumentNotFound(f"no stored file has SHA-256 {sha256}") from None

    def _write(self, sha256: str, chunks: Iterable[bytes]) -> None:
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            # rename is atomic on POSIX: a reader sees the whole file or none, and a crash leaves only a temp file.
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
