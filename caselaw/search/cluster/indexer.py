"""Index lifecycle on a cluster: versioned indices behind an alias, bulk loading with retries, atomic swaps.

A rebuild creates `<alias>-v<schema>-<time>-<random>`, loads it in bounded bulk batches (retrying 429 and 5xx
answers with exponential backoff), verifies the count, then moves the alias in one `_aliases` call (remove
old, add new: atomic in the cluster state), and deletes the old index. Searches go through the alias and never
see a half-built index; a failed rebuild deletes its new index and leaves the live one alone.

While a rebuild loads, its index also carries the `<alias>-pending` alias: upserts and deletes write to the
live index and to every pending one, so a case changed during the rebuild is not lost at the swap. The rebuild
loads with `create` operations and ignores the conflicts, so a document an upsert wrote first (read from the
store later, hence newer) is never overwritten by the rebuild's older copy. Indices of a crashed rebuild
(versioned names no alias points to) are deleted by the next rebuild; one rebuild at a time per alias.

A rebuild keeps the node busy rather than Python: each document is serialised to JSON once (measured for the
batch's size and sent as those bytes), batches are bounded by bytes, and up to `IN_FLIGHT` bulk requests are on
the wire at once, so the node indexes one batch while the next is converted and sent (one at a time, the node
idled while Python converted and Python while the node indexed: 140-149 cases/s with Python at 99% CPU and the
node at ~30%). Cases are converted in worker processes where cores allow (`converting_workers`, `parallel`).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from caselaw.errors import ConfigError, EngineUnavailable, IndexNotReady, QuerySyntaxError
from caselaw.models import Case
from caselaw.search.cluster.documents import case_document, concept_version, rebuild_document
from caselaw.search.cluster.mapping import LIVE_SETTINGS, SCHEMA_VERSION, index_body
from caselaw.search.conversions import Item, cached_conversion, open_cache
from caselaw.search.indexable import Concepts

if TYPE_CHECKING:
    from caselaw.search.cluster.base import ClusterEngine, Failure

BATCH_DOCS = 500
"""Most documents in one bulk request."""
BATCH_BYTES = 4 * 1024 * 1024
"""Most bytes in one bulk request: whole judgments make documents of very different sizes, and a node refuses
requests over `http.max_content_length` (100 MB) and slows down well before; a few MB per request, several in
flight, keep every indexing thread of the node busy."""
IN_FLIGHT = 3
"""Bulk requests a rebuild has on the wire at once (the node's write queue takes far more)."""
CONVERT_WORKERS: int | None = None
"""Processes converting cases during a rebuild (`parallel.converted`); None: `converting_workers` decides, 1: this
process converts."""
LOOPBACK = ("localhost", "::1")
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 0.5
"""First pause before a retry; doubled at each attempt (0.5, 1, 2, 4, 8 s): about 15 s for a busy node."""

Prepared = tuple[str, bytes]
"""A case id and its document as JSON (UTF-8), serialised once."""
Operation = tuple[dict[str, Any], bytes]
"""A bulk action line and the document line it applies to."""
Batch = list[Prepared]


def transient(failure: Failure) -> bool:
    """Whether a failure is worth retrying: no answer, too many requests, or a server-side error."""
    return failure.status is None or failure.status == 429 or failure.status >= 500


def new_index_name(alias: str) -> str:
    """A fresh versioned index name behind `alias`."""
    return f"{alias}-v{SCHEMA_VERSION}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"


def live_indices(engine: ClusterEngine) -> list[str]:
    """The indices the alias points to (none before the first build)."""
    found = engine.request("GET", f"/_alias/{engine.alias}", missing_ok=True)
    return sorted(found) if found else []


def pending_alias(alias: str) -> str:
    """The alias of the indices a rebuild is loading (written to by upserts, never searched)."""
    return f"{alias}-pending"


def pending_indices(engine: ClusterEngine) -> list[str]:
    """The indices rebuilds are loading right now (or left behind when they crashed)."""
    found = engine.request("GET", f"/_alias/{pending_alias(engine.alias)}", missing_ok=True)
    return sorted(found) if found else []


def leftover_indices(engine: ClusterEngine) -> list[str]:
    """Versioned indices of this alias that the alias does not point to: remains of crashed rebuilds."""
    found = engine.call("GET", f"/{engine.alias}-v*/_alias")
    return sorted(name for name, data in found.items() if engine.alias not in data.get("aliases", {}))


def check_schema(engine: ClusterEngine, target: str) -> None:
    """IndexNotReady unless every index behind `target` was built with this version's mapping."""
    found = engine.call("GET", f"/{target}/_mapping", params={"filter_path": "*.mappings._meta"})
    # An index without `_meta` is left out of the filtered answer: an empty answer is a mismatch too.
    versions = {data.get("mappings", {}).get("_meta", {}).get("schema_version") for data in found.values()}
    if versions != {SCHEMA_VERSION}:
        built = ", ".join(sorted(str(v) for v in versions)) or "unknown"
        raise IndexNotReady(
            f"the search index {target!r} in {engine.product} was built by another version of caselaw "
            f"(schema {built}, expected {SCHEMA_VERSION}): run `caselaw reindex`"
        )


def prepare(case: Case) -> Prepared:
    """The case's id and its document serialised (compact JSON, UTF-8): what is measured is what is sent."""
    return case.id, serialised(case_document(case))


def prepare_item(item: Item) -> tuple[Prepared, Concepts]:
    """`prepare` of a rebuild's case with its cached concepts (`conversions.cached_conversion`), and the concepts
    its document holds."""
    (case_id, document), concepts = rebuild_document(item)
    return (case_id, serialised(document)), concepts


def serialised(document: dict[str, Any]) -> bytes:
    """A document as compact JSON, UTF-8."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def batches(prepared: Iterable[Prepared]) -> Iterator[Batch]:
    """Prepared documents in batches bounded by count and bytes."""
    batch: Batch = []
    size = 0
    for item in prepared:
        batch.append(item)
        size += len(item[1])
        if len(batch) >= BATCH_DOCS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def operations(batch: Batch, index: str, action: str = "index") -> list[Operation]:
    """Bulk operations writing a batch to one index (`index` replaces, `create` keeps an existing document)."""
    return [({action: {"_index": index, "_id": case_id}}, document) for case_id, document in batch]


def ndjson(operations: list[Operation]) -> bytes:
    """The `_bulk` body: each action line, then its document's bytes as they were serialised."""
    lines: list[bytes] = []
    for action, document in operations:
        lines.append(json.dumps(action, ensure_ascii=False).encode())
        lines.append(document)
    lines.append(b"")
    return b"\n".join(lines)


def bulk(engine: ClusterEngine, operations: list[Operation], *, conflicts_ok: bool = False) -> None:
    """Send operations with `_bulk`, retrying the whole request or the refused items on transient failures.

    `conflicts_ok`: a `create` refused because the document exists (409) is not an error.
    """
    pending = operations
    for attempt in range(MAX_ATTEMPTS):
        last = attempt == MAX_ATTEMPTS - 1
        answer, failure = engine.attempt("POST", "/_bulk", ndjson(pending))
        if failure is not None:
            if last or not transient(failure):
                raise engine.translate(failure)
        else:
            assert answer is not None
            if not answer.get("errors"):
                return
            retry: list[Operation] = []
            for operation, item in zip(pending, answer["items"], strict=True):
                result: dict[str, Any] = next(iter(item.values()))
                status = int(result.get("status", 500))
                if status == 429 or status >= 500:
                    retry.append(operation)
                elif status == 409 and conflicts_ok:
                    continue
                elif status >= 300:
                    error = result.get("error", {})
                    reason = f"{error.get('type')}: {error.get('reason')}"
                    raise EngineUnavailable(f"{engine.product} refused case {result.get('_id')!r}: {reason}")
            if not retry:
                return
            if last:
                raise EngineUnavailable(f"{engine.product} kept refusing {len(retry)} documents (busy); retry later")
            pending = retry
        time.sleep(BACKOFF_SECONDS * 2**attempt)


def create_index(engine: ClusterEngine, name: str) -> None:
    """Create a versioned index with the mapping of the engine's analysis profile, marked as pending."""
    # The pending alias is set in the same request, so no upsert can miss an index that exists.
    body = {**index_body(engine.profile), "aliases": {pending_alias(engine.alias): {}}}
    try:
        engine.call("PUT", f"/{name}", body)
    except QuerySyntaxError as error:
        # A 400 here is a mapping the cluster cannot build: in practice analyzers it lacks.
        raise ConfigError(
            f"{engine.product} at {engine.url} cannot create the index with the {engine.profile!r} analysis "
            f"profile ({error.details.get('reason')}); a cluster without the analysis-common module needs "
            "CASELAW_ENGINE_ANALYSIS=core"
        ) from error


def rebuild(engine: ClusterEngine, cases: Iterable[Case]) -> int:
    """Build a new index from `cases`, verify it, swap the alias to it atomically, delete the old index."""
    for index in leftover_indices(engine):
        _drop(engine, index)
    name = new_index_name(engine.alias)
    # Created (and marked pending) before `cases` is read: a case stored after this point is either read by
    # this rebuild or written to the new index by the upsert that follows its storing.
    create_index(engine, name)
    # Concepts found by earlier rebuilds are reused where a case's texts are unchanged (`conversions`).
    concepts = open_cache(engine.concepts_path, concept_version()) if engine.concepts_path else None
    try:
        prepared = cached_conversion(cases, prepare_item, concepts, converting_workers(engine))
        written = load(engine, batches(prepared), name)
        engine.call("PUT", f"/{name}/_settings", {"index": LIVE_SETTINGS})
        engine.call("POST", f"/{name}/_refresh")
        # Upserts during the load may add cases the store listing had passed: more is fine, fewer is not.
        counted = int(engine.call("GET", f"/{name}/_count")["count"])
        if counted < written:
            raise EngineUnavailable(f"the new index {name} holds {counted} cases, {written} were sent: not swapped")
        # An index deleted under us (a concurrent rebuild's cleanup) would be re-created by the bulk writes
        # without our mapping: never swap to it.
        check_schema(engine, name)
        old = live_indices(engine)
        actions: list[dict[str, Any]] = [{"remove": {"index": index, "alias": engine.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": engine.alias}})
        actions.append({"remove": {"index": name, "alias": pending_alias(engine.alias)}})
        engine.call("POST", "/_aliases", {"actions": actions})
    except BaseException:
        _drop(engine, name)
        raise
    finally:
        if concepts is not None:
            concepts.close()
    for index in old:
        _drop(engine, index)
    return written


def converting_workers(engine: ClusterEngine) -> int:
    """Processes converting cases in a rebuild: one per core for a node elsewhere; for a node on this machine, the
    cores it and this process leave, when at least two (else 1: this process converts).

    A node on the same cores needs them itself: measured with 4,000 cases on two busy cores and a local OpenSearch,
    one bulk request at a time 63 cases/s, concurrent requests with two converting workers 70, concurrent requests
    converted here 123 (the workers' start-up and the hand-over of cases and documents took CPU the node lacked).
    """
    if CONVERT_WORKERS is not None:
        return CONVERT_WORKERS
    cores = os.cpu_count() or 1
    host = urlsplit(engine.url).hostname or ""
    if host in LOOPBACK or host.startswith("127."):
        cores -= 2
    return cores if cores >= 2 else 1


def load(engine: ClusterEngine, loaded: Iterable[Batch], index: str) -> int:
    """Create the batches' documents in `index` (conflicts ignored, see `rebuild`) with up to `IN_FLIGHT` bulk
    requests at once, the next batch prepared meanwhile; the number of documents sent."""
    written = 0
    # The client's connection pool is shared by the threads: each request takes its own connection.
    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="bulk") as senders:
        sending: deque[Future[None]] = deque()
        try:
            for batch in loaded:
                if len(sending) >= IN_FLIGHT:
                    sending.popleft().result()  # a failed request stops the load here
                sending.append(senders.submit(bulk, engine, operations(batch, index, "create"), conflicts_ok=True))
                written += len(batch)
            while sending:
                sending.popleft().result()
        finally:
            for future in sending:
                future.cancel()
    return written


def upsert(engine: ClusterEngine, cases: Iterable[Case]) -> int:
    """Index or replace cases through the alias and in any index being rebuilt.

    IndexNotReady, before `cases` is read, when there is no live index or it was built with another mapping:
    an upsert never builds an index, which would hold only `cases` (see `caselaw.search.sync`).
    """
    if not live_indices(engine):
        raise IndexNotReady(
            f"no search index {engine.alias!r} in {engine.product} at {engine.url}: run `caselaw reindex`"
        )
    engine.ensure_schema()
    written = 0
    for batch in batches(map(prepare, cases)):
        # Listed per batch: a rebuild may start while a long update runs.
        targets = [engine.alias, *pending_indices(engine)]
        bulk(engine, [operation for target in targets for operation in operations(batch, target)])
        written += len(batch)
    # Visible to the next search, as after an embedded commit.
    engine.call("POST", f"/{engine.alias}/_refresh")
    return written


def _drop(engine: ClusterEngine, index: str) -> None:
    # Best effort: a failed cleanup must not hide the error that caused it.
    with contextlib.suppress(Exception):
        engine.request("DELETE", f"/{index}", missing_ok=True)
