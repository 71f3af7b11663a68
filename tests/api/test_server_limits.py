"""`caselaw serve` against slow and hostile clients, over real sockets: a client that sends its headers or its body
too slowly, or headers without end, loses its connection; one that keeps moving is served; a chunked body over the
limit is a 413."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.conftest import ROOT, free_port

TIMEOUT = 1.0
"""Header and body deadlines of the server under test, in seconds (small, so that the tests are quick)."""


@pytest.fixture(scope="module")
def member_key(data_dir: Path) -> str:
    """A member's key: the selection routes read a JSON body once the key is accepted."""
    with open_store(Settings(data_dir=data_dir)) as store:
        return KeyStore(store).create("Slow client", "member")[1]


@pytest.fixture(scope="module")
def served(data_dir: Path, member_key: str) -> Iterator[tuple[str, int]]:
    """(host, port) of `caselaw serve` over the shared data, with 1-second read deadlines and a 4 KiB body limit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASELAW_")}
    env |= {
        "CASELAW_API_HEADER_TIMEOUT_SECONDS": str(TIMEOUT),
        "CASELAW_API_BODY_TIMEOUT_SECONDS": str(TIMEOUT),
        "CASELAW_REQUEST_MAX_BYTES": "4096",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "caselaw", "--data-dir", str(data_dir), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"caselaw serve exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("caselaw serve was not ready within 60 s")
            time.sleep(0.1)
        yield "127.0.0.1", port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _closed_within(connection: socket.socket, seconds: float) -> bool:
    """Whether the server closes `connection` (without answering) within `seconds`."""
    connection.settimeout(seconds)
    try:
        return connection.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def _post_head(key: str, length: int) -> bytes:
    return (
        f"POST /api/v1/selection/candidates HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def test_a_client_that_sends_nothing_or_half_its_headers_is_cut_off(served: tuple[str, int]) -> None:
    for sent in (b"", b"GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"):
        with socket.create_connection(served) as connection:
            connection.sendall(sent)
            started = time.monotonic()
            assert _closed_within(connection, TIMEOUT + 4), f"held open after {sent!r}"
            assert time.monotonic() - started < TIMEOUT + 2


def test_headers_trickled_past_the_deadline_are_cut_off(served: tuple[str, int]) -> None:
    # Each piece comes well within the deadline; the headers as a whole do not.
    with socket.create_connection(served) as connection:
        connection.sendall(b"GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        for number in range(8):
            time.sleep(TIMEOUT / 3)
            try:
                connection.sendall(f"X-Piece-{number}: {number}\r\n".encode())
            except OSError:
                closed = True
                break
        assert closed or _closed_within(connection, TIMEOUT + 2)


def test_headers_without_end_are_cut_off(served: tuple[str, int]) -> None:
    with socket.create_connection(served) as connection:
        try:
            connection.sendall(b"GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 64 * 1024)
        except OSError:
            return  # closed while sending: as good
        connection.settimeout(TIMEOUT + 2)
        try:
            answer = connection.recv(1024)
        except ConnectionResetError:
            return
        assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:80]


def test_a_body_that_stops_coming_is_cut_off(served: tuple[str, int], member_key: str) -> None:
    with socket.create_connection(served) as connection:
        connection.sendall(_post_head(member_key, 100) + b'{"name": ')
        assert _closed_within(connection, TIMEOUT + 4)


def test_a_slow_body_that_keeps_coming_is_served(served: tuple[str, int], member_key: str) -> None:
    body = b'{"name": "A slow proposal"}'.ljust(100)
    with socket.create_connection(served) as connection:
        connection.sendall(_post_head(member_key, len(body)))
        for start in range(0, len(body), 25):  # 4 pieces, each within the deadline: 1.6 s in all
            time.sleep(TIMEOUT * 0.4)
            connection.sendall(body[start : start + 25])
        connection.settimeout(10)
        answer = connection.recv(1024)
    assert answer.startswith(b"HTTP/1.1 422"), answer[:80]  # answered: the proposal is incomplete


def test_a_chunked_body_over_the_limit_is_a_413_over_http(served: tuple[str, int], member_key: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(20):
            yield b"x" * 1024
        yield b'"}'

    host, port = served
    headers = {"Authorization": f"Bearer {member_key}", "Content-Type": "application/json"}
    try:
        response = httpx.post(
            f"http://{host}:{port}/api/v1/selection/candidates", content=chunks(), headers=headers, timeout=10
        )
    except httpx.TransportError as error:  # pragma: no cover - a client may see the close before the answer
        pytest.fail(f"no answer to an oversized chunked body: {error}")
    assert response.status_code == 413 and response.json()["code"] == "request-too-large"
