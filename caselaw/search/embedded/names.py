"""Printed names of open national forums, kept beside an index generation to label the `forum` facet.

The taxonomy labels the forums it lists; a court it does not list is indexed under `<iso2>-<slug>` and only its
cases know its name. tantivy aggregates codes, not names, so the engine counts, per open forum code, the names
its indexed cases print (`forum_names.json` in the generation directory: written by a rebuild before the
generation is published, rewritten atomically by each update under the writer lock). A code is labelled by its
most frequent name, ties to the first in code-point order, as the cluster engines' `terms` sub-aggregation does.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from caselaw.errors import EngineUnavailable

NAMES_FILE = "forum_names.json"


@dataclass
class ForumNames:
    """How many indexed cases print each name of each open forum code."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, code: str | None, name: str | None) -> None:
        """Count a case's open forum name (nothing when `name` is None: a taxonomy forum, or no forum)."""
        if code and name:
            names = self.counts.setdefault(code, {})
            names[name] = names.get(name, 0) + 1

    def remove(self, code: str | None, name: str | None) -> None:
        """Uncount a case's open forum name (the case is replaced or deleted)."""
        names = self.counts.get(code or "")
        if names is None or code is None or name not in names:
            return
        names[name] -= 1
        if names[name] <= 0:
            del names[name]
        if not names:
            del self.counts[code]

    def best(self) -> dict[str, str]:
        """Each code's label: its most frequent name, ties to the first in code-point order."""
        return {code: min(names, key=lambda n: (-names[n], n)) for code, names in self.counts.items() if names}

    def write(self, directory: Path) -> None:
        """Write the counts into a generation directory with one atomic rename."""
        temporary = directory / f"{NAMES_FILE}.{uuid.uuid4().hex[:8]}.tmp"
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(self.counts, handle, ensure_ascii=False, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(directory / NAMES_FILE)


def load(directory: Path) -> ForumNames:
    """The counts of a generation; empty when it has none yet (a generation built before any open forum)."""
    try:
        data = json.loads((directory / NAMES_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ForumNames()
    except (OSError, ValueError) as exc:
        raise EngineUnavailable(f"cannot read {directory / NAMES_FILE}: {exc}") from exc
    return ForumNames({str(code): {str(n): int(c) for n, c in names.items()} for code, names in data.items()})


class NameReader:
    """The labels of a generation, read again only when an update has rewritten the file (one `stat` a search)."""

    def __init__(self) -> None:
        # One tuple, replaced whole: searches in several threads never see a key with another file's labels.
        self._cached: tuple[tuple[Path, int, int, int], dict[str, str]] | None = None

    def labels(self, directory: Path) -> dict[str, str]:
        """Code to printed name of every open forum in the generation at `directory`."""
        try:
            stat = (directory / NAMES_FILE).stat()
        except FileNotFoundError:
            return {}
        key = (directory, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        cached = self._cached
        if cached is None or cached[0] != key:
            cached = (key, load(directory).best())
            self._cached = cached
        return cached[1]
