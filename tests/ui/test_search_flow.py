"""A newcomer's path through the site in a real browser: an English query finds French decisions, filters
narrow them, a case opens, and the summary and the interface switch language."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.ui.conftest import screenshot


def _count(page: Any, text: str) -> None:
    expect(page.locator("#results-title")).to_have_text(text)


def test_newcomer_finds_french_eviction_cases_narrows_and_opens_one(page: Any) -> None:
    page.goto("/?lang=en")
    page.locator("#q").fill("eviction")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=eviction&lang=en$"))
    _count(page, "13 cases")
    # The English word was also searched in French (and the page says so).
    expect(page.locator(".expansions .kw[lang=fr]")).to_contain_text("expulsion")

    page.locator("#f-language-fr").check()
    expect(page).to_have_url(re.compile(r"language=fr"))
    _count(page, "4 cases")
    for hit in page.locator(".hit").all():
        expect(hit.locator("abbr.lang-badge[lang=fr]")).to_have_count(1)
    expect(page.locator("#search-status")).to_have_text("4 cases")
    screenshot(page, "01-search-eviction-french-decisions")

    page.locator("#f-region-europe-central-asia").check()
    _count(page, "2 cases")
    page.locator("#f-forum-ecthr").check()
    _count(page, "1 case")
    expect(page.locator(".chips .chip")).to_have_count(3)
    assert set(re.findall(r"(language|region|forum)=", page.url)) == {"language", "region", "forum"}
    screenshot(page, "02-search-narrowed-by-forum-and-region")

    # The back button undoes the last filter; forward brings it back.
    page.go_back()
    _count(page, "2 cases")
    expect(page.locator("#f-forum-ecthr")).not_to_be_checked()
    page.go_forward()
    _count(page, "1 case")

    page.locator(".hit-title a").first.click()
    expect(page).to_have_url(re.compile(r"/cases/ecthr-2012-yordanova-v-bulgaria\?lang=en$"))
    expect(page.locator("h1")).to_have_text(re.compile("Yordanova"))
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(2)
    page.get_by_role("tab", name="Français").click()
    expect(page.locator("#summary-fr")).to_be_visible()
    expect(page.locator("#summary-en")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"summary=fr"))

    # The interface in Spanish: labels from the taxonomy, the chosen summary kept.
    page.locator(".lang-nav a[lang=es]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#summary-title")).to_have_text("Resumen")
    expect(page.locator(".meta")).to_contain_text("Tribunal Europeo de Derechos Humanos")
    expect(page.locator(".meta")).to_contain_text("Europa y Asia Central")
    expect(page.locator("#summary-fr")).to_be_visible()
    expect(page.locator(".summary .note")).to_contain_text("Todavía no hay resumen en Español")


def test_case_summary_switches_to_spanish_and_the_url_remembers(page: Any) -> None:
    page.goto("/?q=eviction&lang=en")
    page.locator("#f-forum-un-cescr").check()
    page.locator("#f-region-europe-central-asia").check()
    expect(page.locator(".hit-title a", has_text="Ben Djazia")).to_be_visible()
    page.locator(".hit-title a", has_text="Ben Djazia").click()
    expect(page.locator("#summary-en")).to_be_visible()

    page.get_by_role("tab", name="Español").click()
    spanish = page.locator("#summary-es")
    expect(spanish).to_be_visible()
    expect(spanish).to_have_attribute("lang", "es")
    expect(spanish).to_contain_text("desalojad")
    expect(page.get_by_role("tab", name="Español")).to_have_attribute("aria-selected", "true")
    screenshot(page, "03-case-summary-in-spanish")

    page.reload()
    expect(page.locator("#summary-es")).to_be_visible()
    # Arrow keys move between the tabs.
    page.get_by_role("tab", name="Español").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#summary-ar")).to_be_visible()
    expect(page.locator("#summary-ar")).to_have_attribute("dir", "rtl")

    # Paragraph anchors, the PDF and the citation.
    first = page.locator(".paragraph .pnum").first
    anchor = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(re.compile(re.escape(anchor or "#none") + "$"))
    pdf = page.request.get(page.locator(".pdf-link").first.get_attribute("href") or "")
    assert pdf.headers["content-type"] == "application/pdf"
    expect(page.locator("#citation")).to_contain_text("E/C.12/61/D/5/2015")


def test_citation_copy_button_copies(browser: Any, app_url: str) -> None:
    context = browser.new_context(base_url=app_url, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/cases/za-constitutional-court-2000-grootboom?lang=en")
    page.get_by_role("button", name="Copy the citation").click()
    expect(page.locator(".cite .copy-status")).to_have_text("Citation copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Government of the Republic of South Africa and Others v. Grootboom")
    assert copied.endswith("/cases/za-constitutional-court-2000-grootboom.")
    context.close()


def test_results_follow_typing_and_suggestions_open_a_case(page: Any) -> None:
    page.goto("/?lang=en")
    page.locator("#q").press_sequentially("water", delay=30)
    expect(page).to_have_url(re.compile(r"q=water"))
    expect(page.locator(".hit mark").first).to_be_visible()

    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("Groot", delay=30)
    option = page.get_by_role("option", name=re.compile("Grootboom"))
    expect(option).to_be_visible()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "true")
    page.locator("#q").press("ArrowDown")
    expect(page.locator("#q")).to_have_attribute("aria-activedescendant", "suggestion-0")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/za-constitutional-court-2000-grootboom"))


def test_pagination_moves_through_the_collection(page: Any) -> None:
    page.goto("/?lang=en")
    _count(page, "32 cases")
    expect(page.locator(".hit")).to_have_count(20)
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".hit")).to_have_count(12)
    expect(page.locator(".pagination a[aria-current=page]")).to_have_text("2")
    expect(page.locator("#results-title")).to_be_focused()


def test_phone_layout_has_no_sideways_scrolling(browser: Any, app_url: str) -> None:
    context = browser.new_context(base_url=app_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)  # fmt: skip
    page = context.new_page()
    for path in ("/?q=eviction&lang=en", "/cases/un-cescr-2017-ben-djazia-bellili-v-spain?lang=en"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto("/?q=eviction&lang=en")
    results, filters = page.locator(".results").bounding_box(), page.locator("#filters").bounding_box()
    assert results and filters and results["y"] < filters["y"], "results come first on a phone"
    expect(page.locator(".jump-filters")).to_be_visible()
    screenshot(page, "09-search-on-a-phone")
    context.close()
