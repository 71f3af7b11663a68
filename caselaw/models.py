"""The domain model: a case, its documents and its tags, validated against the taxonomy."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    computed_field,
    model_validator,
)

from caselaw.taxonomy import get_taxonomy

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CASE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# `ICESCR:11(1)`, `ACHPR:21`, `ICESCR:12(2)(b)`, `ICERD:5(e)(iii)`, `ESC:E` (the Revised Charter's lettered
# article): instrument code, article, sub-paragraphs. Roman-numbered articles (American Declaration) are
# written in Arabic numerals: `ADRDM:11` is Article XI.
ARTICLE_PATTERN = re.compile(r"^(?P<instrument>[A-Z][A-Z0-9-]*):(?P<article>([0-9]+[A-Za-z]?|[A-Z])(\([0-9a-z]+\))*)$")


def _check_code(facet: str) -> AfterValidator:
    """Build a validator that accepts only codes of one taxonomy facet."""

    def check(value: str) -> str:
        if not get_taxonomy().has(facet, value):
            raise ValueError(f"unknown {facet} code {value!r}")
        return value

    return AfterValidator(check)


def _check_article(value: str) -> str:
    match = ARTICLE_PATTERN.match(value)
    if match is None:
        raise ValueError(f"article {value!r} is not of the form INSTRUMENT:ARTICLE, e.g. ICESCR:11(1)")
    if not get_taxonomy().has("instruments", match["instrument"]):
        raise ValueError(f"article {value!r} names unknown instrument {match['instrument']!r}")
    return value


def _check_country(value: str) -> str:
    if value not in get_taxonomy().countries:
        raise ValueError(f"unknown ISO 3166-1 alpha-2 country code {value!r}")
    return value


Language = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2,3}$"), Field(description="ISO 639-1 language code, e.g. en, es, ar.")
]
CaseId = Annotated[
    str,
    StringConstraints(pattern=CASE_ID_PATTERN, max_length=120),
    Field(description="Stable case id: a lowercase slug such as `un-cescr-2015-idg-v-spain`."),
]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN), Field(description="SHA-256 hex digest.")]
Article = Annotated[
    str,
    AfterValidator(_check_article),
    Field(description="Normalised article reference `INSTRUMENT:ARTICLE`, e.g. `ICESCR:11(1)`."),
]
Country = Annotated[str, AfterValidator(_check_country), Field(description="ISO 3166-1 alpha-2 code.")]
OPEN_FORUM_PATTERN = re.compile(r"^(?P<country>[a-z]{2})-[a-z0-9]+(-[a-z0-9]+)*$")


def _check_forum(value: str) -> str:
    # The taxonomy's forums are a starting list, not a whitelist: a national court it does not list is
    # recorded under `<iso2>-<slug>` (the form the listed national forums use), with its printed name on the case.
    if get_taxonomy().has("forums", value):
        return value
    match = OPEN_FORUM_PATTERN.match(value)
    if match is None or match["country"].upper() not in get_taxonomy().countries:
        raise ValueError(
            f"unknown forum code {value!r}: neither a taxonomy forum nor `<iso2>-<slug>` of a national court"
        )
    return value


def is_listed_forum(code: str) -> bool:
    """Whether `code` is one of the taxonomy's forums (not an open national forum found in a document)."""
    return bool(get_taxonomy().has("forums", code))


ForumCode = Annotated[
    str,
    AfterValidator(_check_forum),
    Field(description="Forum code: a taxonomy forum, or `<iso2>-<slug>` for a national court it does not list."),
]
ForumLevelCode = Annotated[str, _check_code("forum_levels"), Field(description="Forum level code.")]
RecordKindCode = Annotated[
    str, _check_code("record_kinds"), Field(description="What the record is: decision, legislation, report...")
]
ReviewReason = Literal[
    "kind", "forum", "state", "decision-date", "title", "text", "ocr", "ocr-confidence", "forum-confidence"
]
"""Why a record waits for an editor: a field ingest could not read, or text it could not trust."""
DecisionTypeCode = Annotated[str, _check_code("decision_types"), Field(description="Decision type code.")]
OutcomeCode = Annotated[str, _check_code("outcomes"), Field(description="Outcome code from the taxonomy.")]
RegionCode = Annotated[str, _check_code("regions"), Field(description="Region code from the taxonomy.")]
ImplementationCode = Annotated[
    str, _check_code("implementation_statuses"), Field(description="Implementation status code.")
]
DocumentKindCode = Annotated[str, _check_code("document_kinds"), Field(description="Document kind code.")]
IdentifierSchemeCode = Annotated[str, _check_code("identifier_schemes"), Field(description="Identifier scheme code.")]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, so a typo never silently drops data."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class TagSource(StrEnum):
    """Who or what assigned a tag; editor tags always win over machine tags."""

    RULE = "rule"
    MODEL = "model"
    EDITOR = "editor"


class TagFacet(StrEnum):
    """The taxonomy facets a case is tagged with."""

    RIGHTS = "rights"
    ISSUES = "issues"
    AFFECTED_GROUPS = "affected_groups"
    CHARTER_CONDITIONS = "charter_conditions"


class Evidence(Strict):
    """Why a tag was assigned: the paragraph, the pattern that matched, and the matched text."""

    paragraph: str | None = Field(None, description="Number of the paragraph the evidence is in, e.g. `11.1`.")
    document: Sha256 | None = Field(None, description="Document the paragraph belongs to.")
    pattern: str | None = Field(None, description="Keyword, article or rule that matched.")
    text: str | None = Field(None, max_length=500, description="The matched text, as it appears.")


class Tag(Strict):
    """One taxonomy code assigned to a case, with its source, confidence and evidence."""

    code: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)] = Field(description="Taxonomy code.")
    source: TagSource = Field(description="Who assigned it: rule, model or editor.")
    confidence: float = Field(ge=0.0, le=1.0, description="0 to 1; editor tags are 1.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where in the text the tag comes from.")
    editor: str | None = Field(None, description="Who set it, for editor tags.")


class Identifier(Strict):
    """An official identifier of a case: UN symbol, communication number, docket, ECLI..."""

    scheme: IdentifierSchemeCode
    value: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class Title(Strict):
    """A case's titles in one language."""

    full: Annotated[str, StringConstraints(min_length=1, max_length=1000)] = Field(description="Full title.")
    short: str | None = Field(None, max_length=300, description="Short title, e.g. `I.D.G. v. Spain`.")
    popular: str | None = Field(None, max_length=300, description="Popular name, e.g. `the Endorois case`.")


class CaseDates(Strict):
    """The three dates a decision has; Endorois was adopted in 2009 but made public in 2010."""

    communication: date | None = Field(None, description="Communication, application or claim filed.")
    decision: date | None = Field(None, description="Decision adopted or judgment delivered.")
    publication: date | None = Field(None, description="Decision made public.")

    @model_validator(mode="after")
    def _ordered(self) -> CaseDates:
        if self.communication and self.decision and self.communication > self.decision:
            raise ValueError(f"communication date {self.communication} is after decision date {self.decision}")
        if self.decision and self.publication and self.publication < self.decision:
            raise ValueError(f"publication date {self.publication} is before decision date {self.decision}")
        return self


PartyRole = Literal[
    "author", "applicant", "petitioner", "complainant", "victim", "respondent", "appellant", "plaintiff", "defendant"
]


class Party(Strict):
    """A party to the proceedings."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    role: PartyRole
    country: Country | None = Field(None, description="For a State party, its ISO code.")


class Representative(Strict):
    """Counsel or an organisation representing a party."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    represents: str | None = Field(None, description="Name of the party represented.")


class Intervener(Strict):
    """A third-party intervener or amicus curiae."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    kind: Literal["amicus-curiae", "third-party-intervention", "expert"] = "third-party-intervention"
    supported: str | None = Field(None, description="Party whose position it supported, if any.")


class ArticleOutcome(Strict):
    """The finding on one article."""

    article: Article
    outcome: OutcomeCode

    @model_validator(mode="after")
    def _per_article(self) -> ArticleOutcome:
        if not get_taxonomy().entry("outcomes", self.outcome).per_article:
            raise ValueError(f"outcome {self.outcome!r} cannot be stated per article")
        return self


class Remedy(Strict):
    """A remedy ordered or recommended."""

    kind: Literal["individual", "general"]
    text: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    language: Language = "en"


class ImplementationEvent(Strict):
    """A follow-up event: State report, follow-up decision, compliance hearing."""

    date: date
    description: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    language: Language = "en"


class Implementation(Strict):
    """Where implementation of the decision stands."""

    status: ImplementationCode = "unknown"
    events: list[ImplementationEvent] = Field(default_factory=list)


FollowUpTypeCode = Annotated[str, _check_code("follow_up_types"), Field(description="Follow-up event type code.")]
ImplementationLevelCode = Annotated[
    str,
    _check_code("implementation_levels"),
    Field(description="Implementation level: unknown, no-measure-known, not-implemented, partial, full."),
]


class FollowUpSource(Strict):
    """Where a follow-up event is recorded: a document in the store (by hash), a URL, or a citation as printed."""

    sha256: Sha256 | None = Field(None, description="A document in the store (the follow-up report itself).")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    citation: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = Field(
        None, description="A citation as printed, e.g. a UN document symbol."
    )

    @model_validator(mode="after")
    def _something(self) -> FollowUpSource:
        if self.sha256 is None and self.url is None and self.citation is None:
            raise ValueError("a source needs a document hash, a URL or a citation")
        return self


class FollowUpEvent(Strict):
    """One thing that happened after the decision: a State report, comments, an assessment, a measure..."""

    id: int | None = Field(None, description="Assigned by the store.")
    date: date
    date_precision: Literal["day", "month", "year"] = Field(
        "day", description="How much of `date` is known: `month` and `year` record the first day of the period."
    )
    type: FollowUpTypeCode
    source: FollowUpSource | None = None
    note: Annotated[str, StringConstraints(min_length=1, max_length=4000)] | None = Field(
        None, description="A short note in the editor's language."
    )
    note_language: Language = "en"
    revision: int = Field(1, ge=1, description="Bumped by each edit (the event's If-Match).")


class LevelOverride(Strict):
    """An editor's implementation level, set over the derived one, and why."""

    level: ImplementationLevelCode
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    actor: str | None = None
    at: datetime | None = None


class FollowUp(Strict):
    """A case's follow-up: its events (oldest first) and the implementation level derived from them."""

    events: list[FollowUpEvent] = Field(default_factory=list)
    derived: ImplementationLevelCode = Field("unknown", description="What the rule derives from the events.")
    override: LevelOverride | None = None
    level: ImplementationLevelCode = Field("unknown", description="The override's level, else the derived one.")


class CaseLink(Strict):
    """A link to another case in the database."""

    case_id: CaseId
    relation: Literal["cites", "cited-by", "related", "follow-up-of", "same-facts"]


CitationKind = Literal["decision", "general-comment", "article"]
"""What a citation points to: another decision, a general comment or recommendation, or a treaty article."""


class CitationKey(Strict):
    """One way of naming what a citation points to, normalised as ingest reads it: an identifier scheme
    (`communication`, `un-symbol`, `series-c`...), `case-name`, `party`, `law-report`, `general-comment` (a code of
    the taxonomy's general comments, or `?-gc-N` when the committee is unknown) or `article` (`ICESCR:11(1)`)."""

    scheme: Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]
    value: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class Citation(Strict):
    """A citation in a case's text, where it stands, and the keys it is resolved by."""

    kind: CitationKind
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(description="As written.")
    keys: list[CitationKey] = Field(min_length=1, description="What it names, normalised; any one may resolve it.")
    code: str | None = Field(
        None, max_length=60, description="Taxonomy code of a general comment (`cescr-gc-7`), or the article."
    )
    paragraph: str | None = Field(None, max_length=20, description="Number of the paragraph it stands in.")
    footnote: str | None = Field(None, max_length=10, description="Mark of the footnote it stands in, if one.")
    document: Sha256 | None = Field(None, description="Document (language version) it was read from.")
    context: str | None = Field(None, max_length=600, description="The passage around it, for snippets.")
    case_id: CaseId | None = Field(
        None, description="The cited case when the store holds it: resolved by the store when read, never stored."
    )

    @model_validator(mode="after")
    def _coded(self) -> Citation:
        if self.code is None:
            return self
        if self.kind == "general-comment" and not get_taxonomy().has("general_comments", self.code):
            raise ValueError(f"unknown general comment code {self.code!r}")
        if self.kind == "article":
            _check_article(self.code)
        return self


class Paragraph(Strict):
    """A numbered paragraph of a decision, numbering preserved as written ("2.3", "12", "¶ 4")."""

    number: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    text: Annotated[str, StringConstraints(min_length=1)]


class Footnote(Strict):
    """A footnote, kept apart from the body text."""

    mark: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    text: Annotated[str, StringConstraints(min_length=1)]


class PageConfidence(Strict):
    """OCR confidence of one page read by OCR."""

    page: int = Field(ge=1, description="Page number, from 1.")
    confidence: float = Field(ge=0.0, le=100.0, description="Mean word confidence on that page, 0-100.")


class Provenance(Strict):
    """Where a document's text came from."""

    filename: str | None = Field(None, description="Original file name as received.")
    media_type: str = Field("application/pdf", description="Sniffed media type of the original.")
    size_bytes: int | None = Field(None, ge=0, description="Size of the original file.")
    page_count: int | None = Field(None, ge=0, description="Number of pages.")
    extraction: Literal["text-layer", "ocr", "mixed", "manual"] = Field(
        "text-layer", description="How the text was obtained."
    )
    ocr_confidence: float | None = Field(None, ge=0.0, le=100.0, description="Mean OCR confidence, 0-100.")
    ocr_pages: list[PageConfidence] = Field(
        default_factory=list, description="Confidence of every page read by OCR (pages with a text layer omitted)."
    )
    added_at: datetime | None = Field(None, description="When the document was added.")
    source_url: str | None = Field(None, description="Where the original was published.")


class ReviewStatus(StrEnum):
    """Whether a record can be trusted as is."""

    OK = "ok"
    NEEDS_REVIEW = "needs-review"
    NEEDS_OCR = "needs-ocr"


class Document(Strict):
    """One file of a case in one language: an original, a translation or a summary."""

    sha256: Sha256 = Field(description="SHA-256 of the original file; the blob's address in the store.")
    language: Language = Field(description="Main language of the document.")
    languages: list[Language] = Field(
        default_factory=list, description="Every language detected in its sections, main first."
    )
    kind: DocumentKindCode = "original"
    official: bool = Field(True, description="Whether the text (or translation) is official.")
    title: str | None = None
    text: str = Field("", description="Body text in reading order, headers, footers and footnotes removed.")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    running_headers: list[str] = Field(default_factory=list, description="Headers/footers removed from pages.")
    status: ReviewStatus = ReviewStatus.OK
    provenance: Provenance = Field(default_factory=Provenance)

    @model_validator(mode="after")
    def _main_language_first(self) -> Document:
        if self.languages and self.languages[0] != self.language:
            raise ValueError(f"languages {self.languages} must start with the main language {self.language!r}")
        return self


class Case(Strict):
    """A decision or Views and everything known about it; the store's unit of record."""

    id: CaseId
    aliases: list[CaseId] = Field(default_factory=list, description="Former ids merged into this case.")
    identifiers: list[Identifier] = Field(default_factory=list)
    titles: dict[Language, Title] = Field(min_length=1, description="Titles per language.")
    kind: RecordKindCode = Field("decision", description="What the record is; search returns decisions by default.")
    kind_evidence: list[Evidence] = Field(default_factory=list, description="Why ingest gave the record its kind.")
    forum: ForumCode | None = Field(None, description="Deciding body; None when the text names none (needs review).")
    forum_name: str | None = Field(None, max_length=300, description="The forum's name as printed in the document.")
    forum_country: Country | None = Field(None, description="Country of a national forum the taxonomy does not list.")
    forum_level: ForumLevelCode | None = Field(None, description="Level of a forum the taxonomy does not list.")
    decision_type: DecisionTypeCode | None = Field(None, description="For decisions only: Views, judgment...")
    articles: list[Article] = Field(default_factory=list, description="Articles invoked or examined.")
    respondent_states: list[Country] = Field(default_factory=list)
    region: RegionCode | None = Field(None, description="Region of the respondent State (or of the forum).")
    dates: CaseDates = Field(default_factory=CaseDates)
    parties: list[Party] = Field(default_factory=list)
    representatives: list[Representative] = Field(default_factory=list)
    interveners: list[Intervener] = Field(default_factory=list)
    rights: list[Tag] = Field(default_factory=list)
    issues: list[Tag] = Field(default_factory=list)
    affected_groups: list[Tag] = Field(default_factory=list)
    charter_conditions: list[Tag] = Field(default_factory=list)
    outcome: OutcomeCode | None = Field(None, description="Overall outcome.")
    article_outcomes: list[ArticleOutcome] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)
    implementation: Implementation = Field(default_factory=Implementation)
    follow_up: FollowUp = Field(
        default_factory=FollowUp,
        description="Follow-up events and the derived implementation level: read by the store from its follow-up "
        "tables (`store.follow_up`), never stored with the case.",
    )
    summaries: dict[Language, str] = Field(default_factory=dict, description="Editorial summary per language.")
    original_language: Language | None = None
    documents: list[Document] = Field(default_factory=list)
    links: list[CaseLink] = Field(default_factory=list, description="Cites, cited-by and related cases.")
    citations: list[Citation] = Field(
        default_factory=list, description="Decisions, general comments and articles its text cites, in order."
    )
    cited_by_count: int = Field(
        0, ge=0, description="Cases citing this one, each once: counted by the store when read, never stored."
    )
    status: ReviewStatus = ReviewStatus.OK
    review_reasons: list[ReviewReason] = Field(
        default_factory=list, description="What an editor should complete or check (a field missing, OCR doubtful)."
    )
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @computed_field(description="Languages the case is available in: documents, then summaries.")  # type: ignore[prop-decorator]
    @property
    def languages(self) -> list[str]:
        """Every language of a document or summary, documents first, without repeats (a follow-up document filed
        with the case is not the decision in its language)."""
        seen: dict[str, None] = {}
        for document in self.documents:
            if document.kind != "follow-up":
                seen.setdefault(document.language, None)
        for language in self.summaries:
            seen.setdefault(language, None)
        return list(seen)

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        # `languages` is computed, but it appears in every dump; accept it back on load so a round trip works.
        if isinstance(data, dict) and "languages" in data:
            data = {key: value for key, value in data.items() if key != "languages"}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        taxonomy = get_taxonomy()
        for facet in TagFacet:
            tags: list[Tag] = getattr(self, facet.value)
            codes = [tag.code for tag in tags]
            for code in codes:
                if not taxonomy.has(facet.value, code):
                    raise ValueError(f"{facet.value}: unknown code {code!r}")
            if len(codes) != len(set(codes)):
                raise ValueError(f"{facet.value}: duplicate codes in {codes}")
        hashes = [document.sha256 for document in self.documents]
        if len(hashes) != len(set(hashes)):
            raise ValueError("documents: the same file appears twice")
        if self.id in self.aliases:
            raise ValueError(f"aliases: a case cannot be its own alias ({self.id!r})")
        if self.kind != "decision" and self.decision_type is not None:
            raise ValueError(f"decision_type: a {self.kind} is not a decision and has no decision type")
        if self.forum is not None and not is_listed_forum(self.forum):
            if not self.forum_name:
                raise ValueError(f"forum_name: forum {self.forum!r} is not in the taxonomy: its printed name is needed")
            country = self.forum.split("-", 1)[0].upper()
            if self.forum_country not in (None, country):
                raise ValueError(f"forum_country: {self.forum_country} contradicts forum code {self.forum!r}")
        return self

    def forum_label(self, language: str) -> str | None:
        """The forum's label in `language` (taxonomy), else its printed name; None when no forum is known."""
        if self.forum is None:
            return None
        if is_listed_forum(self.forum):
            label: str = get_taxonomy().forum(self.forum).label(language)
            return label
        return self.forum_name or self.forum

    def forum_type(self) -> str | None:
        """`international`, `regional` or `national`: an open forum is always a national court."""
        if self.forum is None:
            return None
        return get_taxonomy().forum(self.forum).type if is_listed_forum(self.forum) else "national"

    def tags(self, facet: TagFacet) -> list[Tag]:
        """Tags of one facet."""
        result: list[Tag] = getattr(self, facet.value)
        return result

    def title_in(self, language: str) -> Title:
        """The title in `language`, falling back to English, then the original language, then any."""
        for candidate in (language, "en", self.original_language):
            if candidate and candidate in self.titles:
                return self.titles[candidate]
        return next(iter(self.titles.values()))


# Which reasons for review an edit of a field answers: a reason stays until the field it names is given.
_ANSWERED_BY: dict[str, tuple[str, ...]] = {
    "kind": ("kind",),
    "forum": ("forum", "forum_name", "forum_country"),
    "forum-confidence": ("forum", "forum_name", "forum_country"),
    "state": ("respondent_states",),
    "decision-date": ("dates",),
    "title": ("titles",),
}


def settle_review(case: Case, edited: set[str]) -> Case:
    """`case` after an editor changed the fields `edited`: the reasons they answer are gone, and a record with no
    reason left is `ok` (unless the editor set the status, or OCR is still missing)."""
    reasons = [
        reason
        for reason in case.review_reasons
        if not (set(_ANSWERED_BY.get(reason, ())) & edited) and not _filled(case, reason)
    ]
    status = case.status
    if "status" not in edited and not reasons and status is ReviewStatus.NEEDS_REVIEW:
        status = ReviewStatus.OK
    if "status" in edited and status is ReviewStatus.OK:
        reasons = []
    return case.model_copy(update={"review_reasons": reasons, "status": status})


def _filled(case: Case, reason: str) -> bool:
    """Whether the field a reason names now has a value (so the reason no longer holds)."""
    match reason:
        case "forum":
            return case.forum is not None
        case "state":
            return bool(case.respondent_states)
        case "decision-date":
            return case.dates.decision is not None
    return False
