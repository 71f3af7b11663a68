"""Search commands: search, facets, reindex, suggest."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from caselaw.cli.app import app, context_settings, context_store, out
from caselaw.errors import ValidationFailed

# Search ---------------------------------------------------------------------------------------------------------
# The search layer is imported inside the commands: it loads the tantivy extension, which other commands never need.


def _search_engine(ctx: typer.Context) -> Any:
    from caselaw.search import open_engine

    return open_engine(context_settings(ctx))


def _marked(snippet: str) -> Any:
    """A snippet's HTML as rich text: `<mark>` as bold, entities decoded, nothing interpreted as markup."""
    import html
    import re

    from rich.text import Text

    text = Text()
    for index, part in enumerate(re.split(r"</?mark>", snippet)):
        text.append(html.unescape(part), style="bold yellow" if index % 2 else "")
    return text


def _filters(pairs: list[str]) -> dict[str, list[str]]:
    """`--filter key=value` options as facet selections; ValidationFailed names an unknown facet or value."""
    from caselaw.search.facets import FACET_KEYS, is_known

    selected: dict[str, list[str]] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not value:
            raise ValidationFailed(f"--filter {pair!r}: write FACET=VALUE, e.g. right=housing")
        if key not in FACET_KEYS:
            raise ValidationFailed(f"--filter {pair!r}: no facet {key!r}; the facets are {', '.join(FACET_KEYS)}")
        if key != "year" and not is_known(key, value):
            raise ValidationFailed(f"--filter {pair!r}: {value!r} is not a known value of facet {key!r}")
        selected.setdefault(key, []).append(value)
    return selected


@app.command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words, "phrases", -exclusions, OR (field:value with --advanced).')],
    facets: Annotated[bool, typer.Option("--facets", help="Print facet counts too.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="UI language of titles and labels.")] = "en",
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", help="Record kind (decision, report, legislation...); repeat to OR. Default: decisions."
        ),
    ] = None,
    right: Annotated[list[str] | None, typer.Option("--right", help="Right code; repeat to OR.")] = None,
    issue: Annotated[list[str] | None, typer.Option("--issue", help="Issue code; repeat to OR.")] = None,
    forum: Annotated[list[str] | None, typer.Option("--forum", help="Forum code; repeat to OR.")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", help="Region code; repeat to OR.")] = None,
    state: Annotated[list[str] | None, typer.Option("--state", help="ISO country code; repeat to OR.")] = None,
    language: Annotated[list[str] | None, typer.Option("--language", help="Case language; repeat to OR.")] = None,
    year: Annotated[list[str] | None, typer.Option("--year", help="Decision year; repeat to OR.")] = None,
    filters: Annotated[
        list[str] | None,
        typer.Option(
            "--filter",
            metavar="FACET=VALUE",
            help="Any facet of the registry (`caselaw facets` lists them), e.g. original_language=es; repeat: "
            "values of one facet OR, different facets AND.",
        ),
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="relevance, date_desc, date_asc, cited_desc or no_follow_up_first.")
    ] = "relevance",
    page: Annotated[int, typer.Option("--page", help="Page number, from 1.")] = 1,
    size: Annotated[int, typer.Option("--size", help="Hits per page (at most 100).")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the SearchResponse as JSON.")] = False,
    advanced: Annotated[bool, typer.Option("--advanced", help="Field queries, parentheses, AND/NOT, prefix*.")] = False,
    no_expand: Annotated[bool, typer.Option("--no-expand", help="No cross-lingual keyword expansion.")] = False,
    mode: Annotated[
        str | None,
        typer.Option(
            "--mode",
            help="keyword (the words typed), semantic (nearest in meaning, any language: needs `caselaw embed`) "
            "or hybrid (both fused). Default: the request's default mode.",
        ),
    ] = None,
) -> None:
    """Search the index: ranked hits with snippets, optionally facet counts and the expansions applied."""
    from caselaw.search import SearchRequest

    common = {"kind": kind, "right": right, "issue": issue, "forum": forum, "region": region, "state": state}
    common |= {"language": language, "year": year}
    selected = _filters(filters or [])
    for key, values in common.items():
        selected.setdefault(key, []).extend(values or [])
    try:
        request = SearchRequest.model_validate(
            {
                "q": query,
                "filters": {key: values for key, values in selected.items() if values},
                "lang": lang,
                "sort": sort,
                "page": page,
                "size": size,
                "advanced": advanced,
                "expand": not no_expand,
                "facets": facets or as_json,
                **({"mode": mode} if mode else {}),
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "request"
        raise ValidationFailed(f"invalid search: {where}: {first['msg']}") from exc
    with _search_engine(ctx) as engine:
        response = engine.search(request)
    if as_json:
        out.print_json(response.model_dump_json())
        return
    out.print(f"{response.total} case(s) in {response.took_ms:.1f} ms", highlight=False)
    for expansion in response.expansions_applied:
        added = "; ".join(f"{code}: {', '.join(terms)}" for code, terms in expansion.keywords.items())
        out.print(f"expanded {expansion.term!r} as {expansion.label} ({expansion.concept}): {added}", highlight=False)
    table = Table("#", "case", "forum", "decided", "State", "snippet")
    for rank, hit in enumerate(response.hits, start=request.offset + 1):
        table.add_row(
            str(rank),
            f"{hit.title}\n[dim]{hit.id}[/dim]",
            hit.forum.label if hit.forum else "",
            str(hit.decision_date or ""),
            ", ".join(s.code for s in hit.states),
            _marked(hit.snippets[0]) if hit.snippets else (hit.passage or ""),
        )
    out.print(table)
    if facets:
        for result in response.facets:
            if result.values:
                listed = ", ".join(f"{'*' if v.selected else ''}{v.label} ({v.count})" for v in result.values[:12])
                out.print(f"[bold]{result.key}[/bold]: {listed}", highlight=False)


@app.command("facets")
def facets_command() -> None:
    """List the facets a search filters on (`--filter FACET=VALUE`): key and what its values are."""
    from caselaw.search.facets import FACETS

    table = Table("facet", "values")
    for spec in FACETS:
        table.add_row(spec.key, spec.description)
    out.print(table)


@app.command("reindex")
def reindex_command(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Compare the index with the store and repair only what differs (queued changes, then a rebuild if "
            "the counts still differ); exit 1 if they still differ.",
        ),
    ] = False,
) -> None:
    """Rebuild the search index from the store and switch to it atomically (searches never see it half-built)."""
    import time

    from caselaw.cli.indexing import check_index, rebuild_index

    started = time.perf_counter()
    if check:
        with context_store(ctx) as store, _search_engine(ctx) as engine:
            agree = check_index(engine, store, out)
        if not agree:
            raise typer.Exit(1)
        return
    with context_store(ctx) as store, _search_engine(ctx) as engine:
        written, verified = rebuild_index(engine, store, out)
    elapsed = time.perf_counter() - started
    out.print(f"indexed {written} case(s), {verified} verified in the index, in {elapsed:.1f} s", highlight=False)


@app.command("suggest")
def suggest_command(
    ctx: typer.Context,
    prefix: Annotated[str, typer.Argument(help="The beginning of a case name, e.g. 'Groot'.")],
    lang: Annotated[str, typer.Option("--lang", help="UI language of titles.")] = "en",
    size: Annotated[int, typer.Option("--size", help="Most suggestions.")] = 10,
) -> None:
    """Autocomplete case names and popular names."""
    with _search_engine(ctx) as engine:
        suggestions = engine.suggest(prefix, size=size, language=lang)
    for suggestion in suggestions:
        out.print(f"{suggestion.text}  [dim]{suggestion.id}[/dim]", highlight=False)
