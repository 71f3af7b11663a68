"""Ingest a batch: workers read files in parallel, the parent dedupes and writes the store, one case at a time.

Only the parent touches the store, so every write is one transaction in one process; a batch killed half-way
leaves whole cases only, and running it again skips the files already stored (same SHA-256): resumable.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from caselaw.config import Settings
from caselaw.errors import CaseNotFound
from caselaw.ingest import follow_up_attach
from caselaw.ingest.dedupe import NearDuplicates
from caselaw.ingest.extract import Extracted, extract_file
from caselaw.ingest.follow_up_reading import FollowUpReading
from caselaw.ingest.party_names import shares_a_name
from caselaw.ingest.report import FileReport, IngestReport, Outcome
from caselaw.ingest.sniff import EXTENSIONS
from caselaw.ingest.tagging import merge_editor_tags
from caselaw.ingest.workers import read_files
from caselaw.models import Case, ReviewStatus, TagFacet
from caselaw.store import CaseStore, follow_up

Progress = Callable[[FileReport], None]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, files under folders (PDF, Word, RTF and HTML by extension, any case, recursively) and glob
    matches, in order, once each; what a file is is then sniffed from its content."""
    found: dict[Path, None] = {}
    for item in paths:
        text = str(item)
        # glob.glob, not Path.glob: the pattern may be absolute, which Path.glob refuses.
        magic = glob.has_magic(text)
        matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))] if magic else [Path(text)]  # noqa: PTH207
        for path in matches:
            if path.is_dir():
                found.update(
                    (p, None) for p in sorted(path.rglob("*")) if p.suffix.lower() in EXTENSIONS and p.is_file()
                )
            else:
                found[path] = None
    return list(found)


def ingest_paths(
    paths: Iterable[str | Path],
    store: CaseStore,
    settings: Settings,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    isolate: bool = False,
) -> IngestReport:
    """Ingest files, folders and globs into `store`; failures are reported and quarantined, never raised.

    `isolate` reads even a single file in a worker process: a server must not run PDF parsers in its own
    threads (pdfium is not thread-safe, and the per-file alarm works only in a main thread).
    """
    started = time.perf_counter()
    files = expand(paths)
    report = IngestReport()
    near = NearDuplicates()
    count = workers if workers is not None else (settings.ingest_workers or os.cpu_count() or 1)
    count = max(1, min(count, len(files) or 1))

    deferred: list[Extracted] = []
    follow_ups: list[Extracted] = []

    def record(result: Extracted) -> None:
        if not result.named and result.case is not None:
            # A document that names no case in Latin letters (Arabic only, or a bare "Decisão") would give its
            # case an id made of an identifier; stored after the rest of the batch, it joins its translation's
            # named case instead.
            deferred.append(result)
            return
        if result.case is not None and follow_up_attach.reading_of(result.case) is not None:
            # A follow-up document waits for the decisions of the batch: the one it follows may be among them.
            follow_ups.append(result)
            return
        write(result)

    def write(result: Extracted) -> None:
        item = _store(result, store, settings, near)
        report.files.append(item)
        if progress is not None:
            progress(item)

    todo = []
    for path in files:
        known = _already_stored(path, store)
        if known is None:
            todo.append(path)
        else:
            record(known)
    files = todo
    if not isolate and (count == 1 or len(files) < 2):
        for path in files:
            record(extract_file(str(path), settings))
    else:
        _parallel(files, settings, count, record)
    for result in [*deferred, *follow_ups]:
        write(result)
    read = _regroup(report, store)
    _settle_follow_ups(report, store, read)
    report.seconds = time.perf_counter() - started
    return report


def _regroup(report: IngestReport, store: CaseStore) -> dict[str, Case]:
    """Cases this batch wrote that now match another stored case, merged into it; returns the cases it read, by
    id, when it merged none (nothing it read has changed since: `_settle_follow_ups` need not read them again).

    Whether two documents match can depend on what their case holds when the second arrives (a State, a name or
    a number the first document lacked, brought by a third): under concurrent ingests the order of arrival varies,
    so once the batch is written each case it touched is looked up again against everything stored.
    """
    moved: dict[str, str] = {}
    read: dict[str, Case] = {}
    queue = list(dict.fromkeys(f.case_id for f in report.files if f.case_id and f.outcome != Outcome.DUPLICATE))
    while queue:
        case_id = queue.pop(0)
        with store.transaction():
            try:
                case = store.get_case(store.resolve(case_id))
            except CaseNotFound:
                continue
            read[case.id] = case
            if follow_up_attach.is_follow_up_record(case):
                continue  # not a version of a decision: `_settle_follow_ups` files it with the one it follows
            target = _same_decision(case, store, exclude=case.id)
            if target is None:
                continue
            # The older case stays (its id may be cited already); one an editor has worked on is never absorbed.
            keep, absorbed = sorted(
                (case, target), key=lambda c: (c.created_at or datetime.max.replace(tzinfo=UTC), c.id)
            )
            if store.history(absorbed.id):
                continue
            # What happened after the decision goes with it: the absorbed case's follow-up events move, not vanish.
            follow_up.move(store, absorbed.id, keep.id, actor=follow_up_attach.ACTOR)
            store.delete_case(absorbed.id)
            merged = _merge(keep, absorbed)
            store.put_case(merged)
        moved[absorbed.id] = merged.id
        moved.update({old: merged.id for old, new in moved.items() if new == absorbed.id})
        queue.append(merged.id)  # the merged case may now match a third
    for item in report.files:
        if item.case_id in moved:
            item.case_id = moved[item.case_id]
            item.outcome = Outcome.UPDATED if item.outcome == Outcome.INGESTED else item.outcome
    return {} if moved else read


def _merge(target: Case, other: Case) -> Case:
    """`target` with every document of `other` added (as `_add_document` adds one); `other`'s ids become aliases."""
    merged = _add_document(target, other)
    known = {document.sha256 for document in target.documents}
    documents = [*target.documents, *(d for d in other.documents if d.sha256 not in known)]
    aliases = [a for a in dict.fromkeys([*target.aliases, other.id, *other.aliases]) if a != target.id]
    titles = {**other.titles, **target.titles}
    return merged.model_copy(update={"documents": documents, "aliases": aliases, "titles": titles})


def _already_stored(path: Path, store: CaseStore) -> Extracted | None:
    """A file whose SHA-256 the store already has needs no reading: the second run of a batch is cheap."""
    try:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None  # the worker names the problem
    sha256 = digest.hexdigest()
    case_id = store.case_id_for_document(sha256)
    if case_id is None:
        return None
    if not store.blobs.exists(sha256):
        # The record came without its original (an imported JSONL export): this file is that original.
        store.blobs.put_file(path)
    return Extracted(str(path), sha256=sha256, known_case=case_id, size=path.stat().st_size)


def _parallel(files: list[Path], settings: Settings, count: int, record: Callable[[Extracted], None]) -> None:
    """Read `files` in `count` worker processes (see `workers`): each file timed from its start, a dead worker
    failing its own file only."""
    read_files([str(path) for path in files], settings, count, record)


def _store(result: Extracted, store: CaseStore, settings: Settings, near: NearDuplicates) -> FileReport:
    item = FileReport(result.path, Outcome.FAILED, pages=result.pages, size=result.size, seconds=result.seconds)
    if result.known_case is not None:
        item.outcome, item.case_id = Outcome.DUPLICATE, result.known_case
        return item
    if result.error is not None or result.case is None:
        item.error, item.reason = result.error, result.message
        item.quarantined = _quarantine(result, settings)
        return item
    draft = result.case
    document = draft.documents[0]
    reading = follow_up_attach.reading_of(draft)
    # The original goes in first: a crash before the case commits leaves an orphan blob, never a case without one.
    # (A duplicate's blob is the same content-addressed file, already there.)
    if store.blobs.put_file(Path(result.path)) != document.sha256:
        item.error, item.reason = "UnreadablePath", "the file changed while it was being ingested"
        return item
    # Identity is decided and written in one write transaction: another ingest (a second CLI run, an upload)
    # cannot take the same id, store the same file, or replace the case's documents in between.
    with store.transaction():
        existing = store.case_id_for_document(document.sha256)
        if existing is not None:
            item.outcome, item.case_id, item.status = Outcome.DUPLICATE, existing, document.status.value
            return item
        if reading is not None:
            stored, item.outcome = _file_follow_up(draft, reading, store)
        else:
            target = _same_decision(draft, store)
            if target is not None:
                case = _add_document(target, draft)
                item.outcome = Outcome.UPDATED
            else:
                case = draft.model_copy(update={"id": _free_id(draft.id, store)})
                item.outcome = Outcome.INGESTED
            stored = store.put_case(case)
    item.case_id, item.status = stored.id, document.status.value
    item.near_duplicate_of = near.check(f"{stored.id} ({Path(result.path).name})", result.sketch)
    return item


def _file_follow_up(draft: Case, reading: FollowUpReading, store: CaseStore) -> tuple[Case, Outcome]:
    """A follow-up document filed with the decision it names, as an event on its follow-up (the case, UPDATED);
    else kept as a record of its own waiting for an editor (INGESTED)."""
    target = follow_up_attach.followed_case(draft, store)
    attached = follow_up_attach.attach(target, draft, reading) if target is not None else None
    if attached is None:
        record = follow_up_attach.as_record(draft, reading)
        return store.put_case(record.model_copy(update={"id": _free_id(record.id, store)})), Outcome.INGESTED
    case, event = attached
    stored = store.put_case(case)
    follow_up.add_event(store, stored.id, event, actor=follow_up_attach.ACTOR, reason="follow-up document ingested")
    return stored, Outcome.UPDATED


def _settle_follow_ups(report: IngestReport, store: CaseStore, read: dict[str, Case] | None = None) -> None:
    """Follow-up documents kept on their own that now find their decision, filed with it (`read`: cases as just
    read by `_regroup`, unchanged since; a full read of a case, its documents' text and citations, is ~10 ms).

    A follow-up report ingested before its decision (an earlier batch, or a concurrent one) waits as a record of its
    own; once the decision is stored, the record joins it whichever came first: its document is filed with the
    case, its event recorded, and its id becomes one of the case's aliases. A record an editor has worked on stays.
    """
    touched = list(dict.fromkeys(f.case_id for f in report.files if f.case_id and f.outcome != Outcome.DUPLICATE))
    waiting: dict[str, None] = {}
    for case_id in touched:
        try:
            resolved = store.resolve(case_id)
            case = (read or {}).get(resolved) or store.get_case(resolved)
        except CaseNotFound:
            continue
        if follow_up_attach.is_follow_up_record(case):
            waiting.setdefault(case.id, None)
        elif case.kind == "decision":
            waiting.update(dict.fromkeys(follow_up_attach.records_naming(case, store)))
    moved: dict[str, str] = {}
    for record_id in waiting:
        with store.transaction():
            try:
                record = store.get_case(record_id)
            except CaseNotFound:
                continue
            reading = follow_up_attach.reading_of(record)
            target = follow_up_attach.followed_case(record, store)
            if reading is None or target is None or store.history(record.id) or len(record.documents) != 1:
                continue
            attached = follow_up_attach.attach(target, record, reading)
            if attached is None:
                continue
            case, event = attached
            follow_up.move(store, record.id, case.id, actor=follow_up_attach.ACTOR)
            store.delete_case(record.id)
            aliases = list(dict.fromkeys([*case.aliases, record.id, *record.aliases]))
            store.put_case(case.model_copy(update={"aliases": aliases}))
            follow_up.add_event(
                store, case.id, event, actor=follow_up_attach.ACTOR, reason="follow-up document ingested"
            )
        moved[record.id] = case.id
    for item in report.files:
        if item.case_id in moved:
            item.case_id = moved[item.case_id]
            item.outcome = Outcome.UPDATED if item.outcome == Outcome.INGESTED else item.outcome


def _same_decision(draft: Case, store: CaseStore, exclude: str | None = None) -> Case | None:
    """The stored case with the same forum and identifier: the same decision, maybe in another language
    (`exclude`: a stored case looked up again, never its own match)."""
    for identifier in draft.identifiers:
        with store.reading() as connection:
            rows = connection.execute(
                "SELECT case_id FROM case_identifiers WHERE forum = ? AND scheme = ? AND value = ? ORDER BY case_id",
                (draft.forum or "", identifier.scheme, identifier.value),
            ).fetchall()
        for (case_id,) in rows:
            if case_id == exclude:
                continue
            try:
                found = store.get_case(str(case_id))
            except CaseNotFound:
                continue
            if not follow_up_attach.is_follow_up_record(found):  # it names the decision; it is not a version of it
                return found
    return _same_day_and_parties(draft, store, exclude)


def _same_day_and_parties(draft: Case, store: CaseStore, exclude: str | None = None) -> Case | None:
    """A stored case of the same forum and day, of the same State (or one of them read none), naming a party the
    draft names, in none of the draft's languages, with no contradicting number."""
    # For a summary or translation that prints none of the original's numbers (an unofficial summary of an
    # Inter-American judgment, say): the identifier lookup cannot find its case.
    if draft.forum is None:
        return None
    with store.reading() as connection:
        if draft.dates.decision is not None:
            rows = connection.execute(
                "SELECT id FROM cases WHERE forum = ? AND decision_date = ? ORDER BY id",
                (draft.forum, draft.dates.decision.isoformat()),
            ).fetchall()
        else:
            # Undated (a separate opinion, say): only the case whose id the draft's own name gives, undated too.
            rows = connection.execute(
                "SELECT id FROM cases WHERE forum = ? AND decision_date IS NULL AND id = ?", (draft.forum, draft.id)
            ).fetchall()
    languages = {document.language for document in draft.documents}
    for (case_id,) in rows:
        if case_id == exclude:
            continue
        try:
            case = store.get_case(str(case_id))
        except CaseNotFound:
            continue
        if follow_up_attach.is_follow_up_record(case):
            continue
        # A State read in one language and not in another (a heading the reader missed) is no contradiction:
        # were it one, which translation arrives first would decide whether they are grouped.
        states = case.respondent_states, draft.respondent_states
        same_state = states[0] == states[1] or not (states[0] and states[1])
        # Its versions' languages: a follow-up report filed with it is no version of the decision.
        versions = {document.language for document in case.documents if document.kind != "follow-up"}
        other_language = not languages & versions
        if same_state and other_language and not _contradicts(case, draft) and shares_a_name(case, draft):
            return case
    return None


def _contradicts(case: Case, draft: Case) -> bool:
    """Whether the two carry different numbers in the same identifier scheme."""
    values: dict[str, set[str]] = {}
    for identifier in case.identifiers:
        values.setdefault(identifier.scheme, set()).add(identifier.value)
    return any(i.scheme in values and i.value not in values[i.scheme] for i in draft.identifiers)


def _add_document(case: Case, draft: Case) -> Case:
    """`case` with the draft's document added; the draft fills what the case lacks, editor tags always win."""
    document = draft.documents[0]
    update: dict[str, object] = {"documents": [*case.documents, document]}
    if document.language not in case.titles:
        update["titles"] = {**case.titles, **draft.titles}
    identifiers = {(i.scheme, i.value): i for i in [*case.identifiers, *draft.identifiers]}
    update["identifiers"] = list(identifiers.values())
    update["articles"] = list(dict.fromkeys([*case.articles, *draft.articles]))
    update["citations"] = [*case.citations, *draft.citations]  # each names its document: a version cites once
    for facet in TagFacet:
        stored, machine = case.tags(facet), draft.tags(facet)
        fresh = {t.code: t for t in stored if t.source.value != "editor"}
        for tag in machine:
            if tag.code not in fresh or fresh[tag.code].confidence < tag.confidence:
                fresh[tag.code] = tag
        update[facet.value] = merge_editor_tags(list(fresh.values()), stored)
    for name in ("respondent_states", "region", "outcome", "article_outcomes"):
        if not getattr(case, name):
            update[name] = getattr(draft, name)
    if case.dates.decision is None and draft.dates.decision is not None:
        update["dates"] = draft.dates
    statuses = [case.status, draft.status]
    worst = next((s for s in (ReviewStatus.NEEDS_OCR, ReviewStatus.NEEDS_REVIEW) if s in statuses), ReviewStatus.OK)
    update["status"] = worst
    return Case.model_validate({**case.model_dump(), **update})


def _free_id(case_id: str, store: CaseStore) -> str:
    """`case_id`, or with a numeric suffix when another decision already has it."""
    candidate, number = case_id, 2
    while True:
        try:
            store.resolve(candidate)
        except CaseNotFound:
            return candidate
        candidate = f"{case_id[:110]}-{number}"
        number += 1


def _quarantine(result: Extracted, settings: Settings) -> str | None:
    """Copy a failed original under `DATA_DIR/quarantine/` with a reason file; the original is left in place."""
    source = Path(result.path)
    name = result.sha256 or "path-" + hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:32]
    folder = settings.quarantine_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    copied = None
    readable = source.is_file() and os.access(source, os.R_OK)
    if readable and source.stat().st_size <= settings.max_file_bytes:
        target = folder / source.name
        shutil.copyfile(source, target)
        copied = str(target)
    reason = {
        "path": str(source),
        "error": result.error,
        "code": result.code,
        "message": result.message,
        "at": datetime.now(UTC).isoformat(),
    }
    (folder / "reason.json").write_text(json.dumps(reason, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return copied or str(folder)
