"""Ingest commands: ingest and eval tagging."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from caselaw.cli.app import app, context_settings, context_store, out
from caselaw.errors import CaselawError
from caselaw.store import open_store

# Ingest -----------------------------------------------------------------------------------------------------------
# The ingest layer is imported inside the commands: it loads pdfium and the language model only when used.

eval_app = typer.Typer(help="Measure quality against gold files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="PDF files, folders (their *.pdf files) and globs.")],
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data directory (overrides CASELAW_DATA_DIR).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes reading PDFs (default: one per core).")
    ] = None,
) -> None:
    """Ingest decision PDFs: extract, detect language, read metadata, tag, dedupe, store. Exit 1 if any failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from caselaw.cli.indexing import update_index
    from caselaw.ingest import expand, ingest_paths
    from caselaw.ingest.report import FileReport, Outcome

    settings = context_settings(ctx)
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    total = len(expand(paths))
    with open_store(settings) as store:
        if out.is_terminal:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=out, transient=True) as bar:
                task = bar.add_task("ingesting", total=total)

                def advance(item: FileReport) -> None:
                    bar.update(task, advance=1, description=Path(item.path).name[:40])

                report = ingest_paths(paths, store, settings, workers=workers, progress=advance)
            out.print(report.summary())
        else:

            def line(item: FileReport) -> None:
                state = item.status or "already stored"
                detail = item.reason if item.outcome.value == "failed" else f"{item.case_id} ({state})"
                print(f"{item.outcome.value}: {item.path}: {detail}", flush=True)  # noqa: T201

            report = ingest_paths(paths, store, settings, workers=workers, progress=line)
            for text in report.lines():
                print(text)  # noqa: T201
        changed = [f.case_id for f in report.files if f.case_id and f.outcome in (Outcome.INGESTED, Outcome.UPDATED)]
        out.print(update_index(settings, store, list(dict.fromkeys(changed))), highlight=False)
    if report.failed:
        raise typer.Exit(1)


@eval_app.command("tagging")
def eval_tagging(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option("--gold", help="TSV with a header row: case_id, facet, code.")],
) -> None:
    """Precision, recall and F1 of the stored machine tags per label, with micro and macro averages."""
    from caselaw.ingest.evaluation import evaluate, predicted_labels, read_gold

    expected = read_gold(gold)
    with context_store(ctx) as store:
        predicted = {}
        for case_id in expected:
            try:
                predicted[case_id] = predicted_labels(store.get_case(store.resolve(case_id)))
            except CaselawError:
                predicted[case_id] = set()
    result = evaluate(expected, predicted)
    table = Table("label", "tp", "fp", "fn", "precision", "recall", "F1")
    for score in result.labels.values():
        table.add_row(
            score.label, str(score.true_positives), str(score.false_positives), str(score.false_negatives),
            f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}",
        )  # fmt: skip
    micro = result.micro
    table.add_row("micro", str(micro.true_positives), str(micro.false_positives), str(micro.false_negatives),
                  f"{micro.precision:.2f}", f"{micro.recall:.2f}", f"{micro.f1:.2f}")  # fmt: skip
    macro = result.macro
    table.add_row("macro", "", "", "", f"{macro[0]:.2f}", f"{macro[1]:.2f}", f"{macro[2]:.2f}")
    out.print(table)
