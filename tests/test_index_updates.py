"""Store, then index: `caselaw ingest`, `caselaw import` and the API's PATCH leave a whole, current index, on the
embedded and a cluster engine. The CLI runs from a deliberately long temporary path: its plain output must not be
wrapped at 80 columns (advice such as "run `caselaw reindex`" was split across lines)."""

from __future__ import annotations

import fcntl
import json
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caselaw.api import create_app
from caselaw.api.routes import meta
from caselaw.cli import app
from caselaw.config import Settings
from caselaw.errors import CaselawError
from caselaw.models import Title
from caselaw.search import SearchRequest, open_engine, reindex
from caselaw.search.cluster.opensearch import OpenSearchEngine
from caselaw.search.embedded import versions
from caselaw.search.embedded.schema import SCHEMA_VERSION
from caselaw.store import index_queue, open_store
from caselaw.store.keys import KeyStore
from tests.conftest import FIXTURES, long_path
from tests.ingest.make_documents import Decision, html
from tests.search_contract import clusters

PDF = FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.pdf"
CORPUS = FIXTURES / "corpus.jsonl"


@pytest.fixture
def tmp_path(tmp_path: Path) -> Path:
    """A deliberately long temporary path (see the module's docstring)."""
    return long_path(tmp_path)


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


def test_ingest_into_an_empty_data_directory_builds_the_index(environment: dict[str, str], tmp_path: Path) -> None:
    """The first ingest builds the whole index from the store: the next search finds the cases, no reindex needed."""
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "data")]
    ingested = runner.invoke(app, [*data, "ingest", str(PDF), "--workers", "1"], env=environment)
    assert ingested.exit_code == 0, ingested.output
    assert "search index rebuilt from the store: 1 case(s)" in ingested.output, ingested.output
    if environment["CASELAW_ENGINE"] == "embedded":
        # Why it was rebuilt names the (long) index directory, on one line: nothing is wrapped off a terminal.
        lines = ingested.output.splitlines()
        assert any(str(tmp_path / "data" / "index") in line for line in lines), ingested.output
    found = runner.invoke(app, [*data, "search", "Spain", "--json"], env=environment)
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["total"] == 1


def test_cli_output_off_a_terminal_is_never_wrapped(tmp_path: Path) -> None:
    """Even with COLUMNS=40, a line off a terminal (pipes, logs, CI) stays whole."""
    data = tmp_path / "data"
    shown = CliRunner().invoke(app, ["--data-dir", str(data), "config", "show"], env={"COLUMNS": "40"})
    assert shown.exit_code == 0, shown.output
    assert any(str(data) in line for line in shown.output.splitlines()), shown.output


def test_import_brings_the_index_up_to_date(tmp_path: Path) -> None:
    """`caselaw import` builds the index when there is none, then updates it for the cases it wrote, as ingest."""
    runner = CliRunner()
    data = tmp_path / "data"
    first = runner.invoke(app, ["--data-dir", str(data), "import", str(CORPUS)])
    assert first.exit_code == 0, first.output
    count = len(CORPUS.read_text(encoding="utf-8").splitlines())
    assert f"search index rebuilt from the store: {count} case(s)" in first.output, first.output
    # A second store's export, imported into this one, reaches the index without a reindex.
    other = tmp_path / "other.jsonl"
    record = json.loads((FIXTURES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[0])
    record |= {"id": "un-cescr-2099-imported-v-nowhere", "documents": [], "aliases": [], "identifiers": []}
    other.write_text(json.dumps(record) + "\n", encoding="utf-8")
    second = runner.invoke(app, ["--data-dir", str(data), "import", str(other)])
    assert second.exit_code == 0 and "search index updated: 1 case(s)" in second.output, second.output
    with open_engine(Settings(data_dir=data)) as engine:
        assert engine.get("un-cescr-2099-imported-v-nowhere").id == "un-cescr-2099-imported-v-nowhere"


@pytest.mark.parametrize("damage", ["outdated", "missing"])
def test_an_api_edit_after_a_schema_change_leaves_every_case_searchable(tmp_path: Path, damage: str) -> None:
    """PATCH with an index of an older schema version (or none) rebuilds the whole index, never a one-case one."""
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0, rate_limit_key_per_minute=0)
    with open_store(settings) as store, CORPUS.open(encoding="utf-8") as lines:
        from caselaw.store.jsonl import import_jsonl

        import_jsonl(store, lines)
        total = store.count()
        key = KeyStore(store).create("Test editor", "editor")[1]
    with open_engine(settings) as engine:
        engine.rebuild([])  # an index, about to be made stale
    pointer = settings.data_dir / "index" / "CURRENT"
    if damage == "outdated":  # as left by a caselaw whose schema had other fields (the old versions were numbers)
        pointer.write_text(json.dumps({**json.loads(pointer.read_text()), "schema_version": 4}))
    else:
        pointer.unlink()
    case_id = "un-cescr-2015-idg-v-spain"
    with TestClient(create_app(settings)) as client:
        url = f"/api/v1/cases/{case_id}"
        revision = client.get(url).json()["revision"]
        patch = {"revision": revision, "reason": "summary added", "summaries": {"en": "Corrected by an editor."}}
        edited = client.patch(url, json=patch, headers={"Authorization": f"Bearer {key}"})
        assert edited.status_code == 200, edited.text
        assert edited.headers["X-Index-Updated"] == "true"
        assert client.get("/api/v1/search", params={"size": 1}).json()["total"] == total
        assert json.loads(pointer.read_text())["schema_version"] == SCHEMA_VERSION
    with open_engine(settings) as engine:
        assert engine.count() == total
        assert engine.get(case_id).id == case_id


# Nothing lost under concurrency: every stored change reaches the index, or is reported until it does ----------------


def _decision(number: int) -> bytes:
    """An HTML decision of its own: another author, communication number and date for each `number`."""
    title = f"Author{number:02d} v. Spain"
    blocks = [
        "Committee on Economic, Social and Cultural Rights",
        f"Views adopted by the Committee under the Optional Protocol concerning communication No. {100 + number}/2021",
        title,
        f"Date of adoption of views: {1 + number % 28} March 2023",
        f"The author, Author{number:02d}, claims that Spain evicted her family without offering other housing.",
        "The Committee finds a violation of article 11 (1) of the Covenant, the right to adequate housing.",
    ]
    return html(Decision(blocks, title=title))


def test_parallel_uploads_are_all_stored_and_indexed(tmp_path: Path) -> None:
    """20 uploads at once: each answers `indexed: true` and readiness finds the index holding what the store holds.
    (Each upload's index update used to fail on the writer lock another held: 2 to 5 of 20 stayed unindexed.)"""
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0, rate_limit_key_per_minute=0)
    with open_store(settings) as store:
        key = KeyStore(store).create("Parallel editor", "editor")[1]
    answers: list[tuple[int, bool | None]] = []
    with TestClient(create_app(settings)) as client:

        def upload(number: int) -> None:
            files = {"file": (f"views-{number}.html", _decision(number), "text/html")}
            reply = client.post("/api/v1/documents", files=files, headers={"Authorization": f"Bearer {key}"})
            answers.append((reply.status_code, reply.json().get("indexed")))

        threads = [threading.Thread(target=upload, args=(number,)) for number in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [(201, True)] * 20, answers
        ready = client.get("/api/v1/readyz")
        assert ready.status_code == 200, ready.text
        numbers = ready.json()
        assert numbers["cases"] == numbers["indexed"] == 20 and numbers["pending"] == 0, numbers
        assert numbers["indexed_through"] == numbers["last_change"] >= 20


def test_drift_is_reported_by_readiness_and_repaired_by_reindex_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0, rate_limit_key_per_minute=0)
    with open_store(settings) as store, CORPUS.open(encoding="utf-8") as lines:
        from caselaw.store.jsonl import import_jsonl

        import_jsonl(store, lines)
        total = store.count()
        imported = index_queue.last_change(store)  # each case once, and again when a case it cites arrived after it
        key = KeyStore(store).create("Drift editor", "editor")[1]
        with open_engine(settings) as engine:
            reindex(engine, store)
    runner, data = CliRunner(), ["--data-dir", str(settings.data_dir)]
    case_id = "un-crc-2021-sacchi-v-argentina"  # outside the citation graph: a write of it queues it alone
    url, auth = f"/api/v1/cases/{case_id}", {"Authorization": f"Bearer {key}"}
    monkeypatch.setattr(versions, "WAIT_SECONDS", 0.3)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/readyz").status_code == 200

        # 1. An update that cannot get the index writer (another process holds it past the wait): the edit is
        # stored, answered as not indexed, and readiness says so at once, with the numbers.
        with (settings.data_dir / "index" / "writer.lock").open("a") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            revision = client.get(url).json()["revision"]
            renamed = {"en": {"full": "Stored, not indexed", "short": "Stored, not indexed"}}
            patch = {"revision": revision, "reason": "title corrected", "titles": renamed}
            edited = client.patch(url, json=patch, headers=auth)
            fcntl.flock(held.fileno(), fcntl.LOCK_UN)
        assert edited.status_code == 200 and edited.headers["X-Index-Updated"] == "false", edited.text
        drift = client.get("/api/v1/readyz")
        assert drift.status_code == 503 and drift.json()["code"] == "index-drift", drift.text
        last = imported + 1  # the import, then the edit
        assert drift.json()["detail"] == (
            f"an index update failed: {total} case(s) stored, {total} indexed; the store is at change {last}, the "
            f"index complete through change {last - 1}; 1 change(s) pending, 1 failed"
        )
        checked = runner.invoke(app, [*data, "reindex", "--check"])
        assert checked.exit_code == 0 and "1 change(s) queued, 1 failed" in checked.output, checked.output
        assert client.get("/api/v1/readyz").status_code == 200
        with open_engine(settings) as engine:
            assert engine.get(case_id).title == "Stored, not indexed"

        # 2. Counts that differ with nothing queued (an index missing a case): drift, repaired by a rebuild.
        with open_engine(settings) as engine:
            engine.delete(case_id)
        for _ in range(50):  # the server's reader sees another writer's commit within moments
            drift = client.get("/api/v1/readyz")
            if drift.status_code == 503:
                break
            time.sleep(0.1)
        assert drift.status_code == 503, drift.text
        assert f"{total} case(s) stored, {total - 1} indexed" in drift.json()["detail"], drift.text
        checked = runner.invoke(app, [*data, "reindex", "--check"])
        assert checked.exit_code == 0 and "rebuilt" in checked.output, checked.output
        assert client.get("/api/v1/readyz").status_code == 200

        # 3. A writer killed between its store write and its index update leaves the change queued: reported once
        # it is old, and taken by the next update (of another case), in order.
        with open_store(settings) as store:
            case = store.get_case(case_id)
            died = Title(full="Written by a process that died", short="Written by a process that died")
            store.put_case(case.model_copy(update={"titles": {**case.titles, "en": died}}))
        assert client.get("/api/v1/readyz").status_code == 200, "a change just stored is an update under way"
        monkeypatch.setattr(meta, "STALE_SECONDS", 0.0)
        stale = client.get("/api/v1/readyz")
        assert stale.status_code == 503 and "1 change(s) pending, 0 failed" in stale.json()["detail"], stale.text
        other = "za-constitutional-court-2000-grootboom"
        revision = client.get(f"/api/v1/cases/{other}").json()["revision"]
        patch = {"revision": revision, "reason": "summary added", "summaries": {"en": "An edit of another case."}}
        edited = client.patch(f"/api/v1/cases/{other}", json=patch, headers=auth)
        assert edited.status_code == 200 and edited.headers["X-Index-Updated"] == "true", edited.text
        assert client.get("/api/v1/readyz").status_code == 200
        with open_engine(settings) as engine:
            assert engine.get(case_id).title == died.short
