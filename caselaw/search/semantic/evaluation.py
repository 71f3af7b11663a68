"""Measure search modes against a labelled query set: recall@10 and nDCG@10 per mode and per query language.

Gold file: tab-separated, a header line, then one query per line: `id`, `lang` (the query's language), `type`
(`facts` or `legal`), `query`, `relevant` (separated by spaces: case ids, or documents as `file:NAME`, the original
file's name, or `sha256:HEX`, its hash). Case ids are assigned at ingest and may change when a corpus is ingested
again; files do not, so a gold set over real documents names files and `resolve_relevant` turns them into the ids
of the cases holding them in this store. A query is *cross-language* when its language is none of the languages its
relevant cases are available in (read from the index): the case the issue is about, a query that cannot find its
cases by their own words.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from caselaw.errors import CaseNotFound, ValidationFailed
from caselaw.search.engine import SearchEngine
from caselaw.search.request import Mode, SearchRequest
from caselaw.store import CaseStore

MODES: tuple[Mode, ...] = ("keyword", "semantic", "hybrid")
DEPTH = 10
FILE = "file:"
SHA256 = "sha256:"


@dataclass(frozen=True)
class GoldQuery:
    """One labelled query."""

    id: str
    lang: str
    type: str
    query: str
    relevant: frozenset[str]


@dataclass
class Scores:
    """Sums of recall@10 and nDCG@10 over a group of queries."""

    queries: int = 0
    recall: float = 0.0
    ndcg: float = 0.0

    def add(self, recall: float, ndcg: float) -> None:
        """Count one query."""
        self.queries += 1
        self.recall += recall
        self.ndcg += ndcg

    @property
    def mean_recall(self) -> float:
        """Mean recall@10."""
        return self.recall / self.queries if self.queries else 0.0

    @property
    def mean_ndcg(self) -> float:
        """Mean nDCG@10."""
        return self.ndcg / self.queries if self.queries else 0.0


@dataclass
class Evaluation:
    """Scores per mode and group (`all`, `cross-language`, each query language), and each query's ranks."""

    groups: dict[str, dict[str, Scores]] = field(default_factory=dict)
    ranks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Per mode, per query id: the ids of the top hits."""

    def scores(self, mode: str, group: str) -> Scores:
        """The scores of `mode` over `group` (empty when no query is in it)."""
        return self.groups.get(mode, {}).get(group, Scores())

    def group_names(self) -> list[str]:
        """Groups in display order: all, cross-language, then the languages."""
        names = {group for per_mode in self.groups.values() for group in per_mode}
        fixed = [name for name in ("all", "cross-language") if name in names]
        return fixed + sorted(names - set(fixed))


def read_gold(path: Path) -> list[GoldQuery]:
    """The queries of a gold file; ValidationFailed names a malformed line."""
    queries: list[GoldQuery] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            try:
                relevant = frozenset(row["relevant"].split())
                query = GoldQuery(row["id"], row["lang"], row["type"], row["query"].strip(), relevant)
            except (KeyError, AttributeError) as error:
                raise ValidationFailed(f"{path}:{number}: expected id, lang, type, query, relevant") from error
            if not query.query or not relevant:
                raise ValidationFailed(f"{path}:{number}: a query and at least one relevant case are needed")
            queries.append(query)
    return queries


def resolve_relevant(queries: list[GoldQuery], store: CaseStore) -> list[GoldQuery]:
    """The queries with their `file:` and `sha256:` entries replaced by the ids of the cases holding those documents
    in `store` (plain case ids kept); ValidationFailed names an entry no stored document matches, or a file name
    that two cases' documents share (name it by `sha256:` then)."""
    names = {entry.removeprefix(FILE) for query in queries for entry in query.relevant if entry.startswith(FILE)}
    by_name = _cases_by_file_name(store, names)
    resolved: list[GoldQuery] = []
    for query in queries:
        ids: set[str] = set()
        for entry in query.relevant:
            if entry.startswith(FILE):
                cases = by_name.get(entry.removeprefix(FILE), set())
                if len(cases) > 1:
                    named = ", ".join(sorted(cases))
                    raise ValidationFailed(
                        f"query {query.id}: {entry!r} names documents of {len(cases)} cases ({named});"
                        f" name the file by {SHA256}<hash> instead"
                    )
                found = next(iter(cases), None)
            elif entry.startswith(SHA256):
                found = store.case_id_for_document(entry.removeprefix(SHA256).lower())
            else:
                ids.add(entry)
                continue
            if found is None:
                raise ValidationFailed(f"query {query.id}: no stored document is {entry!r}; was that file ingested?")
            ids.add(found)
        resolved.append(replace(query, relevant=frozenset(ids)))
    return resolved


def _cases_by_file_name(store: CaseStore, names: set[str]) -> dict[str, set[str]]:
    """For each original file name, the cases whose documents came from a file of that name."""
    found: dict[str, set[str]] = {name: set() for name in names}
    if not names:
        return found
    # Asked of SQLite over the stored documents' provenance: loading every case would read every text.
    marks = ", ".join("?" * len(names))
    with store.reading() as conn:
        rows = conn.execute(
            f"SELECT DISTINCT json_extract(data, '$.provenance.filename'), case_id FROM documents"
            f" WHERE json_extract(data, '$.provenance.filename') IN ({marks})",
            sorted(names),
        ).fetchall()
    for name, case_id in rows:
        found[str(name)].add(str(case_id))
    return found


def recall_at(ranked: list[str], relevant: frozenset[str], depth: int = DEPTH) -> float:
    """Share of the relevant cases among the first `depth` hits."""
    return len(relevant.intersection(ranked[:depth])) / len(relevant)


def ndcg_at(ranked: list[str], relevant: frozenset[str], depth: int = DEPTH) -> float:
    """Normalised discounted cumulative gain of the first `depth` hits (binary relevance)."""
    gain = sum(1.0 / math.log2(rank + 2) for rank, case in enumerate(ranked[:depth]) if case in relevant)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(depth, len(relevant))))
    return gain / ideal


def case_languages(engine: SearchEngine, case_ids: frozenset[str]) -> set[str]:
    """Languages the cases are available in, as the index knows them; ValidationFailed for an unknown case."""
    found: set[str] = set()
    for case_id in case_ids:
        try:
            found.update(engine.get(case_id).languages)
        except CaseNotFound as error:
            raise ValidationFailed(f"gold names case {case_id!r}, which the index does not hold") from error
    return found


def evaluate(engine: SearchEngine, queries: list[GoldQuery], modes: tuple[Mode, ...] = MODES) -> Evaluation:
    """Run every query in every mode (default filters: decisions) and score the first ten hits."""
    result = Evaluation()
    cross = {query.id: query.lang not in case_languages(engine, query.relevant) for query in queries}
    for mode in modes:
        per_group = result.groups.setdefault(mode, {})
        ranks = result.ranks.setdefault(mode, {})
        for query in queries:
            request = SearchRequest(q=query.query, mode=mode, size=DEPTH, facets=False, highlight=False)
            ranked = [hit.id for hit in engine.search(request).hits]
            ranks[query.id] = ranked
            recall, ndcg = recall_at(ranked, query.relevant), ndcg_at(ranked, query.relevant)
            groups = ["all", query.lang] + (["cross-language"] if cross[query.id] else [])
            for group in groups:
                per_group.setdefault(group, Scores()).add(recall, ndcg)
    return result
