"""The real corpus (`../shared/realdocs`) read once per test session by the worker's extraction, for the tests
that measure record kinds and rights on it. The documents are never copied into the repository."""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from caselaw.config import Settings
from caselaw.ingest.extract import extract_file
from caselaw.ingest.tagging import Passage
from tests.conftest import ROOT

REALDOCS = ROOT.parent / "shared" / "realdocs"
GOLD = REALDOCS / "gold.tsv"


@dataclass
class RealDocument:
    """What ingest read from one real file, beside its gold labels."""

    file: str
    gold_kind: str
    gold_rights: set[str]
    language: str
    languages: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    forum: str | None = None
    decision_type: str | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    sha256: str | None = None

    def passages(self) -> list[Passage]:
        """The blocks as the tagger takes them, numbered paragraphs with their numbers."""
        numbered = {f"{number} {text}": number for number, text in self.paragraphs}
        return [Passage(numbered.get(block), block) for block in self.blocks]


@cache
def real_documents() -> list[RealDocument]:
    """Every file of the gold list through `extract_file`; a file that fails keeps its labels and no text."""
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="realdocs-")) / "data")
    with GOLD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    documents = []
    for row in rows:
        rights = {code for code in row["rights"].split(",") if code}
        document = RealDocument(row["file"], row["kind"], rights, row["language"])
        result = extract_file(str(REALDOCS / row["file"]), settings)
        if result.case is not None:
            case, text = result.case, result.case.documents[0]
            document.language, document.languages = text.language, text.languages
            document.blocks = text.text.split("\n\n") if text.text else []
            document.paragraphs = [(p.number, p.text) for p in text.paragraphs]
            document.title, document.forum, document.decision_type = text.title, case.forum, case.decision_type
            document.identifiers = [(i.scheme, i.value) for i in case.identifiers]
            document.articles, document.sha256 = case.articles, text.sha256
        documents.append(document)
    return documents
