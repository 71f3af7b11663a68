"""Commands over the store and the taxonomy: config, schemas, export/import, cases, taxonomy."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer
from pydantic import SecretStr
from rich.table import Table

from caselaw.cli.app import (
    app,
    cases_app,
    config_app,
    context_settings,
    context_store,
    err,
    out,
    schemas_app,
    taxonomy_app,
)
from caselaw.config import Settings
from caselaw.errors import ValidationFailed
from caselaw.schema_export import export_schemas, stale_schemas
from caselaw.store import CaseStore
from caselaw.store.jsonl import export_jsonl, import_jsonl
from caselaw.taxonomy import LANGUAGES, get_taxonomy


@config_app.command("show")
def config_show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print every setting, its environment variable, value, source and description."""
    settings = context_settings(ctx)
    rows = []
    for name, field in Settings.model_fields.items():
        env = f"CASELAW_{name.upper()}"
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            value = "********"
        source = "environment" if env in os.environ else ("set" if name in settings.model_fields_set else "default")
        rows.append({"name": name, "env": env, "value": value, "source": source, "description": field.description})
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table("setting", "value", "source", "description", title="caselaw settings")
    for row in rows:
        table.add_row(str(row["env"]), str(row["value"]), str(row["source"]), str(row["description"]))
    out.print(table)


@schemas_app.command("export")
def schemas_export(
    directory: Annotated[Path, typer.Option("--dir", help="Where to write the schema files.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Only report files that differ; exit 1 if any.")] = False,
) -> None:
    """Write JSON Schema files for Case, Document and the taxonomy."""
    if check:
        stale = stale_schemas(directory)
        if stale:
            err.print(f"out of date: {', '.join(stale)} (run `caselaw schemas export`)")
            raise typer.Exit(1)
        out.print("schemas are up to date")
        return
    for path in export_schemas(directory):
        out.print(f"wrote {path}")


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="`jsonl` (every case), `citations` (the citation graph as JSON Lines edges) or `citations-csv`.",
        ),
    ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
) -> None:
    """Write every case, documents' text included, one JSON object per line; or the citation graph, one edge per
    citing case and cited thing (decision, general comment, article), resolved to cases as the export reads."""
    from caselaw.store.graph_export import export_citations

    writers: dict[str, Callable[[CaseStore, TextIO], int]] = {
        "jsonl": export_jsonl,
        "citations": lambda store, handle: export_citations(store, handle, "jsonl"),
        "citations-csv": lambda store, handle: export_citations(store, handle, "csv"),
    }
    if fmt not in writers:
        raise ValidationFailed(f"unknown export format {fmt!r}; supported: {', '.join(writers)}")
    write = writers[fmt]
    with context_store(ctx) as store:
        if output is None:
            count = write(store, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".partial")
            with tmp.open("w", encoding="utf-8", newline="") as handle:
                count = write(store, handle)
            tmp.replace(output)  # a reader never sees half an export
    err.print(f"exported {count} {'case(s)' if fmt == 'jsonl' else 'citation edge(s)'}")


@app.command("import")
def import_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A JSONL file written by `caselaw export`, or - for stdin.")],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid lines and report the others.")
    ] = False,
) -> None:
    """Read cases from JSON Lines into the store (validated first; nothing written if a line is bad), then bring
    the search index up to date for them, as ingest does."""
    from caselaw.cli.indexing import update_index

    with context_store(ctx) as store:
        if str(source) == "-":
            report = import_jsonl(store, sys.stdin, skip_invalid=skip_invalid)
        else:
            if not source.is_file():
                raise ValidationFailed(f"no such file: {source}")
            with source.open(encoding="utf-8") as handle:
                report = import_jsonl(store, handle, skip_invalid=skip_invalid)
        for message in report.errors:
            err.print(f"skipped {message}")
        out.print(f"imported {report.imported} case(s)")
        out.print(update_index(context_settings(ctx), store, report.ids, out), highlight=False)


@cases_app.command("list")
def cases_list(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", help="Language of titles and labels.")] = "en",
    forum: Annotated[str | None, typer.Option("--forum", help="Only cases of this forum code.")] = None,
) -> None:
    """List the stored cases with forum, date, State and languages."""
    table = Table("id", "title", "kind", "forum", "decided", "State", "languages")
    kinds = get_taxonomy()
    with context_store(ctx) as store:
        for case in store.iter_cases():
            if forum and case.forum != forum:
                continue
            title = case.title_in(lang)
            table.add_row(
                case.id,
                title.short or title.full,
                kinds.entry("record_kinds", case.kind).label(lang),
                case.forum_label(lang) or "",
                str(case.dates.decision or ""),
                ", ".join(case.respondent_states),
                ", ".join(case.languages),
            )
    out.print(table)


review_app = typer.Typer(help="Records waiting for an editor.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most records listed.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """List the records stored as needs-review or needs-ocr, oldest change first, with what each one lacks."""
    with context_store(ctx) as store:
        total, items = store.review_queue(limit=limit)
    if as_json:
        for item in items:
            print(item.model_dump_json())  # noqa: T201
        return
    table = Table("id", "kind", "status", "reasons", "title", title=f"{total} record(s) waiting for review")
    for item in items:
        table.add_row(item.case_id, item.kind, item.status.value, ", ".join(item.reasons), item.title[:80])
    out.print(table)
    if total > len(items):
        out.print(f"{total - len(items)} more: use --limit", highlight=False)


@cases_app.command("show")
def cases_show(ctx: typer.Context, case_id: Annotated[str, typer.Argument(help="Case id or alias.")]) -> None:
    """Print one case as JSON (documents' text included)."""
    with context_store(ctx) as store:
        case = store.get_case(store.resolve(case_id))
    out.print_json(case.model_dump_json())


@taxonomy_app.command("list")
def taxonomy_list(
    facet: Annotated[str, typer.Argument(help="rights, issues, forums, regions, affected_groups, ...")],
    lang: Annotated[str, typer.Option("--lang", help=f"One of {', '.join(LANGUAGES)}.")] = "en",
) -> None:
    """List the codes and labels of one taxonomy list."""
    taxonomy = get_taxonomy()
    try:
        entries = taxonomy.entries(facet)
    except KeyError:
        raise ValidationFailed(
            f"unknown taxonomy list {facet!r}; one of: {', '.join(taxonomy.facet_names())}"
        ) from None
    if lang not in LANGUAGES:
        raise ValidationFailed(f"unknown language {lang!r}; one of: {', '.join(LANGUAGES)}")
    table = Table("code", "label")
    for entry in entries:
        table.add_row(entry.code, entry.label(lang))
    out.print(table)
