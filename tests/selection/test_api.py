"""The selection table through the HTTP API: the issue's scenario, roles, exports read back, history."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.conftest import load_corpus
from tests.selection.conftest import eviction_draft

BASE = "/api/v1/selection"
CRITERIA = ["precedent-value", "transferability", "community-link"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the fixture corpus and its embedded index."""
    directory = tmp_path_factory.mktemp("selection-api")
    load_corpus(Settings(data_dir=directory, index_writer_memory_mb=32, index_writer_threads=1))
    return directory


@pytest.fixture(scope="module")
def keys(data_dir: Path) -> dict[str, str]:
    """Keys by holder: three committee members, a member organisation, an editor, and a revoked committee key."""
    with open_store(Settings(data_dir=data_dir)) as store:
        made = KeyStore(store)
        found = {name: made.create(name, "steering-committee")[1] for name in ("amina", "bruno", "carmen")}
        found["observatorio"] = made.create("observatorio", "member")[1]
        found["editor"] = made.create("editor", "editor")[1]
        revoked, found["revoked"] = made.create("former member", "steering-committee")
        made.revoke(revoked.key_id)
    return found


@pytest.fixture(scope="module")
def client(data_dir: Path, keys: dict[str, str]) -> Iterator[TestClient]:
    """The app over that directory; rate limits off so the scenario is not throttled."""
    settings = Settings(data_dir=data_dir, rate_limit_per_minute=0, rate_limit_key_per_minute=0)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def auth(token: str) -> dict[str, str]:
    """The Authorization header for a key."""
    return {"Authorization": f"Bearer {token}"}


def propose(client: TestClient, token: str, **changes: object) -> dict[str, object]:
    """Propose the pending eviction case through the API."""
    body = json.loads(eviction_draft(**changes).model_dump_json(exclude_none=True))  # type: ignore[arg-type]
    response = client.post(
        f"{BASE}/candidates", json=body | {"reason": "urgent: leave deadline soon"}, headers=auth(token)
    )
    assert response.status_code == 201, response.text
    assert response.headers["location"].endswith(response.json()["candidate"]["id"])
    view: dict[str, object] = response.json()
    return view


def test_the_table_is_not_public(client: TestClient, keys: dict[str, str]) -> None:
    for path in ("/candidates", "/deadlines", "/criteria", "/candidates/export"):
        response = client.get(BASE + path)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unauthorized"
    assert client.get(f"{BASE}/candidates", headers=auth(keys["revoked"])).status_code == 401
    # An editor curates the case database; the committee's table is not theirs to read.
    assert client.get(f"{BASE}/candidates", headers=auth(keys["editor"])).json()["code"] == "forbidden"


def test_me_names_the_key_holder_and_role(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get(f"{BASE}/me").status_code == 401
    assert client.get(f"{BASE}/me", headers=auth(keys["revoked"])).status_code == 401
    assert client.get(f"{BASE}/me", headers=auth(keys["editor"])).status_code == 403
    committee = client.get(f"{BASE}/me", headers=auth(keys["amina"])).json()
    assert (committee["name"], committee["role"], committee["may_score"]) == ("amina", "steering-committee", True)
    assert keys["amina"].split("_")[1] == committee["key_id"]
    member = client.get(f"{BASE}/me", headers=auth(keys["observatorio"])).json()
    assert (member["name"], member["role"], member["may_score"]) == ("observatorio", "member", False)


def test_propose_score_move_export_and_read_the_history(client: TestClient, keys: dict[str, str]) -> None:
    view = propose(client, keys["observatorio"])
    candidate = view["candidate"]
    assert isinstance(candidate, dict)
    cid = candidate["id"]
    assert candidate["stage"] == "proposed" and view["region"] == "europe-central-asia"
    assert view["allowed_transitions"] == ["under_discussion", "declined"]

    # A member may not score or move candidates.
    score = {"criterion": "precedent-value", "value": 3, "rationale": "First CESCR case on this point"}
    refused = client.post(f"{BASE}/candidates/{cid}/scores", json=score, headers=auth(keys["observatorio"]))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    move = {"to": "under_discussion"}
    refused = client.post(f"{BASE}/candidates/{cid}/transitions", json=move, headers=auth(keys["observatorio"]))
    assert refused.status_code == 403

    # Three committee members score three criteria.
    values = {"amina": [3, 2, 3], "bruno": [2, 2, 1], "carmen": [3, 1, 2]}
    for member, scores in values.items():
        for criterion, value in zip(CRITERIA, scores, strict=True):
            body = {"criterion": criterion, "value": value, "rationale": f"{member} on {criterion}"}
            response = client.post(f"{BASE}/candidates/{cid}/scores", json=body, headers=auth(keys[member]))
            assert response.status_code == 200, response.text
    assessment = client.get(f"{BASE}/candidates/{cid}/assessment", headers=auth(keys["observatorio"])).json()
    by_code = {c["criterion"]: c for c in assessment["criteria"]}
    assert by_code["precedent-value"]["average"] == pytest.approx(8 / 3, abs=0.001)
    assert (by_code["precedent-value"]["minimum"], by_code["precedent-value"]["maximum"]) == (2, 3)
    assert by_code["community-link"]["count"] == 3
    assert sorted(assessment["scored_by"]) == ["amina", "bruno", "carmen"]
    assert assessment["not_scored"] == []  # the revoked key's holder is not expected to score
    assert set(assessment["incomplete"]) == {"amina", "bruno", "carmen"}  # seven criteria left each

    # The workflow: an illegal jump is refused with a clear error; approval needs a reason.
    jump = client.post(f"{BASE}/candidates/{cid}/transitions", json={"to": "approved", "reason": "x"},
                       headers=auth(keys["amina"]))  # fmt: skip
    assert jump.status_code == 409 and jump.json()["code"] == "illegal-transition"
    assert "proposed" in jump.json()["detail"]
    for stage in ("under_discussion", "recommended"):
        step = client.post(f"{BASE}/candidates/{cid}/transitions", json={"to": stage}, headers=auth(keys["bruno"]))
        assert step.status_code == 200, step.text
    unexplained = client.post(f"{BASE}/candidates/{cid}/transitions", json={"to": "approved"},
                              headers=auth(keys["carmen"]))  # fmt: skip
    assert unexplained.status_code == 422 and unexplained.json()["code"] == "reason-required"
    approved = client.post(
        f"{BASE}/candidates/{cid}/transitions",
        json={"to": "approved", "reason": "Strong precedent value; community consent obtained"},
        headers=auth(keys["carmen"]),
    )
    assert approved.status_code == 200 and approved.json()["candidate"]["stage"] == "approved"

    # Comments are threaded; members may comment.
    first = client.post(f"{BASE}/candidates/{cid}/comments", json={"body": "We can draft in Spanish."},
                        headers=auth(keys["observatorio"])).json()  # fmt: skip
    answer = {"body": "Translation ready.", "parent_id": first["id"]}
    reply = client.post(f"{BASE}/candidates/{cid}/comments", json=answer, headers=auth(keys["amina"]))
    assert reply.status_code == 201 and reply.json()["parent_id"] == first["id"]

    # Exports read back: CSV with csv, XLSX with openpyxl, JSON with json.
    csv_response = client.get(f"{BASE}/candidates/export?format=csv&lang=es", headers=auth(keys["amina"]))
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert any("M.B.F. and family v. Spain" in row for row in rows[1:])
    xlsx = client.get(f"{BASE}/candidates/export?format=xlsx&lang=fr", headers=auth(keys["amina"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert any("M.B.F. and family v. Spain" in row for row in cells[1:])
    exported = client.get(f"{BASE}/candidates/export?format=json", headers=auth(keys["amina"])).json()
    assert [c["key"] for c in exported["columns"]][:2] == ["id", "name"]
    assert cid in [row["id"] for row in exported["rows"]]

    # The history shows every change with who and why.
    history = client.get(f"{BASE}/candidates/{cid}/history", headers=auth(keys["observatorio"])).json()
    actions = [(h["action"], h["actor"]) for h in history]
    assert actions[0] == ("created", "observatorio")
    assert sum(1 for action, _ in actions if action == "scored") == 9
    stages = [(h["old"], h["new"], h["reason"]) for h in history if h["field"] == "stage"]
    assert stages == [
        ("proposed", "under_discussion", None),
        ("under_discussion", "recommended", None),
        ("recommended", "approved", "Strong precedent value; community consent obtained"),
    ]
    assert sum(1 for action, _ in actions if action == "commented") == 2


def test_precedents_for_a_housing_eviction_candidate_make_sense(client: TestClient, keys: dict[str, str]) -> None:
    cid = propose(client, keys["observatorio"])["candidate"]["id"]  # type: ignore[index]
    refreshed = client.post(f"{BASE}/candidates/{cid}/precedents/refresh?size=5", headers=auth(keys["observatorio"]))
    assert refreshed.status_code == 200, refreshed.text
    ids = [p["case_id"] for p in refreshed.json()]
    assert "un-cescr-2017-ben-djazia-bellili-v-spain" in ids[:3]
    assert all(p["reasons"] for p in refreshed.json())
    dismissed = ids[0]
    # Only the committee pins and dismisses.
    path = f"{BASE}/candidates/{cid}/precedents/{dismissed}/dismiss"
    assert client.post(path, headers=auth(keys["observatorio"])).status_code == 403
    assert client.post(path, json={"reason": "other question"}, headers=auth(keys["bruno"])).status_code == 200
    listed = client.get(f"{BASE}/candidates/{cid}/precedents", headers=auth(keys["bruno"])).json()
    assert dismissed not in [p["case_id"] for p in listed]


def test_filters_deadlines_and_member_edits(client: TestClient, keys: dict[str, str]) -> None:
    soon = propose(client, keys["observatorio"], deadline_in_days=3)["candidate"]
    later = propose(client, keys["amina"], deadline_in_days=60, name="Later case v. Spain")["candidate"]
    assert isinstance(soon, dict) and isinstance(later, dict)
    within = client.get(f"{BASE}/deadlines?within=7", headers=auth(keys["observatorio"])).json()
    ids = [row["candidate"]["id"] for row in within]
    assert soon["id"] in ids and later["id"] not in ids
    assert all(row["days_left"] <= 7 for row in within)
    listed = client.get(f"{BASE}/candidates?deadline_within=7&right=housing&sort=deadline",
                        headers=auth(keys["bruno"])).json()  # fmt: skip
    assert soon["id"] in [row["candidate"]["id"] for row in listed]
    bad = client.get(f"{BASE}/candidates?sort=nonsense", headers=auth(keys["bruno"]))
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"

    # A member may edit its own proposal, not another's; a stale revision is a 409.
    new_deadline = (date.today() + timedelta(days=5)).isoformat()
    own = client.patch(f"{BASE}/candidates/{soon['id']}", json={"revision": soon["revision"],
                       "changes": {"deadline": new_deadline}, "reason": "extended"},
                       headers=auth(keys["observatorio"]))  # fmt: skip
    assert own.status_code == 200, own.text
    assert own.json()["candidate"]["deadline"] == new_deadline
    other = client.patch(f"{BASE}/candidates/{later['id']}", json={"revision": later["revision"], "changes": {}},
                         headers=auth(keys["observatorio"]))  # fmt: skip
    assert other.status_code == 403
    stale = client.patch(f"{BASE}/candidates/{soon['id']}", json={"revision": soon["revision"],
                         "changes": {"docket": "X"}}, headers=auth(keys["amina"]))  # fmt: skip
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    missing = client.get(f"{BASE}/candidates/cand-000000000000", headers=auth(keys["amina"]))
    assert missing.status_code == 404 and missing.json()["code"] == "candidate-not-found"
