"""Shared fixtures: a fresh data directory and store per test, and a valid case to start from."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from caselaw.config import Settings
from caselaw.models import Case, Document, Paragraph, Tag, TagSource, Title
from caselaw.store import CaseStore, open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = FIXTURES / "corpus.jsonl"
# Starlette's TestClient sends `Host: testserver`, a name the service answers to only when configured to (as
# Django's test client does); servers the tests start listen on 127.0.0.1, allowed by default.
os.environ.setdefault("CASELAW_ALLOWED_HOSTS", '["testserver", "localhost", "127.0.0.1", "::1"]')


LONG_NAME = "a-deliberately-long-directory-name-so-that-a-line-naming-it-cannot-fit-in-eighty-columns"


def long_path(base: Path) -> Path:
    """`base` two long directory names deeper (created): CLI output naming it is far wider than a terminal.

    CLI tests run from such a path, so that output wrapped at 80 columns off a terminal cannot come back.
    """
    path = base / LONG_NAME / LONG_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def load_corpus(settings: Settings) -> None:
    """Put the fixture corpus in the store of `settings` and build the configured engine's index over it."""
    from caselaw.search import open_engine, reindex
    from caselaw.store.jsonl import import_jsonl

    with open_store(settings) as store, CORPUS.open(encoding="utf-8") as lines:
        import_jsonl(store, lines)
        with open_engine(settings) as engine:
            reindex(engine, store)


CHROMIUM = os.environ.get("CASELAW_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's chromium (or the browser `CASELAW_CHROMIUM` names), driven by Playwright without its own download."""


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless chromium for every browser test of the run.

    One Playwright driver for the session: its sync API allows a single driver per thread, so suites that each
    started their own would depend on the order they run in. Missing chromium skips, and fails under CI=true.
    """
    if not Path(CHROMIUM).is_file():
        reason = f"no chromium at {CHROMIUM} (`make system-deps`, or apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty data directory."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> Iterator[CaseStore]:
    """An empty, migrated store."""
    with open_store(settings) as opened:
        yield opened


def make_case(case_id: str = "un-cescr-2015-idg-v-spain", *, sha: str = "a" * 64) -> Case:
    """A small but complete case, valid against the taxonomy."""
    return Case(
        id=case_id,
        titles={"en": Title(full="I.D.G. v. Spain", short="I.D.G. v. Spain"), "es": Title(full="I.D.G. c. España")},
        forum="un-cescr",
        decision_type="views",
        articles=["ICESCR:11(1)", "ICESCR:2(1)"],
        respondent_states=["ES"],
        region="europe-central-asia",
        dates={"communication": date(2014, 2, 5), "decision": date(2015, 6, 17)},
        identifiers=[{"scheme": "communication", "value": "2/2014"}],
        rights=[Tag(code="housing", source=TagSource.EDITOR, confidence=1.0)],
        outcome="violation",
        summaries={"en": "Foreclosure notified by edict.", "es": "Ejecución hipotecaria notificada por edicto."},
        documents=[
            Document(
                sha256=sha,
                language="es",
                text="1.1 La autora ...",
                paragraphs=[Paragraph(number="1.1", text="La autora ...")],
            )
        ],
    )


@pytest.fixture
def case() -> Case:
    """A valid case."""
    return make_case()
