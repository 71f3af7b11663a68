"""Writes with API keys: uploads of real and hostile PDFs, editor corrections with revisions and history."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.api.conftest import HELD_BACK, HELD_BACK_PDF, PDF_CASE, Keys, api_settings, bearer, build_data_dir
from tests.conftest import FIXTURES

API = "/api/v1"
HARD = {
    "encrypted.pdf": (422, "encrypted-pdf"),
    "truncated.pdf": (422, "truncated-pdf"),
    "empty.pdf": (422, "empty-file"),
    "not-a-pdf.pdf": (415, "not-a-pdf"),
}


@pytest.fixture(scope="module")
def upload_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory without HELD_BACK, so that uploading its PDF makes a new case."""
    return build_data_dir(tmp_path_factory.mktemp("uploads") / "data", leave_out=frozenset({HELD_BACK}))


@pytest.fixture(scope="module")
def editor_key(upload_dir: Path) -> str:
    """An editor's key in that directory."""
    with open_store(Settings(data_dir=upload_dir)) as store:
        return KeyStore(store).create("Upload editor", "editor")[1]


@pytest.fixture(scope="module")
def uploader(upload_dir: Path) -> Iterator[TestClient]:
    """A client of the app over that directory."""
    with TestClient(create_app(api_settings(upload_dir))) as opened:
        yield opened


@pytest.mark.parametrize("name", sorted(HARD))
def test_hostile_upload_is_refused_by_name_quarantined_and_the_service_keeps_serving(
    uploader: TestClient, editor_key: str, upload_dir: Path, name: str
) -> None:
    data = (FIXTURES / "hard" / name).read_bytes()
    golden = json.loads((FIXTURES / "hard" / name.replace(".pdf", ".golden.json")).read_text())
    response = uploader.post(
        f"{API}/documents", files={"file": (name, data, "application/pdf")}, headers=bearer(editor_key)
    )
    status, code = HARD[name]
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    assert name in response.json()["detail"]
    quarantined = upload_dir / "quarantine" / golden["sha256"]
    assert quarantined.is_dir() and any(quarantined.iterdir()), "the refused file is kept for inspection"
    assert uploader.get(f"{API}/healthz").status_code == 200
    assert uploader.get(f"{API}/search", params={"q": "housing"}).json()["total"] > 0
    assert not list((upload_dir / "uploads").glob("*/*")), "no upload left behind in the spool"
    metrics = uploader.get(f"{API}/metrics").text
    assert 'caselaw_ingest_files_total{outcome="failed"}' in metrics


def test_real_pdf_upload_creates_a_case_searchable_at_once(uploader: TestClient, editor_key: str) -> None:
    assert uploader.get(f"{API}/search", params={"q": "Leghari"}).json()["total"] == 0
    data = HELD_BACK_PDF.read_bytes()
    response = uploader.post(
        f"{API}/documents", files={"file": (HELD_BACK_PDF.name, data, "application/pdf")}, headers=bearer(editor_key)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "ingested" and body["indexed"] is True
    assert response.headers["Location"] == f"{API}/cases/{body['case_id']}"
    assert body["case"]["case"]["forum"] == "pk-lahore-high-court"
    sha = hashlib.sha256(data).hexdigest()
    assert [d["sha256"] for d in body["case"]["documents"]] == [sha]

    found = uploader.get(f"{API}/search", params={"q": "Leghari"}).json()
    assert body["case_id"] in {hit["id"] for hit in found["hits"]}
    original = uploader.get(f"{API}/cases/{body['case_id']}/documents/{sha}")
    assert original.status_code == 200 and original.content == data

    again = uploader.post(
        f"{API}/documents", files={"file": ("copy.pdf", data, "application/pdf")}, headers=bearer(editor_key)
    )
    assert (again.status_code, again.json()["outcome"], again.json()["case_id"]) == (200, "duplicate", body["case_id"])


def test_upload_needs_an_editor_key(uploader: TestClient, keys: Keys) -> None:
    files = {"file": ("a.pdf", HELD_BACK_PDF.read_bytes(), "application/pdf")}
    assert uploader.post(f"{API}/documents", files=files).status_code == 401


def test_editor_correction_is_versioned_and_recorded(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    before = writer.get(url)
    revision = before.json()["revision"]
    assert before.headers["ETag"].startswith(f'"{revision}-en')
    old_rights = [tag["code"] for tag in before.json()["case"]["rights"]]
    assert "water-sanitation" not in old_rights

    started = datetime.now(UTC)
    patch = {"revision": revision, "reason": "Also about water", "rights": [*old_rights, "water-sanitation"]}
    edited = writer.patch(url, json=patch, headers=bearer(keys.editor))
    assert edited.status_code == 200, edited.text
    assert edited.json()["revision"] == revision + 1
    assert edited.headers["ETag"].startswith(f'"{revision + 1}-en')
    assert edited.headers["X-Index-Updated"] == "true"
    new_tag = next(t for t in edited.json()["case"]["rights"] if t["code"] == "water-sanitation")
    assert new_tag["source"] == "editor" and new_tag["editor"] == "Test editor"

    history = writer.get(f"{url}/history", headers=bearer(keys.editor)).json()
    assert len(history) == 1
    entry = history[0]
    assert entry["actor"].startswith("Test editor (key ") and "editor" in entry["actor"]
    public = writer.get(f"{url}/history").json()
    assert [e["actor"] for e in public] == ["editor"], "who edited is for editors' eyes only"
    assert started - timedelta(seconds=5) <= datetime.fromisoformat(entry["at"]) <= datetime.now(UTC)
    assert entry["reason"] == "Also about water" and entry["revision"] == revision + 1
    assert set(entry["changes"]) == {"rights"}
    assert [t["code"] for t in entry["changes"]["rights"]["old"]] == old_rights
    assert [t["code"] for t in entry["changes"]["rights"]["new"]] == [*old_rights, "water-sanitation"]

    found = writer.get(f"{API}/search", params={"right": "water-sanitation", "forum": "un-cescr", "size": 100})
    assert PDF_CASE in {hit["id"] for hit in found.json()["hits"]}, "the index follows the edit"

    stale = writer.patch(url, json={"revision": revision, "outcome": "no-violation"}, headers=bearer(keys.editor))
    assert stale.status_code == 409
    assert writer.get(url).json()["case"]["outcome"] == before.json()["case"]["outcome"], "a stale edit changes nothing"
    assert len(writer.get(f"{url}/history").json()) == 1


def test_edit_with_if_match_instead_of_a_body_revision(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    before = writer.get(url, params={"lang": "es"})
    tag, revision = before.headers["ETag"], before.json()["revision"]
    history = len(writer.get(f"{url}/history").json())
    summary = {"summaries": {"en": "An edit made with If-Match."}, "reason": "If-Match"}
    headers = {**bearer(keys.editor), "If-Match": tag}

    edited = writer.patch(url, json=summary, headers=headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["revision"] == revision + 1
    assert edited.json()["case"]["summaries"]["en"] == "An edit made with If-Match."

    # The same tag again is stale now: 412, the RFC 9110 answer to a failed If-Match, and nothing changes.
    stale = writer.patch(url, json={"outcome": "no-violation"}, headers=headers)
    assert stale.status_code == 412
    problem = stale.json()
    assert problem["type"].endswith("/precondition-failed") and f"revision {revision + 1}" in problem["detail"]
    weak = writer.patch(url, json={"outcome": "no-violation"}, headers={**headers, "If-Match": f'W/"{revision + 1}"'})
    assert weak.status_code == 412, "If-Match compares strongly: a weak tag never matches"
    assert writer.get(url).json()["case"]["outcome"] == before.json()["case"]["outcome"]

    # Neither a body revision nor If-Match: the edit cannot say what it corrects.
    blind = writer.patch(url, json={"outcome": "no-violation"}, headers=bearer(keys.editor))
    assert blind.status_code == 428 and blind.json()["type"].endswith("/precondition-required")
    # Both: a current If-Match does not rescue a stale body revision.
    both = writer.patch(
        url, json={"revision": revision, "outcome": "no-violation"}, headers={**headers, "If-Match": "*"}
    )
    assert both.status_code == 409
    assert len(writer.get(f"{url}/history").json()) == history + 1, "only the one accepted edit is recorded"


def test_member_and_revoked_keys_cannot_edit(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    revision = writer.get(url).json()["revision"]
    assert writer.patch(url, json={"revision": revision}, headers=bearer(keys.member)).status_code == 403
    assert writer.patch(url, json={"revision": revision}, headers=bearer(keys.revoked)).status_code == 401
    assert writer.patch(url, json={"revision": revision}, headers={"X-API-Key": keys.revoked}).status_code == 401
    assert writer.get(url).json()["revision"] == revision


def test_null_fields_in_a_correction_leave_the_case_as_it_is(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    before = writer.get(url).json()
    nulls = {field: None for field in ("rights", "issues", "affected_groups", "charter_conditions", "outcome", "dates")}
    edited = writer.patch(url, json={"revision": before["revision"], **nulls}, headers=bearer(keys.editor))
    assert edited.status_code == 200, edited.text
    for field in ("rights", "issues", "affected_groups", "charter_conditions", "outcome", "dates"):
        assert edited.json()["case"][field] == before["case"][field], field
    # Nothing changed: no new revision and no empty history entry; a stale no-op is still refused.
    assert edited.json()["revision"] == before["revision"]
    history = writer.get(f"{url}/history").json()
    assert all(entry["changes"] for entry in history)
    stale = writer.patch(url, json={"revision": before["revision"] + 1}, headers=bearer(keys.editor))
    assert stale.status_code == 409
