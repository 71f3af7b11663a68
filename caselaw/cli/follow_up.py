"""`caselaw follow-up`: what happened after a decision, read and imported (`fixtures/follow_up.jsonl`)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from caselaw.cli.app import app, context_settings, context_store, out
from caselaw.errors import ValidationFailed
from caselaw.store import follow_up
from caselaw.taxonomy import get_taxonomy

follow_up_app = typer.Typer(help="Follow-up events of cases and their implementation level.", no_args_is_help=True)
app.add_typer(follow_up_app, name="follow-up")


@follow_up_app.command("import")
def import_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="JSON Lines: one event per line, with its `case_id`.")],
) -> None:
    """Add the events of a file (validated first; events already recorded are skipped), then update the index."""
    from caselaw.cli.indexing import update_index

    if not source.is_file():
        raise ValidationFailed(f"no such file: {source}")
    with context_store(ctx) as store, source.open(encoding="utf-8") as handle:
        added, touched = follow_up.import_events(store, handle, actor=f"cli:{getpass.getuser()}")
        out.print(f"added {added} follow-up event(s) to {len(touched)} case(s)")
        if touched:
            out.print(update_index(context_settings(ctx), store, touched, out), highlight=False)


@follow_up_app.command("show")
def show_command(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="The case's id.")],
    lang: Annotated[str, typer.Option("--lang", help="Language of the labels.")] = "en",
) -> None:
    """The case's implementation level and its events, newest first."""
    taxonomy = get_taxonomy()
    with context_store(ctx) as store:
        found = store.get_case(store.resolve(case_id)).follow_up
    level = taxonomy.entry("implementation_levels", found.level).label(lang)
    how = f"set by an editor: {found.override.reason}" if found.override else "derived from the events"
    out.print(f"{level} ({how})", markup=False, highlight=False)
    table = Table("id", "date", "type", "note")
    for event in sorted(found.events, key=lambda e: (e.date, e.id or 0), reverse=True):
        shown = event.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[event.date_precision]]
        table.add_row(str(event.id), shown, taxonomy.entry("follow_up_types", event.type).label(lang), event.note or "")
    out.print(table)
