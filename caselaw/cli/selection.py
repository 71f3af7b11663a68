"""The amicus-candidate selection table on the command line: deadlines (for a cron job), list, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, get_args

import typer
from rich.table import Table

from caselaw.cli.app import app, context_settings, out
from caselaw.errors import ValidationFailed
from caselaw.selection import (
    CandidateRow,
    ExportFormat,
    ListQuery,
    Stage,
    cell,
    export_table,
    get_labels,
    open_selection_store,
)
from caselaw.selection.catalogue import check_language

selection_app = typer.Typer(help="The amicus-candidate selection table.", no_args_is_help=True)
app.add_typer(selection_app, name="selection")

_TABLE_COLUMNS = ("deadline", "days_left", "name", "forum", "state", "stage", "lead_member", "id")


def _print_rows(rows: list[CandidateRow], language: str, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False))
        return
    labels = get_labels()
    table = Table(*(labels.text("columns", column, language) for column in _TABLE_COLUMNS))
    for row in rows:
        values = [cell(row, column) for column in _TABLE_COLUMNS]
        table.add_row(*("" if value is None else str(value) for value in values))
    out.print(table)


@selection_app.command("deadlines")
def deadlines_command(
    ctx: typer.Context,
    within: Annotated[int, typer.Option("--within", min=0, help="Days ahead to look, from today.")] = 14,
    overdue: Annotated[bool, typer.Option("--overdue", help="Also list deadlines already passed.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of the column labels.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """List candidates whose deadline falls within the next N days, soonest first (for a cron job)."""
    check_language(lang)
    with open_selection_store(context_settings(ctx)) as store:
        rows = store.deadlines(within, overdue=overdue)
    if not rows and not as_json:
        out.print(f"no candidate deadline in the next {within} days")
        return
    _print_rows(rows, lang, as_json)


def _query(
    stage: list[str] | None,
    right: list[str] | None,
    region: list[str] | None,
    within: int | None,
    sort: str,
    descending: bool,
) -> ListQuery:
    try:
        return ListQuery.model_validate(
            {
                "stage": stage or [],
                "right": right or [],
                "region": region or [],
                "deadline_within": within,
                "sort": sort,
                "descending": descending,
            }
        )
    except ValueError as exc:
        raise ValidationFailed(f"invalid filter: {exc}") from exc


StageOption = Annotated[
    list[str] | None, typer.Option("--stage", help=f"Stage; repeat to OR ({', '.join(s.value for s in Stage)}).")
]
RightOption = Annotated[list[str] | None, typer.Option("--right", help="Right code; repeat to OR.")]
RegionOption = Annotated[list[str] | None, typer.Option("--region", help="Region code; repeat to OR.")]
WithinOption = Annotated[int | None, typer.Option("--within", min=0, help="Only deadlines in the next N days.")]
SortOption = Annotated[str, typer.Option("--sort", help="Column to sort by.")]
DescOption = Annotated[bool, typer.Option("--desc", help="Sort in descending order.")]
LangOption = Annotated[str, typer.Option("--lang", help="Language of the column labels.")]


@selection_app.command("list")
def list_command(
    ctx: typer.Context,
    stage: StageOption = None,
    right: RightOption = None,
    region: RegionOption = None,
    within: WithinOption = None,
    sort: SortOption = "deadline",
    desc: DescOption = False,
    lang: LangOption = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """List the candidates, filtered and sorted."""
    check_language(lang)
    query = _query(stage, right, region, within, sort, desc)
    with open_selection_store(context_settings(ctx)) as store:
        rows = store.rows(query)
    _print_rows(rows, lang, as_json)


@selection_app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    stage: StageOption = None,
    right: RightOption = None,
    region: RegionOption = None,
    within: WithinOption = None,
    sort: SortOption = "deadline",
    desc: DescOption = False,
    lang: LangOption = "en",
) -> None:
    """Export the table with a header row of labels in the chosen language."""
    formats: tuple[ExportFormat, ...] = get_args(ExportFormat)
    chosen = next((f for f in formats if f == fmt), None)
    if chosen is None:
        raise ValidationFailed(f"unknown format {fmt!r}; use {', '.join(formats)}")
    if chosen == "xlsx" and output is None:
        raise ValidationFailed("xlsx is binary: give a file with --output")
    check_language(lang)
    query = _query(stage, right, region, within, sort, desc)
    with open_selection_store(context_settings(ctx)) as store:
        data = export_table(store.rows(query), chosen, lang)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        output.write_bytes(data)
        out.print(f"wrote {output}")
