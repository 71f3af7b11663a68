"""The widget and the iframe on a partner's page served from another origin: preset filters, theming through
custom properties only, no style leaking either way; and an origin that is not configured gets neither."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.ui.conftest import Origins, screenshot

ACCENT = "rgb(123, 31, 162)"
HOST_RED = "rgb(200, 0, 0)"


def _css(locator: Any, prop: str) -> str:
    value: str = locator.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")
    return value


def test_widget_works_cross_origin_with_presets_and_stays_isolated(page: Any, host_urls: Origins) -> None:
    presets = {"right": "housing", "region": "africa"}
    api_total = httpx.get(f"{host_urls.app}/api/v1/search", params=presets).json()["total"]
    page.goto(f"{host_urls.host}/index.html")
    widget = page.locator("#widget")
    titles = widget.locator("a.title")
    expect(titles).to_have_count(3)
    expect(widget.locator(".status")).to_have_text(f"{api_total} cases")
    for href in titles.evaluate_all("links => links.map(l => l.href)"):
        assert href.startswith(f"{host_urls.app}/cases/"), href
        assert href.endswith("?lang=en")
    assert page.evaluate("document.cookie") == ""

    # Nothing of the host's CSS gets in: not its red text, its font, its list borders, its button colour.
    title = titles.first
    assert _css(title, "color") != HOST_RED
    assert "Georgia" in _css(title, "font-family"), "the theme font arrives through --caselaw-font"
    assert _css(widget.locator("li").first, "border-left-width") != "5px"
    assert _css(widget.locator("button"), "background-color") == ACCENT, "the accent arrives through --caselaw-accent"
    assert _css(widget.locator("a.title").first, "background-color") == "rgba(0, 0, 0, 0)"
    # Nothing of the widget's CSS gets out: the host's own elements keep their look.
    assert _css(page.locator("#host-paragraph"), "color") == HOST_RED
    assert _css(page.locator("#host-mark"), "background-color") == "rgb(0, 255, 255)"
    assert _css(page.locator("#host-list li"), "border-left-width") == "5px"
    # The widget defines one element and leaks no global names.
    assert page.evaluate("typeof CaselawSearch") == "undefined"
    assert page.evaluate("typeof MESSAGES") == "undefined"

    # Typing searches inside the presets; matches are marked.
    box = widget.locator("input")
    box.press_sequentially("Ogoni", delay=20)
    expect(widget.locator(".status")).to_have_text("1 case")
    expect(widget.locator("a.title")).to_have_text(re.compile("Social and Economic Rights Action Center"))
    expect(widget.locator("mark").first).to_be_visible()

    # The iframe alternative, in French, themed by URL parameters.
    frame = page.frame_locator("#frame")
    expect(frame.locator(".cl-hit")).to_have_count(3)
    expect(frame.locator("html")).to_have_attribute("lang", "fr")
    assert _css(frame.locator(".cl-form button"), "background-color") == ACCENT
    page.locator("#frame").scroll_into_view_if_needed()
    screenshot(page, "08-widget-and-iframe-on-a-partner-site", full_page=True)


def test_widget_switches_language_and_direction_from_its_attribute(page: Any, host_urls: Origins) -> None:
    page.goto(f"{host_urls.host}/index.html")
    widget = page.locator("#widget")
    expect(widget.locator("a.title")).to_have_count(3)
    page.evaluate("document.getElementById('widget').setAttribute('lang', 'ar')")
    expect(widget.locator(".root")).to_have_attribute("dir", "rtl")
    expect(widget.locator("button")).to_have_text("بحث")
    expect(widget.locator("a.title").first).to_have_attribute("href", re.compile(r"\?lang=ar$"))


def test_an_origin_that_is_not_configured_gets_no_data_and_no_frame(page: Any, host_urls: Origins) -> None:
    page.expects_refusals = True  # the app's frame-ancestors refuses this origin, and the console says so
    page.goto(f"{host_urls.stranger}/index.html")
    expect(page.locator("#widget .status")).to_have_text("The search could not be reached.")
    expect(page.locator("#widget a.title")).to_have_count(0)
    page.wait_for_timeout(500)
    framed = [frame for frame in page.frames if frame != page.main_frame]
    assert framed and all(frame.locator(".cl-hit").count() == 0 for frame in framed)


def test_snippet_generator_shows_code_and_a_live_preview(page: Any) -> None:
    page.goto("/embed/snippet?lang=en")
    page.locator("#s-right").select_option("housing")
    page.locator("#s-region").select_option("africa")
    page.locator("#s-widget-lang").select_option("fr")
    code = page.locator("#widget-code")
    expect(code).to_contain_text('right="housing" region="africa" lang="fr"')
    expect(page.locator("#iframe-code")).to_contain_text("/embed?right=housing&amp;region=africa&amp;lang=fr")
    expect(page).to_have_url(re.compile(r"right=housing"))
    preview = page.locator(".preview caselaw-search")
    expect(preview.locator("a.title").first).to_be_visible()
    expect(preview.locator("button")).to_have_text("Rechercher")
    screenshot(page, "10-embed-snippet-generator", full_page=True)
