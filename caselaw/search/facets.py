"""The facet registry: each facet declared once, with how to read its values from a case and label them."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, TypeAlias

import pycountry
from pydantic import TypeAdapter, ValidationError

from caselaw.models import CASE_ID_PATTERN, Case, ForumCode, TagFacet, is_listed_forum
from caselaw.taxonomy import get_taxonomy

DEFAULT_KIND = "decision"
"""The record kind a search returns when the request selects no `kind` (see `engine.make_plan`)."""


@dataclass(frozen=True)
class Facet:
    """One facet: its key (also the index field name), where its values come from and how they are labelled."""

    key: str
    """Also the query parameter, the CLI's `--filter key=value`, the index field and the advanced syntax's
    `key:value`; the UI labels it with the message `facet.<key>` of each catalogue."""
    description: str
    """What a value is, for the API's parameter help and the CLI's (one sentence, codes in backquotes)."""
    values: Callable[[Case], list[str]]
    label: Callable[[str, str], str]
    known: Callable[[str], bool]
    """Whether a (normalised) value can ever be a value of this facet: clients naming others get an error."""
    order: Literal["count", "value_desc"] = "count"
    size: int = 50
    """Most values listed (by count; selected values are always added): every taxonomy list is shorter."""
    counted: bool = True
    """Whether a search counts it unless asked otherwise; False for a filter whose values are cases (`cites`),
    counted only when a request names it in `facet_keys`."""

    def normalise(self, value: str) -> str:
        """The stored form of a user-supplied value (State codes are upper case, everything else lower)."""
        stripped = value.strip()
        return stripped.upper() if self.key == "state" else stripped.lower()


def _coded(key: str, description: str, values: Callable[[Case], list[str]], listing: str) -> Facet:
    """A facet whose values are the codes of one taxonomy list, labelled from it."""

    def label(code: str, language: str) -> str:
        taxonomy = get_taxonomy()
        if not taxonomy.has(listing, code):
            return code
        text: str = taxonomy.entry(listing, code).label(language)
        return text

    return Facet(key, description, values, label, lambda code: bool(get_taxonomy().has(listing, code)))


def _tags(facet: TagFacet) -> Callable[[Case], list[str]]:
    return lambda case: [tag.code for tag in case.tags(facet)]


def _forum_type(case: Case) -> list[str]:
    found = case.forum_type()
    return [found] if found else []


def case_region(case: Case) -> str | None:
    """The case's region; when the record has none, the region of its forum's country or of its respondent States.

    An open national forum (`<iso2>-<slug>`) names its country, and a case whose respondent States all lie in one
    region belongs to it: both are facts of the record, so search need not wait for an editor to fill `region`.
    """
    if case.region:
        return case.region
    countries = get_taxonomy().countries
    if case.forum_country and case.forum_country in countries:
        return countries[case.forum_country]
    regions = {countries[state] for state in case.respondent_states if state in countries}
    return regions.pop() if len(regions) == 1 else None


_FORUM_CODE: TypeAdapter[str] = TypeAdapter(ForumCode)


def is_forum_code(code: str) -> bool:
    """Whether `code` is a forum code the model accepts: a taxonomy forum, or `<iso2>-<slug>` of a real country."""
    try:
        _FORUM_CODE.validate_python(code)
    except ValidationError:
        return False
    return True


def _forum_label(code: str, language: str) -> str:
    # An open forum has no taxonomy label: the engine supplies its printed name (see `RawResult.names`); the
    # code stands in only when no indexed case carries one.
    return get_taxonomy().forum(code).label(language) if is_listed_forum(code) else code


def _year(case: Case) -> list[str]:
    return [str(case.dates.decision.year)] if case.dates.decision else []


@cache
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    # pycountry ships the iso-codes translations; a missing catalogue falls back to English names.
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _state_label(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name: str = getattr(country, "common_name", None) or country.name
    return _translation("iso3166-1", language).gettext(name) if language != "en" else name


def _language_label(code: str, language: str) -> str:
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    name: str = found.name
    return _translation("iso639-3", language).gettext(name) if language != "en" else name


def _known_state(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def _known_language(code: str) -> bool:
    finder = pycountry.languages.get
    return (finder(alpha_2=code) if len(code) == 2 else finder(alpha_3=code)) is not None


def _one(value: str | None) -> list[str]:
    return [value] if value else []


def _cited_comments(case: Case) -> list[str]:
    return list(dict.fromkeys(c.code for c in case.citations if c.kind == "general-comment" and c.code))


def _cited_cases(case: Case) -> list[str]:
    # Resolved by the store when the case is read: a case stored after the citing one is found all the same.
    return list(dict.fromkeys(c.case_id for c in case.citations if c.case_id))


def _case_id_label(code: str, _language: str) -> str:
    return code


def _known_case_id(code: str) -> bool:
    return bool(re.fullmatch(CASE_ID_PATTERN, code)) and len(code) <= 120


FACETS: tuple[Facet, ...] = (
    _coded(
        "kind",
        "Record kind: `decision`, `report`, `legislation`, `submission`, `article`, `press-release`, `other`. "
        "Without it only decisions are searched; the `kind` facet counts the others.",
        lambda case: [case.kind],
        "record_kinds",
    ),
    _coded("right", "Right code, e.g. `housing`.", _tags(TagFacet.RIGHTS), "rights"),
    _coded("issue", "Issue code, e.g. `forced-evictions`.", _tags(TagFacet.ISSUES), "issues"),
    Facet(
        "forum",
        "Forum code, e.g. `un-cescr`, or `<iso2>-<slug>` of a national court.",
        lambda case: _one(case.forum),
        _forum_label,
        is_forum_code,
    ),
    _coded("forum_type", "Forum type: `un-treaty-body`, `regional`, `national`.", _forum_type, "forum_types"),
    _coded("region", "Region code, e.g. `africa`.", lambda case: _one(case_region(case)), "regions"),
    Facet(
        "state",
        "Respondent State, ISO 3166-1 alpha-2 (`ES`).",
        lambda case: list(dict.fromkeys(case.respondent_states)),
        _state_label,
        _known_state,
    ),
    Facet(
        "language",
        "Language a case is available in (`fr`).",
        lambda case: case.languages,
        _language_label,
        _known_language,
    ),
    Facet(
        "original_language",
        "Language the decision was given in, ISO 639-1 (`es`); translations do not count.",
        lambda case: _one(case.original_language),
        _language_label,
        _known_language,
    ),
    Facet(
        "year",
        "Decision year (`2015`).",
        _year,
        lambda code, _language: code,
        lambda code: code.isdigit() and len(code) == 4,
        order="value_desc",
        size=100,
    ),
    _coded("decision_type", "Decision type code.", lambda case: _one(case.decision_type), "decision_types"),
    _coded("outcome", "Outcome code, e.g. `violation`.", lambda case: _one(case.outcome), "outcomes"),
    _coded("affected_group", "Affected group code.", _tags(TagFacet.AFFECTED_GROUPS), "affected_groups"),
    _coded(
        "charter_condition", "Common Charter condition code.", _tags(TagFacet.CHARTER_CONDITIONS), "charter_conditions"
    ),
    _coded(
        "cites_gc",
        "General comment or recommendation the case relies on (cites), e.g. `cescr-gc-7`.",
        _cited_comments,
        "general_comments",
    ),
    Facet(
        "cites",
        "A case the case cites, by id (`za-constitutional-court-2000-grootboom`): the cases that rely on it.",
        _cited_cases,
        _case_id_label,
        _known_case_id,
        counted=False,
    ),
    _coded(
        "implementation",
        "Implementation level derived from the follow-up events (or set by an editor): `unknown`, "
        "`no-measure-known`, `not-implemented`, `partial`, `full`.",
        lambda case: [case.follow_up.level],
        "implementation_levels",
    ),
)
"""Every facet, in the order responses list them: the one list (API parameters, CLI filters, index fields, UI
facets and widget attributes all come from it)."""

FACET_KEYS: tuple[str, ...] = tuple(facet.key for facet in FACETS)

if TYPE_CHECKING:
    FacetKey: TypeAlias = str
else:
    # A Literal built from the registry: pydantic refuses other keys and OpenAPI lists them as an enum.
    FacetKey = Literal[FACET_KEYS]
"""Facet names as they appear in requests, responses and the advanced query syntax (`forum:un-cescr`)."""


@lru_cache(maxsize=65_536)
def label(key: str, value: str, language: str) -> str:
    """The label of a facet value in `language`, memoised: every response labels hundreds of values."""
    return facet(key).label(value, language)


def facet(key: str) -> Facet:
    """The facet called `key`; KeyError for an unknown one."""
    for candidate in FACETS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def is_known(key: str, value: str) -> bool:
    """Whether `value` can ever be a value of facet `key` (a taxonomy code, an open forum code, an ISO code, a year)."""
    spec = facet(key)
    return spec.known(spec.normalise(value))


def case_labels(case: Case, language: str) -> dict[str, dict[str, str]]:
    """Per facet, the label of each of the case's values in `language`; an open forum is labelled by its printed
    name, which only the case knows."""
    labels: dict[str, dict[str, str]] = {
        spec.key: {value: label(spec.key, value, language) for value in spec.values(case)} for spec in FACETS
    }
    if case.forum and not is_listed_forum(case.forum):
        labels["forum"][case.forum] = case.forum_label(language) or case.forum
    return labels
