"""Operations conventions: probes and metrics at the root, and rate limits that hold across the worker processes
of one `caselaw serve`."""

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
from fastapi.testclient import TestClient

from caselaw.api.ratelimit import SharedRateLimiter
from tests.conftest import ROOT, free_port

API = "/api/v1"
LIMIT = 10


def test_probes_and_metrics_are_served_at_the_root_too(client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        at_root, under_api = client.get(path), client.get(f"{API}{path}")
        assert at_root.status_code == under_api.status_code == 200, (path, at_root.text)
        assert at_root.headers["content-type"] == under_api.headers["content-type"]
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/readyz").json()["status"] == "ready"
    assert "caselaw_http_requests_total" in client.get("/metrics").text


def test_a_shared_bucket_holds_across_processes(tmp_path: Path) -> None:
    """Two limiters over one file (as two workers hold) share each client's budget; other clients are apart."""
    now = [1000.0]
    first, second = (SharedRateLimiter(4, tmp_path / "limits.sqlite3", clock=lambda: now[0]) for _ in range(2))
    taken = [(first if n % 2 else second).take("ip:1")[0] for n in range(6)]
    assert taken == [True, True, True, True, False, False]
    assert first.take("ip:2")[0], "another client has its own bucket"
    now[0] += 15.0  # a minute's budget of 4 gives one token back every 15 s
    assert second.take("ip:1") == (True, 0, 0)
    assert first.take("ip:1") == (False, 0, 15)


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`caselaw serve --workers 2` with a limit of LIMIT requests a minute per client address."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASELAW_")}
    env |= {"CASELAW_RATE_LIMIT_PER_MINUTE": str(LIMIT), "CASELAW_DATA_DIR": str(tmp_path_factory.mktemp("two"))}
    command = [sys.executable, "-m", "caselaw", "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"caselaw serve exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("caselaw serve was not up within 90 s")
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _counts(metrics: str) -> tuple[int, int]:
    """What one worker answered: (problem catalogues served, requests refused by the rate limit)."""
    served = re.search(r'_requests_total\{method="GET",route="/api/v1/problems",status="200"\} (\S+)', metrics)
    refused = re.search(r"^caselaw_rate_limited_requests_total (\S+)", metrics, flags=re.MULTILINE)
    return int(float(served[1])) if served else 0, int(float(refused[1])) if refused else 0


def test_two_workers_share_one_rate_limit(two_workers: str) -> None:
    """Each request on a new connection, so both workers take some: together they allow LIMIT, not 2 × LIMIT."""
    statuses = []
    started = time.monotonic()
    for _ in range(3 * LIMIT):
        with httpx.Client(timeout=10) as fresh:
            statuses.append(fresh.get(f"{two_workers}{API}/problems").status_code)
    refilled = int((time.monotonic() - started) * LIMIT / 60)  # a token comes back every 60 / LIMIT seconds
    served, refused = statuses.count(200), statuses.count(429)
    assert served + refused == 3 * LIMIT, statuses
    assert LIMIT <= served <= LIMIT + refilled < 2 * LIMIT, (statuses, refilled)
    # Each worker has its own metrics: what each answered adds up to the totals, which proves both took part.
    seen: set[tuple[int, int]] = set()
    for _ in range(40):
        with httpx.Client(timeout=10) as fresh:
            seen.add(_counts(fresh.get(f"{two_workers}/metrics").text))
        if len(seen) == 2:
            break
    if len(seen) == 1:  # the two workers answered exactly as many each, or one answered everything
        assert {(2 * a, 2 * b) for a, b in seen} == {(served, refused)}, f"only one worker answered: {seen}"
    else:
        assert tuple(map(sum, zip(*seen, strict=True))) == (served, refused), seen
