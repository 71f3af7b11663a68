"""The request cache at the HTTP edge: a repeated `GET /api/v1/search` answered with the response it got before.

Embedded widgets and landing pages send the same preset searches again and again. The engine's request cache
(`caselaw.search.cache`) already spares them the search; what was left was the API's own work, which on a cached
search cost more than the lookup: FastAPI's routing and dependencies, parsing and validating the query string,
serialising the response, `Link` and `X-Total-Count`. So the first answer to a request is kept as it was sent
(status 200, the route's headers, the JSON the cache holds), keyed by the request as it came: the query string,
the `Host`, scheme and root path its `Link` header is made of, and the `Accept-Language` its labels may follow.
The same request again is sent those bytes, as long as the index generation (read from `meta.json`, as every
search does) and, for searches using passage vectors, the vectors' generation are those it was computed in.

It sits innermost of the middleware, so everything around it (security headers, CORS, rate limits, metrics, HEAD)
treats an answer from it like any other; and only answers the route marked as kept in the engine's cache are
kept here, sharing their JSON with that entry: one byte budget, dropped together on every commit.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caselaw.api.services import Services
from caselaw.errors import CaselawError
from caselaw.search.cache import Answer, Finished, live_vectors

SCOPE_KEY = "caselaw.search_cache"
"""Where the route finds the `Pending` answer of a request the edge may keep."""


@dataclass
class Pending:
    """What the route tells the edge about the answer it is sending (`remember`)."""

    raw: Hashable
    answer: Answer | None = None
    keyword: bool = True


def remember(scope: Scope, answer: Answer, keyword: bool) -> None:
    """Called by the search route with the answer it sends: the edge keeps it when the engine's cache did."""
    pending = scope.get(SCOPE_KEY)
    if isinstance(pending, Pending) and answer.key is not None:
        pending.answer = answer
        pending.keyword = keyword


def _raw_key(scope: Scope) -> Hashable:
    """Everything of the request the route's answer depends on, as it came (see the module's docstring)."""
    host: list[bytes] = []
    language: list[bytes] = []
    for name, value in scope["headers"]:
        if name == b"host":
            host.append(value)
        elif name == b"accept-language":
            language.append(value)
    server = scope.get("server")  # a tuple from uvicorn, a list from some test clients
    return (
        scope.get("scheme"), tuple(host), tuple(server) if server else None, scope.get("root_path", ""),
        scope.get("query_string"), tuple(language),
    )  # fmt: skip


@dataclass
class SearchCacheMiddleware:
    """Answers a repeated JSON search from the finished response kept in the engine's request cache."""

    app: ASGIApp
    services: Services
    path: str
    route: Any = field(default=None)
    """The search route (what `scope["route"]` is set to for the metrics), learnt from the first answer kept."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the kept answer, or let the route answer and keep what it sent."""
        engine = self.services.opened_engine
        if (
            engine is None
            or engine.cache is None
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"] != self.path
        ):
            await self.app(scope, receive, send)
            return
        cache = engine.cache
        raw = _raw_key(scope)
        try:
            # A few microseconds (reading `meta.json`); the reader is reloaded here only after a commit.
            generation = engine.generation()
        except (CaselawError, OSError):
            generation = None
        found = cache.finished(generation, raw, lambda: live_vectors(engine)) if self.route is not None else None
        if found is not None:
            scope["route"] = self.route
            self.services.metrics.search.labels(self.services.settings.engine).observe(found.took_ms / 1000)
            await send({"type": "http.response.start", "status": 200, "headers": list(found.headers)})
            await send({"type": "http.response.body", "body": found.body})
            return
        pending = Pending(raw)
        scope[SCOPE_KEY] = pending
        head: list[tuple[bytes, bytes]] | None = None

        async def sending(message: Message) -> None:
            nonlocal head
            if message["type"] == "http.response.start" and message["status"] == 200:
                head = list(message["headers"])  # copied before the middleware outside adds its own
            await send(message)

        await self.app(scope, receive, sending)
        answer = pending.answer
        if head is None or answer is None or answer.key is None:
            return
        self.route = scope.get("route")
        finished = Finished(tuple(head), answer.body, answer.response.took_ms, answer.variant, pending.keyword)
        cache.keep_finished(answer.generation, raw, answer.key, finished)
