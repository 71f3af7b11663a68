"""Every public read route's happy path over the fixture corpus: search, export, suggest, facets, taxonomy,
cases, related cases, originals, redirects of former ids, health, readiness and metrics."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ALIAS, PDF, PDF_CASE

API = "/api/v1"


def test_search_with_repeated_facets_ors_values_and_ands_facets(client: TestClient) -> None:
    both = client.get(f"{API}/search", params=[("right", "housing"), ("right", "water-sanitation")])
    housing = client.get(f"{API}/search", params={"right": "housing"})
    narrowed = client.get(f"{API}/search", params=[("right", "housing"), ("forum", "un-cescr")])
    assert both.status_code == housing.status_code == narrowed.status_code == 200
    assert both.json()["total"] > housing.json()["total"] > narrowed.json()["total"] > 0
    for hit in narrowed.json()["hits"]:
        assert hit["forum"]["code"] == "un-cescr"
        assert "housing" in {right["code"] for right in hit["rights"]}
    selected = {v["value"] for f in both.json()["facets"] if f["key"] == "right" for v in f["values"] if v["selected"]}
    assert selected == {"housing", "water-sanitation"}


def test_search_finds_across_languages_and_labels_in_the_requested_one(client: TestClient) -> None:
    found = client.get(f"{API}/search", params={"q": "desalojo", "lang": "fr"}).json()
    assert found["total"] > 0
    forums = {f["key"]: f for f in found["facets"]}["forum"]["values"]
    labels = {v["value"]: v["label"] for v in forums}
    assert labels.get("un-cescr") == "Comité des droits économiques, sociaux et culturels"


def test_search_pages_with_link_and_total_count_headers(client: TestClient) -> None:
    first = client.get(f"{API}/search", params={"right": "housing", "size": 2, "sort": "date_desc"})
    total = int(first.headers["X-Total-Count"])
    assert total == first.json()["total"] > 4
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first.headers["Link"]))
    assert set(links) == {"first", "next", "last"}
    assert "page=2" in links["next"] and f"page={-(-total // 2)}" in links["last"]
    second = client.get(links["next"])
    assert second.status_code == 200 and second.json()["page"] == 2
    assert "prev" in second.headers["Link"]
    ids = [h["id"] for h in first.json()["hits"]] + [h["id"] for h in second.json()["hits"]]
    assert len(set(ids)) == 4, "pages overlap"


def test_search_exports_csv_read_back_with_csv(client: TestClient) -> None:
    response = client.get(f"{API}/search", params={"right": "housing", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="caselaw-search.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == int(response.headers["X-Total-Count"]) > 0
    assert all("housing" in row["rights"].split(";") for row in rows)
    assert {row["id"] for row in rows} >= {PDF_CASE}


def test_search_exports_jsonl_with_every_hit(client: TestClient) -> None:
    response = client.get(f"{API}/search", params={"format": "jsonl", "lang": "ar"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in response.text.splitlines()]
    assert len(records) == int(response.headers["X-Total-Count"]) == 32
    assert len({r["id"] for r in records}) == 32
    assert "snippets" not in records[0]


def test_suggest_completes_a_partial_name(client: TestClient) -> None:
    response = client.get(f"{API}/suggest", params={"q": "groot"})
    assert response.status_code == 200
    assert response.json()[0]["id"] == "za-constitutional-court-2000-grootboom"


def test_facets_count_the_whole_collection(client: TestClient) -> None:
    body = client.get(f"{API}/facets", params={"lang": "es"}).json()
    assert body["total"] == 32
    rights = {f["key"]: f for f in body["facets"]}["right"]["values"]
    assert {v["value"]: v["label"] for v in rights}["housing"] == "Vivienda"


@pytest.mark.parametrize(
    ("lang", "housing"),
    [("en", "Housing"), ("es", "Vivienda"), ("fr", "Logement"), ("pt", "Moradia"), ("ar", "السكن")],
)
def test_taxonomy_in_each_language(client: TestClient, lang: str, housing: str) -> None:
    body = client.get(f"{API}/taxonomy", params={"lang": lang}).json()
    assert {item["code"]: item["label"] for item in body["rights"]}["housing"] == housing
    assert {"rights", "issues", "forums", "regions"} <= set(body)


def test_taxonomy_falls_back_to_accept_language(client: TestClient) -> None:
    def housing(headers: dict[str, str], **params: str) -> str:
        body = client.get(f"{API}/taxonomy", params={"list": "rights", **params}, headers=headers).json()
        assert set(body) == {"rights"}
        return str({item["code"]: item["label"] for item in body["rights"]}["housing"])

    assert housing({"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"}) == "Moradia"
    assert housing({"Accept-Language": "de-DE, fr;q=0.4, es;q=0.8"}) == "Vivienda"
    assert housing({"Accept-Language": "de, ja"}) == "Housing"
    assert housing({"Accept-Language": "ar"}, lang="fr") == "Logement", "?lang= wins over the header"


def test_case_detail_with_etag_and_labels(client: TestClient) -> None:
    response = client.get(f"{API}/cases/{PDF_CASE}", params={"lang": "es"})
    assert response.status_code == 200
    body = response.json()
    # The tag names the revision and the labels' language (and, for a case in the citation graph, its links).
    assert re.fullmatch(rf'"{body["revision"]}-es(-g[0-9a-f]{{8}})?"', response.headers["ETag"])
    assert "Accept-Language" in _vary(response), "labels follow Accept-Language: caches must key on it"
    assert body["id"] == body["case"]["id"] == PDF_CASE
    assert body["title_language"] == "es"
    assert body["labels"]["forum"]["un-cescr"] == "Comité de Derechos Económicos, Sociales y Culturales"
    assert body["documents"] and all(
        d["url"].startswith(f"{API}/cases/{PDF_CASE}/documents/") for d in body["documents"]
    )


def _vary(response: httpx.Response) -> set[str]:
    return {name.strip() for name in response.headers.get("Vary", "").split(",")}


def test_case_detail_answers_304_while_unchanged(client: TestClient) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    first = client.get(url, params={"lang": "fr"})
    tag = first.headers["ETag"]
    again = client.get(url, params={"lang": "fr"}, headers={"If-None-Match": tag})
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["ETag"] == tag and "Accept-Language" in _vary(again)
    # Weak comparison and lists (RFC 9110 13.1.2), and `*`.
    assert client.get(url, params={"lang": "fr"}, headers={"If-None-Match": f'"x", W/{tag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    # Another language is another representation: the French copy is not the English one.
    english = client.get(url, params={"lang": "en"}, headers={"If-None-Match": tag})
    assert english.status_code == 200 and english.headers["ETag"] != tag
    assert english.json()["labels"]["forum"]["un-cescr"].startswith("Committee on Economic")
    assert client.get(url, headers={"If-None-Match": '"0-fr", garbage'}).status_code == 200


def test_related_cases(client: TestClient) -> None:
    related = client.get(f"{API}/cases/{PDF_CASE}/related", params={"size": 3}).json()
    assert 0 < len(related) <= 3
    assert PDF_CASE not in {hit["id"] for hit in related}


def test_original_pdf_downloads_with_its_type_and_name(client: TestClient) -> None:
    import hashlib

    sha = hashlib.sha256(PDF.read_bytes()).hexdigest()
    response = client.get(f"{API}/cases/{PDF_CASE}/documents/{sha}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="{PDF.name}"' in response.headers["content-disposition"]
    assert response.content == PDF.read_bytes()
    assert "sandbox" in response.headers["content-security-policy"]


@pytest.mark.parametrize("suffix", ["", "/related", "/history"])
def test_former_id_redirects_308_to_the_canonical_one(client: TestClient, suffix: str) -> None:
    response = client.get(f"{API}/cases/{ALIAS}{suffix}", params={"lang": "fr"}, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"http://testserver{API}/cases/{PDF_CASE}{suffix}?lang=fr"
    assert client.get(f"{API}/cases/{ALIAS}{suffix}").status_code == 200


def test_health_readiness_and_metrics(client: TestClient) -> None:
    assert client.get(f"{API}/healthz").json()["status"] == "ok"
    ready = client.get(f"{API}/readyz").json()
    counts = {key: ready[key] for key in ("status", "engine", "cases", "indexed", "pending", "failed")}
    assert counts == {"status": "ready", "engine": "embedded", "cases": 32, "indexed": 32, "pending": 0, "failed": 0}
    assert ready["indexed_through"] == ready["last_change"] > 0
    client.get(f"{API}/search", params={"q": "water"})
    client.get(f"{API}/cases/does-not-exist")
    metrics = client.get(f"{API}/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert re.search(r'caselaw_http_requests_total\{method="GET",route="/api/v1/search",status="200"\} \d', text)
    assert 'route="/api/v1/cases/{case_id}",status="404"' in text, "labelled by template, not raw path"
    assert "caselaw_search_duration_seconds_count" in text
    assert "caselaw_http_request_duration_seconds_bucket" in text


def test_problem_catalogue_resolves_every_type(client: TestClient) -> None:
    catalogue = client.get(f"{API}/problems").json()
    codes = {entry["code"] for entry in catalogue}
    assert {"query-syntax", "unauthorized", "rate-limited", "engine-unavailable", "not-a-pdf"} <= codes
    one = client.get(f"{API}/problems/not-a-pdf").json()
    assert one["status"] == 415 and one["description"]


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    for path in (f"{API}/healthz", f"{API}/search?q=water&size=1", "/", f"{API}/no-such-route"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert (
        client.head(f"{API}/healthz").headers["content-length"]
        == client.get(f"{API}/healthz").headers["content-length"]
    )
