"""Browser tests: the app served by uvicorn in a thread over the fixture corpus, a second origin hosting a page
that embeds the widget, and Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from caselaw.api.app import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from tests.conftest import FIXTURES, ROOT, free_port, load_corpus

CHROMIUM = os.environ.get("CASELAW_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's chromium (or the browser `CASELAW_CHROMIUM` names)."""
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
HOST_PAGES = Path(__file__).resolve().parent / "host"
SCREENSHOTS = ROOT / "docs" / "screenshots"


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` when `condition` fails; in CI (`CI=true`) fail instead: CI must run the browser tests."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Origins:
    """Where everything is served: the app, a host site allowed to embed it, and one that is not."""

    app: str
    host: str
    stranger: str


@pytest.fixture(scope="session")
def origins() -> Origins:
    """Three origins on loopback (a different port is a different origin)."""
    return Origins(*(f"http://127.0.0.1:{free_port()}" for _ in range(3)))


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the fixture corpus, its original PDFs and the embedded index."""
    directory = tmp_path_factory.mktemp("ui") / "data"
    settings = Settings(data_dir=directory)
    load_corpus(settings)
    with open_store(settings) as store:
        for pdf in sorted((FIXTURES / "pdf").glob("*.pdf")):
            store.blobs.put_file(pdf)  # the case pages link to the originals
    return directory


class ThreadedServer(uvicorn.Server):
    """uvicorn in a background thread (signal handlers belong to the main thread, which pytest owns)."""

    def install_signal_handlers(self) -> None:
        """Install none: the main thread keeps its own."""


@pytest.fixture(scope="session")
def app_url(origins: Origins, data_dir: Path) -> Iterator[str]:
    """The app at its origin; the host origin (only) may embed it."""
    settings = Settings(
        data_dir=data_dir,
        cors_origins=[origins.host],
        rate_limit_per_minute=0,  # the tests type fast; limits are the API suite's business
    )
    port = int(origins.app.rsplit(":", 1)[1])
    server = ThreadedServer(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app server did not start")
        time.sleep(0.05)
    yield origins.app
    server.should_exit = True
    thread.join(timeout=10)


def _static_server(directory: Path, origin: str, app: str) -> tuple[ThreadingHTTPServer, threading.Thread]:
    handler = functools.partial(_HostHandler, directory=str(directory), app=app)
    port = int(origin.rsplit(":", 1)[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


class _HostHandler(SimpleHTTPRequestHandler):
    """Serves the host pages, with `{{APP}}` replaced by the app's origin."""

    def __init__(self, *args: Any, app: str, **kwargs: Any) -> None:
        self.app = app
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """A host page with the app's origin filled in; anything else as a plain static file."""
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.suffix != ".html" or not path.is_file():
            super().do_GET()
            return
        body = path.read_text(encoding="utf-8").replace("{{APP}}", self.app).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="session")
def host_urls(origins: Origins, app_url: str) -> Iterator[Origins]:
    """The host pages served from the allowed origin and from an origin the app does not know."""
    servers = [_static_server(HOST_PAGES, origin, app_url) for origin in (origins.host, origins.stranger)]
    yield origins
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    """Headless Debian chromium under Playwright (the run's shared browser)."""
    return chromium


@pytest.fixture
def page(browser: Any, app_url: str) -> Iterator[Any]:
    """A fresh page (own context: no shared cache, storage or history) with the app as base URL."""
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    opened = context.new_page()
    # The pages' own CSP must never refuse the pages' own resources: a refusal is a bug even if the test passes.
    refused: list[str] = []
    opened.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    opened.on("pageerror", lambda error: refused.append(f"uncaught: {error}"))
    yield opened
    context.close()
    if refused and not getattr(opened, "expects_refusals", False):
        pytest.fail("the browser refused or failed: " + "; ".join(refused), pytrace=False)


def screenshot(page: Any, name: str, *, full_page: bool = False, top: bool = True) -> None:
    """Save a screenshot under docs/screenshots/ (committed, referenced from the README), from the page's top."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if top:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    require(AXE.is_file(), f"{AXE} is missing (run `make ui-deps`, or `npm ci` in tests/ui)")
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
