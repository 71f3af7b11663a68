"""Rights tagging measured on the real corpus (`../shared/realdocs`): micro precision, recall and F1 over the
decisions, against the gold `rights` column (empty: no ESCR right adjudicated). Non-decisions get no rights, so
over all files the figure is the same when their kind is read right (see test_kinds.py)."""

from __future__ import annotations

import pytest

from caselaw.ingest.evaluation import LabelScore
from caselaw.ingest.kinds import classify
from caselaw.ingest.tagging import tag
from caselaw.models import TagFacet
from tests.ingest.realdocs import GOLD, real_documents

# Measured when the rules were written: decisions F1 0.88 (P 0.81, R 0.97) through the worker's extraction.
F1_FLOOR = 0.85

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not GOLD.is_file(), reason=f"the real corpus is not at {GOLD.parent} (CI has it)"),
]


def test_rights_of_the_real_decisions() -> None:
    total = LabelScore("micro")
    per_right: dict[str, LabelScore] = {}
    wrong = []
    for document in real_documents():
        if document.gold_kind != "decision":
            continue
        tags = tag(document.passages(), document.articles, document.languages or [document.language], kind="decision")
        found = {t.code for t in tags[TagFacet.RIGHTS]}
        for code in found | document.gold_rights:
            score = per_right.setdefault(code, LabelScore(code))
            hit, extra = code in found and code in document.gold_rights, code in found
            for counter in (score, total):
                if hit:
                    counter.true_positives += 1
                elif extra:
                    counter.false_positives += 1
                else:
                    counter.false_negatives += 1
        if found != document.gold_rights:
            wrong.append(
                f"{document.file}: +{sorted(found - document.gold_rights)} -{sorted(document.gold_rights - found)}"
            )
    print(  # noqa: T201
        f"rights (decisions): P {total.precision:.2f} R {total.recall:.2f} F1 {total.f1:.3f}; "
        + ", ".join(f"{s.label} {s.f1:.2f}" for s in sorted(per_right.values(), key=lambda s: s.f1))
        + "\n"
        + "\n".join(wrong)
    )
    assert total.f1 >= F1_FLOOR, wrong


def test_non_decisions_get_no_rights_once_their_kind_is_read() -> None:
    tagged = []
    for document in real_documents():
        if document.gold_kind == "decision":
            continue
        kind = classify(
            document.blocks,
            document.title,
            document.language,
            has_forum=document.forum is not None,
            decision_type=document.decision_type,
            identifiers=document.identifiers,
        ).kind
        tags = tag(document.passages(), document.articles, document.languages or [document.language], kind=kind)
        if tags[TagFacet.RIGHTS]:
            tagged.append(document.file)
    assert not tagged, tagged
