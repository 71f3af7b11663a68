"""The OpenAPI document: every operation described, every error response declared as problem+json."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from caselaw.search.facets import FACET_KEYS, FACETS

OWN = ("/api/v1/search", "/api/v1/suggest", "/api/v1/facets", "/api/v1/cases", "/api/v1/documents", "/api/v1/taxonomy")


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_operation_is_described_and_declares_its_errors(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["schemas"]["Problem"]["examples"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, method, op in _operations(spec):
        assert op.get("summary") and op.get("description"), (method, path)
        for status, response in op["responses"].items():
            if int(status) >= 400:
                assert response["description"], (method, path, status)
                assert list(response["content"]) == ["application/problem+json"], (method, path, status)
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in op["responses"], (method, path)
        if path.startswith(OWN):
            assert "429" in op["responses"], (method, path)


def test_the_operations_declare_their_specific_errors(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"400", "503"} <= set(paths["/api/v1/search"]["get"]["responses"])
    assert {"401", "403", "404", "409", "413"} <= set(paths["/api/v1/cases/{case_id}"]["patch"]["responses"])
    assert {"401", "403", "413", "415"} <= set(paths["/api/v1/documents"]["post"]["responses"])
    assert {"308", "404"} <= set(paths["/api/v1/cases/{case_id}"]["get"]["responses"])
    assert "503" in paths["/api/v1/readyz"]["get"]["responses"]
    search_parameters = {p["name"] for p in paths["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "right", "forum", "page", "size", "format", "lang", "facet"} <= search_parameters
    assert [p["name"] for p in paths["/api/v1/search"]["get"]["parameters"]].count("lang") == 1


def test_every_registered_facet_is_a_search_parameter(client: TestClient) -> None:
    # `SearchParams` is built from the registry: each facet a documented, repeatable parameter with its help text.
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    parameters = {p["name"]: p for p in paths["/api/v1/search"]["get"]["parameters"]}
    for spec in FACETS:
        documented = parameters[spec.key]
        assert documented["in"] == "query" and documented["schema"]["type"] == "array", spec.key
        assert documented["description"].startswith(spec.description), spec.key
    facet_choice = parameters["facet"]["schema"]["items"]
    assert facet_choice["enum"] == list(FACET_KEYS)
    for key in (key for key in FACET_KEYS if key not in ("year", "cites")):  # any number is a year, a slug an id
        answered = client.get("/api/v1/search", params={key: "nothing-is-called-this"})
        assert answered.status_code == 400 and answered.json()["code"] == "unknown-facet-value", key
    assert client.get("/api/v1/search", params={"cites": "not an id!"}).json()["code"] == "unknown-facet-value"
    assert client.get("/api/v1/search", params={"no_such_facet": "x"}).status_code == 422
    assert client.get("/api/v1/search", params={"facet": "no_such_facet"}).status_code == 422
