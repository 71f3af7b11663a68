"""Web UI timing in real chromium against `caselaw serve` on loopback, over the fixture corpus.

Prints the bytes of JavaScript and CSS the first search page transfers (budget: under 100 KB), first
contentful paint, and the time from the last keystroke to the first result on screen (median and p90 of N
runs): for search-as-you-type (which waits for a pause in typing before it asks) and for Enter.

    .venv/bin/python benchmarks/ui_timing.py [--runs 15] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright
from server import start_server, stop_server  # benchmarks/server.py, beside this script

from caselaw.config import Settings
from caselaw.search import open_engine, reindex
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl

ROOT = Path(__file__).resolve().parent.parent
BUDGET_BYTES = 100 * 1024
QUERIES = ("eviction", "water", "desalojo", "health", "indigenous", "expulsion", "education", "despejo")

# Runs in the page: the time of the last keystroke, and of the first hit of the new search on screen.
PROBE = """
() => {
  window.__lastInput = null;
  window.__firstResult = null;
  document.getElementById('q').addEventListener('input', () => { window.__lastInput = performance.now(); });
  document.getElementById('q').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') window.__lastInput = performance.now();
  });
  const start = document.getElementById('live');
  new MutationObserver(() => {
    const live = document.getElementById('live');
    if (window.__firstResult === null && live !== start && live.querySelector('.hit mark')) {
      window.__firstResult = performance.now();
    }
  }).observe(document.querySelector('main'), { childList: true, subtree: true });
}
"""


def _prepare(data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir)
    with open_store(settings) as store:
        with (ROOT / "fixtures" / "corpus.jsonl").open(encoding="utf-8") as lines:
            import_jsonl(store, lines)
        engine = open_engine(settings)
        try:
            reindex(engine, store)
        finally:
            engine.close()


def _assets(browser: Any, base: str) -> tuple[int, int, list[tuple[str, int]], float]:
    """Body and body+header bytes of the JS and CSS a first visit transfers, each file, and first paint (ms)."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{base}/", wait_until="networkidle")
    body = total = 0
    files = []
    for response in responses:
        if response.request.resource_type not in ("script", "stylesheet"):
            continue
        sizes = response.request.sizes()
        body += sizes["responseBodySize"]
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        files.append((response.url.removeprefix(base), sizes["responseBodySize"]))
    paint = page.evaluate(
        "performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint')?.startTime ?? -1"
    )
    context.close()
    return body, total, files, float(paint)


def _time_to_result(browser: Any, base: str, query: str, *, enter: bool) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/", wait_until="networkidle")
    page.evaluate(PROBE)
    page.locator("#q").focus()
    page.keyboard.type(query, delay=25)
    if enter:
        page.keyboard.press("Enter")
    page.wait_for_function("() => window.__firstResult !== null", timeout=10_000)
    elapsed: float = page.evaluate("window.__firstResult - window.__lastInput")
    context.close()
    return elapsed


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):6.1f} ms   p90 {p90:6.1f} ms   (n={len(ordered)})"


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="measurements of each timing")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="chromium executable")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="caselaw-ui-bench-") as directory:
        data_dir = Path(directory) / "data"
        _prepare(data_dir)
        server, api = start_server(data_dir, workers=1)
        base = api.removesuffix("/api/v1")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
                # A warm-up, so the first measured run does not pay for opening the index.
                _time_to_result(browser, base, "housing", enter=True)
                visits = [_assets(browser, base) for _ in range(5)]
                body, total, files, _ = visits[0]
                paint = statistics.median(visit[3] for visit in visits)
                typed = [
                    _time_to_result(browser, base, QUERIES[i % len(QUERIES)], enter=False) for i in range(args.runs)
                ]
                entered = [
                    _time_to_result(browser, base, QUERIES[i % len(QUERIES)], enter=True) for i in range(args.runs)
                ]
                version = browser.version
                browser.close()
        finally:
            stop_server(server)

    verdict = "PASS" if total < BUDGET_BYTES else "FAIL"
    print(f"chromium {version}, caselaw serve on loopback, fixture corpus (32 cases)")
    print(f"first search page: JS+CSS {body / 1024:.1f} KB bodies, {total / 1024:.1f} KB with headers"
          f" (budget {BUDGET_BYTES // 1024} KB: {verdict})")  # fmt: skip
    for url, size in sorted(files):
        print(f"  {size:7d} B  {url}")
    print(f"first contentful paint of the search page (fresh context, median of 5): {paint:.0f} ms")
    print(f"time to first result after typing (search as you type): {_summary(typed)}")
    print(f"time to first result after typing and Enter:            {_summary(entered)}")


if __name__ == "__main__":
    main()
