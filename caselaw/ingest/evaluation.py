"""Measure tagging against a gold file: precision, recall and F1 per label, micro and macro averages.

The gold file is tab-separated, UTF-8, with a header row `case_id	facet	code`: one row per tag a case should
have (`facet` is rights, issues, affected_groups or charter_conditions). Only cases named in the gold file
are scored; a case in the gold file with no row for a facet is scored as having no tag there.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from caselaw.errors import ValidationFailed
from caselaw.models import Case, TagFacet, TagSource

GOLD_COLUMNS = ("case_id", "facet", "code")
_HEADER = "\t".join(GOLD_COLUMNS)


@dataclass
class LabelScore:
    """Counts and scores of one label (`facet:code`)."""

    label: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 0 when nothing was predicted."""
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 0 when nothing was expected."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores per label and their averages."""

    labels: dict[str, LabelScore] = field(default_factory=dict)

    @property
    def micro(self) -> LabelScore:
        """Counts summed over labels."""
        total = LabelScore("micro")
        for score in self.labels.values():
            total.true_positives += score.true_positives
            total.false_positives += score.false_positives
            total.false_negatives += score.false_negatives
        return total

    @property
    def macro(self) -> tuple[float, float, float]:
        """Precision, recall and F1 averaged over labels (each label counts once)."""
        scores = list(self.labels.values())
        if not scores:
            return 0.0, 0.0, 0.0
        n = len(scores)
        return (sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n, sum(s.f1 for s in scores) / n)


def read_gold(path: Path) -> dict[str, set[str]]:
    """Case id -> set of `facet:code` labels, from a gold TSV (see the module docstring)."""
    gold: dict[str, set[str]] = defaultdict(set)
    facets = {facet.value for facet in TagFacet}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t")
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != GOLD_COLUMNS:
                raise ValidationFailed(f"{path}: the first row must be the header {_HEADER!r}")
            for number, row in enumerate(reader, start=2):
                if not row or not "".join(row).strip():
                    continue
                if len(row) != 3 or row[1] not in facets:
                    raise ValidationFailed(f"{path}:{number}: expected case_id, facet ({', '.join(facets)}), code")
                gold[row[0]].add(f"{row[1]}:{row[2]}")
    except OSError as exc:
        raise ValidationFailed(f"cannot read the gold file {path}: {exc.strerror}") from None
    return dict(gold)


def predicted_labels(case: Case, *, machine_only: bool = True) -> set[str]:
    """`facet:code` labels of a case's tags (only machine tags by default: editors' tags are the answer)."""
    return {
        f"{facet.value}:{tag.code}"
        for facet in TagFacet
        for tag in case.tags(facet)
        if not machine_only or tag.source is not TagSource.EDITOR
    }


def evaluate(gold: dict[str, set[str]], predicted: dict[str, set[str]]) -> Evaluation:
    """Score `predicted` against `gold` over the cases of `gold`."""
    result = Evaluation()
    for case_id, expected in gold.items():
        found = predicted.get(case_id, set())
        for label in expected | found:
            score = result.labels.setdefault(label, LabelScore(label))
            if label in expected and label in found:
                score.true_positives += 1
            elif label in found:
                score.false_positives += 1
            else:
                score.false_negatives += 1
    result.labels = dict(sorted(result.labels.items()))
    return result
