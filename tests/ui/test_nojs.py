"""Without JavaScript the basic search still works: the server renders every state the URL describes."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.ui.conftest import screenshot


def test_search_filters_pages_and_case_without_javascript(browser: Any, app_url: str) -> None:
    context = browser.new_context(base_url=app_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/?lang=en")
    expect(page.locator(".apply-filters")).to_be_visible()
    page.locator("#q").fill("desalojo")
    page.locator("#search button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=desalojo"))
    expect(page.locator(".hit").first).to_be_visible()
    total = int((page.locator("#results-title").text_content() or "0").split()[0])
    assert total > 1

    page.locator("#f-language-es").check()
    page.locator(".apply-filters").click()
    expect(page).to_have_url(re.compile(r"language=es"))
    expect(page.locator("#f-language-es")).to_be_checked()
    expect(page.locator(".chip")).to_have_count(1)
    screenshot(page, "07-search-without-javascript")

    page.goto("/?lang=en")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination a[aria-current=page]")).to_have_text("2")

    page.goto("/cases/un-cescr-2017-ben-djazia-bellili-v-spain?lang=en")
    expect(page.locator(".copy-button")).to_be_hidden()
    page.locator(".summary-tab[lang=es]").click()
    expect(page).to_have_url(re.compile(r"summary=es"))
    expect(page.locator("#summary-es")).to_be_visible()
    expect(page.locator("#summary-en")).to_be_hidden()
    context.close()
