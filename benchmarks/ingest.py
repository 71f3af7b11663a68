"""Ingest throughput: pages/s and MB/s of the whole pipeline against plain pdfplumber, with peak memory.

    .venv/bin/python benchmarks/ingest.py [--pages 2000] [--workers 2] [--baseline-share 0.1]
    .venv/bin/python benchmarks/ingest.py --real [--realdocs ../shared/realdocs] [--workers 2]

Two corpora: the fixture decisions (with the scanned one left out: OCR has its own cost, printed apart), and
a generated batch of dense text pages (fpdf2, 50 pages a file). The pipeline run is extraction, language,
metadata, tags and store writes, into a fresh temporary store. The baseline is `pdfplumber`'s
`extract_text` on every page, in the same number of processes; on the generated batch it reads a share of
the files (`--baseline-share`) because it is slow, and its rate is per page either way.

`--real` measures the real corpus instead (`../shared/realdocs`, skipped with a message when absent): its
born-digital files (`scanned=no` in gold.tsv and really a PDF), every page through the pipeline and through
pdfplumber in the same run. Tesseract is pointed at nothing there, so a page without a usable text layer is
not OCRed (the count is printed): the figure is the text layer's. The pipeline runs twice: as `caselaw ingest` does,
starting the workers' fork server (which imports and warms the models, 1.5-2 s of one core), then with it running,
as the API server's uploads find it. The fork server reads the language model unpacked from a cache file a first
run writes (`language.model_cache`, like Python's compiled modules): whether it was there is printed. The
machine's load average is printed beside each half (other processes slow both, not equally when the load changes
between them), with a ratio of CPU seconds a page that load affects less. Then, unless `--no-stages`, where one
process's CPU goes: each stage of `extract_file` timed over the same files in this process (about half a minute),
the fork server's warm-up and the parent's share (dedupe, store writes).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from caselaw.config import Settings  # noqa: E402
from caselaw.ingest import ingest_paths  # noqa: E402
from caselaw.store import open_store  # noqa: E402

SENTENCE = (
    "the committee considers that the state party failed to ensure adequate housing and access to water "
    "for the authors whose eviction took place without alternative accommodation or due process and "
    "notes that the right to health and to social security requires reasonable measures within available "
    "resources including effective remedies before the courts for persons living in poverty"
)
WORDS = SENTENCE.split()


def generate(folder: Path, pages: int, per_file: int = 50) -> list[Path]:
    """Dense one-column decisions, ~6,000 characters a page: a caption naming the forum and a communication
    number (so metadata and dedupe do real work), then numbered paragraphs of 9-point text."""
    from fpdf import FPDF

    rng = random.Random(7)
    files = []
    for index, first in enumerate(range(0, pages, per_file)):
        pdf = FPDF(format="A4")
        pdf.set_font("Helvetica", size=9)
        paragraph = 0
        for page in range(min(per_file, pages - first)):
            pdf.add_page()
            y = 20.0
            if page == 0:
                pdf.text(
                    18, 14, f"Committee on Economic, Social and Cultural Rights - communication No. {index + 1}/2020"
                )
            for row in range(60):
                words = [rng.choice(WORDS) for _ in range(17)]
                if row % 8 == 0:
                    paragraph += 1
                    words.insert(0, f"{paragraph}.")
                pdf.text(18, y, " ".join(words))
                y += 4.3
        path = folder / f"generated-{index:03d}.pdf"
        pdf.output(str(path))
        files.append(path)
    return files


def _plumber(path: str) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def baseline(files: list[Path], workers: int) -> tuple[int, float]:
    """Pages read by plain pdfplumber and the seconds it took, in `workers` processes."""
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pages = sum(pool.map(_plumber, [str(f) for f in files]))
    return pages, time.perf_counter() - start


def pipeline(files: list[Path], workers: int) -> tuple[int, float, int]:
    """Pages ingested, seconds, and failures, into a fresh store."""
    with tempfile.TemporaryDirectory(prefix="caselaw-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp))
        with open_store(settings) as store:
            start = time.perf_counter()
            report = ingest_paths(files, store, settings, workers=workers)
            return report.pages, time.perf_counter() - start, len(report.failed)


def realdocs_files(folder: Path) -> list[Path]:
    """The real corpus's born-digital PDFs: `scanned=no` in gold.tsv, and a PDF by content (one is a Word file)."""
    import csv

    with (folder / "gold.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    paths = [folder / row["file"] for row in rows if row["scanned"] == "no"]
    return [path for path in paths if b"%PDF-" in path.read_bytes()[:1024]]


def real(folder: Path, workers: int, stages: bool = True) -> int:
    """The pipeline and pdfplumber on the real corpus's born-digital pages, in the same run."""
    if not (folder / "gold.tsv").is_file():
        print(f"skipped: the real corpus is absent ({folder} has no gold.tsv)")
        return 0
    files = realdocs_files(folder)
    from caselaw.ingest.language import model_cache

    cache = model_cache()
    cached = "none" if cache is None else f"{cache} ({'present' if cache.is_file() else 'absent: written by this run'})"
    load_before = _load()
    # Twice: first as `caselaw ingest` runs, starting the workers' fork server (which imports and warms the models
    # once, a few seconds); then again with it running, as the API server's uploads find it.
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory(prefix="caselaw-bench-") as tmp:
            settings = Settings(data_dir=Path(tmp), tesseract_cmd=str(Path(tmp) / "no-tesseract"))
            with open_store(settings) as store:
                start, parent_start = time.perf_counter(), time.process_time()
                report = ingest_paths(files, store, settings, workers=workers)
                seconds, parent_cpu = time.perf_counter() - start, time.process_time() - parent_start
                unread = sum(1 for f in report.files if f.status == "needs-ocr")
                runs.append(seconds)
    cold, warm = runs
    load_between = _load()
    children_before = _children_cpu()
    base_pages, base_seconds = baseline(files, workers)
    base_cpu = _children_cpu() - children_before
    load_after = _load()
    rate, base_rate = report.pages / cold, base_pages / base_seconds
    print(f"born-digital files: {len(files)}; born-digital pages: {report.pages}; failed: {len(report.failed)}")
    print("corpus | files | pages | failed | pipeline p/s | pdfplumber p/s | speed-up")
    print(
        f"realdocs born-digital | {len(files)} | {report.pages} | {len(report.failed)} | {rate:.1f} | "
        f"{base_rate:.1f} | {rate / base_rate:.1f}x"
    )
    print(
        f"realdocs, fork server running | {len(files)} | {report.pages} | {len(report.failed)} | "
        f"{report.pages / warm:.1f} | {base_rate:.1f} | {report.pages / warm / base_rate:.1f}x"
    )
    print(
        f"pipeline {cold:.1f} s wall ({workers} workers, fork server start and warm-up included), {warm:.1f} s with "
        f"the fork server running; pdfplumber {base_seconds:.1f} s wall, "
        f"{base_cpu / max(base_pages, 1) * 1000:.0f} ms CPU a page"
    )
    print(
        f"load average (1 min) before the pipeline {load_before}, before pdfplumber {load_between}, after {load_after}"
    )
    print(f"workers: {workers}; documents left for OCR (no usable text layer, not OCRed here): {unread}")
    print(f"language model cache: {cached}")
    if stages:
        split = stage_split(files)
        cpu_page = split.total / max(split.pages, 1)
        print(
            f"CPU a page: pipeline {cpu_page * 1000:.1f} ms (one process, stages below), pdfplumber "
            f"{base_cpu / max(base_pages, 1) * 1000:.0f} ms: {base_cpu / max(base_pages, 1) / cpu_page:.1f}x"
        )
        split.show(parent_cpu)
    return 0


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Split:
    """CPU seconds per stage of `extract_file`, measured in this process by wrapping the functions it calls."""

    # (label, module, attribute): the names `extract` and `pdf_text` call, wrapped where they are looked up.
    STAGES = (
        ("pdf: whole page read", "caselaw.ingest.extract", "page_lines"),
        ("pdf: items from pypdfium2's char boxes", "caselaw.ingest.pdf_text", "_words"),
        ("pdf: lines in reading order (assemble)", "caselaw.ingest.pdf_text", "assemble"),
        ("layout: blocks, paragraphs, footnotes", "caselaw.ingest.extract", "analyse"),
        ("language", "caselaw.ingest.language", "detect_sections"),
        ("metadata: forum, State, dates, ids", "caselaw.ingest.metadata", "extract"),
        ("kind", "caselaw.ingest.kinds", "classify"),
        ("title", "caselaw.ingest.titles", "name_case"),
        ("tagging", "caselaw.ingest.tagging", "tag"),
        ("citations", "caselaw.ingest.extract", "document_citations"),
        ("near-duplicate sketch", "caselaw.ingest.extract", "signature"),
    )

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.total = 0.0
        self.pages = 0
        self.warm = 0.0
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self) -> None:
        import importlib

        for label, module_name, attribute in self.STAGES:
            module = importlib.import_module(module_name)
            original = getattr(module, attribute, None)
            if original is None:
                continue  # renamed since: that stage goes unmeasured rather than the benchmark failing
            self._undo.append((module, attribute, original))
            setattr(module, attribute, self._timed(label, original))

    def unwrap(self) -> None:
        for module, attribute, original in reversed(self._undo):
            setattr(module, attribute, original)

    def _timed(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.process_time() - start

        return timed

    def show(self, parent_cpu: float) -> None:
        print(
            f"where one process's CPU goes ({self.pages} pages, {self.total:.1f} s, {self.pages / self.total:.1f} p/s):"
        )
        # The two pdf parts run inside the whole page read: the rest of it is pdfium's own loading.
        whole, inner = self.seconds[self.STAGES[0][0]], [label for label, _, _ in self.STAGES[1:3]]
        rows = [(label, self.seconds[label]) for label, _, _ in self.STAGES[1:]]
        rows.append(("pdf: pdfium's page and text page loading, the rest", whole - sum(self.seconds[x] for x in inner)))
        outer = sum(seconds for label, seconds in self.seconds.items() if label not in inner)
        rows.append(("other (models, OCR check, reading the file)", self.total - outer))
        for label, seconds in sorted(rows, key=lambda row: -row[1]):
            print(f"  {label:52} {seconds:6.2f} s {100 * seconds / self.total:5.1f}%")
        print(
            f"  once a batch: warm-up (fork server) {self.warm:.2f} s; parent (dedupe, store writes) {parent_cpu:.2f} s"
        )


def _warm_up_cpu() -> float:
    """CPU seconds of what the fork server does once a batch: start Python, import and warm `caselaw.ingest.warm`."""
    import subprocess

    code = "import time, caselaw.ingest.warm; print(time.process_time())"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
        return float(done.stdout.split()[-1])
    except (subprocess.CalledProcessError, ValueError, IndexError):
        return float("nan")


def stage_split(files: list[Path]) -> _Split:
    """Every file read again in this process, one at a time, with the time of each stage."""
    from caselaw.ingest.extract import extract_file, warm_up

    split = _Split()
    split.warm = _warm_up_cpu()
    warm_up()  # this process reads the files warm, as a worker does
    with tempfile.TemporaryDirectory(prefix="caselaw-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), tesseract_cmd=str(Path(tmp) / "no-tesseract"))
        split.wrap()
        try:
            for path in files:
                start = time.process_time()
                result = extract_file(str(path), settings)
                split.total += time.process_time() - start
                split.pages += result.pages
        finally:
            split.unwrap()
    return split


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    """Run both corpora and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000, help="generated dense pages (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="processes for both the pipeline and the baseline")
    parser.add_argument("--baseline-share", type=float, default=0.1, help="share of generated files pdfplumber reads")
    parser.add_argument("--real", action="store_true", help="measure the real corpus's born-digital PDFs instead")
    parser.add_argument("--realdocs", type=Path, default=REPO.parent / "shared" / "realdocs", help="real corpus folder")
    parser.add_argument("--no-stages", action="store_true", help="with --real: skip the per-stage CPU split")
    args = parser.parse_args()
    if args.real:
        return real(args.realdocs, args.workers, stages=not args.no_stages)
    fixtures = sorted(p for p in (REPO / "fixtures" / "pdf").glob("*.pdf") if "serac" not in p.name)
    scanned = [REPO / "fixtures" / "pdf" / "achpr-2001-serac-v-nigeria.en.pdf"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="caselaw-dense-") as tmp:
        start = time.perf_counter()
        dense = generate(Path(tmp), args.pages)
        print(f"generated {args.pages} dense pages in {time.perf_counter() - start:.1f} s")
        sample = dense[: max(1, round(len(dense) * args.baseline_share))]
        corpora = (("fixtures", fixtures, fixtures), ("dense", dense, sample))
        measured = {}
        for name, files, _ in corpora:
            measured[name] = pipeline(files, args.workers)
        ocr_pages, ocr_seconds, _ = pipeline(scanned, 1)
        # Worker memory is read before the baseline runs: pdfplumber's processes would hide it.
        own, children = _peak_mib()
        for name, files, base_files in corpora:
            size = sum(f.stat().st_size for f in files) / 2**20
            pages, seconds, failed = measured[name]
            base_pages, base_seconds = baseline(base_files, args.workers)
            rate, base_rate = pages / seconds, base_pages / base_seconds
            rows.append((name, len(files), pages, failed, rate, size / seconds, base_rate, rate / base_rate))
    header = ("corpus", "files", "pages", "failed", "pipeline p/s", "pipeline MB/s", "pdfplumber p/s", "speed-up")
    print(" | ".join(header))
    for name, count, pages, failed, rate, mbps, base_rate, ratio in rows:
        print(f"{name} | {count} | {pages} | {failed} | {rate:.1f} | {mbps:.2f} | {base_rate:.1f} | {ratio:.1f}x")
    print(f"OCR (scanned fixture, 1 worker): {ocr_pages / ocr_seconds:.2f} pages/s")
    print(f"workers: {args.workers}; peak memory: parent {own:.0f} MiB, largest worker {children:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
