"""Ingest commands: ingest, eval tagging, eval ingest and eval citations."""

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
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (PDF, DOCX, DOC, RTF, HTML), folders of them, globs."),
    ],
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data directory (overrides CASELAW_DATA_DIR).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes reading files (default: one per core).")
    ] = None,
    embed: Annotated[
        bool,
        typer.Option(
            "--embed", help="Then embed the new cases' passages for semantic search (else run `caselaw embed` later)."
        ),
    ] = False,
) -> None:
    """Ingest decisions and other documents: extract, detect language, read metadata, tag, dedupe, store.

    A readable file is always stored (with what it lacks listed for review); exit 1 if a file could not be read."""
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
        out.print(update_index(settings, store, changed, out), highlight=False)
        if embed and changed:
            from caselaw.cli.semantic import embed_cases  # the sentence model loads only when asked

            embed_cases(settings, store, changed)
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


@eval_app.command("ingest")
def eval_ingest(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder of the labelled files (PDF, Word, HTML, RTF).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold TSV: file, language, kind, forum, state, ... rights.")],
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Processes reading files.")] = None,
    failures: Annotated[bool, typer.Option("--failures/--no-failures", help="List each field's failures.")] = True,
) -> None:
    """Ingest a labelled folder into a temporary store and print, per field, the share right and the failures."""
    import tempfile

    from caselaw.ingest import ingest_paths
    from caselaw.ingest.corpus_eval import evaluate, group_failures, read_gold, rights_table

    rows = read_gold(gold)
    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="FOLDER")
    settings = context_settings(ctx)
    with tempfile.TemporaryDirectory(prefix="caselaw-eval-") as scratch:
        settings = settings.model_copy(update={"data_dir": Path(scratch)})
        with open_store(settings) as store:
            paths = [folder / row.file for row in rows]
            report = ingest_paths(paths, store, settings, workers=workers)
            result = evaluate(rows, folder, report, store)
    table = Table("field", "right", "checked", "accuracy", title=f"ingest of {len(rows)} labelled files")
    for score in [*result.fields.values(), result.translations]:
        table.add_row(score.name, str(score.right), str(score.checked), f"{score.accuracy:.1%}")
    out.print(table)
    rights = Table("right", "tp", "fp", "fn", "precision", "recall", "F1", title="rights (decisions)")
    for label, tp, fp, fn, precision, recall, f1 in rights_table(result):
        rights.add_row(label, str(tp), str(fp), str(fn), f"{precision:.2f}", f"{recall:.2f}", f"{f1:.2f}")
    out.print(rights)
    out.print(f"{result.pages} pages in {result.seconds:.1f} s: {result.pages_per_second:.1f} pages/s", highlight=False)
    if failures:
        for name, items in group_failures(result).items():
            out.print(f"\n{name}: {len(items)} wrong", highlight=False)
            for item in items:
                out.print(f"  {item}", highlight=False, markup=False)


@eval_app.command("citations")
def eval_citations(
    folder: Annotated[Path, typer.Argument(help="Folder of the labelled PDFs.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold TSV: file, page, paragraph, kind, key.")],
    failures: Annotated[bool, typer.Option("--failures/--no-failures", help="List misses and spurious ones.")] = True,
) -> None:
    """Extract citations from each labelled file and print precision and recall against the gold file."""
    from caselaw.ingest.citation_eval import evaluate, read_gold

    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="FOLDER")
    rows = read_gold(gold)
    score = evaluate(rows, folder)
    table = Table("gold", "predicted", "right", "found", "precision", "recall", title="citations (decisions, GCs)")
    predicted = score.true_positives + score.false_positives
    table.add_row(str(score.gold), str(predicted), str(score.true_positives), str(score.found),
                  f"{score.precision:.3f}", f"{score.recall:.3f}")  # fmt: skip
    out.print(table)
    if failures:
        for row in score.missed:
            out.print(f"  missed {row.file} p.{row.page} {row.kind} {'|'.join(':'.join(k) for k in sorted(row.keys))}",
                      highlight=False, markup=False)  # fmt: skip
        for name, citation in score.spurious:
            out.print(f"  spurious {name} {citation.kind} {citation.text[:80]}", highlight=False, markup=False)
