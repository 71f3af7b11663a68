"""Keys and limits together: only a valid key earns the key budget, and anonymous writes are refused early."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from caselaw.api import create_app
from tests.api.conftest import Keys, api_settings, bearer

API = "/api/v1"


def test_made_up_keys_do_not_escape_the_ip_limit(data_dir: Path, keys: Keys) -> None:
    client = TestClient(create_app(api_settings(data_dir, rate_limit_per_minute=3, rate_limit_key_per_minute=1000)))
    answers = [
        client.get(f"{API}/taxonomy?list=regions", headers=bearer(f"clk_{n:012x}_madeup")).status_code for n in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]
    # A real key has its own, larger budget, whatever the address has used.
    assert client.get(f"{API}/taxonomy?list=regions", headers=bearer(keys.member)).status_code == 200
    assert client.get(f"{API}/taxonomy?list=regions", headers=bearer(keys.member)).headers["RateLimit-Limit"] == "1000"


def test_an_anonymous_or_made_up_write_is_refused_before_its_body_is_used(data_dir: Path, keys: Keys) -> None:
    client = TestClient(create_app(api_settings(data_dir)))
    consumed: list[int] = []

    def body() -> object:
        for chunk in (b"%PDF-1.7\n", b"x" * 1024):
            consumed.append(len(chunk))
            yield chunk

    for headers in ({}, bearer("clk_000000000000_madeup"), bearer(keys.revoked)):
        consumed.clear()
        response = client.post(
            f"{API}/documents", content=body(), headers=headers | {"Content-Type": "multipart/form-data; boundary=x"}
        )
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthorized"
        assert sum(consumed) < 1024, consumed
    # A path that takes no write still answers 405, not 401.
    assert client.post(f"{API}/search").status_code == 405


def test_the_early_check_reads_the_key_the_route_reads(data_dir: Path, keys: Keys) -> None:
    # The route takes `Authorization: Bearer` (any case) before `X-API-Key`; refusing early on the other header
    # would turn away a write the route accepts.
    client = TestClient(create_app(api_settings(data_dir)))
    headers = {"Authorization": f"bearer {keys.member}", "X-API-Key": "clk_000000000000_madeup"}
    draft = {"case_id": "no-such-case"}
    answered = client.post(f"{API}/selection/candidates", json=draft, headers=headers)
    assert answered.status_code == 422, answered.text  # the member key got through to the body's validation
