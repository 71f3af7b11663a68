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
not OCRed (the count is printed): the figure is the text layer's.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

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


def real(folder: Path, workers: int) -> int:
    """The pipeline and pdfplumber on the real corpus's born-digital pages, in the same run."""
    if not (folder / "gold.tsv").is_file():
        print(f"skipped: the real corpus is absent ({folder} has no gold.tsv)")
        return 0
    files = realdocs_files(folder)
    with tempfile.TemporaryDirectory(prefix="caselaw-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), tesseract_cmd=str(Path(tmp) / "no-tesseract"))
        with open_store(settings) as store:
            start = time.perf_counter()
            report = ingest_paths(files, store, settings, workers=workers)
            seconds = time.perf_counter() - start
            unread = sum(1 for f in report.files if f.status == "needs-ocr")
    base_pages, base_seconds = baseline(files, workers)
    rate, base_rate = report.pages / seconds, base_pages / base_seconds
    print("corpus | files | pages | failed | pipeline p/s | pdfplumber p/s | speed-up")
    print(
        f"realdocs born-digital | {len(files)} | {report.pages} | {len(report.failed)} | {rate:.1f} | "
        f"{base_rate:.1f} | {rate / base_rate:.1f}x"
    )
    print(f"workers: {workers}; documents left for OCR (no usable text layer, not OCRed here): {unread}")
    return 0


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
    args = parser.parse_args()
    if args.real:
        return real(args.realdocs, args.workers)
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
