"""The `caselaw` Typer application, its shared options and console helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console, ConsoleDimensions

from caselaw import __version__
from caselaw.config import Settings
from caselaw.errors import ConfigError
from caselaw.store import CaseStore, open_store

app = typer.Typer(
    help="caselaw: a multilingual database of decisions on economic, social and cultural rights.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
config_app = typer.Typer(help="Inspect settings.", no_args_is_help=True)
schemas_app = typer.Typer(help="JSON Schema files generated from the models.", no_args_is_help=True)
cases_app = typer.Typer(help="Browse the cases in the store.", no_args_is_help=True)
taxonomy_app = typer.Typer(help="Browse the taxonomy.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(schemas_app, name="schemas")
app.add_typer(cases_app, name="cases")
app.add_typer(taxonomy_app, name="taxonomy")

UNWRAPPED_WIDTH = 1_000_000
"""The width the CLI renders at off a terminal: wide enough that no line is ever broken."""


class CliConsole(Console):
    """A console that wraps at the terminal's width on a terminal and never off one (logs, pipes, CI).

    Rich assumes 80 columns when the output is not a terminal and breaks long lines there, so a message such
    as "run `caselaw reindex`" after a long path ended up split across two lines of a log.
    """

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size; off a terminal, a width no line reaches (`COLUMNS` is ignored there)."""
        measured = super().size
        if self.is_terminal:
            return measured
        return ConsoleDimensions(UNWRAPPED_WIDTH, measured.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self.width, self.height = new_size


out = CliConsole()
err = CliConsole(stderr=True)


def context_settings(ctx: typer.Context) -> Settings:
    """The settings the root callback read for this invocation."""
    settings: Settings = ctx.obj
    return settings


def context_store(ctx: typer.Context) -> CaseStore:
    """Open the store of this invocation's data directory."""
    return open_store(context_settings(ctx))


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data directory (overrides CASELAW_DATA_DIR).")
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit."),
    ] = False,
) -> None:
    """Read settings once for every command."""
    overrides: dict[str, Any] = {} if data_dir is None else {"data_dir": data_dir}
    try:
        ctx.obj = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(f"invalid setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from exc
