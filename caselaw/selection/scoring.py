"""The assessment: per-criterion averages and spread, weighted total, and who has not scored yet."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from caselaw.selection.models import Assessment, CriteriaSet, CriterionSummary, Score


def latest_scores(scores: Iterable[Score]) -> dict[tuple[str, str], Score]:
    """The latest score of each (scorer, criterion): a re-score supersedes the earlier one, which stays stored."""
    latest: dict[tuple[str, str], Score] = {}
    for score in sorted(scores, key=lambda s: s.id):
        latest[(score.scorer, score.criterion)] = score
    return latest


def assess(
    candidate_id: str, scores: Iterable[Score], criteria: CriteriaSet, committee: Sequence[str], language: str = "en"
) -> Assessment:
    """Summarise `scores` against `criteria`; `committee` lists who is expected to score (the steering committee).

    Each member's latest score on a criterion counts, whatever criteria version it was given under (the score
    keeps that version, so the table can show it); the weights are those of `criteria`, so a weight change
    changes the total going forward without touching any stored score.
    """
    latest = latest_scores(scores)
    expected = list(dict.fromkeys(committee))
    summaries: list[CriterionSummary] = []
    weighted_total = 0.0
    weight_sum = 0.0
    for criterion in criteria.criteria:
        given = sorted((s for (_, code), s in latest.items() if code == criterion.code), key=lambda s: s.scorer)
        values = [s.value for s in given]
        average = statistics.fmean(values) if values else None
        if average is not None:
            weighted_total += criterion.weight * average
            weight_sum += criterion.weight
        scorers = {s.scorer for s in given}
        summaries.append(
            CriterionSummary(
                criterion=criterion.code,
                label=criterion.label(language),
                weight=criterion.weight,
                count=len(values),
                average=None if average is None else round(average, 3),
                minimum=min(values) if values else None,
                maximum=max(values) if values else None,
                stdev=round(statistics.pstdev(values), 3) if values else None,
                scores=given,
                missing=[member for member in expected if member not in scorers],
            )
        )
    current = {c.code for c in criteria.criteria}
    scored_by = sorted({scorer for (scorer, code) in latest if code in current})
    incomplete: dict[str, list[str]] = {}
    for member in expected:
        if member not in scored_by:
            continue
        left = [s.criterion for s in summaries if member in s.missing]
        if left:
            incomplete[member] = left
    any_scored = weight_sum > 0 or any(s.count for s in summaries)
    return Assessment(
        candidate_id=candidate_id,
        criteria_version=criteria.version,
        criteria=summaries,
        weighted_total=round(weighted_total, 3) if any_scored else None,
        weighted_mean=round(weighted_total / weight_sum, 3) if weight_sum > 0 else None,
        scored_by=scored_by,
        not_scored=[member for member in expected if member not in scored_by],
        incomplete=incomplete,
    )
