"""Pydantic models of the taxonomy files; loading a file validates it."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "pt", "ar")
"""The five languages every label and keyword list must cover."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
ARTICLE_RE = re.compile(r"^[A-Z][A-Z0-9-]*:([0-9]+[A-Za-z]?|[A-Z])(\([0-9a-z]+\))*$")


class Keyword(BaseModel):
    """A phrase that signals an entry; a trailing `*` matches any word starting with the rest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
    weight: float = Field(1.0, gt=0.0, le=1.0, description="How much one match counts as evidence.")

    @property
    def is_prefix(self) -> bool:
        """Whether the keyword matches by prefix."""
        return self.term.endswith("*")


class Entry(BaseModel):
    """One taxonomy entry: a stable code with labels and keywords in every language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Slug
    labels: dict[str, Annotated[str, StringConstraints(min_length=1)]]
    keywords: dict[str, list[Keyword]]
    description: str | None = None

    @field_validator("keywords", mode="before")
    @classmethod
    def _plain_strings(cls, value: Any) -> Any:
        # The YAML files write most keywords as plain strings; weight 1.0 is the default.
        if isinstance(value, dict):
            return {
                lang: [{"term": k} if isinstance(k, str) else k for k in (terms or [])] for lang, terms in value.items()
            }
        return value

    @model_validator(mode="after")
    def _every_language(self) -> Entry:
        missing_labels = [lang for lang in LANGUAGES if not self.labels.get(lang)]
        missing_keywords = [lang for lang in LANGUAGES if not self.keywords.get(lang)]
        if missing_labels:
            raise ValueError(f"{self.code}: no label in {', '.join(missing_labels)}")
        if missing_keywords:
            raise ValueError(f"{self.code}: no keywords in {', '.join(missing_keywords)}")
        return self

    def label(self, language: str) -> str:
        """The label in `language`, English when that language has none."""
        return self.labels.get(language) or self.labels["en"]


class Right(Entry):
    """A right, grounded in articles of the ICESCR and regional instruments."""

    articles: list[str] = Field(default_factory=list)

    @field_validator("articles")
    @classmethod
    def _normalised(cls, value: list[str]) -> list[str]:
        for article in value:
            if not ARTICLE_RE.match(article):
                raise ValueError(f"article {article!r} is not of the form INSTRUMENT:ARTICLE")
        return value


class Instrument(Entry):
    """A treaty, protocol, charter, declaration, constitution or statute; codes are upper case."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]*$")]
    kind: Literal["treaty", "protocol", "charter", "declaration", "constitution", "statute"]


class Forum(Entry):
    """A court, commission or treaty body."""

    type: Slug
    level: Slug
    country: str | None = None
    instruments: list[str] = Field(default_factory=list)


class Outcome(Entry):
    """An outcome; some can be stated per article."""

    per_article: bool = False


class GeneralComment(Entry):
    """A UN treaty body's general comment or general recommendation, as decisions cite it."""

    number: int = Field(gt=0)
    body: Slug = Field(description="Forum code of the committee that adopted it, e.g. `un-cescr`.")
    year: int = Field(ge=1970, le=2100, description="Year adopted.")
    titles: dict[str, Annotated[str, StringConstraints(min_length=1)]] = Field(
        description="Short descriptive title in each language, in our own words."
    )

    @model_validator(mode="after")
    def _titled(self) -> GeneralComment:
        missing = [lang for lang in LANGUAGES if not self.titles.get(lang)]
        if missing:
            raise ValueError(f"{self.code}: no title in {', '.join(missing)}")
        return self


class FollowUpType(Entry):
    """A type of follow-up event, with what an event of it says about implementation (see `follow_up_types.yaml`)."""

    signals: Literal["full", "partial", "not-implemented", "measure", "information"]


class Taxonomy(BaseModel):
    """The whole taxonomy, cross-checked: every reference points to an existing code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rights: list[Right]
    issues: list[Entry]
    affected_groups: list[Entry]
    charter_conditions: list[Entry]
    forums: list[Forum]
    forum_types: list[Entry]
    forum_levels: list[Entry]
    instruments: list[Instrument]
    regions: list[Entry]
    countries: dict[str, Slug] = Field(description="ISO 3166-1 alpha-2 code to region code.")
    decision_types: list[Entry]
    outcomes: list[Outcome]
    implementation_statuses: list[Entry]
    document_kinds: list[Entry]
    record_kinds: list[Entry]
    identifier_schemes: list[Entry]
    general_comments: list[GeneralComment]
    follow_up_types: list[FollowUpType]
    implementation_levels: list[Entry]

    @model_validator(mode="after")
    def _references(self) -> Taxonomy:
        for facet in self.facet_names():
            codes = [entry.code for entry in self.entries(facet)]
            duplicates = sorted({code for code in codes if codes.count(code) > 1})
            if duplicates:
                raise ValueError(f"{facet}: duplicate codes {duplicates}")
        regions = self.codes("regions")
        bad_regions = {c: r for c, r in self.countries.items() if r not in regions}
        if bad_regions:
            raise ValueError(f"countries: unknown regions {bad_regions}")
        instruments = self.codes("instruments")
        for forum in self.forums:
            if forum.type not in self.codes("forum_types"):
                raise ValueError(f"forum {forum.code}: unknown type {forum.type!r}")
            if forum.level not in self.codes("forum_levels"):
                raise ValueError(f"forum {forum.code}: unknown level {forum.level!r}")
            if forum.country is not None and forum.country not in self.countries:
                raise ValueError(f"forum {forum.code}: unknown country {forum.country!r}")
            unknown = [i for i in forum.instruments if i not in instruments]
            if unknown:
                raise ValueError(f"forum {forum.code}: unknown instruments {unknown}")
        forums = self.codes("forums")
        for comment in self.general_comments:
            if comment.body not in forums:
                raise ValueError(f"general comment {comment.code}: unknown body {comment.body!r}")
        for right in self.rights:
            unknown = [a for a in right.articles if a.split(":", 1)[0] not in instruments]
            if unknown:
                raise ValueError(f"right {right.code}: articles of unknown instruments {unknown}")
        return self

    @classmethod
    def facet_names(cls) -> list[str]:
        """Names of the lists of entries (every field but `countries`)."""
        return [name for name in cls.model_fields if name != "countries"]

    def entries(self, facet: str) -> list[Entry]:
        """Entries of one list, e.g. `rights`; KeyError for an unknown list."""
        if facet not in self.facet_names():
            raise KeyError(facet)
        result: list[Entry] = getattr(self, facet)
        return result

    def codes(self, facet: str) -> set[str]:
        """Codes of one list."""
        return set(self._index()[facet])

    def has(self, facet: str, code: str) -> bool:
        """Whether `code` exists in list `facet`."""
        return code in self._index().get(facet, {})

    def entry(self, facet: str, code: str) -> Any:
        """The entry for `code` in list `facet`; KeyError when absent."""
        return self._index()[facet][code]

    def forum(self, code: str) -> Forum:
        """The forum with `code`."""
        result: Forum = self.entry("forums", code)
        return result

    def region_of(self, country: str) -> str:
        """Region code of an ISO alpha-2 country code."""
        return self.countries[country]

    def _index(self) -> dict[str, dict[str, Entry]]:
        # Built on first use and kept on the (frozen) instance: lookups run once per tag on every case load.
        cached: dict[str, dict[str, Entry]] | None = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {facet: {e.code: e for e in self.entries(facet)} for facet in self.facet_names()}
            self.__dict__["_index_cache"] = cached
        return cached
