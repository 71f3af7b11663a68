"""Uploads of Word, RTF and HTML decisions: read by content, stored, their original served with its media type."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.api.conftest import api_settings, bearer
from tests.ingest.conftest import FIXTURES, load_golden
from tests.ingest.make_documents import Decision, docx, rtf

API = "/api/v1"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_word_and_rtf_uploads_are_ingested_and_served_back(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with open_store(Settings(data_dir=data_dir)) as store:
        key = KeyStore(store).create("Format editor", "editor")[1]
    golden = load_golden(FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.es.golden.json")["document"]
    decision = Decision(golden["text"].split("\n\n"), title=golden["title"])
    with TestClient(create_app(api_settings(data_dir))) as client:
        # Any declared type and name: the content decides (the RTF is sent as a PDF would be).
        uploads = [("views.docx", docx(decision), DOCX), ("views.pdf", rtf(decision), "application/pdf")]
        for name, data, declared in uploads:
            response = client.post(f"{API}/documents", files={"file": (name, data, declared)}, headers=bearer(key))
            assert response.status_code == 201, response.text
            body = response.json()
            assert body["case"]["case"]["forum"] == "un-cescr"
            sha = hashlib.sha256(data).hexdigest()
            original = client.get(f"{API}/cases/{body['case_id']}/documents/{sha}")
            assert original.status_code == 200 and original.content == data
            expected = DOCX if name.endswith(".docx") else "application/rtf"
            assert original.headers["content-type"].startswith(expected)
