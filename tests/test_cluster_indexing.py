"""Cluster index lifecycle beyond the contract suite: updates during a rebuild, crash leftovers, schema checks."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator

import pytest

from caselaw.errors import CaselawError, IndexNotReady
from caselaw.models import Case
from caselaw.search import SearchRequest
from caselaw.search.cluster import indexer
from caselaw.search.cluster.base import ClusterEngine
from caselaw.search.cluster.elastic import ElasticsearchEngine
from caselaw.search.cluster.mapping import index_body
from caselaw.search.cluster.opensearch import OpenSearchEngine
from tests.search_contract import clusters
from tests.search_contract.mini_corpus import mini_corpus, variant

WAIT_SECONDS = 30


def _open(name: str, prefix: str) -> ClusterEngine:
    settings = clusters.settings_for(name, prefix)
    return OpenSearchEngine(settings) if name == "opensearch" else ElasticsearchEngine(settings)


@pytest.fixture(params=["opensearch", "elasticsearch"])
def engine(request: pytest.FixtureRequest) -> Iterator[ClusterEngine]:
    """A cluster engine on its own alias under the run's prefix; its indices are deleted afterwards."""
    name: str = request.param
    clusters.require(name)
    prefix = f"{clusters.RUN_PREFIX}-ix{secrets.token_hex(3)}"
    opened = _open(name, prefix)
    yield opened
    try:
        for index in opened.request("GET", f"/{prefix}-*") or {}:
            opened.request("DELETE", f"/{index}", missing_ok=True)
    except CaselawError:
        pass  # the node went away: nothing left to clean there
    opened.close()


def twin(engine: ClusterEngine) -> ClusterEngine:
    """Another engine object on the same alias, as another process (an ingest, the API) would have."""
    return _open(engine.name, engine.alias.removesuffix("-cases"))


@pytest.mark.parametrize("batch_docs", [1, indexer.BATCH_DOCS], ids=["rebuild-writes-first", "update-writes-first"])
def test_an_update_during_a_rebuild_survives_the_swap(
    engine: ClusterEngine, batch_docs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One document per bulk request: the rebuild has sent its old copy before the update; with big batches
    # the update reaches the new index first and the rebuild's older copy must not overwrite it.
    monkeypatch.setattr(indexer, "BATCH_DOCS", batch_docs)
    engine.rebuild(mini_corpus())
    reached, resume = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def store_listing() -> Iterator[Case]:
        # The store as a rebuild reads it: `es-housing` still in its old version, read before the update.
        cases = mini_corpus()
        yield cases[0]
        yield cases[1]  # resumed only once the first batch has been sent when batches hold one document
        reached.set()
        assert resume.wait(WAIT_SECONDS)
        yield from cases[2:]

    def rebuild() -> None:
        try:
            engine.rebuild(store_listing())
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    thread = threading.Thread(target=rebuild)
    thread.start()
    try:
        assert reached.wait(WAIT_SECONDS)
        updater = twin(engine)
        updater.upsert([variant("es-housing", titles={"en": {"full": "Renamed during rebuild v. Spain"}})])
        assert updater.get("es-housing").title == "Renamed during rebuild v. Spain"  # live index, before the swap
        updater.close()
    finally:
        resume.set()
        thread.join(WAIT_SECONDS)
    assert failures == []
    assert engine.count() == 8
    assert engine.get("es-housing").title == "Renamed during rebuild v. Spain"
    assert [hit.id for hit in engine.search(SearchRequest(q="Renamed")).hits] == ["es-housing"]
    assert indexer.pending_indices(engine) == []


def test_leftovers_of_a_crashed_rebuild_are_deleted_by_the_next_one(engine: ClusterEngine) -> None:
    engine.rebuild(mini_corpus()[:2])
    # What a rebuild killed mid-load leaves: a versioned index, still pending, behind no search alias.
    crashed = indexer.new_index_name(engine.alias)
    indexer.create_index(engine, crashed)
    assert indexer.leftover_indices(engine) == [crashed]
    assert engine.rebuild(mini_corpus()) == 8
    assert indexer.leftover_indices(engine) == []
    assert indexer.pending_indices(engine) == []
    assert crashed not in engine.call("GET", f"/{engine.alias}-v*")
    assert engine.count() == 8


def test_an_index_of_another_schema_version_is_not_ready(engine: ClusterEngine) -> None:
    old = f"{engine.alias}-v0-19990101000000-abcdef"
    body = index_body(engine.profile)
    body["mappings"]["_meta"] = {"schema_version": 0}
    engine.call("PUT", f"/{old}", {**body, "aliases": {engine.alias: {}}})
    reader = twin(engine)
    with pytest.raises(IndexNotReady) as caught:
        reader.search(SearchRequest(q="housing"))
    assert caught.value.status == 503 and "caselaw reindex" in caught.value.message
    assert "schema 0" in caught.value.message
    with pytest.raises(IndexNotReady):
        reader.get("es-housing")
    with pytest.raises(IndexNotReady):  # an upsert never writes into an index of another mapping
        reader.upsert(mini_corpus()[:1])
    reader.close()
    engine.rebuild(mini_corpus())  # what the message asks for
    fresh = twin(engine)
    assert fresh.search(SearchRequest(q="housing")).total > 0
    fresh.close()
