"""Child process for the crash tests: writes cases into a store until it is killed.

Run as `python -m tests.store_writer DATA_DIR MODE`. MODE `pause` stops inside the transaction, after the
first document row, writes DATA_DIR/in-transaction and sleeps; MODE `stream` writes cases in a loop.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from caselaw.config import Settings
from caselaw.models import Case, Document, Title
from caselaw.store import open_store
from tests.conftest import make_case


class _PauseAfterFirstDocument:
    """Connection proxy that freezes the writer in the middle of a transaction."""

    def __init__(self, conn: sqlite3.Connection, marker: Path) -> None:
        self._conn = conn
        self._marker = marker

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = self._conn.execute(sql, *args)
        if sql.startswith("INSERT INTO documents"):
            self._marker.write_text("inside")
            time.sleep(120)
        return cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _case_with_documents(case_id: str, count: int, revision_label: str) -> Case:
    base = make_case(case_id)
    documents = [
        Document(sha256=hashlib.sha256(f"{case_id}/{i}".encode()).hexdigest(), language="en", text=f"page {i}")
        for i in range(count)
    ]
    return base.model_copy(
        update={"titles": {"en": Title(full=f"{revision_label} with {count} documents")}, "documents": documents}
    )


def main() -> None:
    """Entry point; see the module docstring."""
    data_dir, mode = Path(sys.argv[1]), sys.argv[2]
    store = open_store(Settings(data_dir=data_dir))
    if mode == "pause":
        store._conn = _PauseAfterFirstDocument(store._conn, data_dir / "in-transaction")  # type: ignore[assignment]
        store.put_case(_case_with_documents("un-cescr-2015-idg-v-spain", 5, "second"))
    elif mode == "stream":
        number = 0
        while True:
            number += 1
            store.put_case(_case_with_documents(f"un-cescr-2015-stream-{number}", 40, "stream"))
            (data_dir / "progress").write_text(str(number))


if __name__ == "__main__":
    main()
