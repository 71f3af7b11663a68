"""The citation graph as edges, one per citing case and cited thing: JSON Lines or CSV, the data the pages show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal, TextIO

from caselaw.spreadsheet import CsvWriter
from caselaw.store.cases import CaseStore

EdgeFormat = Literal["jsonl", "csv"]
COLUMNS = (
    "source", "source_title", "kind", "target", "target_title", "code", "key", "text", "paragraph", "footnote",
    "occurrences", "passage",
)  # fmt: skip
"""The fields of an edge: `target` is the cited case when the store holds it (resolved as the export reads)."""


def edges(store: CaseStore) -> Iterator[dict[str, Any]]:
    """Every edge of the graph, citing cases in id order, cited things in order of first citation."""
    for case_id in store.ids():
        rows = store.citations_of(case_id)
        if not rows:
            continue
        title = store.titles([case_id]).get(case_id, case_id)
        for row in rows:
            key = row.keys[0]
            yield {
                "source": case_id,
                "source_title": title,
                "kind": row.kind,
                "target": row.case_id,
                "target_title": row.title,
                "code": row.code,
                "key": f"{key.scheme}:{key.value}",
                "text": row.text,
                "paragraph": row.paragraph,
                "footnote": row.footnote,
                "occurrences": row.occurrences,
                "passage": row.passage,
            }


def export_citations(store: CaseStore, out: TextIO, fmt: EdgeFormat = "jsonl") -> int:
    """Write every edge as JSON Lines or CSV (a header row first); return the number of edges."""
    count = 0
    writer = CsvWriter(out) if fmt == "csv" else None
    if writer is not None:
        writer.writerow(COLUMNS)
    for edge in edges(store):
        if writer is not None:
            writer.writerow("" if edge[column] is None else edge[column] for column in COLUMNS)
        else:
            out.write(json.dumps(edge, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
        count += 1
    return count
