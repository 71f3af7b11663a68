"""Browser fixtures: the app served by uvicorn in a thread over the fixture corpus, keys, and headless Chromium.

Chromium is Debian's (`apt-get install chromium`), driven by Playwright. When it is missing the browser tests skip
with the reason, except under CI (`CI=true`), where a skipped browser test would hide a broken page: they fail.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.conftest import free_port, load_corpus

try:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:  # pragma: no cover - the package is a test dependency; say so rather than error at collection
    sync_playwright = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
COMMITTEE = ("amina", "bruno", "carmen")


def unavailable(reason: str, *, module: bool = False) -> None:
    """Skip with `reason` (the whole module when `module`), or fail under CI, where every browser test must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped)")
    pytest.skip(reason, allow_module_level=module)


@dataclass(frozen=True)
class Server:
    """The running app: its base URL and the keys of the people using it."""

    url: str
    keys: dict[str, str]


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app over a data directory holding the fixture corpus and its index, served on a free local port."""
    data_dir = tmp_path_factory.mktemp("committee")
    settings = Settings(
        data_dir=data_dir,
        index_writer_memory_mb=32,
        index_writer_threads=1,
        rate_limit_per_minute=0,
        rate_limit_key_per_minute=0,
    )
    load_corpus(settings)
    with open_store(settings) as store:
        made = KeyStore(store)
        keys = {name: made.create(name, "steering-committee")[1] for name in COMMITTEE}
        keys["observatorio"] = made.create("observatorio", "member")[1]
        keys["editor"] = made.create("editor", "editor")[1]
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    web = uvicorn.Server(config)
    # uvicorn installs no signal handlers outside the main thread, so it runs here and stops on should_exit.
    thread = threading.Thread(target=web.run, name="committee-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Server(url=f"http://127.0.0.1:{port}", keys=keys)
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="package")
def browser(chromium: Browser) -> Browser:
    """Headless Debian chromium: the run's shared browser (tests/conftest.py)."""
    if sync_playwright is None:
        unavailable("the playwright Python package is not installed")
    return chromium


ContextFactory = Callable[..., "BrowserContext"]


@pytest.fixture
def new_context(browser: Browser) -> Iterator[ContextFactory]:
    """A factory of fresh browser contexts (separate sessionStorage: separate people), closed after the test."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, **options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


def sign_in(page: Page, server: Server, who: str, path: str = "/committee") -> Page:
    """Open `path` and sign in with `who`'s key through the form, as a person would."""
    page.goto(server.url + path)
    page.get_by_label("API key").fill(server.keys[who])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("whoami").wait_for()
    return page


def screenshot(page: Page, name: str, *, down_to: str | None = None) -> Path:
    """Save docs/screenshots/committee-{name}.png: the whole page, or from the top down to the element `down_to`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"committee-{name}.png"
    # The status toast is transient; in a still picture it would only hide part of the page.
    page.evaluate("document.getElementById('status').textContent = ''")
    page.evaluate("window.scrollTo(0, 0)")
    if down_to is None:
        page.screenshot(path=str(path), full_page=True)
        return path
    box = page.locator(down_to).bounding_box()
    assert box is not None, f"{down_to} is not visible"
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": box["y"] + box["height"] + 16}
    )
    return path
