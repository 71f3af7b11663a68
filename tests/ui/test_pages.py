"""The pages over HTTP, without a browser: security headers, frame-ancestors, no cookies, the asset budget,
HTML error pages, the widget script and the iframe theme."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caselaw.api.app import create_app
from caselaw.config import Settings

PARTNER = "https://partner.example.org"
PAGES = ["/", "/?q=eviction&lang=ar", "/cases/achpr-2009-endorois", "/embed/snippet", "/embed?right=housing"]
BUDGET_BYTES = 100 * 1024


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    """The app over the fixture corpus, with one embedding origin."""
    settings = Settings(data_dir=data_dir, cors_origins=[PARTNER, "https://other.example"], rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as opened:
        yield opened


def test_pages_allow_only_their_own_scripts_and_no_framing(client: TestClient) -> None:
    for path in ("/", "/cases/achpr-2009-endorois", "/embed/snippet", "/cases/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "frame-ancestors 'none'" in csp, path


def test_embed_may_be_framed_by_exactly_the_configured_origins(client: TestClient, data_dir: Path) -> None:
    csp = client.get("/embed?right=housing").headers["content-security-policy"]
    assert re.search(r"frame-ancestors ([^;]*)", csp)[1] == f"{PARTNER} https://other.example"  # type: ignore[index]
    assert "x-frame-options" not in client.get("/embed").headers
    with TestClient(create_app(Settings(data_dir=data_dir))) as closed:
        assert "frame-ancestors 'none'" in closed.get("/embed").headers["content-security-policy"]


def test_cors_is_granted_to_the_partner_only(client: TestClient) -> None:
    allowed = client.get("/api/v1/search?right=housing", headers={"Origin": PARTNER})
    assert allowed.headers["access-control-allow-origin"] == PARTNER
    refused = client.get("/api/v1/search?right=housing", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in refused.headers


def test_no_cookies_anywhere(client: TestClient) -> None:
    for path in [*PAGES, "/widget.js", "/api/v1/suggest?q=gro"]:
        assert "set-cookie" not in client.get(path).headers, path


def _assets(client: TestClient, html: str) -> dict[str, int]:
    """Every script and stylesheet a page loads, following module imports, with its size in bytes."""
    pending = re.findall(r'(?:src|href)="(/static/[^"]+|/widget\.js)"', html)
    sizes: dict[str, int] = {}
    while pending:
        url = pending.pop()
        path = url.split("?")[0]
        if path in sizes or not path.endswith((".js", ".css")):
            continue
        body = client.get(url).text
        sizes[path] = len(body.encode())
        pending += ["/static/" + name for name in re.findall(r'from "\./([^"]+)"', body)]
    return sizes


def test_first_search_page_loads_under_100_kb_of_js_and_css(client: TestClient) -> None:
    sizes = _assets(client, client.get("/").text)
    assert {"/static/ui.css", "/static/search.js"} <= set(sizes)
    assert sum(sizes.values()) < BUDGET_BYTES, sizes


def test_versioned_assets_are_cached_for_good(client: TestClient) -> None:
    url = re.search(r'href="(/static/ui\.css\?v=[0-9a-f]+)"', client.get("/").text)[1]  # type: ignore[index]
    assert "immutable" in client.get(url).headers["cache-control"]


def test_errors_are_html_pages_with_their_status(client: TestClient) -> None:
    missing = client.get("/cases/no-such-case")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "There is no case with this address." in missing.text
    unknown = client.get("/?right=not-a-right&lang=fr")
    assert unknown.status_code == 400 and "Cette recherche ne peut pas être lancée" in unknown.text
    assert client.get("/?page=0").status_code == 422
    # A mistyped page address gets a page in the reader's language, not the API's JSON.
    lost = client.get("/cases/no-such-case/extra", headers={"Accept": "text/html", "Accept-Language": "es"})
    assert lost.status_code == 404 and lost.headers["content-type"].startswith("text/html")
    assert 'lang="es"' in lost.text
    assert client.post("/", headers={"Accept": "text/html"}).status_code == 405
    # Programs asking for JSON, and everything under /api/, keep problem+json.
    assert client.get("/no-such-page").headers["content-type"] == "application/problem+json"
    api = client.get("/api/v1/no-such-route", headers={"Accept": "text/html"})
    assert api.headers["content-type"] == "application/problem+json"


def test_search_state_round_trips_through_the_url(client: TestClient) -> None:
    page = client.get("/?q=eviction&language=fr&region=africa&sort=date_desc&utm_source=x").text
    assert 'id="f-language-fr" name="language" value="fr" form="search" checked' in page
    assert '<option value="date_desc" selected>' in page
    # Removing one filter keeps the others (and drops what the page does not understand).
    assert 'href="/?q=eviction&amp;region=africa&amp;sort=date_desc"' in page


def test_fragment_requests_get_only_the_live_part(client: TestClient) -> None:
    fragment = client.get("/?q=eviction", headers={"X-Caselaw-Fragment": "1"}).text
    assert fragment.lstrip().startswith('<div id="live"') and "<html" not in fragment


def test_case_page_has_paragraph_anchors_citation_and_pdf_links(client: TestClient) -> None:
    page = client.get("/cases/achpr-2009-endorois?lang=fr").text
    assert 'id="en-1"' in page and 'href="#en-1"' in page and 'id="fr-1"' in page
    assert "Commission africaine des droits de l&#39;homme et des peuples" in page
    pdf = re.search(r'href="(/api/v1/cases/achpr-2009-endorois/documents/[0-9a-f]{64})"', page)[1]  # type: ignore[index]
    assert client.get(pdf).headers["content-type"] == "application/pdf"
    assert "summary=fr#summary" in page


def test_widget_script_carries_every_language(client: TestClient) -> None:
    script = client.get("/widget.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "/*MESSAGES*/" not in script.text and "/*KEYS*/" not in script.text
    for text in ("Search decisions", "Buscar decisiones", "Rechercher des décisions", "البحث في القرارات"):
        assert text in script.text


def test_iframe_theme_accepts_colours_and_fonts_only(client: TestClient) -> None:
    css = client.get("/embed/theme.css", params={"accent": "#7b1fa2", "font": "Georgia, serif"}).text
    assert "--caselaw-accent: #7b1fa2;" in css and "--caselaw-font: Georgia, serif;" in css
    hostile = client.get("/embed/theme.css", params={"accent": "red;} body{display:none", "font": "x;}"}).text
    assert "display" not in hostile and "}" not in hostile.split("{", 1)[1].rstrip().rstrip("}")


def test_snippet_generator_writes_the_code_for_the_choices(client: TestClient) -> None:
    page = client.get("/embed/snippet", params={"right": "housing", "region": "africa", "widget_lang": "fr",
                                                "count": "3", "accent": "#7b1fa2"}).text  # fmt: skip
    assert (
        "&lt;caselaw-search right=&#34;housing&#34; region=&#34;africa&#34; lang=&#34;fr&#34; count=&#34;3&#34;" in page
    )
    assert "--caselaw-accent: #7b1fa2;" in page
    assert "/embed?right=housing&amp;amp;region=africa" in page
    assert PARTNER in page
