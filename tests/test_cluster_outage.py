"""A cluster node that hangs or dies mid-test gives a 503 `EngineUnavailable` within the timeout, never a hang.

Each test starts its own node (engines/run.sh, on a free port, with its own PID file and data folder) so the
shared nodes of the contract suite stay up, freezes it (SIGSTOP) and then kills it (SIGKILL).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import EngineUnavailable
from caselaw.search import SearchEngine, SearchRequest, open_engine
from tests.conftest import ROOT, free_port
from tests.search_contract.mini_corpus import mini_corpus

RUN = ROOT / "engines" / "run.sh"
TIMEOUT_SECONDS = 2.0
SLACK_SECONDS = 5.0
"""Above the request timeout: one timed-out attempt, plus Python and thread scheduling on a busy machine."""


@pytest.fixture(params=["opensearch", "elasticsearch"])
def own_node(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """(engine, URL, PID file) of a node started for this test alone; stopped afterwards whatever happens."""
    engine: str = request.param
    port = free_port()
    env = {
        **os.environ,
        "CASELAW_ENGINES_VAR": str(tmp_path / "engines"),
        f"CASELAW_{engine.upper()}_PORT": str(port),
        "CASELAW_ENGINE_HEAP": "-Xms256m -Xmx512m",
    }
    started = subprocess.run([str(RUN), "start", engine], env=env, capture_output=True, text=True, check=False)
    try:
        if started.returncode != 0:
            reason = f"cannot start a {engine} node: {started.stderr.strip()[-500:]}"
            if os.environ.get("CI") == "true":
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
        yield engine, f"http://127.0.0.1:{port}", tmp_path / "engines" / f"{engine}.pid"
    finally:
        subprocess.run([str(RUN), "stop", engine], env=env, capture_output=True, check=False)


def _assert_unavailable_quickly(engine: SearchEngine) -> float:
    started = time.monotonic()
    with pytest.raises(EngineUnavailable) as caught:
        engine.search(SearchRequest(q="housing"))
    elapsed = time.monotonic() - started
    assert caught.value.status == 503
    assert elapsed < TIMEOUT_SECONDS + SLACK_SECONDS, f"took {elapsed:.1f} s"
    return elapsed


@pytest.mark.slow
def test_a_frozen_then_killed_node_gives_503_not_a_hang(own_node: tuple[str, str, Path], tmp_path: Path) -> None:
    name, url, pid_file = own_node
    settings = Settings.model_validate(
        {
            "data_dir": tmp_path / "data",
            "engine": name,
            f"{name}_url": url,
            "engine_analysis": "full" if name == "opensearch" else "core",
            "engine_timeout_seconds": TIMEOUT_SECONDS,
            "index_prefix": "outage",
        }
    )
    with open_engine(settings) as engine:
        engine.rebuild(mini_corpus())
        assert engine.search(SearchRequest(q="housing")).total > 0
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGSTOP)  # frozen: connections open, nothing answers
        try:
            assert _assert_unavailable_quickly(engine) >= TIMEOUT_SECONDS * 0.9  # it did wait for the timeout
        finally:
            os.kill(pid, signal.SIGKILL)  # killed: connections refused
            _wait_gone(pid)
        _assert_unavailable_quickly(engine)
        with pytest.raises(EngineUnavailable):
            engine.count()


def _wait_gone(pid: int) -> None:
    # Not our child (run.sh started it under nohup), so it is not ours to reap: gone or a zombie is enough.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, IndexError):
            return
        if state == "Z":
            return
        time.sleep(0.05)
