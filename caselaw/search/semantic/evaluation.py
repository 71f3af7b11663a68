"""Measure search modes against a labelled query set: recall@10 and nDCG@10 per mode and per query language.

Gold file: tab-separated, a header line, then one query per line: `id`, `lang` (the query's language), `type`
(`facts` or `legal`), `query`, `relevant` (case ids separated by spaces). A query is *cross-language* when its
language is none of the languages its relevant cases are available in (read from the index): the case the issue
is about, a query that cannot find its cases by their own words.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from caselaw.errors import CaseNotFound, ValidationFailed
from caselaw.search.engine import SearchEngine
from caselaw.search.request import Mode, SearchRequest

MODES: tuple[Mode, ...] = ("keyword", "semantic", "hybrid")
DEPTH = 10


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
