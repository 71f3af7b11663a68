"""The `original_language` facet end to end: filled records, an editor's correction, search and facet counts."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import PDF_CASE, Keys, bearer

API = "/api/v1"


def _counts(body: dict[str, object]) -> dict[str, int]:
    facets = body["facets"]
    assert isinstance(facets, list)
    return {v["value"]: v["count"] for f in facets if f["key"] == "original_language" for v in f["values"]}


def test_editors_correct_the_original_language_and_search_follows(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    before = writer.get(url).json()
    old = before["case"]["original_language"]
    new = "pt" if old != "pt" else "fr"
    counted = _counts(writer.get(f"{API}/search", params={"size": 0}).json())

    patch = {"revision": before["revision"], "reason": "Given in another language", "original_language": new}
    edited = writer.patch(url, json=patch, headers=bearer(keys.editor))
    assert edited.status_code == 200, edited.text
    assert edited.json()["case"]["original_language"] == new

    found = writer.get(f"{API}/search", params={"original_language": new, "size": 100}).json()
    assert PDF_CASE in {hit["id"] for hit in found["hits"]}
    assert _counts(found)[new] == counted.get(new, 0) + 1
    refused = writer.get(f"{API}/search", params={"original_language": "not-a-language"})
    assert refused.status_code == 400 and refused.json()["code"] == "unknown-facet-value"
    wrong = writer.patch(
        url, json={"revision": edited.json()["revision"], "original_language": "x1"}, headers=bearer(keys.editor)
    )
    assert wrong.status_code == 422
