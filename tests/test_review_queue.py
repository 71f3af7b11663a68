"""Records stored with gaps wait for an editor: the model's rules, the store's queue, the CLI and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from caselaw.api import create_app
from caselaw.cli import app as cli
from caselaw.config import Settings
from caselaw.models import Case, ReviewStatus, settle_review
from caselaw.store import CaseStore, open_store
from caselaw.store.keys import KeyStore
from tests.conftest import make_case

API = "/api/v1"


def incomplete(case_id: str = "decision-undated-x-v-y", *, sha: str = "b" * 64) -> Case:
    """A decision ingest could not place: no forum, no State, no date."""
    base = make_case(case_id, sha=sha)
    return base.model_copy(
        update={
            "forum": None,
            "respondent_states": [],
            "region": None,
            "dates": base.dates.model_copy(update={"decision": None, "communication": None}),
            "status": ReviewStatus.NEEDS_REVIEW,
            "review_reasons": ["forum", "state", "decision-date"],
        }
    )


def test_an_open_national_forum_needs_its_printed_name_and_a_real_country() -> None:
    case = make_case()
    opened = case.model_copy(update={"forum": "ke-high-court-at-mombasa"})
    with pytest.raises(ValidationError, match="printed name"):
        Case.model_validate(opened.model_dump())
    named = Case.model_validate({**opened.model_dump(), "forum_name": "High Court at Mombasa"})
    assert named.forum_label("ar") == "High Court at Mombasa", "an unlisted forum is labelled by its printed name"
    assert named.forum_type() == "national"
    with pytest.raises(ValidationError, match="unknown forum code"):
        Case.model_validate({**opened.model_dump(), "forum": "zz-court-of-nowhere", "forum_name": "Court"})
    assert make_case().forum_label("es") == "Comité de Derechos Económicos, Sociales y Culturales"


def test_a_non_decision_has_no_decision_type() -> None:
    with pytest.raises(ValidationError, match="not a decision"):
        Case.model_validate({**make_case().model_dump(), "kind": "report"})
    report = Case.model_validate({**make_case().model_dump(), "kind": "report", "decision_type": None})
    assert report.kind == "report"


def test_an_edit_answers_the_reasons_it_fills_and_the_last_one_clears_the_status() -> None:
    case = incomplete()
    with_forum = settle_review(case.model_copy(update={"forum": "un-cescr"}), {"forum"})
    assert with_forum.review_reasons == ["state", "decision-date"]
    assert with_forum.status is ReviewStatus.NEEDS_REVIEW
    done = settle_review(
        with_forum.model_copy(update={"respondent_states": ["ES"], "dates": make_case().dates}),
        {"respondent_states", "dates"},
    )
    assert done.review_reasons == [] and done.status is ReviewStatus.OK
    kept = settle_review(case.model_copy(update={"summaries": {"en": "A summary."}}), {"summaries"})
    assert kept.review_reasons == case.review_reasons, "an unrelated edit answers nothing"


def test_the_store_lists_what_waits_for_review(store: CaseStore) -> None:
    store.put_case(make_case())
    store.put_case(incomplete())
    total, items = store.review_queue()
    assert total == 1
    assert [(i.case_id, i.reasons, i.status) for i in items] == [
        ("decision-undated-x-v-y", ["forum", "state", "decision-date"], ReviewStatus.NEEDS_REVIEW)
    ]
    assert items[0].title == "I.D.G. v. Spain"


def test_review_list_on_the_command_line(settings: Settings) -> None:
    with open_store(settings) as store:
        store.put_case(incomplete())
    result = CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "review", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["case_id"], r["reasons"]) for r in rows] == [
        ("decision-undated-x-v-y", ["forum", "state", "decision-date"])
    ]
    table = CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "review", "list"])
    assert "1 record(s) waiting for review" in table.output and "forum, state, decision-date" in table.output


def test_review_queue_over_http_and_an_editor_completing_a_record(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with open_store(settings) as store:
        store.put_case(incomplete())
        key = KeyStore(store).create("Review editor", "editor")[1]
    with TestClient(create_app(settings)) as client:
        queue = client.get(f"{API}/review").json()
        assert queue["total"] == 1 and queue["items"][0]["reasons"] == ["forum", "state", "decision-date"]
        url = f"{API}/cases/decision-undated-x-v-y"
        patch = {
            "revision": 1,
            "reason": "forum, State and date read from the cover",
            "forum": "ke-high-court-at-mombasa",
            "forum_name": "High Court of Kenya at Mombasa",
            "respondent_states": ["KE"],
            "dates": {"decision": "2021-10-05"},
        }
        edited = client.patch(url, json=patch, headers={"Authorization": f"Bearer {key}"})
        assert edited.status_code == 200, edited.text
        case = edited.json()["case"]
        assert case["status"] == "ok" and case["review_reasons"] == []
        assert case["forum"] == "ke-high-court-at-mombasa"
        assert client.get(f"{API}/review").json() == {"total": 0, "items": []}
        bad = client.patch(
            url, json={"revision": 2, "forum": "ke-high-court-at-nakuru"}, headers={"Authorization": f"Bearer {key}"}
        )
        assert bad.status_code == 200, "the printed name given before still names the new open forum"
