"""The contract suite's engines: every test runs against each engine listed in ENGINE_FACTORIES."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.models import Case
from caselaw.search import SearchEngine, reindex
from caselaw.search.embedded import EmbeddedEngine
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl
from tests.conftest import FIXTURES
from tests.search_contract import clusters
from tests.search_contract.mini_corpus import mini_corpus

EngineFactory = Callable[[Path], SearchEngine]

ENGINE_FACTORIES: dict[str, EngineFactory] = {
    "embedded": lambda directory: EmbeddedEngine(directory / "index", writer_memory_mb=32, writer_threads=1),
    # Real nodes (engines/run.sh), one index alias per directory under the run's own prefix (see `clusters`).
    "opensearch": clusters.factory("opensearch"),
    "elasticsearch": clusters.factory("elasticsearch"),
}
CORPUS = FIXTURES / "corpus.jsonl"


@pytest.fixture(params=sorted(ENGINE_FACTORIES), scope="session")
def engine_name(request: pytest.FixtureRequest) -> str:
    """Name of the engine under test."""
    name: str = request.param
    if name != "embedded":
        clusters.require(name)
    return name


@pytest.fixture(autouse=True)
def _skip_what_the_engine_cannot_do(request: pytest.FixtureRequest) -> None:
    """Skip, with the reason, the tests an engine's analysis profile cannot pass (see `clusters`)."""
    callspec = getattr(request.node, "callspec", None)
    engine = callspec.params.get("engine_name") if callspec is not None else None
    if engine is not None:
        clusters.skip_unsupported(engine, request.node.originalname)


@pytest.fixture(scope="session", autouse=True)
def _drop_cluster_indices() -> Iterator[None]:
    """Delete the indices this run created on the cluster engines."""
    yield
    clusters.cleanup()


@pytest.fixture
def make_engine(engine_name: str, tmp_path: Path) -> Callable[[list[Case]], SearchEngine]:
    """Build an engine of the current kind over the given cases, in a fresh directory."""

    def build(cases: list[Case]) -> SearchEngine:
        engine = ENGINE_FACTORIES[engine_name](tmp_path)
        engine.rebuild(cases)
        return engine

    return build


@pytest.fixture(scope="session")
def mini(engine_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    """An engine over the constructed mini corpus, built once per session (tests only read it)."""
    engine = ENGINE_FACTORIES[engine_name](tmp_path_factory.mktemp(f"mini-{engine_name}"))
    engine.rebuild(mini_corpus())
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def corpus(engine_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    """An engine over the fixture corpus, loaded into a store and indexed from it as in production."""
    if not CORPUS.is_file():
        pytest.fail(f"{CORPUS} is missing: the relevance tests need the fixture corpus (run `make fixtures`)")
    directory = tmp_path_factory.mktemp(f"corpus-{engine_name}")
    with open_store(Settings(data_dir=directory / "data")) as store:
        with CORPUS.open(encoding="utf-8") as lines:
            import_jsonl(store, lines)
        engine = ENGINE_FACTORIES[engine_name](directory)
        reindex(engine, store)
    yield engine
    engine.close()
