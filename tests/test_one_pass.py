"""The native one-pass search (`_facets`, native/) answers exactly as the embedded engine's multi-pass reference
(`EmbeddedEngine.execute_passes`: a page search, then one aggregation pass per selected facet): the same total,
hits in the same order with the same scores and snippets, the same counts and names, on every request shape the
contract allows, over the fixture corpus and over a synthetic one of several segments with deleted documents."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from caselaw.config import Settings
from caselaw.models import Case
from caselaw.search import SearchRequest, reindex
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.embedded.engine import _facets_module
from caselaw.search.engine import RawResult, make_plan
from caselaw.search.facets import FACET_KEYS
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "corpus.jsonl"
SORTS = ["relevance", "date_desc", "date_asc", "cited_desc", "no_follow_up_first"]
QUERIES = [
    "",
    "housing",
    "desalojo",
    "eviction water",
    '"forced eviction"',
    "evict*",
    "health -water",
    "educación",
    "إخلاء",
    "moradia adequada",
    "kind:report",
    "right:housing OR right:health",
    "NOT housing",
    "zzqnothing",
    "the",
]
VARIED = ["forum", "decision_type", "outcome", "region", "respondent_states", "rights", "issues", "dates", "kind"]
"""Fields a synthetic case takes from another fixture case: every value stays one the taxonomy knows."""


@pytest.fixture(scope="module", autouse=True)
def _native_built() -> None:
    if _facets_module() is None:
        message = "caselaw.search.embedded._facets is not built (cargo missing at install?): nothing to compare"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _fixture_cases() -> list[Case]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [Case.model_validate_json(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def fixture_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedEngine]:
    """The fixture corpus, stored and indexed as in production."""
    directory = tmp_path_factory.mktemp("one-pass-fixtures")
    with open_store(Settings(data_dir=directory / "data")) as store:
        with CORPUS.open(encoding="utf-8") as lines:
            import_jsonl(store, lines)
        engine = EmbeddedEngine(directory / "index", writer_memory_mb=32, writer_threads=1)
        reindex(engine, store)
    yield engine
    engine.close()


def _synthetic(count: int, rng: random.Random) -> list[Case]:
    """`count` cases: fixture texts under facet values, dates and kinds drawn from other fixture cases."""
    pool = [case.model_dump(exclude={"languages"}) for case in _fixture_cases()]
    cases = []
    for number in range(count):
        data = dict(pool[number % len(pool)])
        data["id"] = f"{data['id']}-s{number}"
        for field in VARIED:
            if rng.random() < 0.6:
                data[field] = rng.choice(pool)[field]
        if rng.random() < 0.1:
            data["dates"] = {**data["dates"], "decision": None}
        cases.append(Case.model_validate(data))
    return cases


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedEngine]:
    """600 synthetic cases in several segments, then 40 of them replaced (deleted documents in old segments)."""
    rng = random.Random(20)
    cases = _synthetic(600, rng)
    engine = EmbeddedEngine(tmp_path_factory.mktemp("one-pass-synthetic"), writer_memory_mb=32, writer_threads=2)
    engine.rebuild(cases)
    changed = [c.model_copy(update={"region": rng.choice(cases).region}) for c in rng.sample(cases, 40)]
    engine.upsert(changed)
    yield engine
    engine.close()


def _values(engine: EmbeddedEngine) -> dict[str, list[str]]:
    """Every facet's indexed values (what a filter may select), from a match-all search."""
    counts = engine.execute_passes(
        make_plan(SearchRequest(size=0, facet_keys=list(FACET_KEYS), filters={"kind": ["decision", "report"]})),
        engine._fresh()[0].searcher(),
        engine._fresh()[1],
    ).counts
    return {key: sorted(values) for key, values in counts.items() if values}


def _requests(engine: EmbeddedEngine, count: int, seed: int) -> list[SearchRequest]:
    rng = random.Random(seed)
    values = _values(engine)
    keys = sorted(values)
    found = []
    for _ in range(count):
        q = rng.choice(QUERIES)
        filters = {
            key: rng.sample(values[key], min(len(values[key]), rng.choice([1, 1, 2])))
            for key in rng.sample(keys, rng.choice([0, 1, 1, 2, 3, 3, 4]))
        }
        fields: dict[str, Any] = {
            "q": q,
            "advanced": ":" in q or q.startswith("NOT") or "*" in q,
            "mode": "keyword",
            "filters": filters,
            "sort": rng.choice(SORTS),
            "page": rng.choice([1, 1, 2, 3]),
            "size": rng.choice([0, 1, 5, 10, 20]),
            "highlight": rng.random() < 0.5,
            "lang": rng.choice(["en", "es", "fr"]),
            "expand": rng.random() < 0.8,
            "facets": rng.random() < 0.9,
        }
        if rng.random() < 0.5:
            fields["facet_keys"] = rng.sample(list(FACET_KEYS), rng.randint(1, len(FACET_KEYS)))
        if rng.random() < 0.2:
            fields["date_from"] = date(rng.randint(1995, 2015), 1, 1)
        if rng.random() < 0.2:
            fields["date_to"] = date(rng.randint(2015, 2024), 12, 31)
        found.append(SearchRequest.model_validate(fields))
    return found


def _shape(result: RawResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "hits": [(hit.payload, hit.score, hit.snippets) for hit in result.hits],
        "counts": result.counts,
        "names": result.names,
    }


def _compare(engine: EmbeddedEngine, requests: list[SearchRequest]) -> None:
    different = []
    for request in requests:
        plan = make_plan(request)
        native = _shape(engine.execute(plan))
        index, directory, _ = engine._fresh()
        reference = _shape(engine.execute_passes(plan, index.searcher(), directory))
        if native != reference:
            parts = [part for part in native if native[part] != reference[part]]
            different.append(f"{request.model_dump(exclude_defaults=True)}: {parts}")
    assert not different, f"{len(different)} of {len(requests)} requests differ:\n" + "\n".join(different[:10])


def test_fixture_corpus_one_pass_equals_passes(fixture_engine: EmbeddedEngine) -> None:
    _compare(fixture_engine, _requests(fixture_engine, 400, seed=1))


def test_synthetic_corpus_one_pass_equals_passes(synthetic_engine: EmbeddedEngine) -> None:
    assert synthetic_engine.count() == 600
    _compare(synthetic_engine, _requests(synthetic_engine, 400, seed=2))


def test_every_sort_and_page_size_of_a_match_all(synthetic_engine: EmbeddedEngine) -> None:
    """Sorted pages across the whole index, cases without a date last, sizes 0 to 50, every facet counted."""
    requests = [
        SearchRequest(mode="keyword", sort=sort, size=size, page=page, facet_keys=list(FACET_KEYS))
        for sort in SORTS
        for size in (0, 1, 7, 50)
        for page in (1, 2, 13)
    ]
    _compare(synthetic_engine, requests)


def test_the_native_reader_follows_commits(tmp_path: Path) -> None:
    """A case added or deleted after a search shows in the next one (the native reader reloads with tantivy-py's)."""
    cases = _synthetic(20, random.Random(3))
    engine = EmbeddedEngine(tmp_path / "index", writer_memory_mb=32, writer_threads=1)
    engine.rebuild(cases[:10])
    request = SearchRequest(mode="keyword", size=0, filters={"kind": ["decision", "report"]})
    assert engine.execute(make_plan(request)).total == 10
    engine.upsert(cases[10:])
    assert engine.execute(make_plan(request)).total == 20
    engine.delete(cases[0].id)
    assert engine.execute(make_plan(request)).total == 19
    engine.close()
