"""Pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware): metrics, security headers, body limits,
rate limits. Each sees every request, including those that end in an error."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caselaw import errors
from caselaw.api.metrics import Metrics
from caselaw.api.problems import problem, problem_response
from caselaw.api.ratelimit import SharedRateLimiter
from caselaw.errors import CaselawError
from caselaw.store.keys import PREFIX

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""JSON needs nothing from a browser; pages (docs, UI, embed) set their own policy."""


class MetricsMiddleware:
    """Counts requests and their latency by route template (not raw path: ids would explode the label set)."""

    def __init__(self, app: ASGIApp, metrics: Metrics, prefix: str = "") -> None:
        self.app = app
        self.metrics = metrics
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            template = str(getattr(route, "path", "unmatched"))
            # Routes of included routers carry their path without the router's prefix.
            if self.prefix and str(scope.get("path", "")).startswith(self.prefix) and route is not None:
                template = self.prefix + template if not template.startswith(self.prefix) else template
            self.metrics.requests.labels(template, scope["method"], str(status)).inc()
            self.metrics.latency.labels(template).observe(time.perf_counter() - started)


SECURITY_HEADERS = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in (
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ("Content-Security-Policy", API_CSP),
    )
)
"""What `SecurityHeadersMiddleware` adds to a response that does not set them itself, in this order."""


class SecurityHeadersMiddleware:
    """nosniff, referrer and permissions policies on every response; a strict CSP where a route set none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                # As `MutableHeaders.setdefault` for each, with one pass over the headers instead of five.
                raw = MutableHeaders(scope=message).raw
                present = {name for name, _ in raw}
                raw.extend(header for header in SECURITY_HEADERS if header[0] not in present)
            await send(message)

        await self.app(scope, receive, sending)


async def _refuse(scope: Scope, receive: Receive, send: Send, error: CaselawError) -> None:
    body = problem(type(error), error.message, str(scope.get("path", "")), retry_after=error.details.get("retry_after"))
    headers = {"Retry-After": str(error.details["retry_after"])} if "retry_after" in error.details else {}
    headers |= {str(k): str(v) for k, v in error.details.get("headers", {}).items()}
    await problem_response(body, headers)(scope, receive, send)


class BodyLimitMiddleware:
    """Refuses bodies over the limit with 413: early on `Content-Length`, else while streaming (chunked uploads)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, errors.RequestTooLarge(f"the body is larger than {limit} bytes"))
            return
        received = 0
        started = False
        refused = False

        async def sending(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 went out already; what the app answers to the cut-off body is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def receiving() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if started:
                        raise errors.RequestTooLarge(f"the body is larger than {limit} bytes")
                    # Answered here, not raised: the body parser would turn any exception into "invalid body" (422).
                    refused = True
                    error = errors.RequestTooLarge(f"the body is larger than {limit} bytes")
                    await _refuse(scope, receive, send, error)
                    return {"type": "http.disconnect"}
            return message

        try:
            await self.app(scope, receiving, sending)
        except Exception:
            if not refused:
                raise


class RateLimiter:
    """A token bucket per client: `per_minute` requests a minute, refilled continuously, bursts up to that."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> tuple[bool, int, int]:
        """Take one token: (allowed, tokens left, seconds until one is back)."""
        rate = self.per_minute / 60.0
        now = self.clock()
        with self._lock:
            tokens, seen = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - seen) * rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > 100_000:  # bound memory under a flood of distinct addresses
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
        wait = 0 if allowed else math.ceil((1.0 - tokens) / rate)
        return allowed, int(tokens), wait


def presented_key(headers: Headers) -> str:
    """The API key a request presents, or an empty string: `Authorization: Bearer` first, then `X-API-Key`, the
    order `auth.optional_key` reads them in, so the middleware judges the key the route will."""
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    bearer = credentials.strip() if scheme.lower() == "bearer" else ""
    return bearer or headers.get("x-api-key", "")


class KeyCache:
    """Which presented keys are valid, remembered for a minute so that middleware does not query the store on
    every request. Only rate limiting and the early refusal of writes use it: routes always check the store."""

    def __init__(self, check: Callable[[str], bool], seconds: float = 60.0) -> None:
        self.check = check
        self.seconds = seconds
        self._known: dict[str, tuple[bool, float]] = {}
        self._lock = threading.Lock()

    def valid(self, presented: str) -> bool:
        """Whether `presented` is an active key (cached)."""
        if not presented.startswith(PREFIX + "_"):
            return False
        now = time.monotonic()
        with self._lock:
            found = self._known.get(presented)
        if found is not None and now - found[1] < self.seconds:
            return found[0]
        result = self.check(presented)
        with self._lock:
            if len(self._known) > 10_000:  # bound memory under a flood of made-up keys
                self._known.clear()
            self._known[presented] = (result, now)
        return result


class WriteGuardMiddleware:
    """Refuses a write to `/api/` that presents no valid key before its body is read (an anonymous upload would
    otherwise be received whole, up to the size limit, only to be refused). Requests no write route takes go on,
    so that a wrong method is still a 405 and an unknown path a 404."""

    def __init__(self, app: ASGIApp, keys: KeyCache, routes: Callable[[], Sequence[BaseRoute]]) -> None:
        self.app = app
        self.keys = keys
        self.routes = routes

    def _is_write_route(self, scope: Scope) -> bool:
        return any(route.matches(scope)[0] is Match.FULL for route in self.routes())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] not in ("GET", "HEAD", "OPTIONS")
            and str(scope.get("path", "")).startswith("/api/")
            and self._is_write_route(scope)
        ):
            presented = presented_key(Headers(scope=scope))
            if not presented:
                error = errors.Unauthorized("this operation needs an API key (Authorization: Bearer clk_…)")
            elif not self.keys.valid(presented):
                error = errors.Unauthorized("the API key is unknown or revoked")
            else:
                await self.app(scope, receive, send)
                return
            error.details["headers"] = {"WWW-Authenticate": 'Bearer realm="caselaw"'}
            await _refuse(scope, receive, send, error)
            return
        await self.app(scope, receive, send)


class RateLimitMiddleware:
    """Limits requests per valid API key, or else per client IP: the API and the pages (a page or `/embed` costs a
    search too); health checks and static files are exempt."""

    EXEMPT = ("/healthz", "/readyz", "/metrics", "/api/v1/healthz", "/api/v1/readyz", "/api/v1/metrics")
    STATIC = ("/static/", "/docs/assets/", "/committee/static/")

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_ip: int,
        per_key: int,
        trusted_proxies: list[str],
        metrics: Metrics,
        keys: KeyCache,
        shared: Path | None = None,
    ) -> None:
        self.app = app
        # `shared`: the SQLite file the server's worker processes count in together (see `ratelimit`).
        limiter: Callable[[int], RateLimiter | SharedRateLimiter] = (
            RateLimiter if shared is None else (lambda per_minute: SharedRateLimiter(per_minute, shared))
        )
        self.by_ip = limiter(per_ip) if per_ip else None
        self.by_key = limiter(per_key) if per_key else None
        self.trusted = set(trusted_proxies)
        self.metrics = metrics
        self.keys = keys

    def _client(self, scope: Scope) -> tuple[str, RateLimiter | SharedRateLimiter | None]:
        headers = Headers(scope=scope)
        presented = presented_key(headers)
        # Only a valid key earns the key's larger budget: a made-up key per request must not escape the IP limit.
        if presented and self.keys.valid(presented):
            return "key:" + presented.split("_")[1][:32], self.by_key
        peer = (scope.get("client") or ("unknown", 0))[0]
        forwarded = headers.get("x-forwarded-for")
        if forwarded and peer in self.trusted:
            peer = forwarded.split(",")[-1].strip() or peer
        return "ip:" + peer, self.by_ip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] != "http"
            or path in self.EXEMPT
            or path.startswith(self.STATIC)
            or (self.by_ip is None and self.by_key is None)  # both limits off: no client to tell apart
        ):
            await self.app(scope, receive, send)
            return
        client, limiter = self._client(scope)
        if limiter is None:
            await self.app(scope, receive, send)
            return
        allowed, left, wait = limiter.take(client)
        if not allowed:
            self.metrics.rate_limited.inc()
            error = errors.RateLimited(
                f"more than {limiter.per_minute} requests a minute from this client; retry in {wait} s",
                retry_after=wait,
                headers={"RateLimit-Limit": limiter.per_minute, "RateLimit-Remaining": 0, "RateLimit-Reset": wait},
            )
            await _refuse(scope, receive, send, error)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["RateLimit-Limit"] = str(limiter.per_minute)
                headers["RateLimit-Remaining"] = str(left)
            await send(message)

        await self.app(scope, receive, sending)


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, except that a refused preflight is a problem+json 403 like every other error."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if "origin" in headers and "access-control-request-method" in headers:
                response = self.preflight_response(request_headers=headers)
                if response.status_code == 400:
                    reason = bytes(response.body).decode("utf-8", "replace")
                    await _refuse(scope, receive, send, errors.Forbidden(f"CORS preflight refused: {reason}"))
                    return
        await super().__call__(scope, receive, send)


class HeadMiddleware:
    """HEAD answered as GET without a body, for every GET route (link checkers and caches ask HEAD; FastAPI's
    routes take only the methods they declare)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.body":
                # Headers (Content-Length included) are those of the GET; the body is left out.
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, sending)
