"""Reindexing under load: searches running in another thread never fail and never see a half-built index."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from caselaw.config import Settings
from caselaw.models import Case
from caselaw.search import SearchEngine, SearchRequest, reindex
from caselaw.store import open_store
from tests.search_contract.conftest import ENGINE_FACTORIES
from tests.search_contract.mini_corpus import mini_corpus

REBUILDS = 3


def test_searches_keep_working_while_the_index_is_rebuilt(
    make_engine: Callable[[list[Case]], SearchEngine], engine_name: str, tmp_path: Path
) -> None:
    writer = make_engine(mini_corpus())
    # Another engine object on the same index, as another process (the API) would have.
    reader = ENGINE_FACTORIES[engine_name](tmp_path)
    failures: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def search_in_a_loop() -> None:
        while not done.is_set():
            try:
                totals.append(reader.search(SearchRequest(q="housing OR water", filters={"right": ["housing"]})).total)
                totals.append(reader.search(SearchRequest(size=0)).total)
            except BaseException as error:  # every failure is what the test counts
                failures.append(error)

    thread = threading.Thread(target=search_in_a_loop, daemon=True)
    thread.start()
    try:
        with open_store(Settings(data_dir=tmp_path / "data")) as store:
            for case in mini_corpus():
                store.put_case(case)
            for _ in range(REBUILDS):
                assert reindex(writer, store) == 8
                time.sleep(0.05)
    finally:
        done.set()
        thread.join(timeout=30)
    assert failures == []
    assert len(totals) >= 2 * REBUILDS
    # Every answer came from a complete index: the housing query and the whole corpus, never a partial count.
    assert set(totals) <= {6, 8}
    reader.close()
