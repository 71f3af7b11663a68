"""The committee page in headless Chromium: sign-in, the issue's scenario, the table's state, roles, Arabic."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.committee.conftest import ROOT, SCREENSHOTS, ContextFactory, Server, screenshot, sign_in, unavailable

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - skipped locally, a failure under CI
    unavailable("the playwright Python package is not installed", module=True)

BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
CANDIDATE_URL = re.compile(r"/committee/candidates/cand-[0-9a-f]{12}$")
CRITERIA = {
    "precedent-value": "Precedent value and novelty",
    "transferability": "Transferability to other countries",
    "community-link": "Link with litigants and communities",
}
AXE = ROOT / "tests" / "ui" / "node_modules" / "axe-core" / "axe.min.js"


def api(server: Server, who: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Call the JSON API directly (to set up data a test is not about)."""
    headers = {"Authorization": f"Bearer {server.keys[who]}"}
    return httpx.request(method, f"{server.url}/api/v1/selection{path}", headers=headers, timeout=30, **kwargs)


def pending(name: str, days: int, **changes: Any) -> dict[str, Any]:
    """A pending candidate whose deadline is `days` from today."""
    body: dict[str, Any] = {
        "name": name,
        "forum": "un-cescr",
        "state": "ES",
        "deadline": (date.today() + timedelta(days=days)).isoformat(),
        "deadline_kind": "leave-to-intervene",
        "proposer": {"organisation": "Observatorio DESC"},
        "rights": ["housing"],
    }
    return body | changes


def page_fetch(page: Page, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Call the API from inside the page with the key it holds: what a person could do with the browser's console."""
    result: dict[str, Any] = page.evaluate(
        """async ([method, path, body]) => {
            const response = await fetch("/api/v1/selection" + path, {
                method,
                headers: {"Authorization": "Bearer " + sessionStorage.getItem("caselaw.committee.key"),
                          "Content-Type": "application/json"},
                body: body === null ? undefined : JSON.stringify(body),
            });
            return {status: response.status, body: await response.json()};
        }""",
        [method, path, body],
    )
    return result


def test_anonymous_visitor_sees_the_sign_in_prompt_and_no_data(server: Server, new_context: ContextFactory) -> None:
    cid = api(server, "amina", "POST", "/candidates", json=pending("Hidden v. Spain", 20)).json()["candidate"]["id"]
    page = new_context().new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/committee", f"/committee/candidates/{cid}", "/committee/propose"):
        response = page.goto(server.url + path)
        assert response is not None and response.ok
        expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
        expect(page.get_by_label("API key")).to_be_visible()
        assert page.locator("table").count() == 0
        expect(page.locator("main")).not_to_contain_text("Hidden v. Spain")
    # Nothing but labels was asked for: no call to the table's API without a key.
    assert not [url for url in requests if "/api/v1/selection" in url]


def test_bad_keys_get_a_clear_message(server: Server, new_context: ContextFactory) -> None:
    page = new_context().new_page()
    page.goto(server.url + "/committee")
    page.get_by_label("API key").fill("clk_000000000000_not-a-real-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("unknown or has been revoked")
    page.get_by_label("API key").fill(server.keys["editor"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("only steering-committee and member keys")
    assert page.evaluate("sessionStorage.length") == 0
    assert page.context.cookies() == []


def test_the_committee_scenario(server: Server, new_context: ContextFactory, tmp_path: Path) -> None:
    # A member organisation proposes a pending housing-eviction case through the form.
    member = sign_in(new_context().new_page(), server, "observatorio")
    expect(member.get_by_test_id("whoami")).to_have_text("Signed in as observatorio (member organisation)")
    member.get_by_role("link", name="Propose a candidate").click()
    form = member.locator("#propose-form")
    form.get_by_label("Case", exact=True).fill("M.B.F. and family v. Spain")
    form.get_by_label("Forum").select_option("un-cescr")
    form.get_by_label("State", exact=True).fill("ES")
    form.get_by_label("Docket or communication no.").fill("E/C.12/D/250/2025")
    form.get_by_label("Stage of proceedings").select_option("merits")
    form.get_by_label("Deadline", exact=True).fill((date.today() + timedelta(days=5)).isoformat())
    form.get_by_label("Deadline for").select_option("leave-to-intervene")
    form.get_by_label("Proposed by").fill("Observatorio DESC")
    form.get_by_label("Contact").fill("Laura <laura@example.org>")
    form.get_by_label("Lead member").fill("Observatorio DESC")
    form.get_by_label("Co-signers").fill("Habitat International Coalition, SERI")
    form.get_by_label("Español").check()
    for name in ("Housing", "Forced evictions", "Children", "Tenants and mortgage debtors", "Women's ESCR"):
        form.get_by_label(name, exact=True).check()
    form.get_by_label("Summary").fill(
        "A mother and her two children were evicted from their rented home in Madrid after the lease expired, "
        "without any alternative housing offered by the authorities; the eviction separated the family."
    )
    form.get_by_label("Communities and grassroots groups").fill("The family and the tenants' union")
    form.get_by_label("Consent").select_option("obtained")
    form.get_by_label("Note for the history").fill("urgent: leave deadline soon")
    form.get_by_role("button", name="Propose").click()
    expect(member).to_have_url(CANDIDATE_URL)
    expect(member.get_by_role("heading", level=1)).to_have_text("M.B.F. and family v. Spain")
    candidate_url = member.url
    cid = candidate_url.rsplit("/", 1)[1]
    proposal = member.locator("#proposal")
    expect(proposal).to_contain_text("Habitat International Coalition and SERI")
    expect(proposal).to_contain_text("Forced evictions")
    expect(proposal).to_contain_text("Obtained")
    expect(member.get_by_test_id("stage")).to_have_text("Proposed")

    # A member cannot score or move it: the controls are absent, and the API refuses if tried anyway.
    assert member.locator("#scoring-form").count() == 0
    assert member.locator("#transition-form").count() == 0
    expect(member.locator("#workflow")).to_contain_text("The steering committee moves candidates")
    refused = page_fetch(member, "POST", f"/candidates/{cid}/scores",
                         {"criterion": "precedent-value", "value": 3, "rationale": "mine"})  # fmt: skip
    assert refused["status"] == 403 and refused["body"]["code"] == "forbidden"
    refused = page_fetch(member, "POST", f"/candidates/{cid}/transitions", {"to": "under_discussion"})
    assert refused["status"] == 403

    # Members comment; a committee member replies in the thread.
    member.get_by_label("Add a comment").fill("We can draft in Spanish.")
    member.get_by_role("button", name="Post comment").click()
    expect(member.locator("#comments .comment")).to_have_count(1)

    # Three committee members, each in their own browser, score three criteria with rationales.
    committee = {who: sign_in(new_context().new_page(), server, who, f"/committee/candidates/{cid}")
                 for who in ("amina", "bruno", "carmen")}  # fmt: skip
    amina, bruno, carmen = committee["amina"], committee["bruno"], committee["carmen"]
    # A score without its rationale does not leave the browser.
    scoring = amina.locator("#scoring-form")
    scoring.locator('fieldset[data-criterion="precedent-value"]').get_by_role("radio", name="3").check()
    scoring.get_by_role("button", name="Save my scores").click()
    rationale = scoring.get_by_label("Rationale for Precedent value and novelty")
    assert rationale.evaluate("element => element.matches(':invalid')")
    values = {"amina": [3, 2, 3], "bruno": [2, 2, 1], "carmen": [3, 1, 2]}
    for who, scores in values.items():
        page = committee[who]
        scoring = page.locator("#scoring-form")
        for (code, label), value in zip(CRITERIA.items(), scores, strict=True):
            scoring.locator(f'fieldset[data-criterion="{code}"]').get_by_role("radio", name=str(value)).check()
            scoring.get_by_label(f"Rationale for {label}").fill(f"{who}: {value} because of the facts")
        scoring.get_by_role("button", name="Save my scores").click()
        expect(page.get_by_role("status")).to_have_text("3 scores saved.")
    carmen.reload()
    row = carmen.locator('#assessment-table tr[data-criterion="precedent-value"]')
    expect(row.get_by_test_id("average")).to_have_text("2.67")
    expect(row).to_contain_text("2–3")
    expect(carmen.get_by_test_id("scored-by")).to_have_text("amina, bruno, and carmen")
    expect(carmen.get_by_test_id("weighted-mean")).to_have_text("2.17")  # (3 × 8/3 + 2 × 5/3 + 3 × 2) / 8
    carmen.locator('#assessment-table tr[data-criterion="precedent-value"] summary').click()
    expect(row).to_contain_text("bruno: 2 — bruno: 2 because of the facts")
    screenshot(carmen, "candidate-scores", down_to="#assessment")

    # Precedents: refreshed on demand, Ben Djazia among them with the reasons it was suggested.
    amina.get_by_role("button", name="Refresh suggestions").click()
    ben_djazia = amina.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')
    expect(ben_djazia).to_be_visible()
    expect(ben_djazia.locator("ul.reasons li").first).to_be_visible()
    expect(ben_djazia).to_contain_text("same right: Housing")
    ranked = amina.locator("#precedents li.precedent").evaluate_all("items => items.map(i => i.dataset.case)")
    assert BEN_DJAZIA in ranked[:3]
    ben_djazia.get_by_role("button", name="Pin").click()  # pinning and dismissing ask why first
    ben_djazia.get_by_label("Why pin").fill("Same forum, State and facts")
    ben_djazia.get_by_role("button", name="Confirm pin").click()
    expect(amina.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')).to_contain_text("pinned")
    other = next(case for case in ranked if case != BEN_DJAZIA)
    dismissing = amina.locator(f'#precedents li[data-case="{other}"]')
    dismissing.get_by_role("button", name="Dismiss").click()
    dismissing.get_by_label("Why dismiss").fill("Different question")
    dismissing.get_by_role("button", name="Confirm dismissal").click()
    expect(amina.locator(f'#precedents li[data-case="{other}"]')).to_have_count(0)
    amina.get_by_label("Show dismissed suggestions").check()
    expect(amina.locator(f'#precedents li[data-case="{other}"]')).to_contain_text("dismissed")
    assert member.locator("#precedents button[data-action]").count() == 0  # members neither pin nor dismiss

    # The workflow: only allowed moves are offered; a move made on a stale page is refused with a clear message.
    bruno.reload()
    expect(bruno.get_by_role("button", name="Move to: Under discussion")).to_be_visible()
    moves = amina.locator("#transition-form button")
    expect(moves).to_have_text(["Move to: Under discussion", "Move to: Declined"])
    amina.get_by_role("button", name="Move to: Under discussion").click()
    expect(amina.get_by_test_id("stage")).to_have_text("Under discussion")
    bruno.get_by_role("button", name="Move to: Under discussion").click()  # bruno's page still says "Proposed"
    expect(bruno.get_by_role("alert")).to_contain_text("Someone changed this candidate meanwhile")
    expect(bruno.get_by_test_id("stage")).to_have_text("Under discussion")
    bruno.get_by_role("button", name="Move to: Recommended").click()
    expect(bruno.get_by_test_id("stage")).to_have_text("Recommended")
    carmen.reload()
    carmen.get_by_role("button", name="Move to: Approved").click()  # without the required reason
    expect(carmen.get_by_role("alert")).to_contain_text("Write the reason for moving this candidate to “Approved”")
    expect(carmen.get_by_test_id("stage")).to_have_text("Recommended")
    carmen.get_by_label("Reason for the move").fill("Strong precedent value; community consent obtained")
    carmen.get_by_role("button", name="Move to: Approved").click()
    expect(carmen.get_by_test_id("stage")).to_have_text("Approved")
    assert carmen.get_by_role("button", name="Move to: Proposed").count() == 0
    illegal = page_fetch(carmen, "POST", f"/candidates/{cid}/transitions", {"to": "proposed"})
    assert illegal["status"] == 409 and illegal["body"]["code"] == "illegal-transition"
    expect(carmen.locator("#scoring")).to_contain_text("Scoring is closed at this stage.")

    # Threaded reply.
    carmen.locator("#comments .comment").first.get_by_role("button", name="Reply").click()
    carmen.get_by_label("Reply to observatorio").fill("Translation support is ready.")
    carmen.get_by_role("button", name="Post reply").click()
    expect(carmen.locator("#comments ul.thread ul.thread .comment")).to_contain_text("Translation support is ready.")

    # The history shows every change: who, when, what, old → new, why.
    member.reload()
    history = member.locator("#history-table tbody tr")
    expect(member.locator('#history-table tr[data-action="created"]')).to_contain_text("observatorio")
    expect(member.locator('#history-table tr[data-action="created"]')).to_contain_text("urgent: leave deadline soon")
    expect(member.locator('#history-table tr[data-action="scored"]')).to_have_count(9)
    stages = member.locator('#history-table tr[data-field="stage"]')
    expect(stages).to_have_count(3)
    expect(stages.nth(0)).to_contain_text("amina")
    expect(stages.nth(0).locator(".change")).to_have_text("Proposed→Under discussion")
    expect(stages.nth(1).locator(".change")).to_have_text("Under discussion→Recommended")
    expect(stages.nth(2)).to_contain_text("Strong precedent value; community consent obtained")
    expect(member.locator('#history-table tr[data-action="commented"]')).to_have_count(2)
    expect(member.locator('#history-table tr[data-action="precedent_pinned"]')).to_contain_text("amina")
    expect(member.locator('#history-table tr[data-action="precedent_dismissed"]')).to_have_count(1)
    assert history.count() == 1 + 9 + 1 + 1 + 1 + 3 + 2
    member.evaluate("document.getElementById('status').textContent = ''")
    member.locator("#history").screenshot(path=str(SCREENSHOTS / "committee-history.png"))

    # Export CSV from the table: a real download that reads back.
    amina.get_by_role("link", name="Back to the table").click()
    with amina.expect_download() as info:
        amina.get_by_role("button", name="Export CSV").click()
    download = info.value
    assert re.fullmatch(r"amicus-candidates-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    exported = next(r for r in rows if r["Id"] == cid)
    assert exported["Case"] == "M.B.F. and family v. Spain"
    assert exported["Stage"] == "Approved"  # spreadsheets carry labels in the page's language; JSON keeps codes
    with amina.expect_download() as info:
        amina.get_by_role("button", name="Export JSON").click()
    json_path = tmp_path / "export.json"
    info.value.save_as(json_path)
    assert cid in [row["id"] for row in json.loads(json_path.read_text(encoding="utf-8"))["rows"]]
    with amina.expect_download() as info:
        amina.get_by_role("button", name="Export XLSX").click()
    xlsx_path = tmp_path / "export.xlsx"
    info.value.save_as(xlsx_path)
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    assert any("M.B.F. and family v. Spain" in row for row in sheet.iter_rows(values_only=True))


def test_table_sorts_filters_and_keeps_its_state_in_the_url(server: Server, new_context: ContextFactory) -> None:
    seeded = {
        "Overdue v. Portugal": pending("Overdue v. Portugal", -3, state="PT", rights=["water-sanitation"]),
        "Soon v. Kenya": pending("Soon v. Kenya", 12, state="KE", forum="ke-high-court", rights=["housing"]),
        "Later v. Argentina": pending("Later v. Argentina", 60, state="AR", forum="iachr", rights=["health"]),
    }
    for body in seeded.values():
        assert api(server, "bruno", "POST", "/candidates", json=body).status_code == 201, body
    page = sign_in(new_context().new_page(), server, "bruno")
    table = page.locator("#candidates")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(page.locator('th[data-column="deadline"]')).to_have_attribute("aria-sort", "ascending")
    # Deadlines are flagged with words and an icon, not colour alone.
    overdue = table.locator("tbody tr", has_text="Overdue v. Portugal")
    expect(overdue.locator("[data-urgency]")).to_have_text("⚠ Overdue")
    expect(overdue).to_contain_text("3 days overdue")
    expect(table.locator("tbody tr", has_text="Soon v. Kenya").locator("[data-urgency]")).to_have_text(
        "◷ Within 14 days"
    )
    assert table.locator("tbody tr", has_text="Later v. Argentina").locator("[data-urgency]").count() == 0
    screenshot(page, "table")

    # Sort by clicking a header; the URL keeps it and the back button undoes it.
    page.get_by_role("button", name="Weighted score (0-3)").click()
    expect(page).to_have_url(re.compile(r"sort=weighted_mean&desc=1"))
    expect(page.locator('th[data-column="weighted_mean"]')).to_have_attribute("aria-sort", "descending")
    expect(page.locator('th[data-column="deadline"]')).to_have_attribute("aria-sort", "none")
    expect(page.locator("button.sort[data-column='weighted_mean']")).to_be_focused()
    page.get_by_role("button", name="Weighted score (0-3)").click()
    expect(page.locator('th[data-column="weighted_mean"]')).to_have_attribute("aria-sort", "ascending")
    page.go_back()
    expect(page.locator('th[data-column="weighted_mean"]')).to_have_attribute("aria-sort", "descending")
    page.go_back()
    expect(page.locator('th[data-column="deadline"]')).to_have_attribute("aria-sort", "ascending")

    # Filters: deadline within N days (overdue only on request), region, text; shareable as a link.
    page.get_by_label("Deadline within (days)").fill("14")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"within=14"))
    names = table.locator("tbody th a")
    expect(names.filter(has_text="Soon v. Kenya")).to_have_count(1)
    expect(names.filter(has_text="Overdue v. Portugal")).to_have_count(0)
    expect(names.filter(has_text="Later v. Argentina")).to_have_count(0)
    page.get_by_label("Include overdue deadlines").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(names.filter(has_text="Overdue v. Portugal")).to_have_count(1)
    shared = server.url + "/committee?region=africa&text=kenya"
    other = sign_in(new_context().new_page(), server, "carmen", "/committee?region=africa&text=kenya")
    expect(other.locator("#candidates tbody tr")).to_have_count(1)
    expect(other.get_by_label("Region")).to_have_value("africa")
    expect(other.get_by_label("Words in the name, docket or summary")).to_have_value("kenya")
    assert other.url == shared
    other.get_by_role("link", name="Clear filters").click()
    expect(other.get_by_label("Region")).to_have_value("")
    other.go_back()
    expect(other.get_by_label("Region")).to_have_value("africa")


def test_keyboard_only_reaches_sorting_and_candidates(server: Server, new_context: ContextFactory) -> None:
    api(server, "amina", "POST", "/candidates", json=pending("Keyboard v. Spain", 30))
    page = sign_in(new_context().new_page(), server, "amina")
    page.locator("#candidates").wait_for()
    header = page.locator("button.sort[data-column='name']")
    header.focus()
    page.keyboard.press("Enter")
    expect(page.locator('th[data-column="name"]')).to_have_attribute("aria-sort", "ascending")
    expect(header).to_be_focused()
    # The focused control is visibly outlined.
    outline = header.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    link = page.locator("a.candidate-link", has_text="Keyboard v. Spain")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard v. Spain")
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
            .map(e => e.outerHTML)"""
    )
    assert unlabeled == []


def test_sign_out_forgets_the_key(server: Server, new_context: ContextFactory) -> None:
    page = sign_in(new_context().new_page(), server, "carmen")
    assert page.evaluate("sessionStorage.getItem('caselaw.committee.key')") == server.keys["carmen"]
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0
    page.reload()
    expect(page.get_by_label("API key")).to_be_visible()


def test_arabic_is_right_to_left(server: Server, new_context: ContextFactory) -> None:
    api(server, "amina", "POST", "/candidates", json=pending("Arabic view v. Morocco", 6, state="MA"))
    page = new_context(locale="ar").new_page()
    page.goto(server.url + "/committee?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("تسجيل الدخول")
    page.get_by_label("مفتاح واجهة البرمجة").fill(server.keys["amina"])
    page.get_by_role("button", name="تسجيل الدخول").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("المرشحون لمذكرات أصدقاء المحكمة")
    headers = page.locator("#candidates thead th")
    expect(headers.first).to_contain_text("القضية")
    first = headers.first.bounding_box()
    last = headers.last.bounding_box()
    assert first is not None and last is not None
    assert first["x"] > last["x"], "the first column should be on the right in Arabic"
    row = page.locator("#candidates tbody tr", has_text="Arabic view v. Morocco")
    expect(row).to_contain_text("مقترح")  # the stage label from the workflow's own labels
    expect(row.locator("[data-urgency]")).to_contain_text("خلال 7 أيام")
    screenshot(page, "table-ar")
    # The language switch keeps the signed-in session (same tab) and the table's filters.
    page.goto(server.url + "/committee?lang=ar&within=30")
    page.get_by_label("اللغة").select_option("fr")
    page.get_by_role("button", name="تغيير").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page).to_have_url(re.compile(r"\?lang=fr&within=30$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidats amicus")


def test_no_axe_violations(server: Server, new_context: ContextFactory) -> None:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed ({AXE.relative_to(ROOT)}: npm ci in tests/ui)")
    source = AXE.read_text(encoding="utf-8")
    cid = api(server, "amina", "POST", "/candidates", json=pending("Axe v. Spain", 3)).json()["candidate"]["id"]
    # The page's CSP forbids injected scripts, as it should; axe is added with the CSP bypassed for the audit only.
    page = new_context(bypass_csp=True).new_page()
    found = {}
    for path in ("/committee", f"/committee/candidates/{cid}", "/committee/propose", "/committee?lang=ar"):
        if path == "/committee":
            sign_in(page, server, "amina", path)
            page.locator("#candidates").wait_for()
        else:
            page.goto(server.url + path)
            page.locator("main h1").wait_for()
            page.wait_for_load_state("networkidle")
        page.add_script_tag(content=source)
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        found[path] = [(v["id"], v["impact"], len(v["nodes"])) for v in result]
    assert all(not violations for violations in found.values()), found


def test_chromium_is_required_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        unavailable("chromium is not installed")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        unavailable("chromium is not installed")
