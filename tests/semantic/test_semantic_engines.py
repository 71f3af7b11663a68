"""The same vector index beside every engine: semantic and hybrid answers agree across engines (real nodes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caselaw.models import Case
from caselaw.search import SearchEngine, SearchRequest
from caselaw.search.semantic.embedding import EmbedReport
from caselaw.search.semantic.index import VectorIndex
from tests.conftest import CORPUS
from tests.search_contract import clusters

EVICTION = "familia desalojada de su vivienda de alquiler"


@pytest.fixture(scope="module", params=["opensearch", "elasticsearch"])
def cluster_engine(
    request: pytest.FixtureRequest, semantic_dir: tuple[Path, EmbedReport], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchEngine]:
    """A cluster engine over the corpus, with the embedded run's vector index beside it (read only)."""
    name: str = request.param
    clusters.require(name)
    engine = clusters.factory(name)(tmp_path_factory.mktemp(f"semantic-{name}"))
    engine.rebuild(Case.model_validate_json(line) for line in CORPUS.read_text(encoding="utf-8").splitlines())
    engine.vectors = VectorIndex(semantic_dir[0] / "vectors")
    yield engine
    engine.close()
    clusters.cleanup()


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
@pytest.mark.parametrize("filters", [{}, {"region": ["africa"]}, {"language": ["es"], "right": ["housing"]}])
def test_cluster_engines_answer_as_the_embedded_one(
    cluster_engine: SearchEngine, semantic_engine: SearchEngine, mode: str, filters: dict[str, list[str]]
) -> None:
    request = SearchRequest.model_validate({"q": EVICTION, "mode": mode, "size": 50, "filters": filters})
    ours, theirs = semantic_engine.search(request), cluster_engine.search(request)
    assert theirs.total == ours.total and theirs.total == len(theirs.hits)
    if mode == "semantic":
        assert [hit.id for hit in theirs.hits] == [hit.id for hit in ours.hits]
    else:  # keyword scores differ between engines; the fused set does not
        assert {hit.id for hit in theirs.hits} == {hit.id for hit in ours.hits}
    counts = {(f.key, v.value): v.count for f in ours.facets for v in f.values}
    assert {(f.key, v.value): v.count for f in theirs.facets for v in f.values} == counts
