"""Arabic: the whole layout mirrors (sidebar on the right, text from the right), and text in other languages
keeps its own direction inside it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.ui.conftest import screenshot


def _box(page: Any, selector: str) -> dict[str, float]:
    box: dict[str, float] | None = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _style(page: Any, selector: str, prop: str) -> str:
    value: str = page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")
    return value


def test_arabic_search_page_is_right_to_left(page: Any) -> None:
    page.goto("/?q=eviction&lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#results-title")).to_have_text("13 قضية")
    assert _style(page, ".results", "direction") == "rtl"

    # The filters sit on the right, the results on the left; the search button left of the box.
    filters, results = _box(page, "#filters"), _box(page, ".results")
    assert filters["x"] > results["x"] + results["width"] - 1
    query, button = _box(page, "#q"), _box(page, "#search button[type=submit]")
    assert button["x"] + button["width"] <= query["x"] + 1
    # Checkboxes are at the start (right) of their labels; counts at the end (left).
    checkbox, label = _box(page, ".facet-option input"), _box(page, ".facet-option label")
    assert checkbox["x"] > label["x"]
    # Hit titles start on the right edge of the results column.
    title = page.locator(".hit-title a[lang=ar], .hit-title a").first
    title_box = title.bounding_box()
    assert title_box is not None
    assert abs((title_box["x"] + title_box["width"]) - (results["x"] + results["width"])) < 40

    # Labels come from the taxonomy in Arabic; an English title keeps left-to-right inside the page.
    expect(page.locator("#facet-right legend")).to_have_text("الحق")
    expect(page.locator("label[for=f-right-forced-evictions] .facet-label")).to_have_text("الإخلاء القسري")
    english = page.locator(".hit-title a[lang=en]").first
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"
    screenshot(page, "04-search-arabic-right-to-left")


def test_arabic_case_page_mirrors_and_shows_the_arabic_summary(page: Any) -> None:
    page.goto("/cases/un-cescr-2017-ben-djazia-bellili-v-spain?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#summary-ar")).to_be_visible()
    expect(page.locator("h1")).to_have_attribute("lang", "ar")
    main, side = _box(page, ".case-main"), _box(page, ".case-side")
    assert side["x"] < main["x"], "the details column is on the left in Arabic"
    # The Spanish decision reads left to right inside the Arabic page.
    assert _style(page, "#doc-es", "direction") == "ltr"
    assert _style(page, "#doc-ar", "direction") == "rtl"
    # In a right-to-left tab list the next tab is to the left.
    page.get_by_role("tab", name="العربية").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#summary-es")).to_be_visible()
    screenshot(page, "05-case-arabic-right-to-left")
