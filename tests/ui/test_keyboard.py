"""Keyboard only: reach a facet by Tab, tick it with Space, see the focus, keep it after the results change,
open "show more", and undo with the back button."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.ui.conftest import screenshot


def _tab_to(page: Any, element_id: str, limit: int = 80) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_skip_link_is_first_and_jumps_to_the_content(page: Any) -> None:
    page.goto("/?lang=en")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_facets_work_with_the_keyboard_alone(page: Any) -> None:
    page.goto("/?q=eviction&lang=en")
    _tab_to(page, "f-right-housing")
    checkbox = page.locator("#f-right-housing")
    outline = checkbox.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), f"no visible focus: {outline}"
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"right=housing"))
    expect(page.locator("#results-title")).to_have_text("10 cases")
    # The results were redrawn, and the focus is still on the box just ticked.
    expect(page.locator("#f-right-housing")).to_be_focused()
    expect(page.locator("#f-right-housing")).to_be_checked()
    screenshot(page, "06-keyboard-facet-selection", top=False)

    # "Show more" is a disclosure: Enter opens it, and its boxes are reachable.
    page.goto("/?lang=en")  # the whole collection: long facets have a "show more"
    details = page.locator(".facet-more").first
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    hidden_value = details.locator("input").first
    value_id = hidden_value.get_attribute("id") or ""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == value_id
    page.keyboard.press("Space")
    expect(page.locator(f"#{value_id}")).to_be_checked()
    expect(page.locator(f"#{value_id}")).to_be_focused()

    page.goto("/?q=eviction&right=housing&lang=en")
    # Clearing a facet is a link with a name that says which.
    clear = page.get_by_role("link", name="Clear the Right filter")
    clear.focus()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"right=housing"))

    page.go_back()
    expect(page.locator("#f-right-housing")).to_be_checked()
    expect(page.locator("#q")).to_have_value("eviction")


def test_facet_groups_are_labelled_for_assistive_technology(page: Any) -> None:
    page.goto("/?q=eviction&lang=en")
    group = page.get_by_role("group", name="Court or body")
    expect(group).to_be_visible()
    expect(group.get_by_role("checkbox", name=re.compile(r"^European Court of Human Rights.*1 case"))).to_have_count(1)
    expect(page.get_by_role("search")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Result pages")).to_have_count(0)  # 13 hits: one page
