"""`/`: the search page, rendered on the server (it works without JavaScript); scripts only swap its live part."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from caselaw.api.dependencies import ServicesDep
from caselaw.api.params import to_request
from caselaw.api.ui.messages import Messages
from caselaw.api.ui.render import PageLanguage, error_page, page_language, render
from caselaw.api.ui.state import PAGE_SIZE, SearchState
from caselaw.errors import CaselawError
from caselaw.search import SearchResponse
from caselaw.search.facets import FACET_KEYS
from caselaw.search.request import MAX_WINDOW
from caselaw.search.response import Expansion, FacetValue, Hit

router = APIRouter(include_in_schema=False)

FRAGMENT_HEADER = "x-caselaw-fragment"
"""Sent by the page's script: answer with the live part of the page only (results, facets), not the whole page."""
VISIBLE_VALUES = 8
"""Facet values shown before "show more": enough for most facets, short enough to scan."""
EXAMPLES = ("eviction", "desalojo", "água", "expulsion", "إخلاء", "indigenous land")
"""Example searches for newcomers, in several languages, each of which finds cases in the fixture corpus."""


@dataclass(frozen=True)
class FacetOption:
    """One checkbox of a facet."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetView:
    """A facet of the sidebar: its first values, the rest behind "show more", a link that clears it."""

    key: str
    shown: list[FacetOption]
    more: list[FacetOption]
    selected: bool
    clear_href: str


@dataclass(frozen=True)
class Chip:
    """An active filter, with the link that removes it."""

    facet: str
    label: str
    href: str


@dataclass(frozen=True)
class PageLink:
    """A link of the pagination (None for a gap)."""

    number: int | None
    href: str = ""
    current: bool = False


@dataclass
class SearchView:
    """Everything the search templates show."""

    state: SearchState
    result: SearchResponse
    facets: list[FacetView]
    chips: list[Chip]
    hits: list[tuple[Hit, str]]
    pages: list[PageLink]
    previous_href: str | None
    next_href: str | None
    expansions: list[Expansion]
    expand_toggle_href: str
    expanded: bool
    export_csv: str
    export_jsonl: str
    sort: str
    clear_href: str
    examples: list[tuple[str, str]] = field(default_factory=list)
    feed: str = ""
    """The Atom feed of this search (`/api/v1/search.atom`), for feed readers."""


def _options(values: list[FacetValue]) -> list[FacetOption]:
    return [FacetOption(v.value, v.label, v.count, v.selected) for v in values if v.count > 0 or v.selected]


def _facet_views(state: SearchState, result: SearchResponse) -> list[FacetView]:
    views = []
    for facet in result.facets:
        options = _options(facet.values)
        if not options:
            continue
        if facet.key == "kind" and not state.values("kind") and len(options) == 1:
            # Only decisions match and none were asked for: a lone pre-checked box would offer nothing. When other
            # kinds match, `decision` stays checked (the default the search applied), so checking `report` asks
            # for decisions and reports.
            continue
        shown = options[:VISIBLE_VALUES]
        # A selected value stays in sight even when its count puts it behind "show more".
        more = [o for o in options[VISIBLE_VALUES:] if not o.selected]
        shown += [o for o in options[VISIBLE_VALUES:] if o.selected]
        views.append(
            FacetView(
                key=facet.key,
                shown=shown,
                more=more,
                # The default kind is selected without being in the URL: nothing to clear then.
                selected=any(o.selected for o in options) and (facet.key != "kind" or bool(state.values("kind"))),
                clear_href=state.without(facet.key).href(),
            )
        )
    return views


def _chips(state: SearchState, result: SearchResponse, messages: Messages) -> list[Chip]:
    labels: dict[tuple[str, str], str] = {(f.key, v.value): v.label for f in result.facets for v in f.values}
    chips = [
        Chip(messages(f"facet.{key}"), labels.get((key, value), value), state.toggled(key, value).href())
        for key, value in state.items
        if key in FACET_KEYS
    ]
    for key, title in (("date_from", "filters.date_from"), ("date_to", "filters.date_to")):
        if state.get(key):
            chips.append(
                Chip(messages("filters.date"), f"{messages(title)} {state.get(key)}", state.without(key).href())
            )
    return chips


def _pages(state: SearchState, result: SearchResponse) -> list[PageLink]:
    last = max(1, -(-min(result.total, MAX_WINDOW) // PAGE_SIZE))
    if last == 1:
        return []
    wanted = {1, last, *range(result.page - 2, result.page + 3)}
    links: list[PageLink] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if links and links[-1].number is not None and number - (links[-1].number or 0) > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, state.replaced("page", str(number)).href(), number == result.page))
    return links


def search_view(state: SearchState, result: SearchResponse, language: PageLanguage) -> SearchView:
    """The view of one search result."""
    messages = Messages(language.code)
    lang_suffix = f"?lang={language.code}" if language.explicit else ""
    last = max(1, -(-min(result.total, MAX_WINDOW) // PAGE_SIZE))
    expanded = state.get("expand", "true") != "false"
    api_state = state.without("page", "lang").replaced("lang", language.code)
    return SearchView(
        state=state,
        result=result,
        facets=_facet_views(state, result),
        chips=_chips(state, result, messages),
        hits=[(hit, f"/cases/{hit.id}{lang_suffix}") for hit in result.hits],
        pages=_pages(state, result),
        previous_href=state.replaced("page", str(result.page - 1)).href() if result.page > 1 else None,
        next_href=state.replaced("page", str(result.page + 1)).href() if result.page < last else None,
        expansions=result.expansions_applied,
        expand_toggle_href=(state.replaced("expand", "false") if expanded else state.without("expand")).href(),
        expanded=expanded,
        export_csv=_export(api_state, "csv"),
        export_jsonl=_export(api_state, "jsonl"),
        sort=state.get("sort", "relevance"),
        clear_href=state.without(*FACET_KEYS, "date_from", "date_to").href(),
        examples=[(example, _example(example, language)) for example in EXAMPLES],
        feed=_feed(api_state.without("sort")),
    )


def _example(query: str, language: PageLanguage) -> str:
    items = (("q", query), ("lang", language.code)) if language.explicit else (("q", query),)
    return SearchState(items).href()


def _feed(state: SearchState) -> str:
    query = state.query()
    return f"/api/v1/search.atom?{query}" if query else "/api/v1/search.atom"


def _export(state: SearchState, fmt: str) -> str:
    query = state.query()
    return f"/api/v1/search?{query}&format={fmt}" if query else f"/api/v1/search?format={fmt}"


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """The search page for the state in the URL; with the fragment header, only its live part."""
    language = page_language(request)
    state = SearchState.from_query(request.query_params)
    try:
        params = state.params()
        result = services.engine.search(to_request(params, language.code))
    except CaselawError as error:
        return error_page(request, language, error)
    view = search_view(state, result, language)
    fragment = request.headers.get(FRAGMENT_HEADER) == "1"
    response = render(request, "search_live.html" if fragment else "search.html", language, {"view": view})
    response.headers["Vary"] = "Accept-Language, X-Caselaw-Fragment"
    return response
