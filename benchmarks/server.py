"""`caselaw serve` in a subprocess on a free loopback port, for the benchmarks that drive it over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(directory: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """`caselaw serve` on loopback with rate limits off; returns when `/readyz` answers 200."""
    port = free_port()
    env = os.environ | {"CASELAW_RATE_LIMIT_PER_MINUTE": "0", "CASELAW_RATE_LIMIT_KEY_PER_MINUTE": "0"}
    command = [sys.executable, "-m", "caselaw", "--data-dir", str(directory), "serve"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"caselaw serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("caselaw serve did not become ready in 120 s")


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system, every thread) used so far by process `pid` and its descendants that are alive
    (`caselaw serve --workers N` runs its workers as child processes), from `/proc`; 0 where there is none."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            # Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server this script started (SIGTERM, then SIGKILL after 20 s)."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
