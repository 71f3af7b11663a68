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
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from caselaw.errors import ConfigError, EngineUnavailable, IndexNotReady, QuerySyntaxError
from caselaw.models import Case
from caselaw.search.cluster.documents import case_document
from caselaw.search.cluster.mapping import LIVE_SETTINGS, SCHEMA_VERSION, index_body

if TYPE_CHECKING:
    from caselaw.search.cluster.base import ClusterEngine, Failure

BATCH_DOCS = 500
"""Most documents in one bulk request."""
BATCH_BYTES = 8 * 1024 * 1024
"""Most bytes in one bulk request: whole judgments make documents of very different sizes, and a node refuses
requests over `http.max_content_length` (100 MB) and slows down well before."""
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 0.5
"""First pause before a retry; doubled at each attempt (0.5, 1, 2, 4, 8 s): about 15 s for a busy node."""

Operation = tuple[dict[str, Any], dict[str, Any]]
Batch = list[tuple[str, dict[str, Any]]]
"""Case ids and their documents."""


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


def batches(cases: Iterable[Case]) -> Iterator[Batch]:
    """Documents in batches bounded by count and size."""
    batch: Batch = []
    size = 0
    for case in cases:
        document = case_document(case)
        batch.append((case.id, document))
        size += len(json.dumps(document, ensure_ascii=False))
        if len(batch) >= BATCH_DOCS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def operations(batch: Batch, index: str, action: str = "index") -> list[Operation]:
    """Bulk operations writing a batch to one index (`index` replaces, `create` keeps an existing document)."""
    return [({action: {"_index": index, "_id": case_id}}, document) for case_id, document in batch]


def bulk(engine: ClusterEngine, operations: list[Operation], *, conflicts_ok: bool = False) -> None:
    """Send operations with `_bulk`, retrying the whole request or the refused items on transient failures.

    `conflicts_ok`: a `create` refused because the document exists (409) is not an error.
    """
    pending = operations
    for attempt in range(MAX_ATTEMPTS):
        last = attempt == MAX_ATTEMPTS - 1
        lines = [line for operation in pending for line in operation]
        answer, failure = engine.attempt("POST", "/_bulk", lines)
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
    try:
        written = 0
        for batch in batches(cases):
            bulk(engine, operations(batch, name, "create"), conflicts_ok=True)
            written += len(batch)
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
    for index in old:
        _drop(engine, index)
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
    for batch in batches(cases):
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
