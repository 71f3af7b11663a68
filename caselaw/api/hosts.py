"""The `Host` header checked against the hosts the service answers to: links (`Link`, redirects, permalinks, embed
snippets) are built from it, so a forged one would put someone else's address in them (and in caches)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from caselaw.api.problems import problem, problem_response
from caselaw.config import Settings
from caselaw.errors import HostNotAllowed

# Probes (load balancers, orchestrators) ask by address, and these answers hold no link.
EXEMPT = frozenset({"/healthz", "/readyz", "/metrics", "/api/v1/healthz", "/api/v1/readyz", "/api/v1/metrics"})


def host_name(host: str) -> str:
    """The name in a `Host` value or a setting, lower case, without port or IPv6 brackets."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_hosts(settings: Settings) -> list[str]:
    """The configured names, plus the host of `public_url` (the service always answers to its own address)."""
    names = [host_name(name) if not name.startswith(".") else name.lower() for name in settings.allowed_hosts]
    if settings.public_url:
        public = urlsplit(settings.public_url).hostname
        if public:
            names.append(public.lower())
    return names


def is_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Whether `host` (a `Host` value) matches an allowed name; `.example.org` matches it and its subdomains."""
    name = host_name(host)
    for pattern in allowed:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith(".") and (name == pattern[1:] or name.endswith(pattern)):
            return True
    return False


class AllowedHostsMiddleware:
    """400 problem+json for a request whose `Host` is not allowed (a request without one is answered: links then
    use the address the server listens on)."""

    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "*" not in self.allowed and scope.get("path") not in EXEMPT:
            host = Headers(scope=scope).get("host")
            if host is not None and not is_allowed(host, self.allowed):
                shown = host_name(host)[:100].encode("ascii", "replace").decode()
                detail = f"this service does not answer to the host {shown!r}: see CASELAW_ALLOWED_HOSTS"
                body = problem(HostNotAllowed, detail, str(scope.get("path", "")))
                await problem_response(body)(scope, receive, send)
                return
        await self.app(scope, receive, send)
