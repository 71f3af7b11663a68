"""Embedding: `/embed` (an iframe page), `/embed/snippet` (the code generator) and `/widget.js` (the web component)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from caselaw.api.dependencies import ServicesDep
from caselaw.api.params import to_request
from caselaw.api.services import Services
from caselaw.api.ui.messages import Messages, inline_script_module
from caselaw.api.ui.render import STATIC_DIR, PageLanguage, embed_csp, error_page, page_language, render
from caselaw.api.ui.state import LIST_KEYS, SCALAR_KEYS, SearchState
from caselaw.errors import CaselawError
from caselaw.search.request import MAX_WINDOW
from caselaw.taxonomy import LANGUAGES, get_taxonomy

router = APIRouter(include_in_schema=False)

COUNT_DEFAULT, COUNT_MAX = 5, 20
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]{1,120}$")
"""A font-family list: letters, digits, spaces, commas, quotes and hyphens; nothing that could end a CSS rule."""
DEFAULT_ACCENT = "#0b5394"
THEME_KEYS = {"accent": "--caselaw-accent", "background": "--caselaw-background", "text": "--caselaw-text"}
FONTS = {
    "": "",
    "sans": 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
    "serif": 'Georgia, "Times New Roman", "Noto Serif", serif',
}
"""Fonts the snippet generator offers (any font list works in the code itself)."""
PRESET_FACETS = ("right", "issue", "region", "forum", "language")
"""Facets the snippet generator offers as presets (every facet works as a widget attribute)."""


def _count(request: Request) -> int:
    raw = request.query_params.get("count", "")
    return max(1, min(COUNT_MAX, int(raw))) if raw.isdigit() else COUNT_DEFAULT


def _theme(request: Request) -> list[tuple[str, str]]:
    """The valid theme parameters of a request, in a fixed order (invalid ones are dropped, not echoed)."""
    pairs = [(key, request.query_params.get(key, "")) for key in (*THEME_KEYS, "font")]
    return [(k, v) for k, v in pairs if (COLOR.match(v) if k in THEME_KEYS else FONT.match(v))]


def _public_base(request: Request, services: Services) -> str:
    configured = services.settings.public_url
    return str(configured).rstrip("/") if configured else str(request.base_url).rstrip("/")


@router.get("/embed", response_class=HTMLResponse)
def embed_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """A compact search page for iframes: preset filters kept, results open the full site in a new tab."""
    language = page_language(request)
    csp = embed_csp(services.settings.cors_origins)
    state = SearchState.from_query(request.query_params)
    count = _count(request)
    try:
        result = services.engine.search(
            to_request(state.params(size=count), language.code).model_copy(update={"facets": False})
        )
    except CaselawError as error:
        return error_page(request, language, error, csp=csp)
    theme = _theme(request)
    # Everything but the query travels as hidden fields, so a new query keeps the presets, language and theme.
    hidden = [(k, v) for k, v in state.items if k not in ("q", "page")] + [("count", str(count)), *theme]
    last = max(1, -(-min(result.total, MAX_WINDOW) // count))
    lang_suffix = f"?lang={language.code}" if language.explicit else ""
    context = {
        "state": state,
        "result": result,
        "hidden": hidden,
        "hits": [(hit, f"/cases/{hit.id}{lang_suffix}") for hit in result.hits],
        "full_href": state.without("page").href(),
        "theme_href": "/embed/theme.css?" + urlencode(theme) if theme else None,
        "previous_href": _page_href(request, result.page - 1) if result.page > 1 else None,
        "next_href": _page_href(request, result.page + 1) if result.page < last else None,
    }
    return render(request, "embed.html", language, context, csp=csp)


def _page_href(request: Request, page: int) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return "/embed?" + urlencode([*pairs, ("page", str(page))])


@router.get("/embed/theme.css")
def embed_theme(request: Request) -> Response:
    """The iframe's colours and font as CSS custom properties (a stylesheet, as the page allows no inline style)."""
    rules = []
    for key, value in _theme(request):
        name = THEME_KEYS.get(key, "--caselaw-font")
        rules.append(f"  {name}: {value};")
    body = ":root {\n" + "\n".join(rules) + "\n}\n"
    return Response(body, media_type="text/css", headers={"Cache-Control": "public, max-age=86400"})


@dataclass(frozen=True)
class Choice:
    """One option of a select of the snippet generator."""

    value: str
    label: str
    selected: bool


def _choices(request: Request, key: str, options: list[tuple[str, str]]) -> list[Choice]:
    current = request.query_params.get(key, "")
    return [Choice(value, label, value == current) for value, label in options]


def _facet_options(facet: str, language: str) -> list[tuple[str, str]]:
    taxonomy = get_taxonomy()
    listing = {"right": "rights", "issue": "issues", "region": "regions", "forum": "forums"}.get(facet)
    if listing is None:
        return [(code, code.upper()) for code in LANGUAGES]
    entries = sorted(taxonomy.entries(listing), key=lambda entry: entry.label(language).casefold())
    return [(entry.code, entry.label(language)) for entry in entries]


def snippet_code(base: str, request: Request, language: PageLanguage) -> tuple[str, str, dict[str, str]]:
    """The widget and iframe code for the generator's choices, and the preview's attributes."""
    attributes: dict[str, str] = {}
    for facet in PRESET_FACETS:
        value = request.query_params.get(facet, "")
        if value and value in {code for code, _ in _facet_options(facet, "en")}:
            attributes[facet] = value
    widget_lang = request.query_params.get("widget_lang", language.code)
    attributes["lang"] = widget_lang if widget_lang in LANGUAGES else language.code
    attributes["count"] = str(_count(request))
    # The default accent is left out: the code stays short, and a later change of the default reaches it.
    theme = [(k, v) for k, v in _theme(request) if (k, v.lower()) != ("accent", DEFAULT_ACCENT)]
    font_choice = request.query_params.get("font_choice", "")
    if FONTS.get(font_choice):
        theme = [*theme, ("font", FONTS[font_choice])]
    attrs = "".join(f' {k}="{escape(v)}"' for k, v in attributes.items())
    style = "".join(f" {THEME_KEYS.get(k, '--caselaw-font')}: {v};" for k, v in theme)
    widget = f'<script src="{base}/widget.js" defer></script>\n<caselaw-search{attrs}></caselaw-search>'
    if style:
        widget += f"\n<style>\n  caselaw-search {{{style} }}\n</style>"
    query = urlencode([(k, v) for k, v in attributes.items()] + theme)
    title = Messages(attributes["lang"])("widget.label")
    iframe = (
        f'<iframe src="{escape(base)}/embed?{escape(query)}" title="{escape(title)}"\n'
        f'        width="100%" height="640" loading="lazy" referrerpolicy="no-referrer"></iframe>'
    )
    preview = {**attributes, **{f"data-theme-{k}": v for k, v in theme}}
    return widget, iframe, preview


@router.get("/embed/snippet", response_class=HTMLResponse)
def snippet_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """The snippet generator: choose presets, language, count and colours; copy the code; see a preview."""
    language = page_language(request)
    base = _public_base(request, services)
    widget, iframe, preview = snippet_code(base, request, language)
    messages = Messages(language.code)
    any_option = [("", messages("snippet.any"))]
    selects = [
        (facet, _choices(request, facet, any_option + _facet_options(facet, language.code))) for facet in PRESET_FACETS
    ]
    context = {
        "selects": selects,
        "languages": _choices(request, "widget_lang", [(code, code) for code in LANGUAGES]),
        "widget_lang": preview["lang"],
        "count": preview["count"],
        "accent": dict(_theme(request)).get("accent", DEFAULT_ACCENT),
        "fonts": _choices(
            request, "font_choice", [("", messages("snippet.font_inherit")), ("sans", "Sans"), ("serif", "Serif")]
        ),
        "widget_code": widget,
        "iframe_code": iframe,
        "preview": preview,
        "origins": services.settings.cors_origins,
    }
    response = render(request, "snippet.html", language, context)
    response.headers["Vary"] = "Accept-Language, X-Caselaw-Fragment"
    return response


@cache
def _widget_source() -> str:
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    source = source.replace("/*MESSAGE_MODULE*/", inline_script_module())  # the site's one message module
    catalogs = {code: {"site": Messages(code)("site.name"), **Messages(code).subset("widget.")} for code in LANGUAGES}
    keys = sorted(LIST_KEYS) + [key for key in SCALAR_KEYS if key in ("q", "sort")]
    data = json.dumps(catalogs, ensure_ascii=False, separators=(",", ":"))
    return source.replace("/*MESSAGES*/{}", data).replace("/*KEYS*/[]", json.dumps(keys))


@router.get("/widget.js")
def widget_script() -> Response:
    """The `<caselaw-search>` web component, with its messages in every language built in."""
    return Response(
        _widget_source(),
        media_type="text/javascript; charset=utf-8",
        headers={
            "Cache-Control": "public, max-age=3600",
            # Host pages that isolate themselves (COEP) may still load the script.
            "Cross-Origin-Resource-Policy": "cross-origin",
        },
    )
