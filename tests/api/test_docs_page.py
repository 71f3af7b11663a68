"""`/docs` in a real browser under its strict CSP (no 'unsafe-inline'): Swagger UI starts, renders every operation and
runs one, and the browser reports no policy violation."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from caselaw.api import create_app
from tests.api.conftest import api_settings
from tests.conftest import free_port

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.log(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sample || ""}`);
});
"""


@pytest.fixture(scope="module")
def docs_url(data_dir: Path) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free port."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(api_settings(data_dir)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the docs server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_docs_render_and_run_without_a_csp_violation(chromium: Any, docs_url: str) -> None:
    spec = httpx.get(f"{docs_url}/api/v1/openapi.json", timeout=10).json()
    assert spec["openapi"].startswith("3.1")  # as FastAPI writes it: Swagger UI 5 renders it unchanged
    page = chromium.new_page()
    messages: list[str] = []
    try:
        page.on("console", lambda message: messages.append(message.text))
        page.add_init_script(REPORT_VIOLATIONS)
        response = page.goto(f"{docs_url}/docs")
        assert response is not None and "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_selector(".opblock", timeout=20_000)
        assert page.locator(".opblock").count() >= 20
        page.locator(".opblock-summary").first.click()
        page.locator("button.try-out__btn").first.click()
        page.locator("button.execute").first.click()
        page.wait_for_selector(".responses-wrapper .response", timeout=10_000)
    finally:
        page.close()
    assert not [m for m in messages if m.startswith("CSP violation")], messages
