"""The `caselaw` command line: one-line errors, never a traceback for an expected failure."""

from __future__ import annotations

import sys

# Importing the command modules registers their commands on `app`.
from caselaw.cli import follow_up, ingest, keys, records, search, selection, semantic, serve
from caselaw.cli.app import app, err
from caselaw.errors import CaselawError

__all__ = ["app", "follow_up", "ingest", "keys", "main", "records", "search", "selection", "semantic", "serve"]


def main() -> None:
    """Run the CLI; an expected error prints one line and exits 1."""
    try:
        app()
    except CaselawError as exc:
        err.print(f"error: {exc.message}", markup=False, highlight=False, style="bold red")
        sys.exit(1)
