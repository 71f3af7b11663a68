"""Metadata of the real corpus (../shared/realdocs) against its hand labels: forum, State, decision date and
identifiers, with every miss.

Run as `python -m tests.ingest.real_metadata [--reader plain|pdftotext|pipeline] [--cache DIR] [-v] [FILE...]`;
test_real_metadata.py pins the figures. `plain` is Poppler's own text in reading order (`pdftotext FILE -`, a
stand-in while our text layer scrambles some born-digital files), `pdftotext` lays out Poppler's word boxes with
our layout analysis, `pipeline` reads as ingest does. Pages without text are read by OCR in every reader.

How a field counts as right:
- forum: a taxonomy forum in gold must come out exactly. Gold's codes for unlisted national courts are one
  person's coinage, so an open forum counts when its country is gold's State and its printed name shares most
  of its words with gold's printed name; whether the code also equals gold's is reported beside it.
- State: the first respondent State equals gold's. Decision date: equals gold's (no date when gold has none).
- identifiers: each gold identifier is found when one of ours has the same number once both lose their
  labels ("Serie C No.", "Petición", "Docket No."), case, punctuation and leading zeros.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from caselaw.config import Settings
from caselaw.errors import IngestError
from caselaw.ingest import metadata
from caselaw.ingest.keywords import fold
from caselaw.ingest.layout import analyse
from caselaw.taxonomy import get_taxonomy
from tests.ingest.real_titles import _ocr_blank, _pdftotext_pages, _pipeline_pages

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
_ALL_PAGES = 10_000
_SCANNED_WORDS = 50  # fewer words than this in Poppler's text: a scan (or a stamp on one), read by OCR instead
_FILLER = frozenset((
    "the", "of", "at", "for", "in", "de", "del", "la", "le", "les", "du", "des", "da", "do", "das", "dos", "a", "o",
    "e", "et", "y", "and",
))  # fmt: skip
_LABEL = re.compile(r"^[^\d\[]*?(?=[\d\[])")  # everything before the number: "Serie C No. ", "Docket Nos. "


@dataclass
class Read:
    """What the extractor read from one file."""

    forum: str | None = None
    forum_name: str | None = None
    forum_country: str | None = None
    forum_level: str | None = None
    state: str | None = None
    decision_date: date | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


@dataclass
class Row:
    """One gold row and what we read."""

    file: str
    kind: str
    forum: str
    forum_name: str
    state: str
    decision_date: str
    identifiers: list[str]
    ours: Read = field(default_factory=Read)

    @property
    def forum_ok(self) -> bool:
        """Whether our forum counts as gold's (see the module's docstring)."""
        if not self.forum:
            return True  # not a decision: whatever body issued it is not scored
        if get_taxonomy().has("forums", self.forum):
            return self.ours.forum == self.forum
        return self.ours.forum_country == self.state and name_overlap(self.ours.forum_name, self.forum_name) >= 0.6

    @property
    def forum_exact(self) -> bool:
        """Whether our forum code is gold's, letter for letter."""
        return self.ours.forum == (self.forum or None)

    @property
    def state_ok(self) -> bool:
        """Whether our State is gold's."""
        return self.ours.state == (self.state or None)

    @property
    def date_ok(self) -> bool:
        """Whether our decision date is gold's."""
        return str(self.ours.decision_date or "") == self.decision_date

    def identifiers_found(self) -> list[bool]:
        """For each gold identifier, whether we read it."""
        ours = [identifier_key(value) for _, value in self.ours.identifiers]
        return [any(same_identifier(identifier_key(gold), mine) for mine in ours) for gold in self.identifiers]


def name_words(name: str | None) -> set[str]:
    """A printed forum name's content words, folded."""
    return {w for w in re.findall(r"\w+", fold(name or "")) if w not in _FILLER}


def name_overlap(ours: str | None, gold: str) -> float:
    """Share of gold's content words that our printed name also has."""
    wanted = name_words(gold)
    return len(wanted & name_words(ours)) / len(wanted) if wanted else 0.0


def identifier_key(value: str) -> str:
    """An identifier without its label, case, punctuation and leading zeros ("N.° 013/2021" -> "13 2021")."""
    bare = _LABEL.sub("", fold(value), count=1)
    numbers = [p.lstrip("0") or "0" if p.isdigit() else p for p in re.findall(r"[a-z]+|\d+", bare)]
    return " ".join(numbers)


def same_identifier(gold: str, ours: str) -> bool:
    """Equal keys, or ours a leading part of gold's ("2:18-cv-10166" of "2:18-cv-10166-JAK (AFM)")."""
    if not gold or not ours:
        return False
    return gold == ours or (len(ours) >= 8 and gold.startswith(ours + " "))


def gold_rows() -> list[Row]:
    """Every row of gold.tsv."""
    with (REALDOCS / "gold.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                r["file"],
                r["kind"],
                r["forum"],
                r["forum_name"],
                r["state"],
                r["decision_date"],
                [i.strip() for i in re.split(r";|, (?=\d)", r["identifiers"]) if i.strip()],
            )
            for r in reader
        ]


def layout_text(path: Path, reader: str, settings: Settings, cache: Path | None) -> tuple[str, str | None, list[str]]:
    """(text, title, running headers) of a whole file as the chosen reader lays it out; blank pages OCRed."""
    cached = cache / f"{path.stem}.{reader}.json" if cache else None
    if cached and cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return data["text"], data["title"], data["headers"]
    plain = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    if reader == "plain" and len(plain.split()) >= _SCANNED_WORDS:
        text, title, headers = plain, None, []
    else:
        pages = (_pdftotext_pages if reader == "pdftotext" else _pipeline_pages)(path, _ALL_PAGES)
        _ocr_blank(path, pages, settings)
        layout = analyse(pages)
        text, title, headers = layout.text, layout.title, layout.running_headers
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        data = {"text": text, "title": title, "headers": headers}
        cached.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return text, title, headers


def read_row(row: Row, reader: str, settings: Settings, cache: Path | None) -> Row:
    """Run the extractor on one gold row's file."""
    try:
        text, title, headers = layout_text(REALDOCS / row.file, reader, settings, cache)
    except (IngestError, subprocess.CalledProcessError, ET.ParseError) as exc:
        row.ours = Read(error=type(exc).__name__)
        return row
    meta = metadata.extract(text, title, headers)
    row.ours = Read(
        forum=meta.forum,
        forum_name=getattr(meta, "forum_name", None),
        forum_country=getattr(meta, "forum_country", None),
        forum_level=getattr(meta, "forum_level", None),
        state=meta.respondent_states[0] if meta.respondent_states else None,
        decision_date=meta.decision_date,
        identifiers=list(meta.identifiers),
    )
    return row


@dataclass
class Scores:
    """Hits per field over a set of rows."""

    rows: int = 0
    forum: int = 0
    forum_exact: int = 0
    state: int = 0
    date: int = 0
    identifiers: int = 0
    identifiers_total: int = 0

    def add(self, row: Row) -> None:
        """Count one row."""
        self.rows += 1
        self.forum += row.forum_ok
        self.forum_exact += row.forum_exact
        self.state += row.state_ok
        self.date += row.date_ok
        found = row.identifiers_found()
        self.identifiers += sum(found)
        self.identifiers_total += len(found)

    def line(self, name: str) -> str:
        """One summary line."""

        def pct(hits: int, total: int) -> str:
            return f"{hits}/{total} = {hits / max(total, 1):.0%}"

        forum = f"forum {pct(self.forum, self.rows)} (code exact {self.forum_exact}), " if name == "decisions" else ""
        return (
            f"{name}: {forum}"
            f"state {pct(self.state, self.rows)}, date {pct(self.date, self.rows)}, "
            f"identifiers {pct(self.identifiers, self.identifiers_total)}"
        )


def score(rows: list[Row]) -> dict[str, Scores]:
    """Scores of decisions and of the other kinds."""
    scores = {"decisions": Scores(), "other kinds": Scores()}
    for row in rows:
        scores["decisions" if row.kind == "decision" else "other kinds"].add(row)
    return scores


def describe(row: Row) -> list[str]:
    """Lines about one row's misses (every field when `verbose`)."""
    ours = row.ours
    lines = [row.file + (f"  [{ours.error}]" if ours.error else "")]
    mark = {True: "ok  ", False: "MISS"}
    lines.append(
        f"  {mark[row.forum_ok]} forum  gold {row.forum or '-'} | {row.forum_name}\n"
        f"                ours {ours.forum or '-'} | {ours.forum_name} | {ours.forum_country} | {ours.forum_level}"
    )
    lines.append(f"  {mark[row.state_ok]} state  gold {row.state or '-'}  ours {ours.state or '-'}")
    lines.append(f"  {mark[row.date_ok]} date   gold {row.decision_date or '-'}  ours {ours.decision_date or '-'}")
    found = row.identifiers_found()
    lines.append(
        f"  {mark[all(found)]} ids    gold {row.identifiers}\n                ours {[v for _, v in ours.identifiers]}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print every file's misses, then the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--reader", choices=["plain", "pdftotext", "pipeline"], default="plain")
    parser.add_argument("--cache", type=Path, help="keep each file's laid-out text here between runs")
    parser.add_argument("-v", "--verbose", action="store_true", help="print rows without misses too")
    parser.add_argument("files", nargs="*", help="only these gold rows (substrings of file names)")
    args = parser.parse_args(argv)
    if not REALDOCS.is_dir():
        print(f"no real corpus at {REALDOCS}", file=sys.stderr)  # noqa: T201
        return 2
    settings = Settings()
    rows = [r for r in gold_rows() if not args.files or any(f in r.file for f in args.files)]
    for row in rows:
        read_row(row, args.reader, settings, args.cache)
        clean = row.forum_ok and row.state_ok and row.date_ok and all(row.identifiers_found())
        if args.verbose or not clean:
            print("\n".join(describe(row)))  # noqa: T201
    for name, scores in score(rows).items():
        print(scores.line(name) + f"  (reader {args.reader})")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
