"""The outcome of an ingest batch: one entry per file, counts, and the summary table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rich.table import Table


class Outcome(StrEnum):
    """What happened to one file."""

    INGESTED = "ingested"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass
class FileReport:
    """One file's outcome; `reason` for failures, `near_duplicate_of` when another document reads the same."""

    path: str
    outcome: Outcome
    case_id: str | None = None
    status: str | None = None
    error: str | None = None
    reason: str | None = None
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    near_duplicate_of: str | None = None
    quarantined: str | None = None


@dataclass
class IngestReport:
    """Every file of a batch."""

    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        """Files with this outcome."""
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def failed(self) -> list[FileReport]:
        """The files that failed."""
        return [f for f in self.files if f.outcome is Outcome.FAILED]

    @property
    def needs_review(self) -> list[FileReport]:
        """Stored files whose record needs an editor (review or OCR)."""
        return [f for f in self.files if f.status in ("needs-review", "needs-ocr") and f.outcome is not Outcome.FAILED]

    @property
    def near_duplicates(self) -> list[FileReport]:
        """Stored files whose text nearly repeats another document's."""
        return [f for f in self.files if f.near_duplicate_of]

    @property
    def pages(self) -> int:
        """Pages read."""
        return sum(f.pages for f in self.files)

    def summary(self) -> Table:
        """The summary table: counts, then one row per failure, review and near-duplicate."""
        table = Table(title="ingest summary", show_lines=False)
        table.add_column("outcome")
        table.add_column("files", justify="right")
        table.add_column("detail")
        for outcome in Outcome:
            table.add_row(outcome.value, str(self.count(outcome)), "")
        table.add_row("needs-review", str(len(self.needs_review)), "")
        for item in self.failed:
            table.add_row("[red]failed[/red]", "", f"{item.path}: {item.error}: {item.reason}")
        for item in self.needs_review:
            table.add_row("needs-review", "", f"{item.path} → {item.case_id} ({item.status})")
        for item in self.near_duplicates:
            table.add_row("near-duplicate", "", f"{item.path} reads like {item.near_duplicate_of}")
        return table

    def lines(self) -> list[str]:
        """The summary as plain lines, for logs and non-terminals."""
        counts = ", ".join(f"{o.value} {self.count(o)}" for o in Outcome)
        result = [
            f"summary: {counts}, needs-review {len(self.needs_review)}, {self.pages} pages in {self.seconds:.1f} s"
        ]
        result += [f"failed: {f.path}: {f.error}: {f.reason}" for f in self.failed]
        result += [f"needs-review: {f.path} -> {f.case_id} ({f.status})" for f in self.needs_review]
        result += [f"near-duplicate: {f.path} reads like {f.near_duplicate_of}" for f in self.near_duplicates]
        return result
