"""Measure citation extraction against a gold file: precision and recall of the distinct citations per document.

The gold file is tab-separated, UTF-8, with a header row `file page paragraph kind key`: one row per distinct
citation in a file; `kind` is `decision` or `general-comment`; `key` is `scheme:value` (`series-c:198`,
`general-comment:cescr-gc-7`, `party:acevedo jaramillo`), several alternatives separated by `|` (a citation
counts as found when any of them is among the keys extracted from that file). `page` and `paragraph` say where
a reader finds it; they are not compared (paragraph numbering is the layout's, measured elsewhere).

A predicted citation is right when one of its keys is a gold key of its file and kind; each gold row is found
when one of its keys is among the predicted keys of its file and kind. Articles are not measured here."""

from __future__ import annotations

import csv
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from caselaw.errors import ValidationFailed
from caselaw.ingest.citations import FoundCitation, find_citations
from caselaw.ingest.cited_decisions import own_name_keys
from caselaw.ingest.identifiers import caption, read_identifiers

MEASURED = ("decision", "general-comment")
_NAME_SCHEMES = frozenset({"case-name", "party"})
_COLUMNS = ("file", "page", "paragraph", "kind", "key")
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\.?\s+(?=\S)")


@dataclass(frozen=True)
class GoldCitation:
    """One labelled citation."""

    file: str
    page: str
    paragraph: str
    kind: str
    keys: frozenset[tuple[str, str]]


@dataclass
class CitationScore:
    """Counts and the rows behind them."""

    true_positives: int = 0
    false_positives: int = 0
    found: int = 0
    missed: list[GoldCitation] = field(default_factory=list)
    spurious: list[tuple[str, FoundCitation]] = field(default_factory=list)
    gold: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted citations that are in the gold file."""
        total = self.true_positives + self.false_positives
        return self.true_positives / total if total else 1.0

    @property
    def recall(self) -> float:
        """Share of gold citations that were extracted."""
        return self.found / self.gold if self.gold else 1.0


def read_gold(path: Path) -> list[GoldCitation]:
    """The labelled citations of a gold TSV; ValidationFailed names a bad row."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise ValidationFailed(f"cannot read {path}: {exc.strerror}") from None
    if not rows or any(column not in rows[0] for column in _COLUMNS):
        raise ValidationFailed(f"{path}: expected the columns {' '.join(_COLUMNS)}")
    gold = []
    for line, row in enumerate(rows, start=2):
        if row["kind"] not in MEASURED or ":" not in row["key"]:
            raise ValidationFailed(f"{path}:{line}: kind must be one of {MEASURED} and key scheme:value")
        keys = frozenset((scheme, value) for scheme, _, value in (alt.partition(":") for alt in row["key"].split("|")))
        gold.append(GoldCitation(row["file"], row["page"], row["paragraph"], row["kind"], keys))
    return gold


def document_paragraphs(path: Path) -> list[tuple[str | None, str]]:
    """A PDF's text as `pdftotext` reads it, in blank-line-separated paragraphs; a leading number is the
    paragraph's. (pdftotext rather than the layout analysis: this measures the citation rules alone; the layout
    splits some lines at superscripts, "n" + raised "o", which phase 2 must fix or work around.)"""
    try:
        text = subprocess.run(
            ["pdftotext", "-q", str(path), "-"], capture_output=True, check=True, timeout=120
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError) as exc:
        raise ValidationFailed(f"{path}: pdftotext failed: {exc}") from None
    result: list[tuple[str | None, str]] = []
    for chunk in re.split(r"\n\s*\n|\f", text):
        chunk = " ".join(chunk.split())
        if not chunk:
            continue
        numbered = _NUMBERED.match(chunk)
        result.append((numbered.group(1), chunk[numbered.end() :]) if numbered else (None, chunk))
    return result


def extract(path: Path, forum: str | None = None) -> list[FoundCitation]:
    """The citations read from one file, its own identifiers (read from its caption) left out."""
    paragraphs = document_paragraphs(path)
    text = "\n\n".join(t for _, t in paragraphs[:60])
    own = [*read_identifiers(caption(text, [])), *own_name_keys(text[:1500])]
    return [c for c in find_citations(paragraphs, "und", forum, own) if c.kind in MEASURED]


def evaluate(gold: list[GoldCitation], folder: Path) -> CitationScore:
    """Precision and recall of the distinct citations of each gold file found in `folder`."""
    by_file: dict[str, list[GoldCitation]] = defaultdict(list)
    for row in gold:
        by_file[row.file].append(row)
    score = CitationScore(gold=len(gold))
    for name, rows in sorted(by_file.items()):
        path = folder / name
        if not path.is_file():
            raise ValidationFailed(f"{path}: no such file")
        predicted = _distinct(extract(path))
        gold_keys = {(row.kind, key) for row in rows for key in row.keys}
        predicted_keys = {(c.kind, key) for c in predicted for key in c.keys}
        for citation in predicted:
            if any((citation.kind, key) in gold_keys for key in citation.keys):
                score.true_positives += 1
            else:
                score.false_positives += 1
                score.spurious.append((name, citation))
        for row in rows:
            if any((row.kind, key) in predicted_keys for key in row.keys):
                score.found += 1
            else:
                score.missed.append(row)
    return score


def _distinct(citations: list[FoundCitation]) -> list[FoundCitation]:
    """One citation per cited thing: a later one sharing an identifier with an earlier one, or naming a case
    already cited when it has no identifier, is the same citation again (two judgments in one case share their
    name, not their Series C numbers)."""
    seen: set[tuple[str, tuple[str, str]]] = set()
    result = []
    for citation in citations:
        ids = {(citation.kind, k) for k in citation.keys if k[0] not in _NAME_SCHEMES}
        names = {(citation.kind, k) for k in citation.keys if k[0] in _NAME_SCHEMES}
        repeated = bool(ids & seen) if ids else bool(names & seen)
        seen |= ids | names
        if not repeated:
            result.append(citation)
    return result
