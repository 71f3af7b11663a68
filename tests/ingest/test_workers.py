"""The ingest workers: a file is timed from its start, a worker that dies or hangs fails its own file only, workers
hold none of the parent's sockets and die with it.

A stand-in for Tesseract drives the workers: the scanned fixture has no text layer, so reading it runs the
command of `CASELAW_TESSERACT_CMD` in the worker, and that script can be slow, kill the worker or freeze it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import IngestTimeout, ResourceLimit, WorkerCrashed
from caselaw.ingest import Outcome, ingest_paths, workers
from caselaw.store import open_store
from tests.ingest.conftest import FIXTURES

PDF = FIXTURES / "pdf"
SCANNED = PDF / "achpr-2001-serac-v-nigeria.en.pdf"
TEXT = [PDF / "un-cescr-2015-idg-v-spain.en.pdf", PDF / "za-constitutional-court-2000-grootboom.en.pdf"]
LANGUAGES = "case \"$1\" in --list-langs) printf 'List of available languages (1):\\neng\\n'; exit 0;; esac\n"


def tesseract(tmp_path: Path, name: str, body: str) -> str:
    """An executable stand-in for Tesseract that lists English, then runs `body` for every page."""
    script = tmp_path / name
    script.write_text(f"#!/bin/sh\n{LANGUAGES}{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def scanned_copies(tmp_path: Path, count: int) -> list[Path]:
    """Copies of the scanned fixture that differ by a trailing comment: other files, the same decision."""
    copies = []
    for number in range(count):
        copy = tmp_path / f"scanned-{number}.pdf"
        copy.write_bytes(SCANNED.read_bytes() + f"\n% copy {number}\n".encode())
        copies.append(copy)
    return copies


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def state(pid: int) -> str:
    """The process's state letter (R, S, T for stopped, Z for zombie), or X when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"


@pytest.fixture
def short_grace(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Kill an unanswering worker half a second past the per-file limit instead of ten (tests wait less)."""
    monkeypatch.setattr(workers, "GRACE_SECONDS", 0.5)
    yield


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_file_that_kills_its_worker_fails_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    crash = tesseract(tmp_path, "segfault.sh", "kill -SEGV $PPID")  # as a parser crashing inside C code would
    settings = Settings(data_dir=tmp_path / "data", tesseract_cmd=crash, ocr_dpi=72)
    with open_store(settings) as store:
        report = ingest_paths([TEXT[0], SCANNED, TEXT[1]], store, settings, workers=2)
        by_path = {Path(item.path): item for item in report.files}
        crashed = by_path[SCANNED]
        assert crashed.outcome is Outcome.FAILED and crashed.error == WorkerCrashed.__name__
        assert SCANNED.name in (crashed.reason or "") and "SIGSEGV" in (crashed.reason or ""), crashed.reason
        assert crashed.quarantined and Path(crashed.quarantined).is_file()
        reason = json.loads((Path(crashed.quarantined).parent / "reason.json").read_text(encoding="utf-8"))
        assert reason["code"] == WorkerCrashed.code
        assert all(by_path[path].outcome is Outcome.INGESTED for path in TEXT), report.lines()
        assert store.count() == 2
        # The next batch reads the same file in a fresh worker (isolated: it is the only one left to read).
        again = ingest_paths([SCANNED, *TEXT], store, settings, workers=2, isolate=True)
        assert again.count(Outcome.DUPLICATE) == 2 and again.count(Outcome.FAILED) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit reads /proc")
def test_a_worker_that_aborts_under_its_memory_limit_fails_its_file_as_a_resource_limit(tmp_path: Path) -> None:
    """pdfium aborts (SIGABRT) when an allocation fails, which under the worker's address-space limit means the file
    needs more memory than allowed: named so, not as a parser crash."""
    abort = tesseract(tmp_path, "abort.sh", "kill -ABRT $PPID")
    settings = Settings(data_dir=tmp_path / "data", tesseract_cmd=abort, ocr_dpi=72, ingest_memory_mb=300)
    with open_store(settings) as store:
        report = ingest_paths([SCANNED, TEXT[0]], store, settings, workers=2)
    by_path = {Path(item.path): item for item in report.files}
    aborted = by_path[SCANNED]
    assert aborted.error == ResourceLimit.__name__, aborted.reason
    assert "SIGABRT" in (aborted.reason or "") and "300 MiB" in (aborted.reason or ""), aborted.reason
    assert by_path[TEXT[0]].outcome is Outcome.INGESTED, report.lines()


def test_a_file_is_timed_from_its_start_not_from_when_it_was_queued(tmp_path: Path, short_grace: None) -> None:
    """Three files of ~3 s in one worker, a 5 s limit: none times out, though the last waits 6 s for its turn.
    (Timed from when it was queued, two at a time, the second file was killed at 5.5 s.)"""
    slow = tesseract(tmp_path, "slow.sh", "sleep 3; exit 1")  # then stored as needs-ocr
    settings = Settings(data_dir=tmp_path / "data", tesseract_cmd=slow, ocr_dpi=72, file_timeout_seconds=5)
    with open_store(settings) as store:
        started = time.monotonic()
        report = ingest_paths(scanned_copies(tmp_path, 3), store, settings, workers=1, isolate=True)
        took = time.monotonic() - started
    assert not report.failed, report.lines()
    assert took > 9.0, "each file took its three seconds, one after the other"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_frozen_worker_is_killed_at_the_limit_and_held_no_socket_of_the_parent(
    tmp_path: Path, short_grace: None
) -> None:
    """A worker that never answers (stopped: its own alarm cannot fire) is killed; the others' files are stored.
    Meanwhile it is checked that the worker does not hold the parent's listening socket (a server's port)."""
    freeze = tesseract(tmp_path, "freeze.sh", "kill -STOP $PPID")
    settings = Settings(data_dir=tmp_path / "data", tesseract_cmd=freeze, ocr_dpi=72, file_timeout_seconds=2)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    ours = f"socket:[{os.fstat(listener.fileno()).st_ino}]"
    seen: list[list[str]] = []

    def watch() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not seen:
            for pid in descendants(os.getpid()):
                if state(pid) == "T":
                    fds = Path(f"/proc/{pid}/fd")
                    seen.append([str(fd.readlink()) for fd in fds.iterdir()])
                    return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with open_store(settings) as store:
            report = ingest_paths([SCANNED, *TEXT], store, settings, workers=2)
    finally:
        watcher.join()
        listener.close()
    by_path = {Path(item.path): item for item in report.files}
    assert by_path[SCANNED].error == IngestTimeout.__name__, by_path[SCANNED].reason
    assert "killed" in (by_path[SCANNED].reason or "")
    assert all(by_path[path].outcome is Outcome.INGESTED for path in TEXT), report.lines()
    assert seen, "the frozen worker was seen"
    assert ours not in seen[0], "the worker holds the parent's listening socket"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    """A batch killed outright (SIGKILL, no clean-up) leaves no worker behind, even one busy with a file."""
    slow = tesseract(tmp_path, "slow.sh", "sleep 60; exit 1")
    env = {**os.environ, "CASELAW_DATA_DIR": str(tmp_path / "data"), "CASELAW_TESSERACT_CMD": slow}
    command = [sys.executable, "-m", "caselaw", "ingest", *map(str, scanned_copies(tmp_path, 2)), "--workers", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        pythons: list[int] = []
        deadline = time.monotonic() + 60
        while len(pythons) < 3 and time.monotonic() < deadline:  # the fork server and two busy workers
            time.sleep(0.2)
            pythons = [p for p in descendants(process.pid) if "forkserver" in _cmdline(p)]
        assert len(pythons) >= 3, "the fork server and its two workers started"
        time.sleep(1)  # both workers are inside their file (the stand-in sleeps)
        process.kill()
        process.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(state(pid) not in "XZ" for pid in pythons):
            time.sleep(0.2)
        assert [pid for pid in pythons if state(pid) not in "XZ"] == [], "workers outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the stand-in's `sleep`s, orphaned on purpose


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
