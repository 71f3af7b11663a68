"""`caselaw embed`, `caselaw search --mode`, `caselaw eval search` (the pinned figures), the API and the page."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caselaw.api import create_app
from caselaw.cli import app
from caselaw.search.semantic.embedding import EmbedReport
from tests.api.conftest import PDF, api_settings
from tests.conftest import ROOT

GOLD = ROOT / "benchmarks" / "data" / "semantic_queries.tsv"
EVICTION = "familia desalojada de su vivienda de alquiler"
BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"


def test_embed_resumes_and_search_takes_a_mode(semantic_dir: tuple[Path, EmbedReport]) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(semantic_dir[0])]
    again = runner.invoke(app, [*data, "embed"])
    assert again.exit_code == 0, again.output
    assert "embedded 0 case(s), 0 passage(s)" in again.output and "32 already embedded" in again.output
    assert "vector index up to date" in again.output
    found = runner.invoke(app, [*data, "search", EVICTION, "--mode", "hybrid", "--json"])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.output)["hits"]
    assert hits[0]["id"] == BEN_DJAZIA and hits[0]["passage"]
    table = runner.invoke(app, [*data, "search", EVICTION, "--mode", "semantic"])
    assert table.exit_code == 0 and BEN_DJAZIA in table.output
    wrong = runner.invoke(app, [*data, "search", EVICTION, "--mode", "fuzzy"])
    assert wrong.exit_code == 1


def test_the_measured_figures_on_the_fixtures(semantic_dir: tuple[Path, EmbedReport]) -> None:
    """Pinned: measured 1.000 recall@10 cross-language in hybrid (target 0.8); hybrid nDCG@10 0.894 overall against
    keyword's 0.091 (long descriptions of facts rarely contain every word of a decision). Raise, never lower."""
    runner = CliRunner()
    result = runner.invoke(app, ["--data-dir", str(semantic_dir[0]), "eval", "search", "--gold", str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    hybrid, keyword = figures["hybrid"], figures["keyword"]
    assert hybrid["all"]["queries"] >= 60 and hybrid["cross-language"]["queries"] >= 33
    assert {"en", "es", "fr", "pt", "ar"} <= set(hybrid)
    assert hybrid["cross-language"]["recall@10"] >= 0.95
    assert hybrid["all"]["ndcg@10"] >= 0.85 and figures["semantic"]["all"]["ndcg@10"] >= 0.85
    for language in ("en", "es", "fr", "pt", "ar"):
        assert hybrid[language]["ndcg@10"] >= keyword[language]["ndcg@10"], language
        assert hybrid[language]["recall@10"] >= 0.9, language


def test_the_api_and_the_page_offer_the_modes(semantic_dir: tuple[Path, EmbedReport]) -> None:
    with TestClient(create_app(api_settings(semantic_dir[0])), base_url="http://testserver") as client:
        semantic = client.get("/api/v1/search", params={"q": EVICTION, "mode": "semantic", "size": 3})
        assert semantic.status_code == 200, semantic.text
        body = semantic.json()
        assert body["hits"][0]["id"] == BEN_DJAZIA and body["hits"][0]["matched"] == ["semantic"]
        assert body["hits"][0]["passage"] and int(semantic.headers["X-Total-Count"]) == body["total"]
        filtered = client.get("/api/v1/search", params={"q": EVICTION, "mode": "hybrid", "region": "africa"})
        assert all(hit["region"]["code"] == "africa" for hit in filtered.json()["hits"])
        assert client.get("/api/v1/search", params={"q": EVICTION, "mode": "fuzzy"}).status_code == 422


def test_the_search_page_shows_the_choice_and_the_passage(semantic_dir: tuple[Path, EmbedReport]) -> None:
    with TestClient(create_app(api_settings(semantic_dir[0])), base_url="http://testserver") as client:
        page = client.get("/", params={"q": EVICTION, "mode": "semantic", "lang": "es"})
        assert page.status_code == 200
        assert 'name="mode"' in page.text and "Palabras y sentido" in page.text and "Pasaje más cercano" in page.text


def test_ingest_can_embed_right_after_the_batch(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "data")]
    ingested = runner.invoke(app, [*data, "ingest", str(PDF), "--workers", "1", "--embed"])
    assert ingested.exit_code == 0, ingested.output
    assert "embedded 1 case(s)" in ingested.output and "vector index rebuilt" in ingested.output
    query = "ejecución hipotecaria de la vivienda"
    found = runner.invoke(app, [*data, "search", query, "--mode", "semantic", "--json"])
    assert found.exit_code == 0 and json.loads(found.output)["hits"][0]["passage"]
