"""Through HTTP: undoing pins and dismissals, withdrawing and reinstating, precedents with their implementation
record, and who may do each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import follow_up, open_store
from caselaw.store.keys import KeyStore
from tests.conftest import FIXTURES, load_corpus
from tests.selection.conftest import eviction_draft

BASE = "/api/v1/selection"
BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
ENDOROIS = "achpr-2009-endorois"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A data directory with the fixture corpus, its follow-up events, and keys by holder."""
    directory = tmp_path_factory.mktemp("selection-undo")
    load_corpus(Settings(data_dir=directory, index_writer_memory_mb=32, index_writer_threads=1))
    with open_store(Settings(data_dir=directory)) as store:
        follow_up.import_events(store, (FIXTURES / "follow_up.jsonl").read_text("utf-8").splitlines(), actor="test")
        made = KeyStore(store)
        found = {name: made.create(name, "steering-committee")[1] for name in ("amina", "bruno")}
        found["observatorio"] = made.create("observatorio", "member")[1]
        found["other member"] = made.create("observatorio", "member")[1]  # same name, another key
        found["editor"] = made.create("editor", "editor")[1]
    return directory, found


@pytest.fixture(scope="module")
def client(keys: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    """The app over that directory, rate limits off."""
    settings = Settings(data_dir=keys[0], rate_limit_per_minute=0, rate_limit_key_per_minute=0)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def call(
    client: TestClient, keys: tuple[Path, dict[str, str]], who: str | None, method: str, path: str, **kw: Any
) -> httpx.Response:
    """A request as `who` (None: anonymous)."""
    headers = {} if who is None else {"Authorization": f"Bearer {keys[1][who]}"}
    answer: httpx.Response = client.request(method, BASE + path, headers=headers, **kw)
    return answer


def propose(client: TestClient, keys: tuple[Path, dict[str, str]], who: str, name: str) -> dict[str, Any]:
    """A pending eviction case proposed by `who`; the API's view of it."""
    body = eviction_draft(name=name).model_dump(mode="json", exclude_none=True)
    answer = call(client, keys, who, "POST", "/candidates", json=body)
    assert answer.status_code == 201, answer.text
    view: dict[str, Any] = answer.json()
    return view


def test_pin_and_dismiss_are_undone_by_the_committee_only(
    client: TestClient, keys: tuple[Path, dict[str, str]]
) -> None:
    cid = propose(client, keys, "observatorio", "Undo v. Spain")["candidate"]["id"]
    precedent = f"/candidates/{cid}/precedents/{BEN_DJAZIA}"
    dismissed = call(client, keys, "amina", "POST", f"{precedent}/dismiss", json={"reason": "Already cited"})
    assert dismissed.status_code == 200 and dismissed.json()["decision_reason"] == "Already cited"
    for who, status in ((None, 401), ("editor", 403), ("observatorio", 403)):
        assert call(client, keys, who, "POST", f"{precedent}/undismiss").status_code == status, who
    undone = call(client, keys, "bruno", "POST", f"{precedent}/undismiss", json={"reason": "It is on point after all"})
    assert undone.status_code == 200 and undone.json()["state"] == "suggested"
    again = call(client, keys, "bruno", "POST", f"{precedent}/undismiss")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert call(client, keys, "amina", "POST", f"{precedent}/pin", json={"reason": "Closest facts"}).status_code == 200
    assert call(client, keys, "amina", "POST", f"{precedent}/unpin").json()["state"] == "suggested"
    missing = call(client, keys, "amina", "POST", f"/candidates/{cid}/precedents/un-cerd-2005-lr-v-slovakia/unpin")
    assert missing.status_code == 404
    actions = [e["action"] for e in call(client, keys, "amina", "GET", f"/candidates/{cid}/history").json()]
    assert actions[-4:] == ["precedent_dismissed", "precedent_undismissed", "precedent_pinned", "precedent_unpinned"]


def test_precedents_show_the_implementation_record(client: TestClient, keys: tuple[Path, dict[str, str]]) -> None:
    cid = propose(client, keys, "observatorio", "Record v. Kenya")["candidate"]["id"]
    pinned = call(client, keys, "amina", "POST", f"/candidates/{cid}/precedents/{ENDOROIS}/pin", json={"reason": "x"})
    assert pinned.status_code == 200
    listed = call(client, keys, "observatorio", "GET", f"/candidates/{cid}/precedents", params={"lang": "es"}).json()
    record = next(p for p in listed if p["case_id"] == ENDOROIS)["implementation"]
    assert record["level"] == "not-implemented" and record["level_label"] == "No cumplido"
    assert record["events"] >= 2 and record["latest"]["type_label"]
    # The same in the candidate's view, and it agrees with the case's own follow-up.
    view = call(client, keys, "observatorio", "GET", f"/candidates/{cid}").json()
    own = client.get(f"/api/v1/cases/{ENDOROIS}/follow-up").json()
    in_view = next(p for p in view["precedents"] if p["case_id"] == ENDOROIS)["implementation"]
    assert in_view["level"] == own["level"] and in_view["events"] == len(own["events"])
    assert in_view["latest"]["date"] == own["events"][0]["date"]  # the case API lists newest first


def test_withdraw_and_reinstate(client: TestClient, keys: tuple[Path, dict[str, str]]) -> None:
    view = propose(client, keys, "observatorio", "Withdrawn v. Spain")
    cid, revision = view["candidate"]["id"], view["candidate"]["revision"]
    assert call(client, keys, None, "POST", f"/candidates/{cid}/withdraw", json={"reason": "x"}).status_code == 401
    assert call(client, keys, "editor", "POST", f"/candidates/{cid}/withdraw", json={"reason": "x"}).status_code == 403
    # A member withdraws only what its own key proposed, not what another key with the same name did.
    other = call(client, keys, "other member", "POST", f"/candidates/{cid}/withdraw", json={"reason": "x"})
    assert other.status_code == 403
    assert call(client, keys, "observatorio", "POST", f"/candidates/{cid}/withdraw", json={}).status_code == 422
    stale = call(
        client, keys, "observatorio", "POST", f"/candidates/{cid}/withdraw", json={"reason": "x", "revision": 9}
    )
    assert stale.status_code == 409
    done = call(
        client, keys, "observatorio", "POST", f"/candidates/{cid}/withdraw",
        json={"reason": "The family found housing", "revision": revision},
    )  # fmt: skip
    assert done.status_code == 200, done.text
    withdrawn = done.json()["candidate"]["withdrawn"]
    assert withdrawn["by"] == "observatorio" and withdrawn["reason"] == "The family found housing"

    listed = [r["candidate"]["id"] for r in call(client, keys, "amina", "GET", "/candidates").json()]
    assert cid not in listed
    only = call(client, keys, "amina", "GET", "/candidates", params={"withdrawn": "only"}).json()
    assert [r["candidate"]["id"] for r in only] == [cid]
    assert call(client, keys, "amina", "GET", f"/candidates/{cid}").status_code == 200  # still there

    patch = call(client, keys, "amina", "PATCH", f"/candidates/{cid}", json={"revision": revision + 1, "changes": {}})
    assert patch.status_code == 409 and patch.json()["code"] == "candidate-withdrawn"
    move = call(client, keys, "amina", "POST", f"/candidates/{cid}/transitions", json={"to": "under_discussion"})
    assert move.status_code == 409 and move.json()["code"] == "candidate-withdrawn"

    back = call(client, keys, "amina", "POST", f"/candidates/{cid}/reinstate", json={"reason": "Evicted again"})
    assert back.status_code == 200 and back.json()["candidate"]["withdrawn"] is None
    assert call(client, keys, "amina", "POST", f"/candidates/{cid}/reinstate", json={}).status_code == 409
    actions = [e["action"] for e in call(client, keys, "amina", "GET", f"/candidates/{cid}/history").json()]
    assert actions == ["created", "withdrawn", "reinstated"]
    export = call(client, keys, "amina", "GET", "/candidates/export", params={"format": "json", "withdrawn": "include"})
    assert "withdrawn_at" in [c["key"] for c in export.json()["columns"]]
