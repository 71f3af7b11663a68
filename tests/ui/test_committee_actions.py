"""The committee page does what the API does, in headless Chromium: a candidate's fields edited in the page,
precedents pinned and dismissed with a reason and both undone, a candidate withdrawn and found again under
withdrawn ones, the implementation record of each precedent; by keyboard, with the results announced in the live
region and focus where the result is; axe-core on the page with the new controls open, in English and Arabic."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import follow_up, open_store
from caselaw.store.keys import KeyStore
from tests.conftest import FIXTURES, free_port, load_corpus
from tests.ui.conftest import AXE, SCREENSHOTS, ThreadedServer, require

try:
    from playwright.sync_api import BrowserContext, Locator, Page, expect
except ImportError:  # pragma: no cover - a test dependency; the shared chromium fixture skips (or fails in CI)
    pytest.skip("the playwright Python package is not installed", allow_module_level=True)

BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
ENDOROIS = "achpr-2009-endorois"
OLGA_TELLIS = "in-supreme-court-1985-olga-tellis"
# Buttons named with the precedent's title ("Dismiss Mohamed Ben Djazia…"); anchored, as "Confirm dismissal" and
# "Unpin" contain the same words.
DISMISS = re.compile(r"^Dismiss ")
PIN = re.compile(r"^Pin ")
UNPIN = re.compile(r"^Unpin ")


@dataclass(frozen=True)
class Committee:
    """The app serving a corpus with follow-up events, and the keys of the people using the page."""

    url: str
    keys: dict[str, str]


@pytest.fixture(scope="module")
def committee(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Committee]:
    """Its own data directory (the other UI tests' corpus stays untouched): the fixture corpus, its follow-up
    events, two committee members and a member organisation."""
    data_dir: Path = tmp_path_factory.mktemp("committee-actions")
    settings = Settings(
        data_dir=data_dir,
        index_writer_memory_mb=32,
        index_writer_threads=1,
        rate_limit_per_minute=0,
        rate_limit_key_per_minute=0,
    )
    load_corpus(settings)
    with open_store(settings) as store:
        lines = (FIXTURES / "follow_up.jsonl").read_text(encoding="utf-8").splitlines()
        follow_up.import_events(store, lines, actor="test")
        made = KeyStore(store)
        keys = {name: made.create(name, "steering-committee")[1] for name in ("amina", "bruno")}
        keys["observatorio"] = made.create("observatorio", "member")[1]
    port = free_port()
    server = ThreadedServer(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app server did not start")
        time.sleep(0.05)
    yield Committee(url=f"http://127.0.0.1:{port}", keys=keys)
    server.should_exit = True
    thread.join(timeout=10)


Opener = Callable[..., Page]


@pytest.fixture
def open_page(browser: Any, committee: Committee) -> Iterator[Opener]:
    """Open a page of the committee signed in as someone (its own browser context: its own sessionStorage).
    Any refusal by the page's policy or uncaught script error fails the test."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def make(who: str, path: str, *, bypass_csp: bool = False) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page: Page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
        page.goto(committee.url + path)
        page.locator("#api-key").fill(committee.keys[who])  # by id: the form speaks the page's language
        page.locator("#signin-form button[type=submit]").click()
        page.get_by_test_id("whoami").wait_for()
        page.locator("main h1").wait_for()
        return page

    yield make
    for context in contexts:
        context.close()
    assert problems == [], problems


def api(committee: Committee, who: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Call the selection API directly, to set up what a test is not about."""
    headers = {"Authorization": f"Bearer {committee.keys[who]}"}
    return httpx.request(method, f"{committee.url}/api/v1/selection{path}", headers=headers, timeout=30, **kwargs)


def propose(committee: Committee, who: str, name: str, days: int = 20) -> str:
    """A pending housing-eviction case proposed by `who`; its id."""
    body = {
        "name": name,
        "forum": "un-cescr",
        "state": "ES",
        "docket": "E/C.12/D/300/2026",
        "deadline": (date.today() + timedelta(days=days)).isoformat(),
        "deadline_kind": "leave-to-intervene",
        "proposer": {"organisation": "Observatorio DESC"},
        "rights": ["housing", "forced-evictions"],
        "summary": "A family evicted from a rented flat in Madrid with no alternative housing offered.",
    }
    answer = api(committee, who, "POST", "/candidates", json=body)
    assert answer.status_code == 201, answer.text
    cid: str = answer.json()["candidate"]["id"]
    return cid


def focused(page: Page) -> str:
    """What has focus: its id, else its accessible text."""
    result: str = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
    return result


def status(page: Page) -> Locator:
    """The live region the page announces results in."""
    return page.locator("#status")


def test_a_committee_member_edits_a_candidate_in_the_page(open_page: Opener, committee: Committee) -> None:
    cid = propose(committee, "observatorio", "Edited v. Spain")
    page = open_page("amina", f"/committee/candidates/{cid}")
    # By keyboard: the edit button opens the form with focus on its first field.
    page.get_by_role("button", name="Edit the proposal").focus()
    page.keyboard.press("Enter")
    form = page.locator("#edit-form")
    expect(form).to_be_visible()
    assert focused(page) == form.locator("input").first.get_attribute("id")
    # The form holds the candidate as it is.
    expect(form.get_by_label("Docket or communication no.")).to_have_value("E/C.12/D/300/2026")
    expect(form.get_by_label("Forced evictions", exact=True)).to_be_checked()
    expect(form.get_by_label("Forum")).to_have_value("un-cescr")
    # Saving with nothing changed says so and sends nothing.
    form.get_by_role("button", name="Save changes").click()
    expect(form.get_by_role("alert")).to_have_text("Nothing was changed.")
    # Escape closes the form and gives focus back to the button that opened it.
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(page.get_by_role("button", name="Edit the proposal")).to_be_focused()

    page.get_by_role("button", name="Edit the proposal").click()
    form = page.locator("#edit-form")
    form.get_by_label("Docket or communication no.").fill("E/C.12/D/301/2026")
    new_deadline = (date.today() + timedelta(days=45)).isoformat()
    form.get_by_label("Deadline", exact=True).fill(new_deadline)
    form.get_by_label("Forced evictions", exact=True).uncheck()
    form.get_by_label("Contact").fill("Laura <laura@example.org>")
    form.get_by_label("Reason for the change").fill("The Committee registered it under a new number")
    form.get_by_role("button", name="Save changes").click()
    expect(status(page)).to_have_text("4 fields changed.")
    expect(page.locator("#edit-form")).to_have_count(0)
    expect(page.locator("#proposal-title")).to_be_focused()
    proposal = page.locator("#proposal")
    expect(proposal).to_contain_text("E/C.12/D/301/2026")
    expect(proposal).to_contain_text("Laura <laura@example.org>")
    expect(proposal).not_to_contain_text("Forced evictions")
    changed = page.locator('#history-table tr[data-action="updated"]')
    expect(changed).to_have_count(4)
    expect(page.locator('#history-table tr[data-field="docket"]')).to_contain_text(
        "The Committee registered it under a new number"
    )
    stored = api(committee, "amina", "GET", f"/candidates/{cid}").json()["candidate"]
    assert stored["docket"] == "E/C.12/D/301/2026" and stored["deadline"] == new_deadline
    assert stored["rights"] == ["housing"] and stored["proposer"]["contact"] == "Laura <laura@example.org>"

    expect(page.locator('#history-table tr[data-field="docket"]')).to_contain_text("amina")

    # A member organisation edits what its own key proposed, and nothing else.
    member = open_page("observatorio", f"/committee/candidates/{cid}")
    expect(member.get_by_role("button", name="Edit the proposal")).to_be_visible()
    other = propose(committee, "amina", "Committee's own v. Spain")
    member.goto(f"{committee.url}/committee/candidates/{other}")
    member.locator("main h1").wait_for()
    expect(member.locator("#proposal")).to_be_visible()
    expect(member.get_by_role("button", name="Edit the proposal")).to_have_count(0)
    expect(member.locator("#withdrawal")).to_contain_text("Only the steering committee")


def test_dismiss_with_a_reason_and_undo_it_then_pin_and_unpin(open_page: Opener, committee: Committee) -> None:
    cid = propose(committee, "observatorio", "Precedents v. Spain")
    assert api(committee, "amina", "POST", f"/candidates/{cid}/precedents/refresh").status_code == 200
    page = open_page("amina", f"/committee/candidates/{cid}")
    item = page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')
    expect(item).to_be_visible()

    # Dismiss, by keyboard: the button opens a small form, focus in its reason; a reason is required.
    dismiss = item.get_by_role("button", name=DISMISS)
    expect(dismiss).to_have_attribute("aria-expanded", "false")
    dismiss.focus()
    page.keyboard.press("Enter")
    expect(dismiss).to_have_attribute("aria-expanded", "true")
    reason = item.get_by_label("Why dismiss")
    expect(reason).to_be_focused()
    item.get_by_role("button", name="Confirm dismissal").click()
    expect(item.get_by_role("alert")).to_have_text("Write the reason first.")
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill("Already cited in the brief")
    reason.press("Tab")  # to "Confirm dismissal"
    page.keyboard.press("Enter")

    # Gone from the list; a notice says what happened, holds the undo and has focus; the live region announces it.
    expect(page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')).to_have_count(0)
    notice = page.locator("#precedent-notice")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("dismissed.")
    expect(status(page)).to_have_text("Suggestion dismissed.")
    # Shown again among dismissed ones, with who dismissed it and why.
    page.get_by_label("Show dismissed suggestions").check()
    dismissed = page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')
    expect(dismissed).to_have_attribute("data-state", "dismissed")
    expect(dismissed.locator(".decision")).to_contain_text("amina")
    expect(dismissed.locator(".decision")).to_contain_text("Already cited in the brief")
    expect(page.get_by_label("Show dismissed suggestions")).to_be_focused()

    # Undo, by keyboard, from the dismissed item: it is back among the suggestions and its title has focus.
    page.evaluate("document.getElementById('status').textContent = ''")
    page.locator("#precedents").screenshot(path=str(SCREENSHOTS / "committee-precedent-dismissed.png"))
    dismissed.get_by_role("button", name="Undo dismissal").focus()
    page.keyboard.press("Enter")
    restored = page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')
    expect(restored).to_have_attribute("data-state", "suggested")
    expect(restored.locator(".title")).to_be_focused()
    expect(status(page)).to_have_text("Dismissal undone: the case is back among the suggestions.")

    # Dismiss another, then undo straight from the notice.
    other = page.locator(f'#precedents li[data-case="{OLGA_TELLIS}"]')
    if other.count() == 0:  # not suggested for this candidate: dismiss the first suggestion after Ben Djazia
        other = page.locator('#precedents li[data-state="suggested"]').nth(1)
    other_case = other.get_attribute("data-case")
    other.get_by_role("button", name=DISMISS).click()
    other.get_by_label("Why dismiss").fill("Different legal question")
    other.get_by_role("button", name="Confirm dismissal").click()
    page.locator("#precedent-notice").get_by_role("button", name="Undo dismissal").click()
    expect(page.locator(f'#precedents li[data-case="{other_case}"]')).to_have_attribute("data-state", "suggested")

    # Pin with a reason; Escape first closes the form without pinning.
    restored.get_by_role("button", name=PIN).click()
    expect(restored.get_by_label("Why pin")).to_be_focused()
    page.keyboard.press("Escape")
    expect(restored.get_by_label("Why pin")).to_have_count(0)
    expect(restored.get_by_role("button", name=PIN)).to_be_focused()
    restored.get_by_role("button", name=PIN).click()
    restored.get_by_label("Why pin").fill("Same forum, State and facts")
    restored.get_by_role("button", name="Confirm pin").click()
    expect(status(page)).to_have_text("Precedent pinned.")
    pinned = page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')
    expect(pinned).to_have_attribute("data-state", "pinned")
    expect(pinned.locator(".decision")).to_contain_text("Same forum, State and facts")
    assert page.locator("#precedents li.precedent").first.get_attribute("data-case") == BEN_DJAZIA  # on top
    pinned.get_by_role("button", name=UNPIN).click()
    expect(page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')).to_have_attribute("data-state", "suggested")
    expect(status(page)).to_have_text("Pin undone: the case is back among the suggestions.")

    actions = page.locator("#history-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert actions[-6:] == [
        "precedent_dismissed", "precedent_undismissed", "precedent_dismissed", "precedent_undismissed",
        "precedent_pinned", "precedent_unpinned",
    ]  # fmt: skip
    expect(page.locator('#history-table tr[data-action="precedent_undismissed"]').first).to_contain_text(
        "undid a dismissal"
    )
    # A member sees the decisions but has no control over them.
    member = open_page("observatorio", f"/committee/candidates/{cid}")
    expect(member.locator(f'#precedents li[data-case="{BEN_DJAZIA}"]')).to_be_visible()
    assert member.locator("#precedents button[data-action]").count() == 0


def test_precedents_show_their_implementation_record(open_page: Opener, committee: Committee) -> None:
    cid = propose(committee, "observatorio", "Implementation v. Kenya")
    for case in (ENDOROIS, BEN_DJAZIA, OLGA_TELLIS):
        pinned = api(committee, "amina", "POST", f"/candidates/{cid}/precedents/{case}/pin", json={"reason": "test"})
        assert pinned.status_code == 200, pinned.text
    page = open_page("observatorio", f"/committee/candidates/{cid}")
    endorois = page.locator(f'#precedents li[data-case="{ENDOROIS}"] .implementation')
    expect(endorois).to_have_attribute("data-level", "not-implemented")
    expect(endorois).to_contain_text("Implementation: Not implemented")
    expect(endorois).to_contain_text(re.compile(r"\d+ follow-up events · latest: .+, \w+ \d{4}"))
    link = endorois.get_by_role("link", name=re.compile("^Follow-up record of "))
    expect(link).to_have_attribute("href", f"/cases/{ENDOROIS}#follow-up")
    # The case with no follow-up recorded says so in the level's own words.
    expect(page.locator(f'#precedents li[data-case="{OLGA_TELLIS}"] .implementation')).to_contain_text(
        "Unknown (no follow-up recorded)"
    )
    # It agrees with the case's own follow-up, as the API gives it.
    level = httpx.get(f"{committee.url}/api/v1/cases/{BEN_DJAZIA}/follow-up", timeout=30).json()["level"]
    expect(page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"] .implementation')).to_have_attribute(
        "data-level", level
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#precedents").screenshot(path=str(SCREENSHOTS / "committee-precedents-implementation.png"))
    # In Arabic, right to left, with the level's Arabic label and the link keeping the language.
    arabic = open_page("observatorio", f"/committee/candidates/{cid}?lang=ar")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    record = arabic.locator(f'#precedents li[data-case="{ENDOROIS}"] .implementation')
    expect(record).to_contain_text("لم ينفذ")
    expect(record.get_by_role("link")).to_have_attribute("href", f"/cases/{ENDOROIS}?lang=ar#follow-up")


def test_a_candidate_is_withdrawn_found_under_withdrawn_and_reinstated(open_page: Opener, committee: Committee) -> None:
    cid = propose(committee, "observatorio", "Withdrawn Family v. Spain", days=5)
    page = open_page("amina", f"/committee/candidates/{cid}")
    form = page.locator("#withdraw-form")
    form.get_by_role("button", name="Withdraw this candidate").click()
    expect(form.get_by_role("alert")).to_have_text("Write why this candidate is withdrawn.")
    expect(form.get_by_label("Reason for withdrawing")).to_be_focused()
    page.keyboard.type("The family was rehoused; no case left to support")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    banner = page.get_by_test_id("withdrawn-banner")
    expect(banner).to_be_focused()
    expect(banner).to_contain_text("Withdrawn")
    expect(banner).to_contain_text("by amina: The family was rehoused; no case left to support")
    expect(status(page)).to_contain_text("Candidate withdrawn.")
    # Kept with its history, but nothing changes it until reinstated.
    expect(page.locator('#history-table tr[data-action="withdrawn"]')).to_contain_text("withdrew")
    expect(page.locator("#scoring")).to_contain_text("reinstate it to edit, score or move it")
    assert page.locator("#transition-form").count() == 0
    assert page.get_by_role("button", name="Edit the proposal").count() == 0

    # Out of the default table; found under withdrawn ones, marked as such.
    page.get_by_role("link", name="Back to the table").click()
    page.locator("#candidates, #results-caption").first.wait_for()
    expect(page.locator(f'#candidates tr[data-id="{cid}"]')).to_have_count(0)
    page.get_by_label("Withdrawn candidates").select_option(label="Show only withdrawn ones")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"withdrawn=only"))
    row = page.locator(f'#candidates tr[data-id="{cid}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("Withdrawn")
    expect(row.locator("[data-urgency]")).to_have_count(0)  # its deadline no longer calls for action
    expect(page.locator("#results-caption")).to_be_focused()
    page.evaluate("document.getElementById('status').textContent = ''")  # the transient toast would hide a row
    page.screenshot(path=str(SCREENSHOTS / "committee-table-withdrawn.png"))

    # Reinstated from its page: back in the default table.
    row.get_by_role("link").click()
    page.get_by_label("Reason for reinstating (optional)").fill("The eviction was rescheduled")
    page.get_by_role("button", name="Reinstate this candidate").click()
    expect(status(page)).to_have_text("Candidate reinstated: it is back in the table.")
    expect(page.get_by_test_id("withdrawn-banner")).to_have_count(0)
    expect(page.locator("#candidate-title")).to_be_focused()
    expect(page.locator("#transition-form")).to_be_visible()
    rows = api(committee, "amina", "GET", "/candidates").json()
    assert cid in [r["candidate"]["id"] for r in rows]


def _axe(page: Page) -> list[tuple[str, str, int]]:
    require(AXE.is_file(), f"{AXE} is missing (run `make ui-deps`, or `npm ci` in tests/ui)")
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [(v["id"], v["impact"], len(v["nodes"])) for v in found]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_axe_violations_with_the_new_controls_open(open_page: Opener, committee: Committee, lang: str) -> None:
    cid = propose(committee, "observatorio", f"Audit {lang} v. Spain")
    for case in (ENDOROIS, BEN_DJAZIA):
        api(committee, "amina", "POST", f"/candidates/{cid}/precedents/{case}/pin", json={"reason": "audit"})
    api(committee, "amina", "POST", f"/candidates/{cid}/precedents/{OLGA_TELLIS}/dismiss", json={"reason": "audit"})
    # The page's CSP rightly refuses injected scripts: axe is added with the CSP bypassed, for the audit only.
    page = open_page("amina", f"/committee/candidates/{cid}?lang={lang}", bypass_csp=True)
    page.wait_for_load_state("networkidle")
    page.locator("#show-dismissed").check()
    page.locator("#edit-proposal").click()  # the edit form open
    page.locator(f'#precedents li[data-case="{OLGA_TELLIS}"] button[data-action="undismiss"]').wait_for()
    page.locator(f'#precedents li[data-case="{BEN_DJAZIA}"] button[data-action="dismiss"]').click()  # a reason form
    found = {"candidate with forms open": _axe(page)}
    page.locator("#withdraw-form textarea").fill("audit")
    page.locator("#withdraw-form button").click()
    page.get_by_test_id("withdrawn-banner").wait_for()
    found["withdrawn candidate"] = _axe(page)
    page.goto(f"{committee.url}/committee?lang={lang}&withdrawn=include")
    page.locator("#candidates").wait_for()
    found["table with withdrawn ones"] = _axe(page)
    assert all(not violations for violations in found.values()), found
