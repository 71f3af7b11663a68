"""Selection fixtures: a real store holding the fixture corpus, and a real embedded engine over it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.search import SearchEngine, reindex
from caselaw.search.embedded import EmbeddedEngine
from caselaw.selection import CandidateDraft, SelectionStore, open_selection_store
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "corpus.jsonl"
COMMITTEE = ["amina", "bruno", "carmen", "dalia"]
"""The steering committee the tests expect to score (the API will pass the steering-committee keys)."""


@pytest.fixture
def selection(settings: Settings) -> Iterator[SelectionStore]:
    """A selection store in a fresh data directory whose case store holds the fixture corpus."""
    with open_store(settings) as cases, CORPUS.open(encoding="utf-8") as lines:
        import_jsonl(cases, lines)
    with open_selection_store(settings) as store:
        yield store


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    """The embedded engine over the fixture corpus, indexed from a store as in production."""
    directory: Path = tmp_path_factory.mktemp("selection-corpus")
    engine = EmbeddedEngine(directory / "index", writer_memory_mb=32, writer_threads=1)
    with open_store(Settings(data_dir=directory / "data")) as store:
        with CORPUS.open(encoding="utf-8") as lines:
            import_jsonl(store, lines)
        reindex(engine, store)
    yield engine
    engine.close()


def eviction_draft(deadline_in_days: int = 10, **changes: object) -> CandidateDraft:
    """A pending case: a family evicted from a rented flat in Madrid without alternative housing."""
    data: dict[str, object] = {
        "name": "M.B.F. and family v. Spain",
        "forum": "un-cescr",
        "state": "ES",
        "docket": "E/C.12/D/250/2025",
        "proceedings": "merits",
        "deadline": date.today() + timedelta(days=deadline_in_days),
        "deadline_kind": "leave-to-intervene",
        "filings_url": "https://example.org/filings/250-2025",
        "proposer": {"organisation": "Observatorio DESC", "contact": "Laura <laura@example.org>"},
        "lead_member": "Observatorio DESC",
        "co_signers": ["Habitat International Coalition", "SERI"],
        "languages": ["es"],
        "rights": ["housing", "forced-evictions"],
        "issues": ["progressive-realisation"],
        "affected_groups": ["children", "tenants-mortgagors"],
        "charter_conditions": ["impoverishment-dispossession"],
        "priorities": ["womens-escr", "fiscal-policy"],
        "summary": (
            "A mother and her two children were evicted from their rented home in Madrid after the lease expired, "
            "without any alternative housing offered by the authorities; the eviction separated the family."
        ),
        "community": {
            "who": "The family and the tenants' union of the neighbourhood",
            "consent": "obtained",
            "safety_concerns": "None known; the family asks that the children not be named.",
        },
        "anticipated_impact": "Clarify the duty to provide alternative housing before evicting tenants.",
        "remedial_approach": "Structural remedies: a protocol between courts and social services.",
        "advocacy_plan": "Follow-up with the Spanish ombudsman and the tenants' movement.",
        "capacity": "Two lawyers for six weeks; translation support from a co-signer.",
    }
    data.update(changes)
    return CandidateDraft.model_validate(data)
