"""The approximate path of the vector index (sign codes, then exact rescoring) against exact search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from caselaw.config import Settings
from caselaw.search import SearchEngine, SearchRequest, open_engine
from caselaw.search.semantic import index as vector_index
from caselaw.search.semantic.ann import CODES, RESCORE, SignIndex, hamming
from caselaw.search.semantic.embedding import EmbedReport, embed_store
from caselaw.search.semantic.encoder import DIMENSION, shared_encoder
from caselaw.search.semantic.index import VectorIndex
from caselaw.search.semantic.modes import CANDIDATES
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl
from tests.conftest import CORPUS

EVICTION = "familia desalojada de su vivienda de alquiler"
CASES, PASSAGES, TOPICS = 3000, 6, 60


def unit(rows: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    normed: npt.NDArray[np.float32] = (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)
    return normed


@pytest.fixture(scope="module")
def topical(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, npt.NDArray[np.float32]]:
    """18k passage vectors in topics (cases near a topic, passages near their case), and queries near topics."""
    rng = np.random.default_rng(5)
    topics = unit(rng.standard_normal((TOPICS, DIMENSION), dtype=np.float32))
    cases = unit(topics[rng.integers(0, TOPICS, CASES)] + 0.03 * rng.standard_normal((CASES, DIMENSION)))
    matrix = unit(np.repeat(cases, PASSAGES, axis=0) + 0.03 * rng.standard_normal((CASES * PASSAGES, DIMENSION)))
    root = tmp_path_factory.mktemp("ann") / "vectors"
    owners = np.repeat(np.arange(CASES, dtype=np.int32), PASSAGES)
    VectorIndex(root).write([f"c{n}" for n in range(CASES)], owners, matrix, [f"p{r}" for r in range(len(matrix))])
    queries = unit(topics[rng.integers(0, TOPICS, 20)] + 0.03 * rng.standard_normal((20, DIMENSION)))
    return root, queries


def test_approximate_search_agrees_with_exact_search(topical: tuple[Path, npt.NDArray[np.float32]]) -> None:
    root, queries = topical
    exact, approximate = VectorIndex(root, exact_up_to=10**9), VectorIndex(root, exact_up_to=0)
    assert approximate.size() == CASES * PASSAGES > RESCORE  # the codes choose what is rescored
    overlap = []
    for query in queries:
        truth, found = exact.nearest(query, 50), approximate.nearest(query, 50)
        assert [hit.case_id for hit in found[:10]] == [hit.case_id for hit in truth[:10]]
        scored = {hit.case_id: hit for hit in truth}
        # Every case returned is scored exactly, on all its passages, and shows the same best passage.
        assert all(hit == scored[hit.case_id] for hit in found if hit.case_id in scored)
        assert [hit.score for hit in found] == sorted((hit.score for hit in found), reverse=True)
        overlap.append(len(scored.keys() & {hit.case_id for hit in found}) / len(truth))
    assert float(np.mean(overlap)) >= 0.95


def test_the_floor_and_the_limit_hold_on_the_approximate_path(topical: tuple[Path, npt.NDArray[np.float32]]) -> None:
    root, queries = topical
    approximate = VectorIndex(root, exact_up_to=0)
    found = approximate.nearest(queries[0], 500, floor=0.5)
    assert found and len(found) <= 500 and all(hit.score >= 0.5 for hit in found)
    assert len(approximate.nearest(queries[0], 7)) == 7 and approximate.nearest(queries[0], 0) == []


def test_a_generation_without_codes_is_searched_exactly(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    matrix = unit(rng.standard_normal((40, DIMENSION), dtype=np.float32))
    older = VectorIndex(tmp_path / "vectors", exact_up_to=0)
    older.write(["a", "b"], np.repeat(np.arange(2, dtype=np.int32), 20), matrix, [f"p{r}" for r in range(40)])
    live = tmp_path / "vectors" / (tmp_path / "vectors" / "CURRENT").read_text(encoding="utf-8")
    (live / CODES).unlink()  # as written before the codes existed
    assert not SignIndex.present(live)
    assert [hit.case_id for hit in older.nearest(matrix[25], 2)] == ["b", "a"]


@pytest.fixture
def approximate_engine(
    semantic_dir: tuple[Path, EmbedReport], monkeypatch: pytest.MonkeyPatch
) -> Iterator[SearchEngine]:
    """The embedded fixture engine with its vector index forced onto the approximate path, rescoring few rows."""
    monkeypatch.setattr(vector_index, "RESCORE", 1)
    monkeypatch.setattr(vector_index, "PER_CASE", 1)  # a row per candidate case: fewer than the corpus has
    engine = open_engine(Settings(data_dir=semantic_dir[0]))
    assert engine.vectors is not None and engine.vectors.size() > CANDIDATES
    engine.vectors.exact_up_to = 0
    yield engine
    engine.close()


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_filters_facets_and_totals_hold_on_the_approximate_path(
    approximate_engine: SearchEngine, semantic_engine: SearchEngine, mode: str
) -> None:
    africa = SearchRequest(q=EVICTION, mode=mode, size=100, filters={"region": ["africa"]})
    found = approximate_engine.search(africa)
    assert found.hits and all(hit.region and hit.region.code == "africa" for hit in found.hits)
    assert found.total == len(found.hits)
    kinds = {value.value: value.count for facet in found.facets if facet.key == "kind" for value in facet.values}
    assert kinds["decision"] == found.total
    # The nearest case is the nearest whichever path found it.
    request = SearchRequest(q=EVICTION, mode=mode)
    assert approximate_engine.search(request).hits[0].id == semantic_engine.search(request).hits[0].id


def test_a_rebuild_writes_new_codes_and_searches_switch_to_them(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with open_store(settings) as store:
        import_jsonl(store, CORPUS.read_text(encoding="utf-8").splitlines()[:3])
        embed_store(store, shared_encoder())
        index = VectorIndex(settings.data_dir / "vectors", exact_up_to=0)
        assert index.refresh(store)
        first = (settings.data_dir / "vectors" / "CURRENT").read_text(encoding="utf-8")
        assert (settings.data_dir / "vectors" / first / CODES).stat().st_size == index.size() * DIMENSION // 8
        gone = store.ids()[0]
        vector = index.case_vector(gone)
        assert vector is not None and index.nearest(vector, 1)[0].case_id == gone
        store.delete_case(gone)
        assert index.refresh(store)  # from the stored vectors: nothing is embedded again
        second = (settings.data_dir / "vectors" / "CURRENT").read_text(encoding="utf-8")
        assert second != first and (settings.data_dir / "vectors" / second / CODES).exists()
        assert gone not in [hit.case_id for hit in index.nearest(vector, 10)]
        assert index.case_count() == 2


def test_hamming_distances_count_the_differing_bits() -> None:
    rng = np.random.default_rng(2)
    codes = rng.integers(0, 256, (30, DIMENSION // 8), dtype=np.uint8)
    query = rng.integers(0, 256, DIMENSION // 8, dtype=np.uint8)
    bits = np.unpackbits(codes, axis=1) != np.unpackbits(query)
    assert hamming(codes, query).tolist() == bits.sum(axis=1).tolist()
