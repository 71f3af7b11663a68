"""The committee's workflow: which stage may follow which, and which moves need a written reason."""

from __future__ import annotations

from caselaw.errors import IllegalTransition, ReasonRequired, ScoringClosed
from caselaw.selection.catalogue import get_workflow
from caselaw.selection.models import Stage


def check_transition(current: Stage, target: Stage, reason: str | None) -> None:
    """Raise IllegalTransition or ReasonRequired unless `current` → `target` is allowed with this reason."""
    workflow = get_workflow()
    allowed = workflow.allowed(current)
    if target not in allowed:
        options = ", ".join(s.value for s in allowed) or "none (final stage)"
        raise IllegalTransition(
            f"a candidate cannot move from {current.value} to {target.value}; allowed: {options}",
            current=current.value,
            target=target.value,
            allowed=[s.value for s in allowed],
        )
    if target in workflow.reason_required and not (reason and reason.strip()):
        raise ReasonRequired(f"moving a candidate to {target.value} needs a written reason", target=target.value)


def check_scoring_open(stage: Stage) -> None:
    """Raise ScoringClosed when candidates in `stage` no longer take scores."""
    if stage not in get_workflow().scoring_open:
        raise ScoringClosed(f"a candidate in stage {stage.value} no longer takes scores", stage=stage.value)
