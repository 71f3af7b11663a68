"""How fast tantivy's writer alone indexes the engine's documents, and what its time goes to.

    PYTHONPATH=. .venv/bin/python benchmarks/writer.py [--docs 4000] [--threads 1,2]

The ceiling of the embedded engine's build rate on this machine (`benchmarks/search.py` judges the engine's
build against the issue's 2,000 cases/s). The synthetic cases of `corpus.py` are converted to tantivy documents
beforehand (that conversion is timed apart, with and without the concepts a rebuild's cache holds: it is the
engine's Python share), then indexed by tantivy's writer with the engine's schema and writer memory, for each
thread count, with:

* the engine's analyzers (per-language Snowball stemmers, folding, lower-casing): what the engine runs;
* the same analyzers without the stemmer: what per-language stemming costs;
* a bare tokenizer with lower-casing: the least any full-text index of these texts costs.

Rates are cases/s of the writer alone, commit and merges included.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import tantivy
from corpus import Corpus  # benchmarks/corpus.py, beside this script

from caselaw.models import Case
from caselaw.search.analysis import FIELD_LANGUAGES
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.embedded.documents import case_document, concept_finder, rebuild_document
from caselaw.search.embedded.schema import MAX_TOKEN_LENGTH, build_schema, register_analyzers, tokenizer_name
from caselaw.search.indexable import concept_sources, find_concepts
from caselaw.search.texts import case_texts

Registration = Callable[[tantivy.Index], None]


def _register_all(built: tantivy.TextAnalyzer) -> Registration:
    def register(index: tantivy.Index) -> None:
        for language in FIELD_LANGUAGES:
            index.register_tokenizer(tokenizer_name(language), built)

    return register


def variants() -> dict[str, Registration]:
    """The analyzer set-ups compared, by name."""
    unstemmed = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    bare = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).build()
    return {
        "engine analyzers (stemmed)": register_analyzers,
        "same, without stemmer": _register_all(unstemmed),
        "bare tokenizer + lower-case": _register_all(bare),
    }


def writer_rate(documents: list[tantivy.Document], register: Registration, threads: int, heap: int) -> float:
    """Cases/s of one fresh index built from `documents`."""
    directory = Path(tempfile.mkdtemp(prefix="caselaw-writer-"))
    try:
        index = tantivy.Index(build_schema(), path=str(directory), reuse=False)
        register(index)
        writer = index.writer(heap, threads)
        started = time.perf_counter()
        for document in documents:
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        return len(documents) / (time.perf_counter() - started)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    """Convert, then index with each analyzer set-up and thread count; print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=4000, help="Synthetic cases indexed per run.")
    parser.add_argument("--threads", default="1,2", help="Comma-separated writer thread counts.")
    args = parser.parse_args()
    corpus = Corpus()
    cases = [Case.model_validate(corpus.case(number)) for number in range(args.docs)]
    text_bytes = sum(len(text.encode()) for case in cases for _, text, _ in case_texts(case))
    started = time.perf_counter()
    documents = [case_document(case) for case in cases]
    converting = time.perf_counter() - started
    # A rebuild whose concepts cache holds every case (`caselaw.search.conversions`): concepts are not found again.
    found = [find_concepts(concept_sources(case), concept_finder()) for case in cases]
    started = time.perf_counter()
    for case, concepts in zip(cases, found, strict=True):
        rebuild_document((case, concepts))
    cached = time.perf_counter() - started
    # The search benchmark's writer memory (512 MB), so the rates are comparable with its build row.
    heap = EmbeddedEngine(Path(tempfile.gettempdir()), writer_memory_mb=512).heap
    print(f"{args.docs:,} synthetic cases, {text_bytes / args.docs / 1024:.1f} KiB of text each on average")
    print(f"conversion to tantivy documents (engine Python, 1 thread): {args.docs / converting:,.0f} cases/s")
    print(f"the same with the concepts cached (a rebuild's warm cache): {args.docs / cached:,.0f} cases/s\n")
    rows = []
    for threads in (int(t) for t in args.threads.split(",")):
        for name, register in variants().items():
            rate = writer_rate(documents, register, threads, heap)
            rows.append((f"{threads}", name, f"{rate:,.0f}", f"{rate * text_bytes / args.docs / 2**20:.1f}"))
    header = ("threads", "analyzers", "writer cases/s", "MiB text/s")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
