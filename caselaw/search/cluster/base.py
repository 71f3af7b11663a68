"""The provider layer shared by Elasticsearch and OpenSearch: search, lookups, errors and index lifecycle.

Both engines speak the same REST API for everything caselaw needs, so this class builds every request and
reads every answer; a subclass only wraps its official client (`_send`), says what a client exception means
(`_failure`) and closes the client. Index lifecycle (versioned indices, bulk loading, alias swap) is in
`indexer`.
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from caselaw.config import Settings
from caselaw.errors import CaselawError, CaseNotFound, EngineUnavailable, IndexNotReady, QuerySyntaxError
from caselaw.models import Case
from caselaw.search import analysis
from caselaw.search.analysis import FIELD_LANGUAGES, words
from caselaw.search.cluster import indexer
from caselaw.search.cluster.mapping import NAME_FIELD, PAYLOAD_FIELD, Profile
from caselaw.search.cluster.results import HIGHLIGHT, payload, raw_result
from caselaw.search.cluster.translate import Translator, search_body
from caselaw.search.engine import Plan, RawResult, SearchEngine
from caselaw.search.facets import DEFAULT_KIND
from caselaw.search.fields import snippet_field
from caselaw.search.hits import build_hit, names
from caselaw.search.response import Hit, Suggestion

RELATED_TAG_BOOST = 3.0
"""Shared rights, issues and groups weigh like a strong shared term: tags are curated, words are noisy."""
RELATED_TAGS = ("right", "issue", "affected_group")
DECISIONS: dict[str, Any] = {"term": {"kind": DEFAULT_KIND}}
ALIAS_RACE_RETRY_SECONDS = 0.05
"""A search that resolved the alias just before a swap may find the old index deleted: it is retried once."""


@dataclass(frozen=True)
class Failure:
    """What a client exception means, read from its type and the engine's structured error body."""

    status: int | None
    """HTTP status; None when no answer came (connection refused, reset or timed out)."""
    error_type: str | None
    """The engine's error type (`index_not_found_exception`, …), None when the body has none."""
    reason: str


def error_details(body: object) -> tuple[str | None, str]:
    """The structured error type and reason of an engine's error body (`{"error": {"type", "reason"}}`)."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return (str(error["type"]) if "type" in error else None), str(error.get("reason", ""))
    # A missing document or alias answers 404 with no error object (or a plain string): no type.
    return None, str(error or "")


class ClusterEngine(SearchEngine):
    """A search engine on an Elasticsearch-compatible cluster, its cases in `<prefix>-cases` (an alias)."""

    product: ClassVar[str]

    def __init__(self, settings: Settings, url: str) -> None:
        self.url = url
        self.profile: Profile = settings.engine_analysis
        self.alias = f"{settings.index_prefix}-cases"
        # Beside the store, when there is one (`conversions`: concepts found by the last rebuild, per case).
        self.concepts_path: Path | None = (
            settings.data_dir / "search" / f"{self.alias}-{self.name}-concepts.sqlite"
            if settings.data_dir.is_dir()
            else None
        )
        self.translator = Translator()
        self.highlighter = Translator(highlight=True)
        self._schema_checked = False

    # What a subclass provides -----------------------------------------------------------------------------------

    @abstractmethod
    def _send(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Any:
        """One request through the client; `body` a JSON object, or for `_bulk` a list of lines or the NDJSON
        bytes."""

    @abstractmethod
    def _failure(self, error: Exception) -> Failure | None:
        """What `error` means, or None when it is not an error of the client."""

    # Requests and error translation -----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, str] | None = None,
        *,
        missing_ok: bool = False,
    ) -> dict[str, Any] | None:
        """Send a request; engine errors become caselaw errors, a 404 for a missing document None (`missing_ok`)."""
        try:
            answer = self._send(method, path, body, params)
        except Exception as error:
            failure = self._failure(error)
            if failure is None:
                raise
            if missing_ok and failure.status == 404 and failure.error_type is None:
                return None
            raise self.translate(failure) from error
        return answer if isinstance(answer, dict) else {"response": answer}

    def attempt(
        self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None
    ) -> tuple[dict[str, Any] | None, Failure | None]:
        """Send a request and return its answer or what went wrong, for callers that retry."""
        try:
            answer = self._send(method, path, body, params)
        except Exception as error:
            failure = self._failure(error)
            if failure is None:
                raise
            return None, failure
        return (answer if isinstance(answer, dict) else {"response": answer}), None

    def call(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> dict[str, Any]:
        """`request` for calls that always answer with a body."""
        answer = self.request(method, path, body, params)
        assert answer is not None
        return answer

    def translate(self, failure: Failure) -> CaselawError:
        """The caselaw error of a failure, chosen by status and error type, never by message text."""
        where = f"{self.product} at {self.url}"
        if failure.status is None:
            return EngineUnavailable(f"{where} is unreachable: {failure.reason}", engine=self.product)
        if failure.status == 404 and failure.error_type == "index_not_found_exception":
            return IndexNotReady(f"no search index {self.alias!r} in {where}: run `caselaw reindex`")
        if failure.status == 400:
            # Clients never send query DSL, so a 400 is a query the engine refuses (too many clauses, say).
            return QuerySyntaxError(
                f"the search engine refused the query: {failure.reason}", position=0, reason=failure.reason
            )
        if failure.status in (401, 403):
            return EngineUnavailable(f"{where} refused the credentials ({failure.status}): {failure.reason}")
        return EngineUnavailable(f"{where} failed ({failure.status}): {failure.reason}", status=failure.status)

    def health(self) -> str:
        """The cluster's health status (green, yellow, red); EngineUnavailable when unreachable."""
        return str(self.call("GET", "/_cluster/health").get("status"))

    def ensure_schema(self) -> None:
        """IndexNotReady when the live index was built with another mapping; checked once per engine object."""
        if not self._schema_checked:
            indexer.check_schema(self, self.alias)
            self._schema_checked = True

    def read(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        """A request through the alias, retried once when a concurrent swap deleted the index it resolved to."""
        try:
            self.ensure_schema()
            return self.call(method, path, body)
        except IndexNotReady:
            time.sleep(ALIAS_RACE_RETRY_SECONDS)
            self.ensure_schema()
            return self.call(method, path, body)

    # Searching --------------------------------------------------------------------------------------------------

    def execute(self, plan: Plan) -> RawResult:
        """One request: the page (all filters as a post filter), snippets and every disjunctive facet count."""
        body = search_body(plan, self.translator, self.highlighter, HIGHLIGHT)
        response = self.read("POST", f"/{self.alias}/_search", body)
        with_snippets = plan.request.highlight and self.translator.node(plan.query) is not None
        return raw_result(plan, response, with_snippets=with_snippets)

    def _source(self, case_id: str, includes: str) -> dict[str, Any]:
        self.ensure_schema()
        found = self.request(
            "GET", f"/{self.alias}/_doc/{_escape(case_id)}", params={"_source_includes": includes}, missing_ok=True
        )
        if found is None or not found.get("found"):
            raise CaseNotFound(f"case {case_id!r} is not in the search index", case_id=case_id)
        return found

    def get(self, case_id: str, language: str = "en") -> Hit:
        """The indexed case `case_id`."""
        return build_hit(payload(self._source(case_id, PAYLOAD_FIELD)), language)

    def related(self, case_id: str, *, size: int = 10, language: str = "en") -> list[Hit]:
        """Cases sharing the most distinctive excerpt words and the most tags with `case_id`."""
        found = self._source(case_id, ",".join(RELATED_TAGS))
        fields = [snippet_field(lang) for lang in FIELD_LANGUAGES]
        should: list[dict[str, Any]] = [
            {
                "more_like_this": {
                    "fields": fields,
                    "like": [{"_index": found["_index"], "_id": case_id}],
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    "max_query_terms": 40,
                    "min_word_length": 3,
                    # The default (30% of the chosen terms) finds nothing between short excerpts: any shared
                    # distinctive word counts, as in the embedded engine, and the scores rank them.
                    "minimum_should_match": "1",
                }
            }
        ]
        source: dict[str, Any] = found.get("_source", {})
        for key in RELATED_TAGS:
            if source.get(key):
                should.append({"terms": {key: source[key], "boost": RELATED_TAG_BOOST}})
        query = {
            "should": should,
            "must_not": [{"term": {"id": case_id}}],
            "filter": [DECISIONS],  # decisions only (see `SearchEngine.related`)
            "minimum_should_match": 1,
        }
        body = {
            "query": {"bool": query},
            "size": max(size, 1),
            "_source": [PAYLOAD_FIELD],
        }
        hits = self.read("POST", f"/{self.alias}/_search", body)["hits"]["hits"]
        return [build_hit(payload(hit), language, score=float(hit["_score"])) for hit in hits][:size]

    def suggest(self, prefix: str, *, size: int = 10, language: str = "en") -> list[Suggestion]:
        """Names whose words start with the words typed (the last one possibly unfinished)."""
        if not words(prefix) or size < 1:
            return []
        names_query = {"match_phrase_prefix": {NAME_FIELD: {"query": prefix, "max_expansions": 50}}}
        wanted = analysis.fold(" ".join(prefix.split()))
        suggestions: list[Suggestion] = []
        # Decisions first, then other kinds only to fill the list (see `SearchEngine.suggest`).
        for occur in ("filter", "must_not"):
            if len(suggestions) >= size:
                break
            body = {
                "query": {"bool": {"must": [names_query], occur: [DECISIONS]}},
                "size": size * 3,
                "_source": [PAYLOAD_FIELD],
            }
            for hit in self.read("POST", f"/{self.alias}/_search", body)["hits"]["hits"]:
                record = payload(hit)
                title = build_hit(record, language).title
                text = next((name for name in names(record) if wanted in analysis.fold(name)), title)
                suggestions.append(Suggestion(id=record["id"], text=text, title=title))
        return suggestions[:size]

    def count(self) -> int:
        """Number of cases in the live index."""
        return int(self.read("GET", f"/{self.alias}/_count")["count"])

    # Writing (see `indexer`) ------------------------------------------------------------------------------------

    def rebuild(self, cases: Iterable[Case]) -> int:
        """Load `cases` into a new versioned index, verify the count, swap the alias, delete the old index."""
        return indexer.rebuild(self, cases)

    def upsert(self, cases: Iterable[Case]) -> int:
        """Index or replace cases in the live index; IndexNotReady when there is none or it is outdated."""
        return indexer.upsert(self, cases)

    def delete(self, case_id: str) -> None:
        """Remove a case from the live index and any index being rebuilt (no error when it is absent)."""
        for target in [self.alias, *indexer.pending_indices(self)]:
            self.request("DELETE", f"/{target}/_doc/{_escape(case_id)}", params={"refresh": "true"}, missing_ok=True)


def _escape(case_id: str) -> str:
    # Case ids are slugs, but a path segment must never be able to smuggle a `/` or `?` into the URL.
    return quote(case_id, safe="")
