"""The citation graph in the store: citations written with their case, resolved to cases when read.

A citation to a decision names it by keys (identifiers, a case name, a first party); a stored case is named by
its identifiers and the names in its titles (`case_keys`). Both sides are compared in one folded form
(`match_value`), and a citation resolves to the one case its strongest keys name: identifiers before a case name,
a case name before a first party alone (read only when the citation carries no case name, as in a short form),
the citing case's own forum breaking a tie (communication numbers repeat across committees). Nothing resolved is
stored, so a case stored later is found by the citations written before it.
"""

from __future__ import annotations

import gettext
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import pycountry
from pydantic import BaseModel, Field

from caselaw.models import Case, Citation, CitationKey, CitationKind

NAME_SCHEMES = frozenset({"case-name", "party"})
"""Keys that name a case rather than number it."""
DATE_SCHEME = "decision-date"
"""A date printed in a citation (`2006-11-24`): never resolves a citation alone, but tells apart the judgments
of one case that a citation names alike (a case decided on another day is not the one cited)."""
_NOT_DECISIONS = frozenset({"general-comment", "article"})
_DROP = re.compile(r"\b(?:y otros?|et al|and others|e outros|et autres|the|la|los|el|le)\b\.?")
_VERSUS = re.compile(r"\s+(?:v|vs|c|contra|versus|ضد)\.?\s+")
_CAPTION = re.compile(r"^(?:(?:caso|case|affaire|asunto)(?:\s+(?:of|do|da|dos|das|de|du))?\s+)+")
_TAIL = re.compile(r"\s*[\[,;:].*$")
_BRACKETED = re.compile(r"\([^)]*\)")  # "(No 2)", "(Sumo)": printed in some citations of a case and not others


class CitationRow(BaseModel):
    """A case's citation of something, as pages and the API list it."""

    kind: CitationKind = Field(description="`decision`, `general-comment` or `article`.")
    text: str = Field(description="The citation as written.")
    keys: list[CitationKey] = Field(description="What it names, normalised.")
    code: str | None = Field(None, description="General comment code or article, when known.")
    paragraph: str | None = Field(None, description="Paragraph it stands in (the first, when cited again).")
    footnote: str | None = Field(None, description="Footnote it stands in, if one.")
    case_id: str | None = Field(None, description="The cited case, when the store holds it.")
    title: str | None = Field(None, description="The cited case's title (first language stored).")
    occurrences: int = Field(1, description="Times the case cites it (in every language version).")
    passage: str | None = Field(None, description="The passage around its first citation.")


class CitingCase(BaseModel):
    """A case citing another one, once whatever the number of its citations or language versions."""

    case_id: str = Field(description="The citing case.")
    title: str = Field(description="Its title (first language stored).")
    forum: str | None = Field(None, description="Its forum.")
    decision_date: str | None = Field(None, description="Its decision date.")
    paragraph: str | None = Field(None, description="Paragraph of its first citation of the cited case.")
    footnote: str | None = Field(None, description="Footnote of that citation, if one.")
    text: str = Field(description="The citation as written.")
    snippet: str | None = Field(None, description="The passage around the citation.")


def fold(text: str) -> str:
    """Lower case without accents or other combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _name(text: str) -> str:
    folded = _BRACKETED.sub(" ", _CAPTION.sub("", fold(text).strip()))
    return " ".join(re.sub(r"[^\w]+", " ", _DROP.sub(" ", folded)).split())


@cache
def _states() -> dict[str, str]:
    """Folded names of every State in the five languages (pycountry's ISO 3166 lists and their translations) to
    its code: a respondent State is printed in the language of the citing text ("Spain", "España", "Espagne")."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in ("es", "fr", "pt", "ar")
    ]
    found: dict[str, str] = {}
    for country in pycountry.countries:
        names = {getattr(country, attribute, None) for attribute in ("name", "common_name", "official_name")}
        for name in (name for name in names if name):
            for variant in (name, *(translation.gettext(name) for translation in translations)):
                found.setdefault(_name(variant), country.alpha_2.lower())
    return found


def _case_name(value: str) -> str:
    """A case name compared: its parties folded, a State party by its code ("i d g v spain" = "i d g v espana")."""
    first, _, second = _name(value).partition(" v ")
    if not second:
        return first
    return f"{first} v {_states().get(second, second)}"


def match_value(scheme: str, value: str) -> str:
    """How a key is compared: names folded to words, numbers to their letters, digits and slashes."""
    if scheme == "case-name":
        return _case_name(value)
    if scheme in NAME_SCHEMES:
        return _name(value)
    return re.sub(r"[^0-9a-z/]", "", fold(value))


def title_keys(title: str) -> set[tuple[str, str]]:
    """The name keys of a case title (`X v. Y`, `Caso X Vs. Y`, `Affaire X c. Y`): case name and first party."""
    folded = _CAPTION.sub("", fold(title).strip())
    parts = _VERSUS.split(folded, maxsplit=1)
    first = _name(_TAIL.sub("", parts[0]) if len(parts) == 2 else parts[0])
    if not first:
        return set()
    keys = {("party", first)}
    if len(parts) == 2:
        second = _name(_TAIL.sub("", parts[1]))
        if second:
            keys.add(("case-name", _case_name(f"{first} v {second}")))
    return keys


def case_keys(case: Case) -> set[tuple[str, str]]:
    """Every key a citation may name `case` by: its identifiers and the names in its titles."""
    keys = {(i.scheme, match_value(i.scheme, i.value)) for i in case.identifiers}
    if case.dates.decision is not None:
        keys.add((DATE_SCHEME, match_value(DATE_SCHEME, case.dates.decision.isoformat())))
    for title in case.titles.values():
        for text in (title.full, title.short, title.popular):
            if text and _VERSUS.search(fold(text)):  # a title that names no parties names no case to cite
                keys |= title_keys(text)
    return {(scheme, value) for scheme, value in keys if value}


def write_keys(connection: sqlite3.Connection, case: Case) -> None:
    """Replace the keys the case is cited by."""
    connection.execute("DELETE FROM case_keys WHERE case_id = ?", (case.id,))
    connection.executemany(
        "INSERT OR IGNORE INTO case_keys (case_id, scheme, match) VALUES (?, ?, ?)",
        [(case.id, scheme, value) for scheme, value in sorted(case_keys(case))],
    )


def write(connection: sqlite3.Connection, case: Case) -> None:
    """Replace the case's citations and keys (in the transaction writing the case)."""
    write_keys(connection, case)
    connection.execute("DELETE FROM citations WHERE case_id = ?", (case.id,))
    rows, keys = [], []
    for position, c in enumerate(case.citations):
        rows.append((case.id, position, c.kind, c.code, c.text, c.paragraph, c.footnote, c.document, c.context))
        for rank, key in enumerate(c.keys):
            keys.append((case.id, position, rank, key.scheme, key.value, match_value(key.scheme, key.value)))
    connection.executemany(
        "INSERT INTO citations (case_id, position, kind, code, text, paragraph, footnote, document, context) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.executemany(
        "INSERT INTO citation_keys (case_id, position, rank, scheme, value, match) VALUES (?, ?, ?, ?, ?, ?)", keys
    )


def signature(connection: sqlite3.Connection, case_id: str) -> tuple[object, ...]:
    """What other cases' resolution reads of this one: its forum, the keys it is cited by, its citations' keys."""
    forum = connection.execute("SELECT forum FROM cases WHERE id = ?", (case_id,)).fetchone()
    keys = connection.execute(
        "SELECT scheme, match FROM case_keys WHERE case_id = ? ORDER BY scheme, match", (case_id,)
    ).fetchall()
    cited = connection.execute(
        "SELECT position, scheme, match FROM citation_keys WHERE case_id = ? ORDER BY position, rank", (case_id,)
    ).fetchall()
    return (forum[0] if forum else None, tuple(keys), tuple(cited))


def neighbours(connection: sqlite3.Connection, case_id: str) -> set[str]:
    """Cases whose citations may name this one, and cases this one's citations may name: their index entries
    (`cites`, cited-by counts) depend on this case. Compared by key alone, so a few more than needed."""
    citing = connection.execute(
        "SELECT DISTINCT ck.case_id FROM case_keys k "
        "JOIN citation_keys ck ON ck.scheme = k.scheme AND ck.match = k.match WHERE k.case_id = ? AND k.scheme != ?",
        (case_id, DATE_SCHEME),
    ).fetchall()
    cited = connection.execute(
        "SELECT DISTINCT k.case_id FROM citation_keys ck "
        "JOIN case_keys k ON k.scheme = ck.scheme AND k.match = ck.match WHERE ck.case_id = ? AND ck.scheme != ?",
        (case_id, DATE_SCHEME),
    ).fetchall()
    return {str(row[0]) for row in [*citing, *cited]} - {case_id}


def resolve(connection: sqlite3.Connection, case_id: str, forum: str | None) -> dict[int, str]:
    """The case each decision citation of `case_id` resolves to, by position (unresolved ones left out)."""
    rows = connection.execute(
        "SELECT ck.position, ck.scheme, k.case_id, c.forum FROM citation_keys ck "
        "JOIN citations ci ON ci.case_id = ck.case_id AND ci.position = ck.position AND ci.kind = 'decision' "
        "JOIN case_keys k ON k.scheme = ck.scheme AND k.match = ck.match "
        "JOIN cases c ON c.id = k.case_id WHERE ck.case_id = ? AND k.case_id != ? AND ck.scheme != ?",
        (case_id, case_id, DATE_SCHEME),
    ).fetchall()
    if not rows:
        return {}
    cited: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for position, scheme, value in connection.execute(
        "SELECT position, scheme, match FROM citation_keys WHERE case_id = ?", (case_id,)
    ):
        cited[int(position)].add((str(scheme), str(value)))
    candidates: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for position, scheme, target, target_forum in rows:
        candidates[int(position)].append((str(scheme), str(target), str(target_forum or "")))
    numbers = _numbers(connection, {target for found in candidates.values() for _, target, _ in found})
    resolved = {}
    for position, found in candidates.items():
        keys = cited[position]
        has_name = any(scheme == "case-name" for scheme, _ in keys)
        # Two judgments in one case share its name, not their numbers: a case numbered otherwise in a scheme the
        # citation prints ("Serie C No. 157" for the one numbered 144) is another judgment of the same case.
        # Only for a case found by name alone: a number the citation prints and the case carries is decisive.
        kept = [item for item in found if not _contradicts(keys, numbers.get(item[1], set()), item[0])]
        target = choose(kept, has_name, forum)
        if target is not None:
            resolved[position] = target
    return resolved


def _numbers(connection: sqlite3.Connection, case_ids: set[str]) -> dict[str, set[tuple[str, str]]]:
    """The identifier keys (not names) of these cases."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    if not case_ids:
        return found
    ids = sorted(case_ids)
    placeholders = ", ".join("?" * len(ids))
    for target, scheme, value in connection.execute(
        f"SELECT case_id, scheme, match FROM case_keys WHERE case_id IN ({placeholders}) "
        "AND scheme NOT IN ('case-name', 'party')",
        ids,
    ):
        found[str(target)].add((str(scheme), str(value)))
    return found


def _contradicts(cited: set[tuple[str, str]], numbers: set[tuple[str, str]], matched_by: str) -> bool:
    """Whether a case found by a name carries numbers (or a decision date) in a scheme the citation prints, none
    of them the citation's."""
    if matched_by not in NAME_SCHEMES:
        return False
    schemes = {scheme for scheme, _ in cited if scheme not in NAME_SCHEMES}
    return any(
        any(s == scheme for s, _ in numbers) and not any((scheme, v) in numbers for s, v in cited if s == scheme)
        for scheme in schemes
    )


def choose(found: list[tuple[str, str, str]], has_name: bool, forum: str | None) -> str | None:
    """The one case that (scheme, case, forum) matches name, strongest keys first; None when ambiguous."""
    tiers: list[set[str]] = [set(), set(), set()]
    forums: dict[str, str] = {}
    for scheme, target, target_forum in found:
        forums[target] = target_forum
        if scheme == "party" and has_name:
            continue  # "X v. Y" names a case; its first party alone would name every case X was party to
        tiers[0 if scheme not in NAME_SCHEMES else 1 if scheme == "case-name" else 2].add(target)
    for index, ids in enumerate(tiers):
        if not ids:
            continue
        for weaker in tiers[index + 1 :]:
            if len(ids) > 1 and ids & weaker:
                ids = ids & weaker
        if len(ids) > 1 and forum:
            ids = {target for target in ids if forums[target] == forum} or ids
        return next(iter(ids)) if len(ids) == 1 else None
    return None


def load(connection: sqlite3.Connection, case_id: str, forum: str | None) -> list[Citation]:
    """The case's citations, each decision citation with the case it resolves to now."""
    keys: dict[int, list[CitationKey]] = defaultdict(list)
    for position, scheme, value in connection.execute(
        "SELECT position, scheme, value FROM citation_keys WHERE case_id = ? ORDER BY position, rank", (case_id,)
    ):
        keys[int(position)].append(CitationKey(scheme=scheme, value=value))
    rows = connection.execute(
        "SELECT position, kind, code, text, paragraph, footnote, document, context FROM citations "
        "WHERE case_id = ? ORDER BY position",
        (case_id,),
    ).fetchall()
    if not rows:
        return []
    resolved = resolve(connection, case_id, forum)
    return [
        Citation.model_construct(
            kind=kind,
            text=text,
            keys=keys[int(position)],
            code=code,
            paragraph=paragraph,
            footnote=footnote,
            document=document,
            context=context,
            case_id=resolved.get(int(position)),
        )
        for position, kind, code, text, paragraph, footnote, document, context in rows
    ]


def citing(connection: sqlite3.Connection, case_id: str) -> dict[str, list[int]]:
    """The cases citing `case_id` (citations that resolve to it now), each with the positions of those citations,
    in the order of their first citation's key match."""
    rows = connection.execute(
        "SELECT DISTINCT ck.case_id, c.forum FROM case_keys k "
        "JOIN citation_keys ck ON ck.scheme = k.scheme AND ck.match = k.match "
        "JOIN cases c ON c.id = ck.case_id WHERE k.case_id = ? AND ck.case_id != ? AND k.scheme != ? "
        "ORDER BY ck.case_id",
        (case_id, case_id, DATE_SCHEME),
    ).fetchall()
    result: dict[str, list[int]] = {}
    for source, forum in rows:
        positions = sorted(
            p for p, target in resolve(connection, str(source), forum or None).items() if target == case_id
        )
        if positions:
            result[str(source)] = positions
    return result


def snippet(text: str, context: str | None) -> str | None:
    """The passage to show for a citation: its stored context."""
    return context or text or None


def distinct(citations: Iterable[Citation]) -> list[tuple[Citation, int]]:
    """Each cited thing once, with how often it is cited: a resolved case by its id (its language versions and
    the translations of the citing case count once), anything else by its first key."""
    seen: dict[tuple[str, str], list[Citation]] = {}
    for citation in citations:
        first = citation.keys[0]
        target = ("case", citation.case_id) if citation.case_id else (citation.kind, f"{first.scheme}:{first.value}")
        if citation.kind == "general-comment" and citation.code:
            target = ("general-comment", citation.code)
        seen.setdefault(target, []).append(citation)
    return [(group[0], len(group)) for group in seen.values()]


def not_decision(scheme: str) -> bool:
    """Whether a key names a general comment or an article, never a case."""
    return scheme in _NOT_DECISIONS
