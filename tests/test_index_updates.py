"""`caselaw ingest` updates the search index for the cases it stored, on the embedded and a cluster engine."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caselaw.cli import app
from caselaw.config import Settings
from caselaw.errors import CaselawError
from caselaw.search import SearchRequest, open_engine
from caselaw.search.cluster.opensearch import OpenSearchEngine
from caselaw.store import open_store
from tests.conftest import FIXTURES
from tests.search_contract import clusters

PDF = FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.pdf"


@pytest.fixture(params=["embedded", "opensearch"])
def environment(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The CLI's environment choosing the engine; a cluster gets its own index prefix, deleted afterwards."""
    name: str = request.param
    if name == "embedded":
        yield {"CASELAW_ENGINE": "embedded"}
        return
    clusters.require(name)
    prefix = f"{clusters.RUN_PREFIX}-cli{secrets.token_hex(3)}"
    yield {
        "CASELAW_ENGINE": name,
        "CASELAW_INDEX_PREFIX": prefix,
        "CASELAW_ENGINE_ANALYSIS": clusters.ANALYSIS[name],
        "CASELAW_ENGINE_TIMEOUT_SECONDS": str(clusters.TIMEOUT_SECONDS),
    }
    engine = OpenSearchEngine(clusters.settings_for(name, prefix))
    try:
        for index in engine.request("GET", f"/{prefix}-*") or {}:
            engine.request("DELETE", f"/{index}", missing_ok=True)
    except CaselawError:
        pass  # the node went away: nothing left to clean there
    finally:
        engine.close()


def _settings(environment: dict[str, str], data: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    return Settings(data_dir=data)


def test_an_ingested_case_is_searchable_right_after(
    environment: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path)]
    built = runner.invoke(app, [*data, "reindex"], env=environment)
    assert built.exit_code == 0 and "indexed 0 case(s), 0 verified" in built.output, built.output
    ingested = runner.invoke(app, [*data, "ingest", str(PDF), "--workers", "1"], env=environment)
    assert ingested.exit_code == 0 and "search index updated: 1 case(s)" in ingested.output, ingested.output
    settings = _settings(environment, tmp_path, monkeypatch)
    with open_store(settings) as store:
        (case_id,) = store.ids()
    with open_engine(settings) as engine:
        assert engine.get(case_id).id == case_id
        assert case_id in [hit.id for hit in engine.search(SearchRequest(q="Spain")).hits]


def test_without_an_index_ingest_says_to_reindex(environment: dict[str, str], tmp_path: Path) -> None:
    ingested = CliRunner().invoke(
        app, ["--data-dir", str(tmp_path), "ingest", str(PDF), "--workers", "1"], env=environment
    )
    assert ingested.exit_code == 0, ingested.output
    assert "search index not updated" in ingested.output and "caselaw reindex" in ingested.output


def test_import_brings_an_existing_embedded_index_up_to_date(tmp_path: Path) -> None:
    """`caselaw import` updates the index for the cases it wrote, as ingest does; without an index it says so."""
    runner = CliRunner()
    data = tmp_path / "data"
    first = runner.invoke(app, ["--data-dir", str(data), "import", str(FIXTURES / "corpus.jsonl")])
    assert first.exit_code == 0, first.output
    assert "run `caselaw reindex`" in " ".join(first.output.split())
    assert runner.invoke(app, ["--data-dir", str(data), "reindex"]).exit_code == 0
    # A second store's export, imported into this one, reaches the index without a reindex.
    other = tmp_path / "other.jsonl"
    record = json.loads((FIXTURES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[0])
    record |= {"id": "un-cescr-2099-imported-v-nowhere", "documents": [], "aliases": [], "identifiers": []}
    other.write_text(json.dumps(record) + "\n", encoding="utf-8")
    second = runner.invoke(app, ["--data-dir", str(data), "import", str(other)])
    assert second.exit_code == 0 and "search index updated: 1 case(s)" in second.output, second.output
    with open_engine(Settings(data_dir=data)) as engine:
        assert engine.get("un-cescr-2099-imported-v-nowhere").id == "un-cescr-2099-imported-v-nowhere"
