"""A data directory with the fixture corpus embedded by the real sentence model, built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.search import SearchEngine, open_engine, reindex
from caselaw.search.semantic.embedding import EmbedReport, embed_store
from caselaw.search.semantic.encoder import shared_encoder
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl
from tests.conftest import CORPUS


@pytest.fixture(scope="session")
def semantic_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, EmbedReport]:
    """The corpus imported, embedded (real model, no mock) and indexed (keyword and vectors), as in production."""
    directory = tmp_path_factory.mktemp("semantic") / "data"
    settings = Settings(data_dir=directory)
    with open_store(settings) as store, CORPUS.open(encoding="utf-8") as lines:
        import_jsonl(store, lines)
        report = embed_store(store, shared_encoder())
        with open_engine(settings) as engine:
            reindex(engine, store)
    return directory, report


@pytest.fixture(scope="session")
def semantic_engine(semantic_dir: tuple[Path, EmbedReport]) -> Iterator[SearchEngine]:
    """The embedded engine over the embedded corpus, its vector index beside it."""
    engine = open_engine(Settings(data_dir=semantic_dir[0]))
    yield engine
    engine.close()
