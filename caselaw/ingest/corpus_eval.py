"""Measure ingest on a labelled corpus of real files: per field, the share right and the files that were wrong.

The gold file is tab-separated, UTF-8, unquoted, with a header row naming at least the columns
`file language kind forum forum_name state decision_date title identifiers rights` (the layout of
`shared/realdocs/gold.tsv`): one row per file; `identifiers` and `rights` are `;`- and `,`-separated lists;
empty cells mean "none" (no forum for a non-decision, no date printed, no ESCR right adjudicated).

What counts as right, field by field (the same rules for any corpus):
- stored: a file got a case (refused files are the failures);
- kind, language: equal to the gold value;
- forum, State, decision date: decisions only. A forum listed in the taxonomy must be the same code; a
  national court the taxonomy does not list counts when the country matches and the printed name shares most
  of the gold name's words (the gold codes of such courts are one reader's coinage, not a standard);
  a State counts when it is among the respondent States; a date must be the same day (and absent when the
  gold has none);
- title: the normalised titles are equal, or every party name on either side of the gold title's "v."
  appears in ours, or ours names the same parties;
- identifiers: the share of gold identifiers whose normalised value (digits and letters) is among ours;
- rights: precision, recall and F1 over decisions, micro and per right;
- translations: gold rows of one forum and State, in different languages, with the same decision date or a
  shared identifier, must end in one case.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from caselaw.errors import CaselawError, ValidationFailed
from caselaw.ingest.evaluation import Evaluation, LabelScore
from caselaw.ingest.report import IngestReport
from caselaw.models import Case, is_listed_forum
from caselaw.store import CaseStore

REQUIRED_COLUMNS = (
    "file",
    "language",
    "kind",
    "forum",
    "forum_name",
    "state",
    "decision_date",
    "title",
    "identifiers",
    "rights",
)
FIELDS = ("stored", "kind", "language", "forum", "state", "decision_date", "title", "identifiers")
_VERSUS = re.compile(r"\s(?:v\.?|vs\.?|c\.|contra|contre|versus|ضد)\s", re.IGNORECASE)
_FILLER = re.compile(r"\b(?:et al|y otros|e outros|et autres|and others|the|of|de|del|la|le|el|da|do|des)\b")
# Articles and "a"/"à" inside a phrase ("respuesta a derecho de petición"): never a name's distinctive word. Only
# between two words, so that a party called "A" ("A v. Spain") still counts as one.
_ARTICLES = re.compile(r"(?<=\w)\s+(?:a|an|les|los|las|du|dos|das)(?=\s+\w)")
_STOP = {"the", "of", "at", "de", "la", "du", "des", "del", "and", "y", "et", "e", "court", "for", "in", "da", "do"}


@dataclass(frozen=True)
class GoldRow:
    """One labelled file."""

    file: str
    language: str
    kind: str
    forum: str
    forum_name: str
    state: str
    decision_date: date | None
    title: str
    identifiers: tuple[str, ...]
    rights: frozenset[str]


@dataclass
class FieldScore:
    """How many files a field was checked on, how many were right, and the failures as `file: got / expected`."""

    name: str
    checked: int = 0
    right: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share right; 1 when nothing was checked."""
        return self.right / self.checked if self.checked else 1.0

    def add(self, ok: bool, failure: str) -> None:
        """Count one check; keep the failure's description when it failed."""
        self.checked += 1
        if ok:
            self.right += 1
        else:
            self.failures.append(failure)


@dataclass
class CorpusEvaluation:
    """Every field's score, rights scores, translation groups and speed."""

    fields: dict[str, FieldScore] = field(default_factory=dict)
    rights: dict[str, LabelScore] = field(default_factory=dict)
    rights_failures: list[str] = field(default_factory=list)
    translations: FieldScore = field(default_factory=lambda: FieldScore("translations"))
    pages: int = 0
    seconds: float = 0.0

    @property
    def rights_micro(self) -> LabelScore:
        """Rights counts summed over rights."""
        return Evaluation(self.rights).micro

    @property
    def pages_per_second(self) -> float:
        """Pages read per second of ingest (wall clock, whole pipeline)."""
        return self.pages / self.seconds if self.seconds else 0.0

    def figures(self) -> dict[str, float]:
        """The headline numbers, rounded, for pinning in a test: every one may only go up."""
        result = {name: round(score.accuracy, 3) for name, score in self.fields.items()}
        micro = self.rights_micro
        result["rights_precision"] = round(micro.precision, 3)
        result["rights_recall"] = round(micro.recall, 3)
        result["rights_f1"] = round(micro.f1, 3)
        result["translations"] = round(self.translations.accuracy, 3)
        return result


def read_gold(path: Path) -> list[GoldRow]:
    """The rows of a gold TSV; ValidationFailed naming the problem when the file is not one."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ValidationFailed(f"{path}: the header lacks the columns {', '.join(missing)}")
            rows = []
            for number, raw in enumerate(reader, start=2):
                try:
                    when = date.fromisoformat(raw["decision_date"]) if raw["decision_date"] else None
                except ValueError:
                    raise ValidationFailed(f"{path}:{number}: decision_date is not YYYY-MM-DD") from None
                rows.append(
                    GoldRow(
                        file=raw["file"],
                        language=raw["language"],
                        kind=raw["kind"],
                        forum=raw["forum"],
                        forum_name=raw["forum_name"],
                        state=raw["state"],
                        decision_date=when,
                        title=raw["title"],
                        identifiers=tuple(v.strip() for v in raw["identifiers"].split(";") if v.strip()),
                        rights=frozenset(v.strip() for v in raw["rights"].split(",") if v.strip()),
                    )
                )
    except OSError as exc:
        raise ValidationFailed(f"cannot read the gold file {path}: {exc.strerror}") from None
    return rows


def evaluate(gold: list[GoldRow], folder: Path, report: IngestReport, store: CaseStore) -> CorpusEvaluation:
    """Score the cases `report` stored from the files of `folder` against `gold`."""
    by_name = {Path(item.path).name: item for item in report.files}
    result = CorpusEvaluation(fields={name: FieldScore(name) for name in FIELDS}, seconds=report.seconds)
    result.pages = sum(item.pages for item in report.files)
    cases: dict[str, Case] = {}
    for row in gold:
        item = by_name.get(row.file)
        case = None
        if item is not None and item.case_id is not None:
            try:
                case = store.get_case(store.resolve(item.case_id))
            except CaselawError:
                case = None
        reason = "not in the batch" if item is None else (item.reason or item.outcome.value)
        result.fields["stored"].add(case is not None, f"{row.file}: {reason}")
        if case is None:
            continue
        cases[row.file] = case
        _score_case(result, row, case, _document_of(case, row.file))
    _score_translations(result, gold, cases)
    return result


def _document_of(case: Case, filename: str) -> str:
    """The language of the document of `case` that came from `filename` (a case may hold several files)."""
    for document in case.documents:
        if document.provenance.filename == filename:
            return document.language
    return case.documents[0].language if case.documents else ""


def _score_case(result: CorpusEvaluation, row: GoldRow, case: Case, language: str) -> None:
    fields = result.fields
    fields["kind"].add(case.kind == row.kind, f"{row.file}: {case.kind} / {row.kind}")
    fields["language"].add(language == row.language, f"{row.file}: {language} / {row.language}")
    title = case.titles.get(language) or case.title_in(language)
    fields["title"].add(title_matches(title.full, row.title), f"{row.file}: {title.full!r} / {row.title!r}")
    if row.identifiers:
        ours = {_compact(i.value) for i in case.identifiers} | {_compact_gold(i.value) for i in case.identifiers}
        found = [i for i in row.identifiers if _compact_gold(i) in ours or _compact(i) in ours]
        fields["identifiers"].checked += len(row.identifiers)
        fields["identifiers"].right += len(found)
        missed = [i for i in row.identifiers if i not in found]
        if missed:
            fields["identifiers"].failures.append(
                f"{row.file}: missing {'; '.join(missed)} (have {'; '.join(i.value for i in case.identifiers)})"
            )
    if row.kind != "decision":
        return
    fields["forum"].add(_forum_matches(case, row), f"{row.file}: {case.forum} {case.forum_name!r} / {row.forum}")
    fields["state"].add(
        not row.state or row.state in case.respondent_states, f"{row.file}: {case.respondent_states} / {row.state}"
    )
    fields["decision_date"].add(
        case.dates.decision == row.decision_date, f"{row.file}: {case.dates.decision} / {row.decision_date}"
    )
    predicted = {tag.code for tag in case.rights}
    for code in predicted | row.rights:
        score = result.rights.setdefault(code, LabelScore(code))
        if code in predicted and code in row.rights:
            score.true_positives += 1
        elif code in predicted:
            score.false_positives += 1
        else:
            score.false_negatives += 1
    if predicted != row.rights:
        extra, missing = sorted(predicted - row.rights), sorted(row.rights - predicted)
        result.rights_failures.append(f"{row.file}: extra {extra}, missing {missing}")


def _forum_matches(case: Case, row: GoldRow) -> bool:
    if not row.forum:
        return case.forum is None
    if case.forum == row.forum:
        return True
    if case.forum is None or is_listed_forum(row.forum) or is_listed_forum(case.forum):
        return False
    if case.forum.split("-", 1)[0] != row.forum.split("-", 1)[0]:
        return False
    expected = _words(row.forum_name)
    return bool(expected) and len(expected & _words(case.forum_name or "")) >= 0.6 * len(expected)


def _score_translations(result: CorpusEvaluation, gold: list[GoldRow], cases: dict[str, Case]) -> None:
    decisions = [row for row in gold if row.kind == "decision" and row.forum]
    for index, first in enumerate(decisions):
        for second in decisions[index + 1 :]:
            if not same_decision(first, second):
                continue
            a, b = cases.get(first.file), cases.get(second.file)
            grouped = a is not None and b is not None and a.id == b.id
            got = f"{a.id if a else 'not stored'} / {b.id if b else 'not stored'}"
            result.translations.add(grouped, f"{first.file} + {second.file}: {got}")


def same_decision(first: GoldRow, second: GoldRow) -> bool:
    """Whether two gold rows are one decision in two languages (same forum and State; same date or identifier)."""
    if first.language == second.language or first.forum != second.forum or first.state != second.state:
        return False
    if first.decision_date is not None and first.decision_date == second.decision_date:
        return True
    if first.decision_date is not None and second.decision_date is not None:
        return False
    return bool({_compact_gold(i) for i in first.identifiers} & {_compact_gold(i) for i in second.identifiers})


def normalise_title(text: str) -> str:
    """Case-folded, accents and punctuation out, "v."/"vs."/"c." as one word, "et al." and articles dropped."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _VERSUS.sub(" v ", f" {text} ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = _FILLER.sub(" ", text)
    return _ARTICLES.sub("", " ".join(text.split()))


def title_matches(ours: str, gold: str) -> bool:
    """A title is right when it normalises to the gold one, or names the parties the gold title names."""
    # The gold's bracketed and dash-separated additions ("(admissibility)", "— concurring opinion") describe
    # the document; they are not part of its name.
    core = re.split(r"\s[—–]\s", re.sub(r"\([^)]*\)", " ", gold))[0]
    a, b = normalise_title(ours), normalise_title(core)
    if a == b or (a and (a in b or b in a) and min(len(a), len(b)) >= 0.6 * max(len(a), len(b))):
        return True
    found, expected = _words(ours), _words(core)
    # A name written a little differently ("y para el" / "y el"): most of its words, and not buried in a longer text.
    if len(expected) >= 4 and len(found & expected) >= 0.8 * len(expected) and len(found) <= 2 * len(expected):
        return True
    # Parties: every side of the gold's "v." must have a word in ours (a one-letter party such as "M" counts).
    sides = [_words(side) or set(normalise_title(side).split()) for side in _VERSUS.split(f" {core} ")]
    sides = [side for side in sides if side]
    if len(sides) < 2:
        return False
    tokens = set(a.split())
    return all(side & (found | tokens) for side in sides)


def _words(text: str) -> set[str]:
    folded = normalise_title(text)
    return {w for w in folded.split() if len(w) > 2 and w not in _STOP and not w.isdigit()}


def _compact(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in folded if c.isalnum())


def _compact_gold(value: str) -> str:
    """A gold identifier without its label words ("Report No. 47/02" -> "4702")."""
    label = re.match(r"^(?:[^\d\[]*?)(?=[\d\[]|[A-Z]{1,4}[-/]?\d)", value)
    return _compact(value[label.end() :] if label else value)


def rights_table(evaluation: CorpusEvaluation) -> list[tuple[str, int, int, int, float, float, float]]:
    """Rows (right, tp, fp, fn, precision, recall, F1), per right then micro."""
    rows = [
        (s.label, s.true_positives, s.false_positives, s.false_negatives, s.precision, s.recall, s.f1)
        for s in sorted(evaluation.rights.values(), key=lambda s: s.label)
    ]
    m = evaluation.rights_micro
    rows.append(("micro", m.true_positives, m.false_positives, m.false_negatives, m.precision, m.recall, m.f1))
    return rows


def group_failures(evaluation: CorpusEvaluation) -> dict[str, list[str]]:
    """Failures per field, fields with none left out."""
    found: dict[str, list[str]] = defaultdict(list)
    for name, score in evaluation.fields.items():
        found[name].extend(score.failures)
    found["rights"].extend(evaluation.rights_failures)
    found["translations"].extend(evaluation.translations.failures)
    return {name: items for name, items in found.items() if items}
