"""The embedded engine: tantivy in-process, no server; the default engine."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import tantivy

from caselaw.errors import CaselawError, CaseNotFound, EngineUnavailable
from caselaw.models import Case
from caselaw.search import analysis
from caselaw.search.analysis import FIELD_LANGUAGES
from caselaw.search.conversions import FILE_NAME as CONCEPTS_FILE
from caselaw.search.conversions import cached_conversion, open_cache
from caselaw.search.embedded import names, versions
from caselaw.search.embedded.documents import case_document, concept_version, rebuild_document
from caselaw.search.embedded.schema import (
    CITED_FIELD,
    FOLLOW_UP_FIELD,
    NAME_FIELD,
    SCHEMA_VERSION,
    analyzer,
    build_schema,
    register_analyzers,
)
from caselaw.search.embedded.snippets import excerpts, snippets_for
from caselaw.search.embedded.translate import (
    ALL,
    Translator,
    build,
    conjunction,
    conjunction_spec,
    date_spec,
    filter_specs,
    spec_json,
)
from caselaw.search.engine import Blend, Plan, RawHit, RawResult, SearchEngine
from caselaw.search.facets import DEFAULT_KIND, FACET_KEYS, facet
from caselaw.search.fields import snippet_field, text_field
from caselaw.search.hits import build_hit, open_forum_name
from caselaw.search.hits import names as case_names
from caselaw.search.response import Hit, Suggestion
from caselaw.taxonomy import get_taxonomy

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from caselaw.search.embedded import _facets

MIN_THREAD_HEAP_MB = 16
"""tantivy refuses less than 15 MB of writer memory per indexing thread."""
_DECODER = json.JSONDecoder()
AGGREGATION_THREADS = 4
"""At most this many facet passes of one search run at once, beside the thread ranking its page (one per core)."""
LOAD_FILE = Path("/proc/loadavg")
RELATED_TAG_BOOST = 3.0
"""Shared rights, issues and groups weigh like a strong shared term: tags are curated, words are noisy."""


class EmbeddedEngine(SearchEngine):
    """tantivy, with its index in generations under `root` (see `versions`)."""

    name = "embedded"

    def __init__(self, root: Path, *, writer_memory_mb: int = 128, writer_threads: int = 0) -> None:
        self.root = root
        self.schema = build_schema()
        self.threads = writer_threads or min(4, os.cpu_count() or 1)
        self.heap = max(writer_memory_mb, self.threads * MIN_THREAD_HEAP_MB) * 1024 * 1024
        self._opened: tuple[tuple[int, int], tantivy.Index, Path] | None = None
        self._seen: tuple[Path, bytes] | None = None
        """The generation directory and `meta.json` the reader was last brought up to (`_fresh`)."""
        self.translator = Translator(self.schema)
        self.highlighter = Translator(self.schema, highlight=True)
        self.forum_names = names.NameReader()
        self.decisions = tantivy.Query.term_query(self.schema, "kind", DEFAULT_KIND)
        self._native: tuple[Path, _facets.Searchable] | None = None
        """The generation directory and the native reader of it (`_facets.Searchable`), opened by `_one_pass`."""

    # Reading -------------------------------------------------------------------------------------------------

    def _open(self) -> tuple[tantivy.Index, Path]:
        """The live generation's index and directory, reopened when another process published a new one."""
        opened = self._opened
        if opened is not None and opened[0] == versions.stamp(self.root):
            return opened[1], opened[2]
        generation = versions.current(self.root, SCHEMA_VERSION)
        try:
            index = tantivy.Index.open(str(generation.path))
        except ValueError as exc:
            raise EngineUnavailable(f"cannot open the search index {generation.path}: {exc}") from exc
        register_analyzers(index)
        self._opened = (generation.stamp, index, generation.path)
        return index, generation.path

    def _fresh(self) -> tuple[tantivy.Index, Path, bytes]:
        """The live generation's index and directory, its reader brought up to the last commit (made here or in
        another process), and that commit's `meta.json`.

        tantivy's reader follows other writers' commits only when its file watcher next polls `meta.json` (every
        500 ms): until then `count` and searches answered from the previous commit (the index held 20 cases
        where the store, and the other process's committed index, held 32, right after a `caselaw ingest` ended).
        Reading `meta.json` costs a few microseconds: every read compares it with the one the reader was last
        brought to, and reloads when it differs. Its content, not the file's inode and time: a replaced file may
        reuse the inode, and two commits within the clock's granularity share a time; every commit raises the
        opstamp it holds, so the content always differs.
        """
        for attempt in range(2):
            index, directory = self._open()
            try:
                meta = (directory / "meta.json").read_bytes()
            except OSError as exc:
                # Another process published a new generation and pruned this one in between: reopen once.
                if attempt:
                    raise EngineUnavailable(f"cannot read the search index {directory}: {exc}") from exc
                self._opened = None
                continue
            if (directory, meta) != self._seen:
                # Reloaded before it is recorded: a thread that finds it recorded finds the reader reloaded.
                index.reload()
                native = self._native
                if native is not None and native[0] == directory:
                    native[1].reload()
                self._seen = (directory, meta)
            return index, directory, meta
        raise AssertionError("unreachable")

    def _searcher(self) -> tantivy.Searcher:
        """A searcher of the last commit (see `_fresh`)."""
        return self._fresh()[0].searcher()

    def generation(self) -> Hashable | None:
        """The live generation's directory and its last commit (tantivy replaces `meta.json` on every commit, here
        or in another process), the reader brought up to it (`_fresh`); None without a live index (the search
        then says why)."""
        try:
            _, directory, meta = self._fresh()
        except CaselawError:
            return None
        return (str(directory), hashlib.blake2b(meta, digest_size=16).digest())

    def execute(self, plan: Plan) -> RawResult:
        """Run a plan: the page, the total and every disjunctive count in one posting walk (`_facets`, native);
        without the native module, one search for the page and the total, then the facet passes (`facet_counts`).
        """
        index, directory, _ = self._fresh()
        searcher = index.searcher()
        native = self._one_pass(directory)
        if native is None:
            return self.execute_passes(plan, searcher, directory)
        request = plan.request
        text = self.translator.spec(plan.query)
        filters = filter_specs(self._effective_filters(searcher, plan.filters))
        base = [s for s in (text, date_spec(request.date_from, request.date_to)) if s is not None]
        # The walk scores the text and date part alone; with neither, the page's score is what the passes' main
        # query (the filters, scoring 0, or match-all, 1) gives.
        query = conjunction_spec(base) if base else ("const", ALL, 0.0) if filters else ALL
        highlight = request.highlight and text is not None
        fields = _SNIPPET_DOC_FIELDS if highlight else _PAYLOAD_FIELDS
        try:
            total, found, counted = native.search(
                spec_json(query),
                [(key, spec_json(spec)) for key, spec in filters.items()],
                [(key, facet(key).size) for key in request.counted_facets],
                request.offset,
                request.size,
                _sort_order(plan.sort),
                fields,
            )
            hits: list[RawHit] = []
            if found:
                snippets = (
                    snippets_for(
                        searcher,
                        self.highlighter,
                        plan,
                        [
                            tantivy.Document.from_dict(dict(zip(fields, values, strict=True)), self.schema)
                            for _, values in found
                        ],
                    )
                    if highlight
                    else [[] for _ in found]
                )
                for (value, values), marked in zip(found, snippets, strict=True):
                    score = float(value) if plan.sort == "relevance" and value is not None else None
                    hits.append(RawHit(_payload_of(values[0]), score, marked))
        except ValueError as exc:
            raise EngineUnavailable(f"search failed in the embedded engine: {exc}") from exc
        counts: Counts = {key: dict(values) for key, values in counted}
        return RawResult(total=total, hits=hits, counts=counts, names=self._names(directory, plan, counts))

    def _one_pass(self, directory: Path) -> _facets.Searchable | None:
        """The native one-pass reader of the generation `directory` (opened once per generation), or None when
        the native module is not built."""
        module = _facets_module()
        if module is None:
            return None
        opened = self._native
        if opened is not None and opened[0] == directory:
            return opened[1]
        try:
            native: _facets.Searchable = module.Searchable(str(directory))
        except ValueError as exc:
            raise EngineUnavailable(f"cannot open the search index {directory}: {exc}") from exc
        self._native = (directory, native)
        return native

    def execute_passes(self, plan: Plan, searcher: tantivy.Searcher, directory: Path) -> RawResult:
        """`execute` without the native module: one search for the page and the total, then the facet passes (see
        `facet_counts`). The reference the native walk is tested against (tests/test_one_pass.py)."""
        request = plan.request
        text = self.translator.node(plan.query)
        date = date_spec(request.date_from, request.date_to)
        base = [q for q in (text, build(self.schema, date) if date else None) if q is not None]
        filters = {
            key: build(self.schema, spec)
            for key, spec in filter_specs(self._effective_filters(searcher, plan.filters)).items()
        }
        main = conjunction(base + list(filters.values()))
        order: dict[str, Any] = {}
        sort_order = _sort_order(plan.sort)
        if sort_order is not None:
            field, descending = sort_order
            order = {"order_by_field": field, "order": tantivy.Order.Desc if descending else tantivy.Order.Asc}
        try:
            # The facet passes start first, on spare cores while this thread ranks the page (see `start_counts`).
            pending = start_counts(searcher, facet_passes(base, filters, request.counted_facets))
            # tantivy panics on a limit of 0; a page of size 0 still needs the count.
            result = searcher.search(main, max(request.size, 1), count=True, offset=request.offset, **order)
            hits = []
            if request.size:
                docs = [searcher.doc(address) for _, address in result.hits]
                found = (
                    snippets_for(searcher, self.highlighter, plan, docs)
                    if request.highlight and text is not None
                    else [[] for _ in docs]
                )
                for (value, _), doc, snippets in zip(result.hits, docs, found, strict=True):
                    score = float(value) if plan.sort == "relevance" else None
                    hits.append(RawHit(_payload(doc), score, snippets))
            counts = collect_counts(pending)
        except ValueError as exc:
            raise EngineUnavailable(f"search failed in the embedded engine: {exc}") from exc
        # `count` exists at run time (count=True) but is missing from tantivy's type stubs.
        total: int = result.count  # type: ignore[attr-defined]
        return RawResult(total=total, hits=hits, counts=counts, names=self._names(directory, plan, counts))

    def _effective_filters(self, searcher: tantivy.Searcher, filters: dict[str, list[str]]) -> dict[str, list[str]]:
        """`filters` without a `kind` selection that every indexed kind satisfies (decisions only, by default).

        Such a filter removes nothing, yet intersecting every query with a posting list of the whole index, and
        counting the kind facet in a pass of its own, cost 0.1-0.4 ms a search at 20k synthetic cases (fastest of
        80: "desalojo" 0.14 -> 0.31 ms, "housing eviction" with 8 facets 1.55 -> 1.93 ms). Dropped, the facet is
        counted in the shared pass, which is its disjunctive count all the same. `doc_freq` also counts deleted
        documents: it can only keep a filter that is no longer needed. (With 10% reports the filter stays; a
        `MustNot` of the other kinds instead measured no faster.)
        """
        selected = filters.get("kind")
        if not selected:
            return filters
        present = [kind for kind in record_kinds() if searcher.doc_freq("kind", kind) > 0]
        if set(present) <= set(selected):
            return {key: values for key, values in filters.items() if key != "kind"}
        return filters

    def _names(self, directory: Path, plan: Plan, counts: Counts) -> dict[str, dict[str, str]]:
        """Printed names of the open forums counted or selected (see `names`)."""
        wanted = [*counts.get("forum", {}), *plan.filters.get("forum", [])]
        if not wanted:
            return {}
        printed = self.forum_names.labels(directory)
        return {"forum": {code: printed[code] for code in wanted if code in printed}}

    def _find(self, searcher: tantivy.Searcher, case_id: str) -> tantivy.DocAddress:
        result = searcher.search(tantivy.Query.term_query(self.schema, "id", case_id), 1)
        if not result.hits:
            raise CaseNotFound(f"case {case_id!r} is not in the search index", case_id=case_id)
        return result.hits[0][1]

    def get(self, case_id: str, language: str = "en") -> Hit:
        """The indexed case `case_id`."""
        searcher = self._searcher()
        return build_hit(_payload(searcher.doc(self._find(searcher, case_id))), language)

    def related(self, case_id: str, *, size: int = 10, language: str = "en") -> list[Hit]:
        """Cases sharing the most distinctive words and the most tags with `case_id`."""
        searcher = self._searcher()
        address = self._find(searcher, case_id)
        doc = searcher.doc(address)
        # The case's words are read from its stored excerpts, analysed as its languages' body text, and its codes
        # from its facet fields (the excerpts are not indexed themselves, see `schema`).
        fields: dict[str, Any] = {key: values for key in FACET_KEYS if (values := doc.get_all(key))}
        for language in FIELD_LANGUAGES:
            if texts := excerpts(doc, language):
                fields[text_field(language)] = texts
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [
            (
                tantivy.Occur.Should,
                tantivy.Query.more_like_this_document_fields_query(
                    self.schema,
                    fields,
                    min_doc_frequency=1,
                    min_term_frequency=1,
                    max_query_terms=40,
                    min_word_length=3,
                ),
            ),
            (tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "id", case_id)),
            # Decisions only (see `SearchEngine.related`).
            (tantivy.Occur.Must, self.decisions),
        ]
        for key in ("right", "issue", "affected_group"):
            values = doc.get_all(key)
            if values:
                tags = tantivy.Query.term_set_query(self.schema, key, values)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(tags, RELATED_TAG_BOOST)))
        try:
            result = searcher.search(tantivy.Query.boolean_query(clauses), max(size, 1))
        except BaseException as exc:  # tantivy reports a Rust panic as PanicException, a BaseException
            if type(exc).__name__ != "PanicException":
                raise
            # tantivy's more-like-this weighs a word by its document frequency, which still counts replaced
            # documents until their segment merges, against the live document count: after an update it can
            # panic ("32 >= 33"). The case's most frequent words as plain term queries give the same kind of list.
            clauses[0] = (tantivy.Occur.Should, self._frequent_words_query(fields))
            result = searcher.search(tantivy.Query.boolean_query(clauses), max(size, 1))
        return [build_hit(_payload(searcher.doc(a)), language, score=float(s)) for s, a in result.hits][:size]

    def _frequent_words_query(self, fields: dict[str, Any], most: int = 40) -> tantivy.Query:
        """Term queries for the most frequent words (3 letters or more) of each language's excerpts."""
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for language in FIELD_LANGUAGES:
            field = text_field(language)
            counts: dict[str, int] = {}
            for text in fields.get(field, []):
                for token in analyzer(language).analyze(text):
                    if len(token) >= 3:
                        counts[token] = counts.get(token, 0) + 1
            for token in sorted(counts, key=lambda t: (-counts[t], t))[:most]:
                clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(self.schema, field, token)))
        return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()

    def suggest(self, prefix: str, *, size: int = 10, language: str = "en") -> list[Suggestion]:
        """Names whose words start with the words typed (the last one possibly unfinished)."""
        tokens = analyzer("xx").analyze(prefix)
        if not tokens or size < 1:
            return []
        searcher = self._searcher()
        words: list[str | tuple[int, str]] = list(tokens)
        query = tantivy.Query.phrase_prefix_query(self.schema, NAME_FIELD, words)
        wanted = analysis.fold(" ".join(prefix.split()))
        suggestions: list[Suggestion] = []
        # Decisions first, then other kinds only to fill the list (see `SearchEngine.suggest`).
        for occur in (tantivy.Occur.Must, tantivy.Occur.MustNot):
            if len(suggestions) >= size:
                break
            kinds = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (occur, self.decisions)])
            for _, address in searcher.search(kinds, size * 3).hits:
                payload = _payload(searcher.doc(address))
                title = build_hit(payload, language).title
                text = next((name for name in case_names(payload) if wanted in analysis.fold(name)), title)
                # The title stands in when a party or identifier matched rather than a name.
                suggestions.append(Suggestion(id=payload["id"], text=text, title=title))
        return suggestions[:size]

    def blend(self, plan: Plan, candidates: Callable[[], list[str]], depth: int, *, within: bool = False) -> Blend:
        """`SearchEngine.blend` on one searcher, hits named by document address: records load for the page only."""
        from caselaw.search.embedded.blend import blend  # which imports this module

        return blend(self, plan, candidates, depth, within=within)

    def count(self) -> int:
        """Number of cases in the live index."""
        return int(self._searcher().num_docs)

    # Writing -------------------------------------------------------------------------------------------------

    def _writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        try:
            return index.writer(self.heap, self.threads)
        except ValueError as exc:
            raise EngineUnavailable(f"cannot open the search index for writing: {exc}") from exc

    def rebuild(self, cases: Iterable[Case]) -> int:
        """Index `cases` into a new generation, then publish it with one atomic rename."""
        with versions.writer_lock(self.root):
            return self._rebuild(cases)

    def _rebuild(self, cases: Iterable[Case]) -> int:
        directory = versions.new_directory(self.root)
        try:
            index = tantivy.Index(self.schema, path=str(directory), reuse=False)
            register_analyzers(index)
            writer = self._writer(index)
            written = 0
            forum_names = names.ForumNames()
            # Concepts found by earlier rebuilds are reused where a case's texts are unchanged (`conversions`).
            concepts = open_cache(self.root / CONCEPTS_FILE, concept_version())
            try:
                converting = cached_conversion(cases, rebuild_document, concepts, self.converting_workers())
                for document, forum, printed in converting:
                    writer.add_document(document)
                    forum_names.add(forum, printed)
                    written += 1
            finally:
                if concepts is not None:
                    concepts.close()
            writer.commit()
            writer.wait_merging_threads()
            forum_names.write(directory)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        versions.publish(self.root, directory, SCHEMA_VERSION)
        versions.prune(self.root, keep=directory)
        self._opened = None
        return written

    def converting_workers(self) -> int:
        """Processes converting cases during a rebuild (`parallel.converted`): the cores tantivy's writer threads
        leave, when at least two (1: this process converts).

        Conversion is Python (concept finding over whole texts, the payload) and the writer runs a thread per core
        beside it. On two cores the writer's two threads and this process already use both, and a worker would
        only add the hand-over (pickling a case there and its document back: ~0.6 ms of CPU a case, where the
        conversion costs ~1.3-2 ms and the writer ~1.4 ms): measured at 3k cases on two busy cores, no faster.
        Once the concepts cache beside the index holds a case (`conversions`), its conversion costs ~0.2 ms.
        """
        spare = (os.cpu_count() or 1) - self.threads
        return spare if spare >= 2 else 1

    def upsert(self, cases: Iterable[Case]) -> int:
        """Replace (delete by id, then add) each case in the live index; IndexNotReady when there is none.

        Never builds an index: one of only `cases` would hide every other case (see `caselaw.search.sync`).
        """
        with versions.writer_lock(self.root):
            # IndexNotReady before `cases` is read: no index, or another schema version.
            index, directory = self._open()
            index.reload()  # the searcher must see the last writer's commits (maybe another process's)
            searcher = index.searcher()
            forum_names = names.load(directory)
            writer = self._writer(index)
            written = 0
            added: dict[str, tuple[str | None, str | None]] = {}
            for case in cases:
                # The searcher sees the index before this batch: a case given twice replaces its own first copy.
                if case.id in added:
                    forum_names.remove(*added[case.id])
                else:
                    self._uncount(searcher, forum_names, case.id)
                writer.delete_documents_by_term("id", case.id)
                writer.add_document(case_document(case))
                added[case.id] = (case.forum, open_forum_name(case))
                forum_names.add(*added[case.id])
                written += 1
            writer.commit()
            writer.wait_merging_threads()
            # After the commit: a crash in between leaves the counts of the previous versions of these cases (at
            # worst a former name as a label) until the next rebuild recounts.
            forum_names.write(directory)
            index.reload()
            return written

    def _uncount(self, searcher: tantivy.Searcher, forum_names: names.ForumNames, case_id: str) -> None:
        """Uncount the open forum name of the indexed copy of `case_id`, about to be replaced or deleted."""
        found = searcher.search(tantivy.Query.term_query(self.schema, "id", case_id), 1).hits
        if found:
            payload = _payload(searcher.doc(found[0][1]))
            forum_names.remove(payload.get("forum"), payload.get("forum_name"))

    def delete(self, case_id: str) -> None:
        """Remove `case_id` from the live index."""
        with versions.writer_lock(self.root):
            index, directory = self._open()
            index.reload()
            forum_names = names.load(directory)
            self._uncount(index.searcher(), forum_names, case_id)
            writer = self._writer(index)
            writer.delete_documents_by_term("id", case_id)
            writer.commit()
            writer.wait_merging_threads()
            forum_names.write(directory)
            index.reload()

    def close(self) -> None:
        """Drop the open index; the next call reopens it."""
        self._opened = None
        self._native = None


@cache
def record_kinds() -> tuple[str, ...]:
    """Every kind of record of the taxonomy."""
    return tuple(sorted(get_taxonomy().codes("record_kinds")))


_PAYLOAD_FIELDS = ["payload"]
_SNIPPET_DOC_FIELDS = ["payload", "language", *(snippet_field(language) for language in FIELD_LANGUAGES)]
"""The stored fields a hit's snippets read (see `snippets.snippets_for`)."""


def _sort_order(sort: str) -> tuple[str, bool] | None:
    """The fast field a sort orders by and whether descending; None for relevance."""
    if sort == "relevance":
        return None
    if sort == "cited_desc":
        return CITED_FIELD, True
    if sort == "no_follow_up_first":
        return FOLLOW_UP_FIELD, False
    return "day", sort == "date_desc"


@cache
def _facets_module() -> ModuleType | None:
    """The native one-pass search (`native/`, built by setup.py), or None when it is not built."""
    try:
        from caselaw.search.embedded import _facets as module
    except ImportError:
        log.warning(
            "caselaw.search.embedded._facets is not built: facet counts take one pass per selected facet, slower"
        )
        return None
    return module


def _payload_of(values: list[Any]) -> dict[str, Any]:
    raw = values[0] if values else None
    if not isinstance(raw, bytes):
        raise EngineUnavailable("search index record without payload: run `caselaw reindex`")
    data: dict[str, Any] = _DECODER.decode(raw.decode("utf-8"))
    return data


def _payload(doc: tantivy.Document) -> dict[str, Any]:
    raw = doc.get_first("payload")
    if not isinstance(raw, bytes):
        raise EngineUnavailable("search index record without payload: run `caselaw reindex`")
    # The decoder straight on UTF-8 text: `json.loads(bytes)` sniffs the encoding first, every hit.
    data: dict[str, Any] = _DECODER.decode(raw.decode("utf-8"))
    return data


def facet_passes(
    base: list[tantivy.Query], filters: dict[str, tantivy.Query], keys: list[str]
) -> list[tuple[tantivy.Query, list[str]]]:
    """The aggregation passes of disjunctive counts of `keys`: one for the unselected facets, one per selected one.

    A selected facet is counted under every filter but its own, so a user sees how many cases each other value
    would add; unselected facets share one pass under all filters. Each pass costs about 1 ms at 100k cases,
    mostly intersecting the filters' postings. (Measured there and dropped: one pass with a tantivy `filter`
    bucket per selected facet, ~3.8 ms for 3 filters, no faster than the passes, as tantivy evaluates each
    bucket's filter over the whole segment; one pass under fewer filters with nested `terms` buckets restricted
    by `include` to the selected values, 7-16 ms, as nested buckets are costly in tantivy.)
    """
    passes: list[tuple[tantivy.Query, list[str]]] = []
    unselected = [key for key in keys if key not in filters]
    if unselected:
        passes.append((conjunction(base + list(filters.values())), unselected))
    for key in filters:
        if key in keys:
            others = [query for other, query in filters.items() if other != key]
            passes.append((conjunction(base + others), [key]))
    return passes


Counts = dict[str, dict[str, int]]


def start_counts(
    searcher: tantivy.Searcher, passes: list[tuple[tantivy.Query, list[str]]]
) -> list[Callable[[], Counts]]:
    """Start the passes on spare cores (tantivy releases the GIL while it aggregates); `collect_counts` joins them.

    Only cores idle right now are used: on a busy machine threads only add switching and GIL hand-overs (measured
    at 10k cases on two loaded cores: 6.1 ms for a filtered search with its passes on the pool, 2.6 ms with them
    in turn), so then the passes run one after the other in the calling thread, after its page.
    """
    if not passes or _spare_cores() < 1:
        return [partial(_aggregate, searcher, query, keys) for query, keys in passes]
    return [_pool().submit(_aggregate, searcher, query, keys).result for query, keys in passes]


def collect_counts(pending: list[Callable[[], Counts]]) -> Counts:
    """The counts of started passes, merged; a pass's error is raised here."""
    counts: Counts = {}
    for result in pending:
        counts.update(result())
    return counts


def _spare_cores() -> int:
    """Cores not running anything now, besides this thread (Linux's count of runnable threads; else all but one)."""
    cores = os.cpu_count() or 1
    try:
        running = int(LOAD_FILE.read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return cores - 1
    return cores - running


def facet_counts(
    searcher: tantivy.Searcher,
    base: list[tantivy.Query],
    filters: dict[str, tantivy.Query],
    keys: list[str],
) -> Counts:
    """Disjunctive counts of `keys` (see `facet_passes`)."""
    return collect_counts(start_counts(searcher, facet_passes(base, filters, keys)))


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(AGGREGATION_THREADS, os.cpu_count() or 1))


def _aggregate(searcher: tantivy.Searcher, query: tantivy.Query, keys: list[str]) -> Counts:
    request = {key: {"terms": {"field": key, "size": facet(key).size}} for key in keys}
    result = searcher.aggregate(query, request)
    return {
        key: {str(bucket["key"]): int(bucket["doc_count"]) for bucket in result.get(key, {}).get("buckets", [])}
        for key in keys
    }
