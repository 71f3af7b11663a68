"""Render fixtures/source/*.yaml into fixture PDFs, golden JSON, hostile files and corpus.jsonl."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

REPO = Path(__file__).resolve().parent.parent
# Run as `python scripts/make_fixtures.py`: the package lives at the repository root, the renderer beside us.
sys.path[:0] = [str(REPO), str(Path(__file__).resolve().parent)]

from fixture_render import SourceDocument, render  # noqa: E402

from caselaw.errors import CaselawError  # noqa: E402
from caselaw.ingest.citing import document_citations  # noqa: E402
from caselaw.models import Case, Citation, Document, Footnote, Paragraph, Provenance  # noqa: E402
from caselaw.store import CaseStore  # noqa: E402
from caselaw.store.jsonl import export_exclusions  # noqa: E402

ENCRYPTION_PASSWORD = "fixture"
TRUNCATE_AT = 0.4
NOT_A_PDF = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Page not found | Judgments portal</title></head>
<body>
<header><p>Judgments portal of the court</p></header>
<main>
<h1>We could not find that page</h1>
<p>The judgment you asked for has moved or was never published under this address.
Search the register by case number, or browse the judgments by year of delivery.</p>
<p><a href="/judgments/">Back to the list of judgments</a></p>
</main>
</body>
</html>
"""


class SourceError(Exception):
    """A source file that cannot be rendered; the message names the file."""


@dataclass
class Source:
    """A parsed, validated source file."""

    path: Path
    case: dict[str, Any]
    documents: list[SourceDocument]


@dataclass
class Rendered:
    """One rendered document: its file name, bytes and golden Document."""

    name: str
    data: bytes
    document: Document


def load_source(path: Path) -> Source:
    """Parse and validate one source file, raising SourceError with the file's name."""
    try:
        # The C loader when libyaml is there: the pure-Python one takes seconds over the whole corpus.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        if not isinstance(raw, dict) or set(raw) != {"case", "documents"}:
            raise SourceError(f"{path}: expected exactly the top-level keys `case` and `documents`")
        documents = [SourceDocument.model_validate(item) for item in raw["documents"] or []]
        case = Case.model_validate({**raw["case"], "documents": []})
    except (yaml.YAMLError, ValidationError, OSError) as error:
        raise SourceError(f"{path}: {error}") from error
    if case.id != path.stem:
        raise SourceError(f"{path}: case id {case.id!r} does not match the file name")
    languages = [document.language for document in documents]
    if not documents or len(languages) != len(set(languages)):
        raise SourceError(f"{path}: needs at least one document and one document per language, got {languages}")
    return Source(path, raw["case"], documents)


def running_header(source: Source, doc: SourceDocument) -> str:
    """The running header: the source's, else the case's short title in the document's language."""
    if doc.running_header:
        return doc.running_header
    title = Case.model_validate({**source.case, "documents": []}).title_in(doc.language)
    return title.short or title.full


def golden_text(doc: SourceDocument) -> str:
    """What a perfect extraction returns: every printed block but headers, page numbers and footnotes."""
    blocks = [doc.words()["summary"]] if doc.layout == "summary" else []
    blocks += [*doc.caption, doc.title, *(f"{label} {value}" for label, value in doc.preamble)]
    for section in doc.sections:
        blocks += [section.heading] if section.heading else []
        blocks += [f"{p.number} {p.text}" if p.number else p.text for p in section.paragraphs]
    return "\n\n".join(blocks)


def render_source(source: Source, fonts_dir: Path) -> list[Rendered]:
    """Render every document of a source and build its golden Document."""
    result = []
    case_id, forum = source.case["id"], source.case["forum"]
    for doc in source.documents:
        header = running_header(source, doc)
        data, page_count = render(doc, fonts_dir, forum, header)
        name = f"{case_id}.{doc.language}.pdf"
        paragraphs = [Paragraph(number=p.number, text=p.text) for s in doc.sections for p in s.paragraphs if p.number]
        notes = [note for s in doc.sections for p in s.paragraphs for note in p.footnotes]
        document = Document(
            sha256=hashlib.sha256(data).hexdigest(),
            language=doc.language,
            languages=[doc.language],
            kind=doc.kind,
            official=doc.official,
            title=doc.title,
            text=golden_text(doc),
            paragraphs=paragraphs,
            footnotes=[Footnote(mark=str(index), text=text) for index, text in enumerate(notes, start=1)],
            # The running header is printed from page 2 on: a one-page document has none to remove.
            running_headers=[header] if page_count > 1 else [],
            provenance=Provenance(
                filename=name,
                media_type="application/pdf",
                size_bytes=len(data),
                page_count=page_count,
                extraction="ocr" if "image-only" in doc.features else "text-layer",
            ),
        )
        result.append(Rendered(name, data, document))
    return result


def dump_json(value: Any) -> str:
    """Golden JSON as committed: UTF-8, indented, sorted keys, trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def hard_golden(name: str, data: bytes, expect: str, reason: str) -> str:
    """The golden JSON of a hostile file."""
    return dump_json({"file": name, "sha256": hashlib.sha256(data).hexdigest(), "expect": expect, "reason": reason})


def hard_files(sources: list[Source], rendered: dict[str, list[Rendered]], fonts_dir: Path) -> dict[str, bytes]:
    """The hostile files and their golden JSON, built from real fixtures."""
    files: dict[str, bytes] = {}
    base = next((s for s in sources if s.case["forum"] == "un-cescr"), sources[0])
    doc = next((d for d in base.documents if d.language == "en"), base.documents[0])
    encrypted, _ = render(doc, fonts_dir, base.case["forum"], running_header(base, doc), ENCRYPTION_PASSWORD)
    # Truncate a text PDF (not the scanned one): its fonts and page tree are cut, not just image data.
    candidates = [item for s in sources if s is not base for item in rendered[s.case["id"]]]
    candidates = candidates or rendered[base.case["id"]]  # a one-case corpus truncates its own file
    victim = next((i for i in candidates if i.document.provenance.extraction == "text-layer"), candidates[0])
    truncated = victim.data[: int(len(victim.data) * TRUNCATE_AT)]
    entries = [
        (
            "encrypted.pdf",
            encrypted,
            "EncryptedPdf",
            f"A copy of {base.case['id']} ({doc.language}) that opens "
            f"only with the user password {ENCRYPTION_PASSWORD!r}.",
        ),
        (
            "truncated.pdf",
            truncated,
            "TruncatedPdf",
            f"The first {TRUNCATE_AT:.0%} of the bytes of {victim.name}: no cross-reference table and no %%EOF.",
        ),
        ("empty.pdf", b"", "EmptyFile", "A zero-byte file, as left behind by an interrupted download."),
        (
            "not-a-pdf.pdf",
            NOT_A_PDF.encode(),
            "NotAPdf",
            "A court website's HTML 'page not found' page saved under a .pdf name.",
        ),
    ]
    for name, data, expect, reason in entries:
        files[name] = data
        files[name.removesuffix(".pdf") + ".golden.json"] = hard_golden(name, data, expect, reason).encode()
    return files


def build(source_dir: Path, fonts_dir: Path, skip_invalid: bool) -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to the output directory."""
    sources: list[Source] = []
    for path in sorted(source_dir.glob("*.yaml")):
        try:
            sources.append(load_source(path))
        except SourceError as error:
            if not skip_invalid:
                raise
            print(f"skipping invalid source: {error}", file=sys.stderr)
    if not sources:
        raise SourceError(f"{source_dir}: no valid source files")
    files: dict[str, bytes] = {}
    rendered: dict[str, list[Rendered]] = {}
    corpus: list[Case] = []
    sources.sort(key=lambda s: str(s.case["id"]))
    # One process per CPU: parsing fonts and rasterising dominate, and the output does not depend on order.
    with ProcessPoolExecutor(max_workers=max(1, min(len(sources), os.cpu_count() or 1))) as pool:
        results = list(pool.map(render_source, sources, repeat(fonts_dir)))
    for source, items in zip(sources, results, strict=True):
        rendered[source.case["id"]] = items
        for item in items:
            cited = golden_citations(source.case, [item.document])
            case = Case.model_validate({**source.case, "documents": [item.document], "citations": cited})
            golden = {
                "file": item.name,
                "sha256": item.document.sha256,
                "expect": "ok",
                "case": case.model_dump(mode="json"),
                "document": item.document.model_dump(mode="json"),
            }
            files[f"pdf/{item.name}"] = item.data
            files[f"pdf/{item.name.removesuffix('.pdf')}.golden.json"] = dump_json(golden).encode()
        documents = [item.document for item in items]
        cited = golden_citations(source.case, documents)
        corpus.append(Case.model_validate({**source.case, "documents": documents, "citations": cited}))
    files["corpus.jsonl"] = as_stored(corpus)
    files.update({f"hard/{name}": data for name, data in hard_files(sources, rendered, fonts_dir).items()})
    return files


def as_stored(cases: list[Case]) -> bytes:
    """The corpus as the store exports it: each citation resolved to the corpus case it names, cited-by counts."""
    with tempfile.TemporaryDirectory(prefix="caselaw-corpus-") as tmp, CaseStore(Path(tmp) / "s", Path(tmp)) as store:
        for case in cases:
            store.put_case(case, touch=False)
        stored = [store.get_case(case.id) for case in cases]
        lines = [json.dumps(case.model_dump(mode="json", exclude=export_exclusions(case)), ensure_ascii=False,
                            separators=(",", ":")) for case in stored]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def golden_citations(case: dict[str, Any], documents: list[Document]) -> list[Citation]:
    """What ingest reads as a case's citations from its documents' golden text (the graph the fixtures show:
    Ben Djazia citing I.D.G. and general comment No. 7, later judgments citing Grootboom)."""
    record = Case.model_validate({**case, "documents": []})
    own = [(identifier.scheme, identifier.value) for identifier in record.identifiers]
    titles = [text for title in record.titles.values() for text in (title.full, title.short)]
    return [c for document in documents for c in document_citations(document, record.forum, own, titles)]


def existing(out: Path) -> dict[str, Path]:
    """Generated files already under `out` (pdf/, hard/, corpus.jsonl), keyed by relative path."""
    paths = [p for folder in ("pdf", "hard") if (out / folder).is_dir() for p in sorted((out / folder).iterdir())]
    paths += [out / "corpus.jsonl"] if (out / "corpus.jsonl").is_file() else []
    return {path.relative_to(out).as_posix(): path for path in paths if path.is_file()}


def write(out: Path, files: dict[str, bytes]) -> None:
    """Write the files, removing stale generated ones so the directory matches the sources exactly."""
    for relative, path in existing(out).items():
        if relative not in files:
            path.unlink()
    for relative, data in sorted(files.items()):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)


def check(out: Path, source_dir: Path, fonts_dir: Path, skip_invalid: bool) -> list[str]:
    """Regenerate into a temporary directory and list every file that differs from the committed one."""
    with tempfile.TemporaryDirectory(prefix="caselaw-fixtures-") as tmp:
        write(Path(tmp), build(source_dir, fonts_dir, skip_invalid))
        fresh, committed = existing(Path(tmp)), existing(out)
        problems = [f"missing: {name}" for name in sorted(set(fresh) - set(committed))]
        problems += [f"not generated: {name}" for name in sorted(set(committed) - set(fresh))]
        problems += [
            f"differs: {name}"
            for name in sorted(set(fresh) & set(committed))
            if fresh[name].read_bytes() != committed[name].read_bytes()
        ]
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "fixtures", help="output directory (default fixtures)")
    parser.add_argument("--source", type=Path, help="source directory (default fixtures/source)")
    parser.add_argument("--fonts", type=Path, default=REPO / "fixtures" / "fonts", help="DejaVu TTF directory")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files are not reproduced")
    parser.add_argument("--skip-invalid", action="store_true", help="skip invalid sources instead of failing")
    args = parser.parse_args(argv)
    source_dir: Path = args.source or REPO / "fixtures" / "source"
    try:
        if args.check:
            problems = check(args.out, source_dir, args.fonts, args.skip_invalid)
            for problem in problems:
                print(problem)
            print("fixtures are reproducible" if not problems else f"{len(problems)} file(s) differ", file=sys.stderr)
            return 1 if problems else 0
        files = build(source_dir, args.fonts, args.skip_invalid)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except CaselawError as error:
        # The taxonomy every source is validated against is missing or broken: no source can be checked.
        print(f"error: {error}", file=sys.stderr)
        return 2
    write(args.out, files)
    print(f"wrote {len(files)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
