"""The amicus-candidate selection table: candidates, criteria and scores, workflow, history, precedents, exports."""

from caselaw.selection.catalogue import default_criteria, get_labels, get_priorities, get_workflow, load_criteria
from caselaw.selection.export import MEDIA_TYPES, ExportFormat, export_table, to_csv, to_json, to_xlsx
from caselaw.selection.listing import COLUMNS, cell
from caselaw.selection.models import (
    Assessment,
    Candidate,
    CandidateDraft,
    CandidateRow,
    Comment,
    CommentDraft,
    CriteriaSet,
    Criterion,
    HistoryAction,
    HistoryEntry,
    ListQuery,
    Precedent,
    PrecedentReason,
    PrecedentState,
    PrecedentSuggestion,
    Score,
    ScoreDraft,
    Stage,
    TransitionRequest,
)
from caselaw.selection.precedents import find_precedents, suggest_precedents
from caselaw.selection.store import SelectionStore, open_selection_store
from caselaw.selection.workflow import check_transition

__all__ = [
    "COLUMNS",
    "MEDIA_TYPES",
    "Assessment",
    "Candidate",
    "CandidateDraft",
    "CandidateRow",
    "Comment",
    "CommentDraft",
    "CriteriaSet",
    "Criterion",
    "ExportFormat",
    "HistoryAction",
    "HistoryEntry",
    "ListQuery",
    "Precedent",
    "PrecedentReason",
    "PrecedentState",
    "PrecedentSuggestion",
    "Score",
    "ScoreDraft",
    "SelectionStore",
    "Stage",
    "TransitionRequest",
    "cell",
    "check_transition",
    "default_criteria",
    "export_table",
    "find_precedents",
    "get_labels",
    "get_priorities",
    "get_workflow",
    "load_criteria",
    "open_selection_store",
    "suggest_precedents",
    "to_csv",
    "to_json",
    "to_xlsx",
]
