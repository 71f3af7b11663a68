"""The committee page without a browser: message catalogs complete in five languages, the shell, its policy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.api.committee import COMMITTEE_CSP
from caselaw.api.committee.page import MESSAGES_DIR, messages, page_labels
from caselaw.api.ui.messages import catalog_problems
from caselaw.config import Settings
from caselaw.selection import HistoryAction, PrecedentState, Stage
from caselaw.taxonomy import LANGUAGES

PACKAGE = Path(__file__).resolve().parents[2] / "caselaw" / "api" / "committee"
STATIC = PACKAGE / "static"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_exists_in_every_language(language: str) -> None:
    """Keys, plural forms and placeholders, checked as for every catalog of the site (tests/ui/test_messages.py)."""
    assert catalog_problems(language, MESSAGES_DIR) == []


def _used_keys() -> set[str]:
    used: set[str] = set()
    for script in STATIC.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        used.update(re.findall(r"""\bt\(\s*"([a-z_]+\.[a-z0-9_.\-]+)"\s*[,)]""", text))
        used.update(re.findall(r"""\["[a-z_]+", "([a-z_]+\.[a-z0-9_]+)"\]""", text))  # [anchor, key] pairs
        used.update(re.findall(r"""^\s*"([a-z]+\.[a-z_]+)",$""", text, flags=re.MULTILINE))  # lists of header keys
        for pair in re.findall(r"""\?\s*"([a-z]+\.[a-z_]+)"\s*:\s*"([a-z]+\.[a-z_]+)\"""", text):
            used.update(pair)
    # Keys built at run time from a code: one per value the code can take.
    used.update(f"role.{role}" for role in ("steering-committee", "member"))
    used.update(f"deadline.{level}" for level in ("overdue", "week", "fortnight"))
    used.update(f"history.action_{action.value}" for action in HistoryAction)
    used.update(f"precedents.state_{state.value}" for state in PrecedentState)
    used.update(f"scoring.value_{value}" for value in range(4))
    return used


def test_every_key_the_scripts_use_is_in_the_catalog() -> None:
    used = _used_keys()
    assert len(used) > 100  # the patterns above still find the page's keys
    assert sorted(used - set(messages("en"))) == []


def test_labels_cover_every_stage_in_every_language() -> None:
    for language in LANGUAGES:
        labels = page_labels(language)
        assert set(labels["stages"]) == {stage.value for stage in Stage}
        assert labels["dir"] == ("rtl" if language == "ar" else "ltr")
        assert set(labels["reason_required"]) == {"approved", "declined"}


def test_scripts_never_write_html_and_load_nothing_from_elsewhere() -> None:
    for asset in [*STATIC.glob("*.js"), *STATIC.glob("*.css")]:
        text = asset.read_text(encoding="utf-8")
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text, asset.name
        assert not re.search(r"https?://", text), f"{asset.name} refers to another origin"
        # Logical properties only, so that the Arabic page mirrors (physical ones would stay on the left).
        if asset.suffix == ".css":
            assert not re.search(
                r"(margin|padding|border)-(left|right)|\b(left|right):|text-align:\s*(left|right)", text
            )


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over an empty data directory: the page needs no data to be served."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("committee-shell"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_page_and_its_assets_carry_a_strict_policy(client: TestClient) -> None:
    for path in (
        "/committee",
        "/committee/propose",
        "/committee/candidates/cand-0123456789ab",
        "/committee/static/main.js",
        "/committee/static/committee.css",
        "/committee/labels/fr.json",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert policy == COMMITTEE_CSP
        for directive in ("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "default-src 'none'"):
            assert directive in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "set-cookie" not in response.headers
    assert client.get("/committee/static/main.js").headers["content-type"].startswith("text/javascript")


def test_the_shell_has_no_inline_script_and_follows_the_language(client: TestClient) -> None:
    page = client.get("/committee?lang=ar").text
    assert '<html lang="ar" dir="rtl">' in page
    assert "<title>المرشحون لمذكرات أصدقاء المحكمة · اللجنة التوجيهية</title>" in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script type="module" src="/committee/static/main.js">']
    assert len(re.findall(r"<script[^>]*>\s*</script>", page)) == len(scripts)  # no inline code between the tags
    assert " style=" not in page
    # An unknown language (an old link) falls back to English instead of failing.
    assert '<html lang="en" dir="ltr">' in client.get("/committee?lang=xx").text
    assert client.get("/committee/labels/xx.json").status_code == 422
    assert client.get("/committee/candidates/not-an-id").status_code == 422
