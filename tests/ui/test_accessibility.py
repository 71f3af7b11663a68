"""axe-core (from npm) in the browser: no serious or critical violation on any page, in English and Arabic."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.ui.conftest import axe_violations

PAGES = [
    "/?lang=en",
    "/?q=eviction&language=fr&lang=en",
    "/?q=eviction&lang=ar",
    "/?q=zzzqqqxx&lang=es",
    "/cases/un-cescr-2017-ben-djazia-bellili-v-spain?lang=en",
    "/cases/un-cescr-2017-ben-djazia-bellili-v-spain?lang=ar",
    "/cases/no-such-case?lang=fr",
    "/embed/snippet?lang=pt&right=housing",
    "/embed?right=housing&region=africa&lang=fr",
]


@pytest.fixture
def axe_page(browser: Any, app_url: str) -> Any:
    """A page that may inject axe-core: the site's CSP rightly refuses inline scripts, so this context bypasses it."""
    context = browser.new_context(base_url=app_url, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(axe_page: Any, path: str) -> None:
    axe_page.goto(path)
    axe_page.wait_for_load_state("networkidle")
    violations = axe_violations(axe_page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]} for v in violations
    ]
    assert violations == [], json.dumps(summary, indent=2)
