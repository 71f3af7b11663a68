"""The facet registry: each facet declared once, with how to read its values from a case and label them."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import pycountry

from caselaw.models import Case, TagFacet
from caselaw.taxonomy import get_taxonomy

FacetKey = Literal[
    "right",
    "issue",
    "forum",
    "forum_type",
    "region",
    "state",
    "language",
    "year",
    "decision_type",
    "outcome",
    "affected_group",
    "charter_condition",
]
"""Facet names as they appear in requests, responses and the advanced query syntax (`forum:un-cescr`)."""


@dataclass(frozen=True)
class Facet:
    """One facet: its key (also the index field name), where its values come from and how they are labelled."""

    key: FacetKey
    values: Callable[[Case], list[str]]
    label: Callable[[str, str], str]
    known: Callable[[str], bool]
    """Whether a (normalised) value can ever be a value of this facet: clients naming others get an error."""
    order: Literal["count", "value_desc"] = "count"
    size: int = 50
    """Most values listed (by count; selected values are always added): every taxonomy list is shorter."""

    def normalise(self, value: str) -> str:
        """The stored form of a user-supplied value (State codes are upper case, everything else lower)."""
        stripped = value.strip()
        return stripped.upper() if self.key == "state" else stripped.lower()


def _coded(key: FacetKey, values: Callable[[Case], list[str]], listing: str) -> Facet:
    """A facet whose values are the codes of one taxonomy list, labelled from it."""

    def label(code: str, language: str) -> str:
        taxonomy = get_taxonomy()
        if not taxonomy.has(listing, code):
            return code
        text: str = taxonomy.entry(listing, code).label(language)
        return text

    return Facet(key, values, label, lambda code: bool(get_taxonomy().has(listing, code)))


def _tags(facet: TagFacet) -> Callable[[Case], list[str]]:
    return lambda case: [tag.code for tag in case.tags(facet)]


def _forum_type(case: Case) -> list[str]:
    return [get_taxonomy().forum(case.forum).type]


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


FACETS: tuple[Facet, ...] = (
    _coded("right", _tags(TagFacet.RIGHTS), "rights"),
    _coded("issue", _tags(TagFacet.ISSUES), "issues"),
    _coded("forum", lambda case: [case.forum], "forums"),
    _coded("forum_type", _forum_type, "forum_types"),
    _coded("region", lambda case: [case.region] if case.region else [], "regions"),
    Facet("state", lambda case: list(dict.fromkeys(case.respondent_states)), _state_label, _known_state),
    Facet("language", lambda case: case.languages, _language_label, _known_language),
    Facet(
        "year",
        _year,
        lambda code, _language: code,
        lambda code: code.isdigit() and len(code) == 4,
        order="value_desc",
        size=100,
    ),
    _coded("decision_type", lambda case: [case.decision_type], "decision_types"),
    _coded("outcome", lambda case: [case.outcome] if case.outcome else [], "outcomes"),
    _coded("affected_group", _tags(TagFacet.AFFECTED_GROUPS), "affected_groups"),
    _coded("charter_condition", _tags(TagFacet.CHARTER_CONDITIONS), "charter_conditions"),
)
"""Every facet, in the order responses list them."""

FACET_KEYS: tuple[str, ...] = tuple(facet.key for facet in FACETS)


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
    """Whether `value` can ever be a value of facet `key` (a taxonomy code, an ISO code, a year)."""
    spec = facet(key)
    return spec.known(spec.normalise(value))
