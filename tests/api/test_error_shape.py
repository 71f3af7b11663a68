"""The golden error test: every error path of the API, its status, its stable code and the exact envelope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from tests.api.conftest import PDF_CASE, Keys, api_settings, bearer
from tests.conftest import FIXTURES

API = "/api/v1"
MEDIA_TYPE = "application/problem+json"
ENVELOPE = {"type", "title", "status", "detail", "instance", "code"}
SMALL_UPLOAD = 10_000


@dataclass(frozen=True)
class Row:
    """One request and what it must answer."""

    name: str
    method: str
    url: str
    status: int
    code: str
    app: str = "main"
    key: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    extra_keys: frozenset[str] = frozenset()
    repeat: int = 1  # sent this many times; the last answer is checked (rate limits)


def _upload(name: str, data: bytes) -> dict[str, Any]:
    return {"files": {"file": (name, data, "application/pdf")}}


CASE = f"{API}/cases/{PDF_CASE}"
SHA = "0" * 64
ROWS = [
    Row("query syntax", "GET", f'{API}/search?q="unclosed', 400, "query-syntax"),
    Row("advanced query syntax", "GET", f"{API}/search?q=(housing&advanced=true", 400, "query-syntax"),
    Row("unknown facet value", "GET", f"{API}/search?right=no-such-right", 400, "unknown-facet-value"),
    Row("unknown country", "GET", f"{API}/search?state=XX", 400, "unknown-facet-value"),
    Row("no key", "PATCH", CASE, 401, "unauthorized", kwargs={"json": {"revision": 1}}),
    Row("unknown key", "PATCH", CASE, 401, "unauthorized", key="clk_000000000000_nope",
        kwargs={"json": {"revision": 1}}),
    Row("malformed key", "PATCH", CASE, 401, "unauthorized", key="hunter2", kwargs={"json": {"revision": 1}}),
    Row("revoked key", "PATCH", CASE, 401, "unauthorized", key="revoked", kwargs={"json": {"revision": 1}}),
    Row("member may not edit", "PATCH", CASE, 403, "forbidden", key="member", kwargs={"json": {"revision": 1}}),
    Row("steering may not upload", "POST", f"{API}/documents", 403, "forbidden", key="steering",
        kwargs=_upload("a.pdf", b"%PDF-1.4")),
    Row("unknown case", "GET", f"{API}/cases/no-such-case", 404, "case-not-found"),
    Row("unknown case, related", "GET", f"{API}/cases/no-such-case/related", 404, "case-not-found"),
    Row("unknown case, edit", "PATCH", f"{API}/cases/no-such-case", 404, "case-not-found", key="editor",
        kwargs={"json": {"revision": 1}}),
    Row("unknown route", "GET", f"{API}/no-such-thing", 404, "not-found"),
    Row("unknown route outside the API", "GET", "/no-such-page", 404, "not-found"),
    Row("unknown document", "GET", f"{CASE}/documents/{SHA}", 404, "document-not-found"),
    Row("unknown problem type", "GET", f"{API}/problems/no-such-code", 404, "not-found"),
    Row("wrong method", "DELETE", f"{API}/search", 405, "method-not-allowed"),
    Row("stale revision", "PATCH", CASE, 409, "conflict", key="editor", kwargs={"json": {"revision": 999}}),
    Row("stale If-Match", "PATCH", CASE, 412, "precondition-failed", key="editor",
        kwargs={"json": {"reason": "x"}, "headers": {"If-Match": '"999-en"'}}),
    Row("edit naming no revision", "PATCH", CASE, 428, "precondition-required", key="editor",
        kwargs={"json": {"reason": "x"}}),
    Row("body too large", "PATCH", CASE, 413, "request-too-large", key="editor",
        kwargs={"content": b"{" + b" " * 300_000 + b"}", "headers": {"Content-Type": "application/json"}}),
    Row("upload too large", "POST", f"{API}/documents", 413, "file-too-large", app="small", key="editor",
        kwargs=_upload("big.pdf", b"%PDF-1.4\n" + b"0" * (SMALL_UPLOAD * 2))),
    Row("upload far too large", "POST", f"{API}/documents", 413, "request-too-large", app="small", key="editor",
        kwargs=_upload("huge.pdf", b"%PDF-1.4\n" + b"0" * (SMALL_UPLOAD + 200_000))),
    Row("upload not multipart", "POST", f"{API}/documents", 415, "unsupported-media-type", key="editor",
        kwargs={"content": b"%PDF-1.4", "headers": {"Content-Type": "application/pdf"}}),
    Row("upload of an HTML page", "POST", f"{API}/documents", 415, "not-a-pdf", key="editor",
        kwargs=_upload("decision.pdf", (FIXTURES / "hard" / "not-a-pdf.pdf").read_bytes())),
    Row("parameter out of range", "GET", f"{API}/search?size=1000", 422, "validation-failed",
        extra_keys=frozenset({"errors"})),
    Row("unknown parameter", "GET", f"{API}/search?query=%7B%22match_all%22%3A%7B%7D%7D", 422, "validation-failed",
        extra_keys=frozenset({"errors"})),
    Row("bad date", "GET", f"{API}/search?date_from=yesterday", 422, "validation-failed",
        extra_keys=frozenset({"errors"})),
    Row("paging past the window", "GET", f"{API}/search?page=200&size=100", 422, "validation-failed"),
    Row("unknown language", "GET", f"{API}/taxonomy?lang=de", 422, "validation-failed",
        extra_keys=frozenset({"errors"})),
    Row("invalid edit", "PATCH", CASE, 422, "validation-failed", key="editor",
        kwargs={"json": {"revision": 1, "rights": ["no-such-right"]}}, extra_keys=frozenset({"errors"})),
    Row("edit with an unknown field", "PATCH", CASE, 422, "validation-failed", key="editor",
        kwargs={"json": {"revision": 1, "id": "un-ccpr-2020-renamed"}}, extra_keys=frozenset({"errors"})),
    Row("rate limited", "GET", f"{API}/suggest?q=gro", 429, "rate-limited", app="limited", repeat=2,
        extra_keys=frozenset({"retry_after"})),
    Row("index missing", "GET", f"{API}/search?q=water", 503, "index-not-ready", app="no-index"),
    Row("index missing, readiness", "GET", f"{API}/readyz", 503, "index-not-ready", app="no-index"),
    Row("engine down", "GET", f"{API}/search?q=water", 503, "engine-unavailable", app="engine-down"),
    Row("engine down, facets", "GET", f"{API}/facets", 503, "engine-unavailable", app="engine-down"),
    Row("engine down, readiness", "GET", f"{API}/readyz", 503, "engine-unavailable", app="engine-down"),
]  # fmt: skip


@pytest.fixture(scope="module")
def apps(writable_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TestClient]]:
    """Clients of the app in each configuration the table needs (writes go to a private copy)."""
    empty = tmp_path_factory.mktemp("no-index") / "data"
    with open_store(Settings(data_dir=empty)):
        pass  # a store, but no index was ever built
    configurations = {
        "main": api_settings(writable_dir),
        "small": api_settings(writable_dir, upload_max_bytes=SMALL_UPLOAD),
        "limited": api_settings(writable_dir, rate_limit_per_minute=1),
        "no-index": api_settings(empty),
        "engine-down": api_settings(writable_dir, engine="opensearch", opensearch_url="http://127.0.0.1:1"),
    }
    clients = {name: TestClient(create_app(settings)) for name, settings in configurations.items()}
    yield clients
    for opened in clients.values():
        opened.close()


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_error_is_one_problem_json_envelope(apps: dict[str, TestClient], keys: Keys, row: Row) -> None:
    client = apps[row.app]
    kwargs = dict(row.kwargs)
    if row.key is not None:
        presented = getattr(keys, row.key, row.key)
        kwargs["headers"] = {**kwargs.get("headers", {}), **bearer(presented)}
    for _ in range(row.repeat):
        response = client.request(row.method, row.url, **kwargs)
    assert (response.status_code, response.headers["content-type"]) == (row.status, MEDIA_TYPE), response.text
    body = response.json()
    assert set(body) == ENVELOPE | row.extra_keys
    assert body["status"] == row.status
    assert body["code"] == row.code
    assert body["type"] == f"{API}/problems/{row.code}"
    assert body["instance"] == row.url.split("?")[0]
    assert body["title"] and body["detail"]
    assert "Traceback" not in body["detail"]
    catalogued = apps["main"].get(body["type"])
    assert catalogued.status_code == 200 and catalogued.json()["status"] in {row.status, 500}


def test_each_status_of_the_issue_is_covered() -> None:
    assert {400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 429, 503} <= {row.status for row in ROWS}


def test_unauthorized_names_the_scheme_and_method_not_allowed_names_the_methods(
    apps: dict[str, TestClient],
) -> None:
    assert apps["main"].patch(CASE, json={"revision": 1}).headers["WWW-Authenticate"].startswith("Bearer")
    assert "GET" in apps["main"].delete(f"{API}/search").headers["Allow"]


def test_rate_limit_headers_say_what_is_left_and_when_to_retry(writable_dir: Path) -> None:
    client = TestClient(create_app(api_settings(writable_dir, rate_limit_per_minute=2)))
    first = client.get(f"{API}/healthz")
    assert "RateLimit-Limit" not in first.headers, "health checks are exempt"
    allowed = [client.get(f"{API}/taxonomy?list=rights") for _ in range(2)]
    assert [r.headers["RateLimit-Remaining"] for r in allowed] == ["1", "0"]
    refused = client.get(f"{API}/taxonomy?list=rights")
    assert refused.status_code == 429
    assert refused.headers["RateLimit-Limit"] == "2" and refused.headers["RateLimit-Remaining"] == "0"
    assert 0 < int(refused.headers["Retry-After"]) <= 30 == refused.json()["retry_after"]
    assert client.get(f"{API}/readyz").status_code == 200, "readiness is exempt"
    assert client.get(f"{API}/taxonomy", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429, (
        "X-Forwarded-For from an untrusted peer must not reset the limit"
    )


def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(writable_dir: Path) -> None:
    app = create_app(api_settings(writable_dir))

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500 and response.headers["content-type"] == MEDIA_TYPE
    assert set(response.json()) == ENVELOPE
    assert "secret" not in response.text


def test_server_side_errors_do_not_reveal_addresses_or_paths(apps: dict[str, TestClient], writable_dir: Path) -> None:
    down = apps["engine-down"].get(f"{API}/search?q=water").json()
    assert down["code"] == "engine-unavailable" and "127.0.0.1" not in down["detail"]
    missing = apps["no-index"].get(f"{API}/search?q=water").json()
    assert missing["code"] == "index-not-ready" and "/" not in missing["detail"].replace("run `caselaw reindex`", "")
    assert "reindex" in missing["detail"]  # the class's own description still says what to do
