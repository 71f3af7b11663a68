"""Worker processes that read one file at a time each, for ingest batches and server uploads.

Not `concurrent.futures.ProcessPoolExecutor`, for three reasons measured against the batch's promise that one bad
file never stops the others:

* its futures cannot tell when a file starts, only when it was queued, so a per-file limit counted from submission
  killed a file that had waited behind a slow one; here a worker is given a file only when it is idle, and the
  file's clock starts then;
* one worker that dies (a parser's segfault, the kernel's out-of-memory killer) breaks the whole executor
  (`BrokenProcessPool`) and every file in it; here the dead worker's file fails alone, named and quarantined by the
  caller, and that worker alone is replaced while the others go on;
* killing a stuck worker needed the executor's private `_processes`; here each worker is a `Process` we own.

Workers are forked by multiprocessing's fork server, not by the caller: they inherit none of the caller's file
descriptors (a server's listening socket stays with the server), nor locks held by its other threads. The fork
server preloads `caselaw.ingest.warm`, which loads the models once, so each worker starts warm. Each worker holds
the read end of a lifeline pipe whose write end only the caller holds: when the caller dies, however abruptly, a
thread in the worker sees the pipe close and kills the worker, even in the middle of a file. (A parent-death
signal would not do: a worker's parent is the fork server, which outlives the caller while workers live.)

What one file may cost in memory is bounded too (`ingest_memory_mb`, above what the worker holds idle): the same
thread looks at the worker's address space 20 times a second and, past the limit, says so to the caller and kills
the worker, so the file fails as ResourceLimit rather than as a crash (a flate stream that inflates to gigabytes
grows step by step). An address-space limit (RLIMIT_AS) of twice that stops what no watch can see in time, one
huge allocation: Python then raises MemoryError (ResourceLimit too), and pdfium aborts (SIGABRT), which the caller
also reports as ResourceLimit. A worker left holding much memory after a file retires and is replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from caselaw.config import Settings
from caselaw.errors import IngestError, IngestTimeout, ResourceLimit, WorkerCrashed
from caselaw.ingest.extract import Extracted, extract_file

GRACE_SECONDS = 10.0
"""Past the per-file limit (which a worker enforces itself with an alarm), a worker that never answers is killed."""
START_SECONDS = 120.0
"""A worker that has not said it is ready after this long (stuck while starting) is killed."""
MAX_FAILED_STARTS = 3
"""Workers that die before taking any file, in a row, before the batch gives up on starting more."""
STOP_SECONDS = 5.0
"""How long an idle worker is given to exit after being told to, before it is killed."""
READY = "ready"
RETIRING = "retiring"
"""Sent by a worker before the result after which it exits (the file left it holding much memory): it must not be
given another file."""
OVER_LIMIT = "over-limit"
"""Sent, with the memory taken (bytes above idle), by a worker about to kill itself for passing its limit."""
WATCH_SECONDS = 0.05
"""How often a worker looks at its address space (and whether the caller is still there)."""

Record = Callable[[Extracted], None]
Task = tuple[str, str, Settings]
"""What a worker is sent: the path (absolute), the caller's working directory, the settings."""


def start_method() -> ForkServerContext:
    """The fork server's context, preloading the warm-up module (the first call starts nothing yet)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["caselaw.ingest.warm"])
    return context


def read_files(paths: list[str], settings: Settings, count: int, record: Record) -> None:
    """Read `paths` in up to `count` worker processes, calling `record` with each result in the calling thread.

    Every path gets exactly one result: what the worker extracted, IngestTimeout when it ran past
    `file_timeout_seconds` (+ a grace) from the moment a worker started it, or WorkerCrashed when the process reading
    it died. Nothing here raises for one file's sake.
    """
    in_order = InOrder(paths, record)
    pool = _Pool(settings, max(1, count), in_order)
    try:
        pool.run(deque(largest_first(paths)))
    finally:
        pool.close()
        in_order.flush()


def largest_first(paths: list[str]) -> list[str]:
    """`paths` by size, largest first (ties in the given order): a long file started last kept one core working
    alone at the end of a batch (1.8 s of 9 on the real corpus), where started first it runs beside the others."""

    def size(path: str) -> int:
        try:
            return Path(path).stat().st_size
        except OSError:
            return 0  # the worker reports why it cannot be read

    return sorted(paths, key=lambda path: -size(path))


class InOrder:
    """Hands results to `record` in the order the paths were given, whatever order the workers finish them in.

    Files are read largest first (`largest_first`), but the store sees them in the caller's order: which document of
    a case arrives first decides what the case keeps from each, so a batch stores the same records however it is
    scheduled, with one worker or many.
    """

    def __init__(self, paths: list[str], record: Record) -> None:
        self.record = record
        self.order: deque[str] = deque(paths)
        self.waiting: dict[str, list[Extracted]] = {}

    def __call__(self, result: Extracted) -> None:
        """Keep `result` until every path given before it has its result, then pass on all that are due."""
        self.waiting.setdefault(result.path, []).append(result)
        while self.order and self.waiting.get(self.order[0]):
            self.record(self.waiting[self.order.popleft()].pop(0))

    def flush(self) -> None:
        """Pass on what is still kept (a batch cut short), in the given order: what was read is not lost."""
        for path in self.order:
            for result in self.waiting.pop(path, []):
                self.record(result)
        self.order.clear()


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    launched: float
    ready: bool = False
    retiring: bool = False
    path: str | None = None
    started: float = 0.0


class _Pool:
    def __init__(self, settings: Settings, count: int, record: Record) -> None:
        self.settings = settings
        self.count = count
        self.record = record
        self.context = start_method()
        self.limit = settings.file_timeout_seconds + GRACE_SECONDS
        self.workers: list[_Worker] = []
        # Never written to: its closing, when this process ends, is what workers watch for.
        self.lifeline, self.lifeline_keeper = self.context.Pipe(duplex=False)
        self.failed_starts = 0
        self.last_failure = ""

    def run(self, pending: deque[str]) -> None:
        while pending or any(worker.path is not None for worker in self.workers):
            busy = sum(worker.path is not None for worker in self.workers)
            while len(self.workers) < min(self.count, busy + len(pending)):
                if self.failed_starts >= MAX_FAILED_STARTS:
                    self._give_up(pending)
                    break
                try:
                    self.workers.append(self._launch())
                except (OSError, EOFError) as error:  # the fork server itself could not start or answer
                    self._note_failed_start(f"no worker process could be started ({error})")
            for worker in self.workers:
                if worker.ready and not worker.retiring and worker.path is None and pending:
                    self._give(worker, pending.popleft())
            self._wait()
            self._check_clocks()

    def _launch(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        memory = self.settings.ingest_memory_mb * 1024 * 1024
        args = (theirs, self.lifeline, memory)
        process = self.context.Process(target=_work, args=args, name="caselaw-ingest", daemon=True)
        process.start()
        theirs.close()  # the worker holds its end; ours sees EOF when the worker dies
        return _Worker(process, ours, launched=time.monotonic())

    def _give(self, worker: _Worker, path: str) -> None:
        task: Task = (str(Path(path).absolute()), str(Path.cwd()), self.settings)
        worker.path, worker.started = path, time.monotonic()
        try:
            worker.connection.send(task)
        except OSError:
            self._lost(worker)  # died between saying it was ready and now: the file fails with it

    def _wait(self) -> None:
        now = time.monotonic()
        deadlines = [w.started + self.limit if w.path else w.launched + START_SECONDS for w in self.workers]
        timeout = max(0.05, min([1.0, *(deadline - now for deadline in deadlines)]))
        handles: list[Connection | int] = [w.connection for w in self.workers]
        handles += [w.process.sentinel for w in self.workers]
        ready = wait(handles, timeout=timeout)
        for worker in list(self.workers):
            if worker.connection in ready or worker.process.sentinel in ready:
                self._read(worker)

    def _read(self, worker: _Worker) -> None:
        # A worker that exits right after answering has its answer in the pipe: read before judging it dead.
        try:
            while worker.connection.poll():
                message = worker.connection.recv()
                if message == READY:
                    worker.ready = True
                    self.failed_starts = 0
                elif message == RETIRING:
                    worker.retiring = True
                elif isinstance(message, tuple) and message[0] == OVER_LIMIT and worker.path is not None:
                    self._end(worker, _failure(worker.path, ResourceLimit, self._over_limit(worker.path, message[1])))
                    return
                elif isinstance(message, Extracted) and worker.path is not None:
                    message.path = worker.path  # as the caller named it, not the absolute path sent
                    worker.path = None
                    self.record(message)
        except (EOFError, OSError):
            self._lost(worker)
            return
        if not worker.process.is_alive():
            self._lost(worker)

    def _check_clocks(self) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.path is not None and now - worker.started > self.limit:
                # A parser stuck inside C code ignores the worker's own alarm: kill that worker only.
                name = Path(worker.path).name
                message = f"{name} did not finish within {self.limit:g} s; the worker reading it was killed"
                self._end(worker, _failure(worker.path, IngestTimeout, message))
            elif worker.path is None and not worker.ready and now - worker.launched > START_SECONDS:
                self._end(worker, None)
                self._note_failed_start(f"a worker process did not start within {START_SECONDS:g} s")

    def _lost(self, worker: _Worker) -> None:
        """`worker` died: its file, if it had one, fails alone; the next round starts a replacement."""
        worker.process.join(STOP_SECONDS)
        how = _death(worker.process.exitcode)
        if worker.path is None:
            self._end(worker, None)
            if not worker.ready:
                self._note_failed_start(f"a worker process died while starting ({how})")
            return  # else it retired (see RETIRING), or died idle: the next round starts another
        name = Path(worker.path).name
        limit = self.settings.ingest_memory_mb
        if limit and worker.process.exitcode == -signal.SIGABRT:
            # pdfium (and C++ code) abort when an allocation fails; under RLIMIT_AS that is the memory limit.
            message = (
                f"{name}: the process reading it aborted (SIGABRT) when an allocation failed: reading it needs more "
                f"than the worker's memory limit of {limit} MiB (CASELAW_INGEST_MEMORY_MB)"
            )
            self._end(worker, _failure(worker.path, ResourceLimit, message))
            return
        message = (
            f"{name}: the process reading it died ({how}); a parser crashed on this file or the machine ran out "
            "of memory"
        )
        self._end(worker, _failure(worker.path, WorkerCrashed, message))

    def _over_limit(self, path: str, size: int) -> str:
        limit = self.settings.ingest_memory_mb
        return (
            f"{Path(path).name} needs more than {limit} MiB of memory to read, the limit of one ingest worker "
            f"(CASELAW_INGEST_MEMORY_MB; the worker reading it had taken {size // 2**20} MiB and was stopped): a "
            "decompression bomb, or a file too heavy for this server"
        )

    def _end(self, worker: _Worker, result: Extracted | None) -> None:
        with contextlib.suppress(ValueError):
            self.workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(STOP_SECONDS)
        worker.connection.close()
        with contextlib.suppress(ValueError):
            worker.process.close()
        if result is not None:
            self.record(result)

    def _note_failed_start(self, why: str) -> None:
        self.failed_starts += 1
        self.last_failure = why

    def _give_up(self, pending: deque[str]) -> None:
        """Workers keep dying before taking a file: the files no worker is left for fail with the reason."""
        if any(worker.path is not None or worker.ready for worker in self.workers):
            return  # the living workers will get through the queue
        while pending:
            path = pending.popleft()
            message = f"{Path(path).name}: not read: {self.last_failure}, {MAX_FAILED_STARTS} times in a row"
            self.record(_failure(path, WorkerCrashed, message))

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, the others (an interrupted batch) are killed."""
        for worker in self.workers:
            if worker.path is None:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        deadline = time.monotonic() + STOP_SECONDS
        for worker in self.workers:
            if worker.path is None:
                worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in list(self.workers):
            self._end(worker, None)
        self.lifeline_keeper.close()
        self.lifeline.close()


def _failure(path: str, error: type[IngestError], message: str) -> Extracted:
    """A failed file's result; with its SHA-256 when it can be read, so that it is quarantined under its hash."""
    return Extracted(path, sha256=_sha256(path), error=error.__name__, code=error.code, message=message)


def _sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        if not Path(path).is_file():
            return None  # a pipe or a device would block or never end
        with Path(path).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _death(exitcode: int | None) -> str:
    """How a process ended, in words: `killed by SIGSEGV`, `exit code 1`."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-exitcode).name}"
        return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


# In the worker process ----------------------------------------------------------------------------------------------


def _work(connection: Connection, lifeline: Connection, memory: int) -> None:
    """A worker's life: say it is ready, then read one file per task until told to stop or the parent is gone."""
    guard = _Guard(connection, lifeline, memory)
    # Ctrl-C reaches the whole process group: the parent stops the batch and its workers, which must not print a
    # traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not guard.send(READY):
        return  # the caller is already gone (killed while this worker started)
    while True:
        try:
            task: Task | None = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, directory, settings = task
        os.chdir(directory)  # relative settings (a Tesseract path, say) mean what they meant to the caller
        guard.reading = True
        try:
            result = extract_file(path, settings)
        except Exception as error:  # an unexpected bug fails this file, not the worker or the batch
            result = _failure(path, IngestError, f"{Path(path).name}: {type(error).__name__}: {error}")
        guard.reading = False
        retire = guard.bloated()
        if retire:
            guard.send(RETIRING)  # before the result: the caller must not give this worker the next file
        if not guard.send(result) or retire:
            return  # the caller starts a fresh worker for the next file


class _Guard:
    """In a worker: the connection shared by the main thread and a watching thread, which kills the worker when
    its caller is gone (the lifeline closes) or when reading a file takes it past its memory limit."""

    def __init__(self, connection: Connection, lifeline: Connection, memory: int) -> None:
        self.connection = connection
        self.lifeline = lifeline
        self.lock = threading.Lock()  # one message at a time on the connection, whichever thread sends it
        self.reading = False
        idle = _address_space()
        self.memory = memory if idle else 0  # no /proc to watch: no limit either, rather than a blind one
        self.idle = idle
        self.ceiling = 0
        if self.memory:
            self.ceiling = idle + memory
            backstop = idle + 2 * memory
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                backstop = min(backstop, hard)
            resource.setrlimit(resource.RLIMIT_AS, (backstop, hard))
        threading.Thread(target=self._watch, name="caselaw-ingest-watch", daemon=True).start()

    def send(self, message: object) -> bool:
        """Send `message` to the caller; False when the caller is gone."""
        try:
            with self.lock:
                self.connection.send(message)
        except (EOFError, OSError):
            return False
        return True

    def bloated(self) -> bool:
        """Whether the last file left this worker holding more than half its limit (freed memory often stays
        mapped): the next file would start near the limit."""
        return bool(self.memory) and _address_space() > self.idle + self.memory // 2

    def _watch(self) -> None:
        while True:
            try:
                # Nothing is ever sent on the lifeline: it becomes readable only by closing, when the caller ends.
                if self.lifeline.poll(WATCH_SECONDS):
                    break
            except (EOFError, OSError):
                break
            if self.ceiling and self.reading and (size := _address_space()) > self.ceiling:
                with self.lock:  # held until the end: the main thread sends nothing after this
                    with contextlib.suppress(OSError):
                        self.connection.send((OVER_LIMIT, size - self.idle))
                    os.kill(os.getpid(), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)


def _address_space() -> int:
    """This process's virtual memory size in bytes (what RLIMIT_AS limits), from /proc; 0 where there is none."""
    try:
        return int(Path("/proc/self/statm").read_bytes().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
