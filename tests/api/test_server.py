"""`caselaw serve` as a real process: real HTTP over loopback, docs with their local assets, clean shutdown."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import PDF_CASE
from tests.conftest import ROOT, free_port


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[str]:
    """Base URL of `caselaw serve` on a free port over the shared data directory; stopped afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASELAW_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "caselaw", "--data-dir", str(data_dir), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"caselaw serve exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{base}/api/v1/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("caselaw serve was not ready within 60 s")
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, "the server did not shut down cleanly"


def test_search_and_case_over_real_http(server: str) -> None:
    with httpx.Client(base_url=f"{server}/api/v1", timeout=10) as client:
        found = client.get("/search", params=[("q", "eviction"), ("right", "housing"), ("right", "water-sanitation")])
        assert found.status_code == 200 and found.json()["total"] > 0
        assert "X-Total-Count" in found.headers and found.headers["RateLimit-Limit"] == "600"
        case = client.get(f"/cases/{PDF_CASE}", params={"lang": "ar"})
        assert case.status_code == 200 and case.headers["ETag"]
        missing = client.get("/cases/no-such-case")
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
        assert "server" not in missing.headers


def test_docs_page_and_its_local_assets_load(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as client:
        page = client.get("/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assets = re.findall(r'(?:href|src)="(/docs/assets/[^"]+)"', page.text)
        assert {"swagger-ui-bundle.js", "swagger-ui.css"} <= {a.rsplit("/", 1)[1] for a in assets}
        for asset in assets:
            loaded = client.get(asset)
            assert loaded.status_code == 200 and loaded.content, asset
        assert "http://" not in page.text.replace(server, "") and "https://" not in page.text, "no CDN"
        spec = client.get("/api/v1/openapi.json")
        assert spec.status_code == 200 and "/api/v1/search" in spec.json()["paths"]
