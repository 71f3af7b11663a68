"""Record kinds and open forums through the HTTP API, its exports, the web pages and the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caselaw.api import create_app
from caselaw.cli import app
from caselaw.config import Settings
from caselaw.search import open_engine, reindex
from caselaw.store import open_store
from tests.api.conftest import api_settings
from tests.search_contract.test_kinds_forums import COUNCIL, records

API = "/api/v1"
DECISIONS = sum(case.kind == "decision" for case in records())


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store and embedded index holding decisions, a report, a law, an open forum's cases, a forum-less one."""
    directory = tmp_path_factory.mktemp("kinds-api")
    settings = Settings(data_dir=directory)
    with open_store(settings) as store:
        for case in records():
            store.put_case(case)
        engine = open_engine(settings)
        try:
            reindex(engine, store)
        finally:
            engine.close()
    return directory


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    """The API and pages over `data_dir`."""
    with TestClient(create_app(api_settings(data_dir))) as test_client:
        yield test_client


def facet(body: dict[str, object], key: str) -> dict[str, dict[str, object]]:
    """Values of one facet of a JSON search response, by value."""
    facets = body["facets"]
    assert isinstance(facets, list)
    return {v["value"]: v for f in facets if f["key"] == key for v in f["values"]}


def test_search_returns_decisions_unless_kinds_are_selected(client: TestClient) -> None:
    default = client.get(f"{API}/search", params={"size": 100}).json()
    assert default["total"] == DECISIONS
    assert {hit["kind"]["code"] for hit in default["hits"]} == {"decision"}
    kinds = facet(default, "kind")
    assert {value: v["count"] for value, v in kinds.items()} == {"decision": DECISIONS, "report": 1, "legislation": 1}
    assert kinds["decision"]["selected"] is True
    both = client.get(f"{API}/search", params=[("kind", "decision"), ("kind", "report"), ("size", "100")]).json()
    assert both["total"] == DECISIONS + 1
    law = client.get(f"{API}/search", params={"kind": "legislation", "lang": "es"}).json()
    (hit,) = law["hits"]
    assert hit["forum"] is None and hit["kind"] == {"code": "legislation", "label": "Legislación"}


def test_open_forum_codes_are_accepted_and_garbage_refused(client: TestClient) -> None:
    found = client.get(f"{API}/search", params={"forum": COUNCIL, "lang": "ar"}).json()
    assert found["total"] == 3
    assert facet(found, "forum")[COUNCIL]["label"] == "Consejo de Estado"
    assert {hit["forum"]["code"] for hit in found["hits"]} == {COUNCIL}
    # Well formed, a real country, no case yet: a valid selection that matches nothing.
    assert client.get(f"{API}/search", params={"forum": "pe-tribunal-constitucional"}).json()["total"] == 0
    for key, value in (("forum", "zz-made-up-court"), ("forum", "not a code"), ("forum", "co"), ("kind", "memo")):
        refused = client.get(f"{API}/search", params={key: value})
        assert refused.status_code == 400, (key, value)
        assert refused.json()["code"] == "unknown-facet-value"


def test_exports_carry_kind_and_forum_label(client: TestClient) -> None:
    params = [("kind", "decision"), ("kind", "report"), ("kind", "legislation"), ("format", "csv"), ("lang", "es")]
    response = client.get(f"{API}/search", params=params)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert len(rows) == len(records())
    assert (rows["en-report"]["kind"], rows["en-report"]["kind_label"]) == ("report", "Informe")
    assert rows["en-report"]["forum_label"] == "Comité de Derechos Económicos, Sociales y Culturales"
    assert (rows["co-council-1"]["forum"], rows["co-council-1"]["forum_label"]) == (COUNCIL, "Consejo de Estado")
    assert (rows["no-forum"]["forum"], rows["no-forum"]["forum_label"]) == ("", "")
    lines = client.get(f"{API}/search", params={"format": "jsonl", "forum": COUNCIL}).text.splitlines()
    exported = [json.loads(line) for line in lines]
    assert {record["kind"]["code"] for record in exported} == {"decision"}
    assert {record["forum"]["label"] for record in exported} == {"Consejo de Estado", "Council of State of Colombia"}


def test_the_search_page_offers_other_kinds_with_decisions_checked(client: TestClient) -> None:
    page = client.get("/", params={"lang": "en"}).text
    assert 'id="facet-kind"' in page
    assert 'id="f-kind-decision" name="kind" value="decision" form="search" checked' in page
    assert 'id="f-kind-report" name="kind" value="report" form="search">' in page
    reports = client.get("/", params={"kind": "report"}).text
    assert 'class="hit-kind">Report<' in reports


def test_case_pages_of_open_forums_and_forum_less_records(client: TestClient) -> None:
    council = client.get("/cases/co-council-1", params={"lang": "fr"})
    assert council.status_code == 200 and "Consejo de Estado" in council.text
    assert client.get(f"{API}/cases/co-council-1").json()["labels"]["forum"] == {COUNCIL: "Consejo de Estado"}
    law = client.get("/cases/es-legislation", params={"lang": "en"})
    assert law.status_code == 200 and "Legislation" in law.text
    assert client.get("/cases/no-forum").status_code == 200


def test_cli_search_selects_kinds(data_dir: Path) -> None:
    runner = CliRunner()
    base = ["--data-dir", str(data_dir), "search", "", "--json"]
    default = json.loads(runner.invoke(app, base).stdout)
    assert default["total"] == DECISIONS
    reports = json.loads(runner.invoke(app, [*base, "--kind", "report"]).stdout)
    assert [hit["id"] for hit in reports["hits"]] == ["en-report"]
