"""How well ingest names and groups the fixture cases, against the curated corpus: titles, ids, identifiers.

Run as `python -m tests.ingest.naming` to print the figures and every miss; test_naming.py pins them.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from caselaw.config import Settings
from caselaw.ingest import ingest_paths
from caselaw.ingest.keywords import fold
from caselaw.models import Case
from caselaw.store import open_store
from tests.ingest.conftest import FIXTURES


def normalise(title: str | None) -> str:
    """A title compared without case, accents, punctuation or the spelling of "versus"."""
    words = re.sub(r"[^\w]+", " ", fold(title or "")).split()
    return " ".join("v" if w in ("vs", "c") else w for w in words)


@dataclass
class Scores:
    """Shares in [0, 1], with the misses that explain them."""

    cases: int = 0
    expected_cases: int = 0
    grouping: float = 0.0  # curated cases whose documents were stored together and alone
    short_titles: float = 0.0  # documents whose language's short title matches the curated one
    full_titles: float = 0.0  # documents whose language's full title names the parties of the curated one
    ids: float = 0.0  # curated cases stored under the curated id exactly
    named_ids: float = 0.0  # ids of forum, year and a name the curated titles use, in at most 60 characters
    identifiers: float = 0.0  # identifiers printed in a document and found on its case
    misses: list[str] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)


def _curated() -> tuple[dict[str, Case], dict[str, str]]:
    """Curated cases by id, and the curated case id of each fixture document's SHA-256."""
    cases = {}
    owner = {}
    for line in (FIXTURES / "corpus.jsonl").read_text("utf-8").splitlines():
        case = Case.model_validate_json(line)
        cases[case.id] = case
        owner.update({d.sha256: case.id for d in case.documents})
    return cases, owner


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def score(stored: list[Case]) -> Scores:
    """Compare the cases an ingest of fixtures/pdf stored with the curated corpus."""
    curated, owner = _curated()
    result = Scores(cases=len(stored), expected_cases=len(curated), case_ids=sorted(c.id for c in stored))
    groups = {frozenset(d.sha256 for d in c.documents): c for c in stored}
    together = 0
    for case in curated.values():
        shas = frozenset(
            d.sha256 for d in case.documents if (FIXTURES / "pdf" / (d.provenance.filename or "-")).is_file()
        )
        if shas in groups:
            together += 1
        else:
            result.misses.append(f"grouping: {case.id} split or mixed")
    result.grouping = _share(together, len(curated))
    short = full = documents = 0
    ids = named = 0
    found_ids = printed_ids = 0
    for case in stored:
        owners = {owner[d.sha256] for d in case.documents if d.sha256 in owner}
        for document in case.documents:
            truth = curated[owner[document.sha256]]
            expected, got = truth.titles[document.language], case.titles.get(document.language)
            documents += 1
            if got is not None and normalise(got.short) == normalise(expected.short):
                short += 1
            else:
                result.misses.append(
                    f"short: {document.provenance.filename}: {got and got.short!r} != {expected.short!r}"
                )
            if got is not None and normalise(got.full) == normalise(expected.full):
                full += 1
            else:
                result.misses.append(f"full: {document.provenance.filename}: {got and got.full!r} != {expected.full!r}")
            body = document.text + " ".join(document.running_headers)
            printed = {(i.scheme, i.value) for i in truth.identifiers if i.value in body}
            have = {(i.scheme, i.value) for i in case.identifiers}
            printed_ids += len(printed)
            found_ids += len(printed & have)
            for scheme, value in sorted(printed - have):
                result.misses.append(f"identifier: {document.provenance.filename}: {scheme} {value}")
        if len(owners) == 1 and case.id in owners:
            ids += 1
        if len(owners) == 1 and _named_id(case.id, curated[next(iter(owners))]):
            named += 1
        else:
            result.misses.append(f"id: {case.id} != {sorted(owners)}")
    result.short_titles = _share(short, documents)
    result.full_titles = _share(full, documents)
    result.ids = _share(ids, len(curated))
    result.named_ids = _share(named, len(curated))
    result.identifiers = _share(found_ids, printed_ids)
    return result


def _named_id(case_id: str, truth: Case) -> bool:
    """Whether `case_id` is the curated case's forum and year, then words of a name its titles use."""
    year = truth.dates.decision.year if truth.dates.decision else "undated"
    prefix = f"{truth.forum}-{year}-"
    if not case_id.startswith(prefix) or len(case_id) > 60:
        return False
    words = set(re.findall(r"[a-z]{3,}", fold(" ".join(f"{t.full} {t.short or ''}" for t in truth.titles.values()))))
    return bool(set(re.findall(r"[a-z]{3,}", case_id[len(prefix) :])) & (words | set(truth.id.split("-"))))


def ingest_fixtures(data_dir: Path) -> list[Case]:
    """Every fixture PDF (the scan too, when Tesseract is there) ingested into a fresh store; the stored cases."""
    settings = Settings(data_dir=data_dir)
    paths = sorted((FIXTURES / "pdf").glob("*.pdf"))
    with open_store(settings) as store:
        report = ingest_paths(paths, store, settings, workers=1)
        assert not report.failed, report.failed
        return list(store.iter_cases())


def main() -> None:
    """Print the figures and the misses."""
    with tempfile.TemporaryDirectory(prefix="caselaw-naming-") as tmp:
        scores = score(ingest_fixtures(Path(tmp)))
    for miss in scores.misses:
        print(miss)  # noqa: T201
    print(  # noqa: T201
        f"cases {scores.cases}/{scores.expected_cases}  grouping {scores.grouping:.0%}  short titles "
        f"{scores.short_titles:.0%}  full titles {scores.full_titles:.0%}  ids {scores.ids:.0%}  "
        f"named ids {scores.named_ids:.0%}  identifiers {scores.identifiers:.0%}"
    )


if __name__ == "__main__":
    main()
