"""The API's fixtures: a data directory with the fixture corpus, one real PDF and the embedded index, built
once per session; apps over it (read-only, and over a private copy for writes); API keys of every role."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.ingest import ingest_paths
from caselaw.ingest.report import Outcome
from caselaw.search import open_engine, reindex
from caselaw.store import open_store
from caselaw.store.jsonl import import_jsonl
from caselaw.store.keys import KeyStore
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "corpus.jsonl"
PDF_CASE = "un-cescr-2015-idg-v-spain"
PDF = FIXTURES / "pdf" / f"{PDF_CASE}.es.pdf"
ALIAS = "un-cescr-2015-idg-v-spain-2-2014"
"""A former id of PDF_CASE (as left by a merge): requests for it redirect."""
HELD_BACK = "pk-lahore-high-court-2015-leghari"
"""Left out of the corpus so that uploading its PDF creates a new case (201)."""
HELD_BACK_PDF = FIXTURES / "pdf" / f"{HELD_BACK}.en.pdf"
CORS_ORIGIN = "https://embed.example.org"


@dataclass(frozen=True)
class Keys:
    """Full API keys of each kind, created in the shared data directory."""

    editor: str
    member: str
    steering: str
    revoked: str


def build_data_dir(directory: Path, *, leave_out: frozenset[str] = frozenset()) -> Path:
    """A data directory as `make demo` leaves it: the corpus in the store, one original PDF, the index."""
    settings = Settings(data_dir=directory)
    with open_store(settings) as store:
        # The PDF is ingested first so that its original is stored; its draft case is then replaced by the
        # curated record of the corpus (deleting a case keeps its blobs: they are content-addressed).
        report = ingest_paths([PDF], store, settings, workers=1)
        ingested = report.files[0]
        assert ingested.outcome is Outcome.INGESTED and ingested.case_id, ingested.reason
        store.delete_case(ingested.case_id)
        lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
        kept = [line for line in lines if json.loads(line)["id"] not in leave_out]
        import_jsonl(store, kept)
        case = store.get_case(PDF_CASE)
        store.put_case(case.model_copy(update={"aliases": [ALIAS]}))
        engine = open_engine(settings)
        try:
            reindex(engine, store)
        finally:
            engine.close()
    return directory


def api_settings(data_dir: Path, **overrides: object) -> Settings:
    """Test settings: no rate limit unless asked, one CORS origin."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "rate_limit_per_minute": 0,
        "rate_limit_key_per_minute": 0,
        "cors_origins": [CORS_ORIGIN],
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared, read-mostly data directory (only key creation writes to it)."""
    return build_data_dir(tmp_path_factory.mktemp("api") / "data")


@pytest.fixture(scope="session")
def keys(data_dir: Path) -> Keys:
    """One key per role, and one revoked key."""
    with open_store(Settings(data_dir=data_dir)) as store:
        made = KeyStore(store)
        editor = made.create("Test editor", "editor")[1]
        member = made.create("Test member", "member")[1]
        steering = made.create("Test steering", "steering-committee")[1]
        revoked_key, revoked = made.create("Former editor", "editor")
        made.revoke(revoked_key.key_id)
    return Keys(editor=editor, member=member, steering=steering, revoked=revoked)


@pytest.fixture(scope="session")
def client(data_dir: Path, keys: Keys) -> Iterator[TestClient]:
    """A client of the app over the shared data directory (tests through it do not write cases)."""
    with TestClient(create_app(api_settings(data_dir)), base_url="http://testserver") as opened:
        yield opened


@pytest.fixture(scope="module")
def writable_dir(data_dir: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the shared data directory (keys included), for a module whose tests write."""
    target = tmp_path_factory.mktemp("api-writes") / "data"
    shutil.copytree(data_dir, target)
    return target


@pytest.fixture(scope="module")
def writer(writable_dir: Path) -> Iterator[TestClient]:
    """A client of an app over the private copy."""
    with TestClient(create_app(api_settings(writable_dir))) as opened:
        yield opened


def bearer(key: str) -> dict[str, str]:
    """The header that presents `key`."""
    return {"Authorization": f"Bearer {key}"}
