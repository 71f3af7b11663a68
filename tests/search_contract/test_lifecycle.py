"""Index lifecycle: not ready before the first build, atomic rebuilds, updates and deletes, reader reloads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import EngineUnavailable, IndexNotReady
from caselaw.models import Case
from caselaw.search import SearchEngine, SearchRequest, open_engine
from caselaw.store.jsonl import parse_jsonl
from tests.search_contract.conftest import CORPUS, ENGINE_FACTORIES
from tests.search_contract.mini_corpus import mini_corpus, variant

Build = Callable[[list[Case]], SearchEngine]


def test_search_before_the_first_build_is_not_ready(engine_name: str, tmp_path: Path) -> None:
    engine = ENGINE_FACTORIES[engine_name](tmp_path)
    with pytest.raises(IndexNotReady) as caught:
        engine.search(SearchRequest(q="housing"))
    assert caught.value.status == 503 and "caselaw reindex" in caught.value.message


def test_a_rebuild_replaces_the_index_and_other_readers_follow(
    make_engine: Build, engine_name: str, tmp_path: Path
) -> None:
    writer = make_engine(mini_corpus()[:2])
    reader = ENGINE_FACTORIES[engine_name](tmp_path)
    assert reader.search(SearchRequest()).total == 2
    writer.rebuild(mini_corpus())
    assert reader.search(SearchRequest()).total == 8


def test_a_failed_rebuild_leaves_the_live_index_alone(make_engine: Build) -> None:
    engine = make_engine(mini_corpus())

    def broken() -> Iterator[Case]:
        yield mini_corpus()[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        engine.rebuild(broken())
    assert engine.search(SearchRequest()).total == 8


def test_upsert_replaces_and_delete_removes(make_engine: Build) -> None:
    engine = make_engine(mini_corpus())
    engine.upsert([variant("es-housing", titles={"en": {"full": "Renamed v. Spain"}})])
    assert engine.count() == 8
    assert engine.get("es-housing").title == "Renamed v. Spain"
    assert [hit.id for hit in engine.search(SearchRequest(q="Renamed")).hits] == ["es-housing"]
    engine.delete("es-housing")
    assert engine.count() == 7
    assert engine.search(SearchRequest(q="Renamed")).total == 0


def test_upsert_without_an_index_builds_none(engine_name: str, tmp_path: Path) -> None:
    """An index of only the upserted cases would hide every other one: building is `caselaw.search.sync`'s job."""
    engine = ENGINE_FACTORIES[engine_name](tmp_path)

    def never_read() -> Iterator[Case]:
        raise AssertionError("the cases are not read when there is no index")
        yield  # pragma: no cover

    with pytest.raises(IndexNotReady):
        engine.upsert(never_read())
    with pytest.raises(IndexNotReady):
        engine.count()


def test_embedded_rebuild_keeps_one_generation(tmp_path: Path) -> None:
    engine = open_engine(Settings(data_dir=tmp_path))
    engine.rebuild(mini_corpus())
    engine.rebuild(mini_corpus()[:1])
    generations = [p.name for p in (tmp_path / "index").iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 1
    assert engine.count() == 1


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch"])
def test_an_unreachable_cluster_engine_is_unavailable(tmp_path: Path, name: str) -> None:
    # Port 1 refuses connections: opening costs nothing, the first request fails fast with a 503.
    url = "http://127.0.0.1:1"
    settings = Settings.model_validate({"data_dir": tmp_path, "engine": name, f"{name}_url": url})
    with open_engine(settings) as engine, pytest.raises(EngineUnavailable) as caught:
        engine.search(SearchRequest(q="housing"))
    assert caught.value.status == 503 and url in caught.value.message


def test_related_cases_after_the_same_case_is_updated_again_and_again(make_engine: Build) -> None:
    """Replaced documents linger in the index until a merge; related cases must not trip on them (the embedded
    engine's more-like-this panicked after the third update of one case of the fixture corpus, breaking its page)."""
    cases, _ = parse_jsonl(CORPUS.read_text(encoding="utf-8").splitlines())
    engine = make_engine(cases)
    case = cases[0]
    before = {hit.id for hit in engine.related(case.id, size=5)}
    for _ in range(4):
        engine.upsert([case])
        related = {hit.id for hit in engine.related(case.id, size=5)}
        assert related and case.id not in related
    assert related & before, (related, before)
