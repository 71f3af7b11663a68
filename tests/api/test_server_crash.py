"""`caselaw serve` killed outright (SIGKILL) while an upload is being read: nothing it started keeps the port, a new
server starts on the same port at once, and the killed upload's folder is cleaned up when it starts.

The upload is the scanned fixture; a stand-in for Tesseract marks when OCR has started (the upload is then inside
an ingest worker) and sleeps, so the server is killed with an upload surely in flight.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from caselaw.api import spool
from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.api.conftest import bearer
from tests.conftest import FIXTURES, ROOT, free_port

SCANNED = FIXTURES / "pdf" / "achpr-2001-serac-v-nigeria.en.pdf"
OCR_SECONDS = 8
"""How long the stand-in Tesseract takes for a page: the server is killed during that time."""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def listeners(port: int) -> set[int]:
    """Processes holding a socket that listens on `port` (from /proc/net/tcp* and each process's descriptors)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # 0A: LISTEN
                    inodes.add(f"socket:[{fields[9]}]")
    found = set()
    for process in Path("/proc").iterdir():
        if process.name.isdigit():
            with contextlib.suppress(OSError):
                if any(str(fd.readlink()) in inodes for fd in (process / "fd").iterdir()):
                    found.add(int(process.name))
    return found


def family(pid: int) -> list[int]:
    """`pid` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except (OSError, IndexError):
        return False


def is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def until(condition: object, seconds: float) -> float | None:
    """Seconds until `condition()` held (polled), or None when it did not within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@pytest.mark.parametrize("workers", [1, 2])
def test_a_server_killed_mid_upload_frees_its_port_and_leaves_nothing_behind(tmp_path: Path, workers: int) -> None:
    data = tmp_path / "data"
    with open_store(Settings(data_dir=data)) as store:
        key = KeyStore(store).create("Crash editor", "editor")[1]
    started = tmp_path / "ocr-started"
    tesseract = tmp_path / "tesseract.sh"
    tesseract.write_text(
        "#!/bin/sh\ncase \"$1\" in --list-langs) printf 'List of available languages (1):\\neng\\n'; exit 0;; esac\n"
        f"touch {started}\nsleep {OCR_SECONDS}\nexit 1\n",
        encoding="utf-8",
    )
    tesseract.chmod(0o755)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASELAW_")} | {
        "CASELAW_TESSERACT_CMD": str(tesseract)
    }
    command = [sys.executable, "-m", "caselaw", "--data-dir", str(data), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    logs = [tmp_path / "first.log", tmp_path / "second.log"]

    def serve(log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            return subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    first = serve(logs[0])
    second: subprocess.Popen[bytes] | None = None
    outcome: list[int] = []
    try:
        assert until(lambda: answers(base), 120) is not None, logs[0].read_text()

        def upload() -> None:
            with contextlib.suppress(httpx.HTTPError):
                files = {"file": (SCANNED.name, SCANNED.read_bytes(), "application/pdf")}
                reply = httpx.post(f"{base}/api/v1/documents", files=files, headers=bearer(key), timeout=120)
                outcome.append(reply.status_code)

        uploading = threading.Thread(target=upload)
        uploading.start()
        assert until(started.exists, 60) is not None, "the upload reached OCR in an ingest worker"
        pythons = [pid for pid in family(first.pid) if is_python(pid)]
        assert len(pythons) >= (3 if workers == 1 else 5), "server, fork server, ingest worker (and uvicorn's)"
        assert list((data / "uploads").iterdir()), "the upload is spooled under the data directory"

        first.kill()  # SIGKILL: no clean-up of any kind runs in the server
        first.wait()
        freed = until(lambda: not listeners(port), 10)
        assert freed is not None, f"processes still listen on port {port}: {listeners(port)}"

        second = serve(logs[1])
        assert until(lambda: answers(base) or second.poll() is not None, 120) is not None
        log = logs[1].read_text(errors="replace")
        assert second.poll() is None and "address already in use" not in log.lower(), log
        assert listeners(port) <= set(family(second.pid)), "only the new server listens"
        # Every process of the killed server ends: at once for its ingest worker; a uvicorn worker first
        # finishes the request it was serving (the upload goes on to the end of its OCR).
        assert until(lambda: not any(alive(pid) for pid in pythons), OCR_SECONDS + 20) is not None, [
            pid for pid in pythons if alive(pid)
        ]
        if workers == 1:
            assert "removed 1 upload folder(s)" in log, log
        assert until(lambda: not list((data / "uploads").iterdir()), 10) is not None, "no upload folder is left"
        uploading.join(timeout=30)
        if workers > 1:
            assert outcome == [201], "a uvicorn worker orphaned by its supervisor finishes the upload it had"
    finally:
        for process in (first, second):
            if process is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # the stand-in's `sleep`s, orphaned on purpose
                process.wait()


def test_the_clean_up_removes_only_upload_folders_no_process_holds(tmp_path: Path) -> None:
    held, lock = spool.reserve(tmp_path)
    left = spool.uploads_dir(tmp_path) / "tmp-left-by-a-killed-server"
    (left / "sub").mkdir(parents=True)
    (left / "sub" / "decision.pdf").write_bytes(b"%PDF-")
    assert spool.clean_leftovers(tmp_path) == 1
    assert held.is_dir() and not left.exists()
    spool.release(held, lock)
    assert not held.exists() and spool.clean_leftovers(tmp_path) == 0
