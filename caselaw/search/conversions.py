"""Concepts found in each case's texts, kept beside an index, so a rebuild finds them again only where texts changed.

Finding the taxonomy concepts a case mentions (`expansion.ConceptFinder` over whole judgments: every word of 16 KiB
of text analysed, counted and matched) is most of a case's conversion to an engine document: measured on the
synthetic corpus, 1.6 of the embedded engine's 1.7 ms of Python a case, 2.1 of the cluster engines' 3.1 ms, where
tantivy's writer takes about 1.4 ms of CPU a case. Everything else a document holds (payload, titles, facet
values) is read off the case in about 0.15 ms, so only the concepts are cached: a few hundred bytes a case, where
whole documents would copy every judgment a second time.

The cache is the search layer's own SQLite file beside the index (`concepts.sqlite`): the store never reads it,
and losing it only makes the next rebuild find every case's concepts again. An entry is used only when its digest
equals the digest of what finding reads now: the finder's version (`finder_version`: the taxonomy's keywords, the
source of the modules that find and tokenize, tantivy's release) and each title and text with its language
(`indexable.concept_sources`), so a changed text, keyword or analyzer is found again, never served stale. A
rebuild writes the entries it found and, once it has read every case, drops those of cases it did not see.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import sqlite3
import sys
import unicodedata
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from caselaw.models import Case
from caselaw.search import analysis, expansion, indexable
from caselaw.search.expansion import ConceptFinder, keyword_index
from caselaw.search.indexable import Concepts, concept_sources
from caselaw.search.parallel import converted

T = TypeVar("T")

FILE_NAME = "concepts.sqlite"
FLUSH_ROWS = 2000
"""Entries written to the file per transaction during a rebuild (memory stays flat)."""

Item = tuple[Case, Concepts | None]
"""What a rebuild's converter receives: a case and its cached concepts (None: find them)."""


def finder_version(finder: ConceptFinder, *modules: ModuleType) -> str:
    """What finding concepts depends on besides the texts: the taxonomy's keywords, the source files of the modules
    that find and tokenize (this one, `expansion`, `analysis`, `indexable`, the finder's tokenizer's module and
    `modules`), tantivy's and Python's releases. A module whose source cannot be read gives a version no entry
    matches."""
    digest = hashlib.blake2b(digest_size=16)
    targets = sorted((f"{facet}/{code}", sorted(languages.items())) for (facet, code), languages in _targets())
    digest.update(json.dumps([targets, expansion.MIN_PREFIX], ensure_ascii=False).encode())
    tokenizer = sys.modules.get(getattr(finder.tokenize, "__module__", ""), None)
    for module in (sys.modules[__name__], expansion, analysis, indexable, tokenizer, *modules):
        try:
            digest.update(Path(str(getattr(module, "__file__", ""))).read_bytes())
        except OSError:
            digest.update(uuid.uuid4().bytes)  # never matches: every case's concepts are found again
    try:
        digest.update(importlib.metadata.version("tantivy").encode())
    except importlib.metadata.PackageNotFoundError:
        digest.update(uuid.uuid4().bytes)
    # Python's folding (`analysis.fold`: Unicode decomposition) and regular expressions change with its release.
    digest.update(f"{sys.version}\0{unicodedata.unidata_version}".encode())
    return digest.hexdigest()


def _targets() -> Iterable[tuple[tuple[str, str], dict[str, list[tuple[str, bool]]]]]:
    return keyword_index().targets.items()


class ConceptCache:
    """The cached concepts of the cases of one index (see the module's docstring); one rebuild at a time uses it
    (the caller holds the index's writer lock or rebuild lock)."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version.encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        # WAL and NORMAL: a crash loses at most the last transaction, never leaves a half-written one.
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS concepts "
            "(case_id TEXT PRIMARY KEY, digest BLOB NOT NULL, concepts TEXT NOT NULL)"
        )
        self._pending: list[tuple[str, bytes, str]] = []
        self.hits = 0
        self.misses = 0

    def digest(self, case: Case) -> bytes:
        """The digest of what finding reads in `case`, under this cache's finder version."""
        digest = hashlib.blake2b(self.version, digest_size=16)
        for language, text in concept_sources(case):
            # Lengths first: no two different lists of texts hash the same bytes.
            encoded = text.encode("utf-8", "surrogatepass")
            digest.update(f"{language}\0{len(encoded)}\0".encode())
            digest.update(encoded)
        return digest.digest()

    def get(self, case_id: str, digest: bytes) -> Concepts | None:
        """The concepts cached for `case_id` when they were found in exactly what `digest` describes."""
        row = self._conn.execute("SELECT digest, concepts FROM concepts WHERE case_id = ?", (case_id,)).fetchone()
        if row is None or bytes(row[0]) != digest:
            self.misses += 1
            return None
        self.hits += 1
        found: Concepts = json.loads(row[1])
        return found

    def put(self, case_id: str, digest: bytes, concepts: Concepts) -> None:
        """Remember the concepts found in the case `digest` describes (written in batches, see `flush`)."""
        self._pending.append((case_id, digest, json.dumps(concepts, ensure_ascii=False, separators=(",", ":"))))
        if len(self._pending) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the entries put since the last flush."""
        if not self._pending:
            return
        with self._transaction():
            self._conn.executemany(
                "INSERT INTO concepts (case_id, digest, concepts) VALUES (?, ?, ?) ON CONFLICT (case_id) DO UPDATE "
                "SET digest = excluded.digest, concepts = excluded.concepts",
                self._pending,
            )
        self._pending.clear()

    def keep_only(self, case_ids: set[str]) -> None:
        """Drop the entries of cases not in `case_ids` (a whole rebuild's cases): deleted cases leave no trace."""
        self.flush()
        gone = [
            (case_id,) for (case_id,) in self._conn.execute("SELECT case_id FROM concepts") if case_id not in case_ids
        ]
        if gone:
            with self._transaction():
                self._conn.executemany("DELETE FROM concepts WHERE case_id = ?", gone)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Write what is pending (a failed rebuild's findings stay valid: they are keyed by digest), close the file."""
        with contextlib.suppress(sqlite3.Error):
            self.flush()
        self._conn.close()


def open_cache(path: Path, version: str) -> ConceptCache | None:
    """The cache at `path`, or None when it cannot be used (a read-only directory, a damaged file: the damaged
    file is removed so the next rebuild starts a fresh one); a rebuild without it finds every case's concepts."""
    for attempt in range(2):
        try:
            cache = ConceptCache(path, version)
            cache._conn.execute("SELECT COUNT(*) FROM concepts WHERE rowid = 1").fetchone()
            return cache
        except (sqlite3.Error, OSError):
            if attempt == 0:
                for damaged in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    with contextlib.suppress(OSError):
                        damaged.unlink(missing_ok=True)
    return None


def cached_conversion(
    cases: Iterable[Case],
    convert: Callable[[Item], tuple[T, Concepts]],
    cache: ConceptCache | None,
    workers: int,
) -> Iterator[T]:
    """`convert` of each case with its cached concepts (`parallel.converted`, `workers` processes), in order; the
    concepts `convert` found are written to `cache`, and once every case was read the entries of cases not seen are
    dropped. `convert` must be a module-level function (it is pickled) returning its result and the concepts it
    used. Without a cache, every case's concepts are found."""
    if cache is None:
        yield from (result for result, _ in converted(((case, None) for case in cases), convert, workers))
        return
    # Digests of the cases handed to `convert` whose results have not come back yet, in order.
    waiting: deque[tuple[str, bytes, bool]] = deque()
    seen: set[str] = set()

    def items() -> Iterator[Item]:
        for case in cases:
            digest = cache.digest(case)
            found = cache.get(case.id, digest)
            waiting.append((case.id, digest, found is not None))
            yield case, found

    for result, concepts in converted(items(), convert, workers):
        case_id, digest, hit = waiting.popleft()
        if not hit:
            cache.put(case_id, digest, concepts)
        seen.add(case_id)
        yield result
    cache.keep_only(seen)
