"""The store: atomic writes (proved by killing a writer), migrations, aliases, blobs, optimistic locking."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import CaseNotFound, Conflict, DocumentNotFound, SchemaVersionError
from caselaw.models import Case, Title
from caselaw.store import BlobStore, CaseStore, open_store
from caselaw.store.migrations import available_migrations
from tests.conftest import ROOT, make_case


def test_put_and_get_returns_the_same_case_with_timestamps(store: CaseStore, case: Case) -> None:
    stored = store.put_case(case)
    assert stored.created_at is not None and stored.updated_at is not None
    assert store.get_case(case.id) == stored
    assert store.count() == 1
    assert store.revision(case.id) == 1


def test_rewrite_keeps_created_at_and_bumps_revision(store: CaseStore, case: Case) -> None:
    first = store.put_case(case)
    second = store.put_case(case.model_copy(update={"created_at": None}))
    assert second.created_at == first.created_at
    assert store.revision(case.id) == 2


def test_expected_revision_refuses_a_stale_write(store: CaseStore, case: Case) -> None:
    store.put_case(case)
    store.put_case(case, expected_revision=1)
    with pytest.raises(Conflict, match="revision 2, not 1"):
        store.put_case(case, expected_revision=1)
    assert store.revision(case.id) == 2


def test_unknown_case_is_case_not_found(store: CaseStore) -> None:
    with pytest.raises(CaseNotFound) as exc:
        store.get_case("un-cescr-1999-nothing")
    assert exc.value.status == 404


def test_alias_resolves_to_canonical_id(store: CaseStore) -> None:
    case = make_case().model_copy(update={"aliases": ["cescr-idg"]})
    store.put_case(case)
    assert store.resolve("cescr-idg") == case.id
    assert store.resolve(case.id) == case.id
    with pytest.raises(CaseNotFound):
        store.resolve("nobody")


def test_a_document_belongs_to_one_case(store: CaseStore) -> None:
    store.put_case(make_case("un-cescr-2015-first"))
    with pytest.raises(Conflict, match="already belongs to case un-cescr-2015-first"):
        store.put_case(make_case("un-cescr-2015-second"))
    # The failed write rolled back entirely: the second case does not exist at all.
    with pytest.raises(CaseNotFound):
        store.get_case("un-cescr-2015-second")


def test_identifier_lookup_for_dedupe(store: CaseStore, case: Case) -> None:
    store.put_case(case)
    assert store.find_by_identifier("un-cescr", "communication", "2/2014") == case.id
    assert store.find_by_identifier("un-ccpr", "communication", "2/2014") is None
    assert store.case_id_for_document("a" * 64) == case.id


def test_delete_cascades_to_documents(store: CaseStore, case: Case) -> None:
    store.put_case(case)
    store.delete_case(case.id)
    assert store.case_id_for_document("a" * 64) is None
    with pytest.raises(CaseNotFound):
        store.delete_case(case.id)


def test_iter_cases_pages_through_everything_in_id_order(store: CaseStore) -> None:
    ids = [f"un-cescr-2015-case-{n:03d}" for n in range(25)]
    for n, case_id in enumerate(reversed(ids)):
        store.put_case(make_case(case_id, sha=f"{n:064x}"))
    assert [c.id for c in store.iter_cases(batch=7)] == ids


def test_sqlite_is_wal_with_foreign_keys(store: CaseStore) -> None:
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_are_idempotent_and_recorded(settings: Settings) -> None:
    open_store(settings).close()
    with open_store(settings) as again:
        versions = [r[0] for r in again._conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in available_migrations()]


def test_a_store_from_a_newer_caselaw_is_refused(settings: Settings) -> None:
    open_store(settings).close()
    conn = sqlite3.connect(settings.store_path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="schema version 999"):
        open_store(settings)


def test_blobs_are_content_addressed_and_deduplicated(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    sha = blobs.put_bytes(b"%PDF-1.7 hello")
    assert blobs.put_bytes(b"%PDF-1.7 hello") == sha
    source = tmp_path / "x.pdf"
    source.write_bytes(b"%PDF-1.7 hello")
    assert blobs.put_file(source) == sha
    assert blobs.path(sha).parent.parent.name == sha[:2]
    with blobs.open(sha) as handle:
        assert handle.read() == b"%PDF-1.7 hello"
    assert not [p for p in blobs.path(sha).parent.iterdir() if p.name.startswith(".incoming")]
    with pytest.raises(DocumentNotFound):
        blobs.open("0" * 64)


def _spawn(data_dir: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_writer", str(data_dir), mode],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(path: Path, child: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if child.poll() is not None:
            raise AssertionError(f"writer exited early: {child.stderr.read().decode() if child.stderr else ''}")
        if time.monotonic() > deadline:
            child.kill()
            raise AssertionError(f"writer never reached {path.name}")
        time.sleep(0.02)


def test_killing_a_writer_mid_transaction_keeps_the_previous_case(settings: Settings) -> None:
    with open_store(settings) as store:
        before = store.put_case(make_case())
    child = _spawn(settings.data_dir, "pause")
    _wait_for(settings.data_dir / "in-transaction", child)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    with open_store(settings) as store:
        after = store.get_case(before.id)
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The killed write had replaced the title and inserted one of five documents: none of it survived.
    assert after == before
    assert after.titles["en"].full == "I.D.G. v. Spain"
    assert len(after.documents) == 1


def test_killing_a_streaming_writer_never_leaves_half_a_case(settings: Settings) -> None:
    child = _spawn(settings.data_dir, "stream")
    _wait_for(settings.data_dir / "progress", child)
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    with open_store(settings) as store:
        cases = list(store.iter_cases())
    assert cases, "the writer committed nothing before it was killed"
    for case in cases:
        # Every case was written with 40 documents; a torn write would show fewer.
        assert len(case.documents) == 40, case.id
        assert case.titles["en"].full == "stream with 40 documents"


def test_store_path_under_data_dir(settings: Settings) -> None:
    assert settings.store_path.parent == settings.data_dir
    store = open_store(settings)
    store.put_case(make_case().model_copy(update={"titles": {"en": Title(full="x")}}))
    store.close()
    assert settings.store_path.is_file()
