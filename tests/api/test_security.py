"""Security: headers on every response, CORS only for configured origins, no engine DSL, keys by the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caselaw.api import create_app
from caselaw.cli import app as cli
from caselaw.errors import NotFound, ValidationFailed
from tests.api.conftest import CORS_ORIGIN, PDF_CASE, api_settings, bearer

API = "/api/v1"
EVIL = "https://evil.example"


@pytest.mark.parametrize("url", [f"{API}/search?q=water", f"{API}/cases/nope", "/docs", f"{API}/openapi.json"])
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors" in headers["Content-Security-Policy"]
    if url != "/docs":
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "server" not in headers


def test_docs_page_allows_its_own_scripts_only(client: TestClient) -> None:
    csp = client.get("/docs").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "https:" not in csp and "frame-ancestors 'none'" in csp


def test_cors_simple_get_only_for_configured_origins(client: TestClient) -> None:
    allowed = client.get(f"{API}/search", params={"q": "water"}, headers={"Origin": CORS_ORIGIN})
    assert allowed.headers["Access-Control-Allow-Origin"] == CORS_ORIGIN
    assert "X-Total-Count" in allowed.headers["Access-Control-Expose-Headers"]
    refused = client.get(f"{API}/search", params={"q": "water"}, headers={"Origin": EVIL})
    assert refused.status_code == 200, "the read itself is public"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_cors_preflight_only_for_configured_origins_and_reads(client: TestClient) -> None:
    def preflight(origin: str, method: str = "GET") -> tuple[int, dict[str, str]]:
        response = client.options(f"{API}/search", headers={"Origin": origin, "Access-Control-Request-Method": method})
        return response.status_code, dict(response.headers)

    status, headers = preflight(CORS_ORIGIN)
    assert status == 200 and headers["access-control-allow-origin"] == CORS_ORIGIN
    for origin, method in ((EVIL, "GET"), (CORS_ORIGIN, "PATCH"), ("null", "GET")):
        status, headers = preflight(origin, method)
        assert status == 403, (origin, method)
        assert headers["content-type"] == "application/problem+json"
        assert "access-control-allow-origin" not in headers


def test_no_cors_at_all_without_configured_origins(data_dir: Path) -> None:
    with TestClient(create_app(api_settings(data_dir, cors_origins=[]))) as plain:
        response = plain.get(f"{API}/healthz", headers={"Origin": CORS_ORIGIN})
        assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    "params",
    [
        {"query": '{"match_all": {}}'},
        {"body": '{"query": {"match_all": {}}}'},
        {"q": "water", "script": "ctx._source"},
        {"q": "water", "aggs": '{"x": {"terms": {"field": "id"}}}'},
        {"q": "water", "sort": "_script"},
    ],
)
def test_no_engine_dsl_is_accepted(client: TestClient, params: dict[str, str]) -> None:
    response = client.get(f"{API}/search", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation-failed"


def test_dsl_in_the_query_text_is_only_text(client: TestClient) -> None:
    response = client.get(f"{API}/search", params={"q": '{"match_all": {}}'})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["total"] < 32, "a DSL-looking query must not match everything"


def test_keys_cli_creates_once_lists_without_secrets_and_revokes(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "data")]
    created = runner.invoke(cli, [*data, "keys", "create", "--name", "ESCR-Net: A. Editor", "--role", "editor"])
    assert created.exit_code == 0, created.output
    key = re.search(r"clk_[0-9a-f]{12}_[\w-]{20,}", created.output)
    assert key, created.output
    secret = key.group(0)
    key_id = secret.split("_")[1]

    listed = runner.invoke(cli, [*data, "keys", "list"])
    assert listed.exit_code == 0 and key_id in listed.output and "editor" in listed.output
    assert secret.split("_", 2)[2] not in listed.output, "the secret is shown only once"

    bad_role = runner.invoke(cli, [*data, "keys", "create", "--name", "x", "--role", "admin"])
    # `caselaw.cli.main` prints expected errors as one line; invoked directly, the error is the exception.
    assert isinstance(bad_role.exception, ValidationFailed) and "admin" in str(bad_role.exception)

    app = create_app(api_settings(tmp_path / "data"))
    with TestClient(app) as api:
        # An edit of a case that does not exist: a valid key gets as far as 404, a revoked one stops at 401.
        assert api.patch(f"{API}/cases/{PDF_CASE}", json={"revision": 1}, headers=bearer(secret)).status_code == 404
        revoked = runner.invoke(cli, [*data, "keys", "revoke", key_id])
        assert revoked.exit_code == 0 and "revoked" in revoked.output
        assert api.patch(f"{API}/cases/{PDF_CASE}", json={"revision": 1}, headers=bearer(secret)).status_code == 401
    again = runner.invoke(cli, [*data, "keys", "list"])
    assert re.search(rf"{key_id}.*\d{{4}}-\d\d-\d\d \d\d:\d\d", again.output), "the list shows when it was revoked"
    unknown = runner.invoke(cli, [*data, "keys", "revoke", "000000000000"])
    assert isinstance(unknown.exception, NotFound)
