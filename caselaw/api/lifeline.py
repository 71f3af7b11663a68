"""A server worker process of `caselaw serve --workers N` stops when the process supervising it is gone.

uvicorn starts N worker processes that share the listening socket. When the supervisor is killed outright
(SIGKILL, the out-of-memory killer), nothing told them: they went on holding the port, so a restart failed with
"address already in use" while the orphans answered with whatever they had. Each worker now watches its parent's
sentinel (a pipe multiprocessing gives every child, which closes when the parent dies) and then shuts itself down
as on SIGTERM: the listening socket is closed at once, requests under way (an upload being ingested) may finish,
and past `GRACE_SECONDS` the worker is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.connection import wait

GRACE_SECONDS = 60.0


def follow_supervisor() -> None:
    """In a server worker process started by a supervisor: end with it. A no-op in a process without a parent."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return  # `caselaw serve` with one worker: this is the server process itself
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])  # returns only when the supervisor has exited
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE_SECONDS)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="caselaw-supervisor-watch", daemon=True).start()
