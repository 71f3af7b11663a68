"""Semantic search commands: embed (passage vectors into the store) and eval search (modes against a gold set)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from caselaw.cli.app import app, context_settings, context_store, out
from caselaw.cli.ingest import eval_app
from caselaw.config import Settings
from caselaw.store import CaseStore

# The search layer is imported inside the commands: numpy, tantivy and the sentence model load only when used.


def embed_cases(settings: Settings, store: CaseStore, case_ids: list[str] | None = None) -> None:
    """Embed the cases lacking current vectors (all, or `case_ids`), with progress lines; then bring the vector
    index up to date. Prints what it did and how fast."""
    from caselaw.search.semantic.embedding import embed_store
    from caselaw.search.semantic.encoder import shared_encoder
    from caselaw.search.semantic.index import VectorIndex

    last = [0.0]

    def progress(done: int, total: int, passages: int) -> None:
        # Plain lines, at most one a second (and the last): readable on a terminal and in a log alike.
        now = time.monotonic()
        if done in (0, total) or now - last[0] >= 1.0:
            last[0] = now
            print(f"embedding: {done}/{total} case(s), {passages} passage(s)", flush=True)  # noqa: T201

    report = embed_store(store, shared_encoder(), case_ids=case_ids, progress=progress)
    out.print(report.line(), highlight=False)
    index = VectorIndex(settings.data_dir / "vectors")
    state = "rebuilt" if index.refresh(store) else "up to date"
    out.print(f"vector index {state}: {index.size()} passage(s) of {index.case_count()} case(s)", highlight=False)


@app.command("embed")
def embed_command(
    ctx: typer.Context,
    case_ids: Annotated[list[str] | None, typer.Argument(help="Only these cases (default: every stored case).")] = None,
) -> None:
    """Cut each stored case into passages and store their vectors (current model); resumable: cases already
    embedded by this model for their current text are skipped. Then brings the vector index up to date."""
    with context_store(ctx) as store:
        embed_cases(context_settings(ctx), store, case_ids)


@eval_app.command("search")
def eval_search(
    ctx: typer.Context,
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            help="TSV: id, lang, type, query, relevant (space-separated case ids, file:NAME or sha256:HEX documents).",
        ),
    ],
    modes: Annotated[
        list[str] | None, typer.Option("--mode", help="keyword, semantic, hybrid; repeat (default: all three).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    misses: Annotated[
        bool, typer.Option("--misses", help="Also list, per mode, the queries missing a relevant case in the top 10.")
    ] = False,
) -> None:
    """Recall@10 and nDCG@10 of each search mode over a labelled query set, per query language and for the
    cross-language queries, against this data directory's index (run `caselaw embed` first). Documents named by
    file (`file:NAME`, `sha256:HEX`) are looked up in the store, so the set survives a fresh ingest."""
    from caselaw.search import open_engine
    from caselaw.search.semantic.evaluation import MODES, evaluate, read_gold, resolve_relevant

    chosen = tuple(m for m in MODES if not modes or m in modes)
    if modes and len(chosen) != len(set(modes)):
        raise typer.BadParameter(f"modes are {', '.join(MODES)}", param_hint="--mode")
    queries = read_gold(gold)
    settings = context_settings(ctx)
    with context_store(ctx) as store, open_engine(settings) as engine:
        queries = resolve_relevant(queries, store)
        if engine.vectors is not None:
            engine.vectors.refresh(store)
        result = evaluate(engine, queries, chosen)
    groups = result.group_names()
    if as_json:
        figures = {
            mode: {
                group: {
                    "queries": result.scores(mode, group).queries,
                    "recall@10": round(result.scores(mode, group).mean_recall, 4),
                    "ndcg@10": round(result.scores(mode, group).mean_ndcg, 4),
                }
                for group in groups
            }
            for mode in chosen
        }
        out.print_json(json.dumps(figures))
        return
    table = Table("queries", "n", *(f"{mode} R@10 / nDCG@10" for mode in chosen), title=f"{len(queries)} queries")
    for group in groups:
        cells = [
            f"{result.scores(mode, group).mean_recall:.3f} / {result.scores(mode, group).mean_ndcg:.3f}"
            for mode in chosen
        ]
        table.add_row(group, str(result.scores(chosen[0], group).queries), *cells)
    out.print(table)
    if misses:
        for mode in chosen:
            for query in queries:
                ranked = result.ranks[mode][query.id]
                missing = sorted(query.relevant - set(ranked))
                if missing:
                    out.print(f"{mode} miss {query.id} ({query.lang}): {' '.join(missing)}", highlight=False)
