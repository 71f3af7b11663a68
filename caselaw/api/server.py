"""How `caselaw serve` runs uvicorn: read deadlines that a slow or silent client cannot outwait.

uvicorn closes an idle keep-alive connection, but a client that opens a connection and sends its headers (or its
body) a byte at a time, or nothing at all, holds it, and a coroutine waiting on it, for ever: a few hundred such
clients take the server down. Its HTTP protocols are given two deadlines here, from the settings:

* the request line and headers must arrive within `api_header_timeout_seconds` of the connection being ready
  for a request, and fit in `MAX_HEADER_BYTES`;
* while a body is being received, no pause may last `api_body_timeout_seconds` (the limit nginx calls
  `client_body_timeout`: a large upload on a slow line goes on as long as it moves).

Once a request is received, the application takes as long as it needs (an upload is ingested meanwhile).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from caselaw.config import get_settings

MAX_HEADER_BYTES = 16 * 1024
"""Most bytes of request line and headers (h11's own default; httptools sets none)."""


class ReadDeadlines(asyncio.Protocol):
    """A mixin for uvicorn's HTTP protocols: closes a connection whose client is too slow to send a request."""

    # Set by the uvicorn protocol this is mixed into.
    cycle: Any
    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    flow: Any

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start waiting for the first request's headers."""
        settings = get_settings()
        self._header_timeout = settings.api_header_timeout_seconds
        self._body_timeout = settings.api_body_timeout_seconds
        self._deadline: asyncio.TimerHandle | None = None
        self._phase = "headers"
        self._header_bytes = 0
        super().connection_made(transport)
        self._request = self.cycle
        self._arm(self._header_timeout)

    def data_received(self, data: bytes) -> None:
        """Parse, then move the deadline on to what the connection waits for now."""
        if self._phase == "headers":
            self._header_bytes += len(data)
        super().data_received(data)
        self._follow()
        if self._phase == "headers" and self._header_bytes > MAX_HEADER_BYTES:
            self._close()

    def on_response_complete(self) -> None:
        """A response went out: wait for the next request's headers (keep-alive)."""
        self._phase = "headers"
        self._header_bytes = 0
        self._request = self.cycle
        self._arm(self._header_timeout)
        super().on_response_complete()  # type: ignore[misc]  # uvicorn's protocols define it, asyncio's do not
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the deadline with the connection."""
        self._cancel()
        super().connection_lost(exc)

    def _follow(self) -> None:
        if self.transport.is_closing():
            self._cancel()
            return
        if self.cycle is not self._request:
            # The parser made a new request cycle: its headers are in.
            self._request = self.cycle
            self._phase = "body"
        if self._phase == "body":
            if self.cycle.more_body:
                self._arm(self._body_timeout)  # a pause, not the whole body, is limited
            else:
                self._phase = "application"
                self._cancel()

    def _arm(self, seconds: float) -> None:
        self._cancel()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self._phase == "body" and self.flow.read_paused:
            # Reading is paused because the application has not taken the body received so far: not the client.
            self._arm(self._body_timeout)
            return
        if self._phase in ("headers", "body"):
            self._close()

    def _close(self) -> None:
        self._cancel()
        if not self.transport.is_closing():
            self.transport.close()


class H11WithDeadlines(ReadDeadlines, H11Protocol):
    """uvicorn's h11 protocol with read deadlines."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class HttpToolsWithDeadlines(ReadDeadlines, HttpToolsProtocol):
        """uvicorn's httptools protocol (the faster parser, used when installed) with read deadlines."""

    PROTOCOL: type[asyncio.Protocol] = HttpToolsWithDeadlines
except ImportError:  # httptools is optional in uvicorn: h11 is always there
    PROTOCOL = H11WithDeadlines


def uvicorn_options() -> dict[str, Any]:
    """Options of `uvicorn.run` for caselaw: the protocol with deadlines, and h11's header limit."""
    # By name, not the class: with --workers, uvicorn pickles its config to each worker, which would import this
    # module while unpickling, before it answers the supervisor's health pings, and was killed as unresponsive.
    return {"http": f"{__name__}:PROTOCOL", "h11_max_incomplete_event_size": MAX_HEADER_BYTES}
