"""Export every case as JSON Lines and import it back: the round trip loses nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from pydantic import ValidationError

from caselaw.errors import ImportFailed
from caselaw.models import Case
from caselaw.store import follow_up
from caselaw.store.cases import CaseStore


def export_jsonl(store: CaseStore, out: TextIO) -> int:
    """Write every case (documents' text included) as one JSON object per line; return the count."""
    count = 0
    for case in store.iter_cases():
        out.write(case.model_dump_json(exclude=export_exclusions(case)))
        out.write("\n")
        count += 1
    return count


def export_exclusions(case: Case) -> set[str] | None:
    """Fields left out of a case's exported line: a case without follow-up exports as before (its default level is
    derived again when read back)."""
    quiet = not case.follow_up.events and case.follow_up.override is None
    return {"follow_up"} if quiet else None


@dataclass
class ImportReport:
    """What an import did."""

    imported: int = 0
    errors: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "(record)"
        parts.append(f"{where}: {error['msg']} (got {error.get('input')!r:.80})")
    return "; ".join(parts)


def parse_jsonl(lines: Iterable[str]) -> tuple[list[Case], list[str]]:
    """Parse and validate every line; return the cases and one message per bad line (naming the line)."""
    cases: list[Case] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not JSON: {exc.msg} at column {exc.colno}")
        except ValidationError as exc:
            errors.append(f"line {number}: {_describe(exc)}")
    return cases, errors


def import_jsonl(store: CaseStore, lines: Iterable[str], *, skip_invalid: bool = False) -> ImportReport:
    """Validate every line first, then store each case as it is (timestamps kept).

    Without `skip_invalid` one bad line stops the import before anything is written, so a typo never
    leaves a store half restored.
    """
    cases, errors = parse_jsonl(lines)
    if errors and not skip_invalid:
        shown = "\n".join(errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise ImportFailed(f"{len(errors)} invalid line(s), nothing imported:\n{shown}{more}", errors=errors)
    report = ImportReport(errors=errors)
    for case in cases:
        store.put_case(case, touch=False)
        if case.follow_up.events or case.follow_up.override:
            # An export carries the follow-up read from its own tables: written back there. A record without
            # any (the fixture corpus) leaves the stored follow-up alone.
            follow_up.restore(store, case.id, case.follow_up, actor="import")
        report.imported += 1
        report.ids.append(case.id)
    return report
