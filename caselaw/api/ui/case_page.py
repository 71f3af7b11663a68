"""`/cases/{id}`: one decision — metadata, summaries in every language, numbered paragraphs, related cases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from caselaw.api.case_detail import CaseDetail, case_detail
from caselaw.api.dependencies import ServicesDep
from caselaw.api.services import Services
from caselaw.api.ui.follow_up_view import FollowUpTimeline, follow_up_timeline
from caselaw.api.ui.messages import Messages
from caselaw.api.ui.render import LANGUAGE_NAMES, PageLanguage, error_page, format_date, page_language, render
from caselaw.errors import CaselawError
from caselaw.models import Case, Document
from caselaw.search.facets import label as facet_label
from caselaw.search.response import Hit
from caselaw.store.citations import CitingCase
from caselaw.taxonomy import get_taxonomy

router = APIRouter(include_in_schema=False)
RELATED_SHOWN = 6
CITED_BY_SHOWN = 10
"""Citing cases listed on the page; the search `cites:<id>` lists them all."""


@dataclass(frozen=True)
class Item:
    """One value in the metadata list: text, optionally a link, a language and a longer title."""

    text: str
    href: str | None = None
    lang: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Row:
    """A metadata row: a label and its values."""

    label: str
    items: list[Item]


@dataclass(frozen=True)
class ParagraphView:
    """A numbered paragraph with its anchor."""

    anchor: str
    number: str
    text: str


@dataclass
class DocumentView:
    """One original document of the case."""

    anchor: str
    language: str
    heading: str
    pdf_href: str
    facts: list[str]
    paragraphs: list[ParagraphView]
    text: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CitingView:
    """A case citing this one: its title and link, where it cites it, and the passage."""

    title: str
    href: str
    meta: str
    where: str
    snippet: str | None


@dataclass(frozen=True)
class CitationsView:
    """The case's place in the citation graph: what it cites (decisions, general comments), who cites it."""

    decisions: list[Item]
    comments: list[Item]
    cited_by: list[CitingView]
    cited_by_total: int
    cited_by_href: str

    @property
    def cites_total(self) -> int:
        """Decisions and general comments cited, each once."""
        return len(self.decisions) + len(self.comments)


@dataclass
class CaseView:
    """Everything the case template shows."""

    detail: CaseDetail
    other_titles: list[tuple[str, str]]
    rows: list[Row]
    summaries: list[tuple[str, str]]
    summary: str | None
    summary_missing: bool
    documents: list[DocumentView]
    related: list[tuple[Hit, str]]
    links: list[tuple[str, str, str]]
    citation: str
    permalink: str
    summary_hrefs: dict[str, str]
    needs_review: bool
    citations: CitationsView
    follow_up: FollowUpTimeline | None = None


def _slug(number: str) -> str:
    return re.sub(r"[^0-9A-Za-z.]+", "-", number).strip("-") or "x"


def _size(size: int | None) -> str:
    if not size:
        return ""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _documents(detail: CaseDetail, messages: Messages, language: str) -> list[DocumentView]:
    taxonomy = get_taxonomy()
    seen: dict[str, int] = {}
    views = []
    for document, link in zip(detail.case.documents, detail.documents, strict=True):
        seen[document.language] = seen.get(document.language, 0) + 1
        prefix = document.language if seen[document.language] == 1 else f"{document.language}{seen[document.language]}"
        kind = (
            taxonomy.entry("document_kinds", document.kind).label(language)
            if taxonomy.has("document_kinds", document.kind)
            else document.kind
        )
        facts = [kind, LANGUAGE_NAMES.get(document.language, document.language)]
        if not document.official:
            facts.append(messages("case.unofficial"))
        if link.page_count:
            facts.append(messages("case.document_pages", count=link.page_count))
        if _size(link.size_bytes):
            facts.append(_size(link.size_bytes))
        views.append(
            DocumentView(
                anchor=f"doc-{prefix}",
                language=document.language,
                heading=document.title or kind,
                pdf_href=link.url,
                facts=facts,
                paragraphs=[
                    ParagraphView(f"{prefix}-{_slug(p.number)}", p.number, p.text) for p in document.paragraphs
                ],
                text=[] if document.paragraphs else _blocks(document),
            )
        )
    return views


def _blocks(document: Document) -> list[str]:
    return [block.strip() for block in document.text.split("\n\n") if block.strip()]


def _search_href(key: str, code: str, language: PageLanguage) -> str:
    return f"/?{key}={code}" + (f"&lang={language.code}" if language.explicit else "")


def _rows(detail: CaseDetail, messages: Messages, language: PageLanguage) -> list[Row]:
    case, labels, code = detail.case, detail.labels, language.code
    taxonomy = get_taxonomy()

    def coded(key: str, values: list[str]) -> list[Item]:
        """Labelled values, each a link to the search for it."""
        return [Item(labels[key].get(v, v), _search_href(key, v, language)) for v in values]

    rows = [
        # A record that is not a decision says what it is; a forum or decision type not known yet is left out.
        Row(messages("facet.kind"), coded("kind", [case.kind] if case.kind != "decision" else [])),
        Row(messages("case.forum"), coded("forum", [case.forum] if case.forum else [])),
        Row(messages("case.decision_type"), coded("decision_type", [case.decision_type] if case.decision_type else [])),
    ]
    for key, value in (("case.decided", case.dates.decision), ("case.communicated", case.dates.communication),
                       ("case.published", case.dates.publication)):  # fmt: skip
        if value:
            rows.append(Row(messages(key), [Item(format_date(value, messages))]))
    rows.append(Row(messages("case.states"), coded("state", list(dict.fromkeys(case.respondent_states)))))
    rows.append(Row(messages("case.region"), coded("region", [case.region] if case.region else [])))
    rows.append(Row(messages("case.outcome"), coded("outcome", [case.outcome] if case.outcome else [])))
    identifiers = [
        Item(i.value, title=taxonomy.entry("identifier_schemes", i.scheme).label(code)) for i in case.identifiers
    ]
    rows.append(Row(messages("case.identifiers"), identifiers))
    articles = []
    for article in case.articles:
        instrument, _, number = article.partition(":")
        title = (
            taxonomy.entry("instruments", instrument).label(code) if taxonomy.has("instruments", instrument) else None
        )
        articles.append(Item(f"{instrument} {number}", title=title))
    rows.append(Row(messages("case.articles"), articles))
    for key, message in (("right", "case.rights"), ("issue", "case.issues"), ("affected_group", "case.groups"),
                         ("charter_condition", "case.conditions")):  # fmt: skip
        rows.append(Row(messages(message), coded(key, list(labels[key]))))
    parties = [Item(f"{p.name} ({messages('role.' + p.role)})") for p in case.parties]
    rows.append(Row(messages("case.parties"), parties))
    rows.append(Row(messages("case.representatives"), [Item(r.name) for r in case.representatives]))
    rows.append(Row(messages("case.interveners"), [Item(i.name) for i in case.interveners]))
    if case.implementation.status != "unknown":
        status = taxonomy.entry("implementation_statuses", case.implementation.status).label(code)
        rows.append(Row(messages("case.implementation"), [Item(status)]))
    return [row for row in rows if row.items]


def _citing_meta(item: CitingCase, language: str) -> str:
    forum = facet_label("forum", item.forum, language) if item.forum else ""
    return ", ".join(part for part in (forum, (item.decision_date or "")[:4]) if part)


def _where(paragraph: str | None, footnote: str | None, messages: Messages) -> str:
    if paragraph:
        return messages("case.at_paragraph", number=paragraph)
    return messages("case.at_footnote", mark=footnote) if footnote else ""


def _citations(services: Services, case: Case, messages: Messages, language: PageLanguage) -> CitationsView:
    """What the case cites and the first cases citing it, resolved by the store as the page is read."""
    suffix = f"?lang={language.code}" if language.explicit else ""
    rows = services.store.citations_of(case.id)
    decisions = [
        Item(row.title or row.text, href=f"/cases/{row.case_id}{suffix}")
        if row.case_id
        else Item(row.text, title=messages("case.not_held"))
        for row in rows
        if row.kind == "decision"
    ]
    comments = [
        Item(facet_label("cites_gc", row.code, language.code), href=_search_href("cites_gc", row.code, language))
        for row in rows
        if row.kind == "general-comment" and row.code
    ]
    total, citing = services.store.cited_by(case.id, size=CITED_BY_SHOWN)
    cited_by = [
        CitingView(
            title=item.title,
            href=f"/cases/{item.case_id}{suffix}",
            meta=_citing_meta(item, language.code),
            where=_where(item.paragraph, item.footnote, messages),
            snippet=item.snippet,
        )
        for item in citing
    ]
    return CitationsView(decisions, comments, cited_by, total, _search_href("cites", case.id, language))


def _citation(detail: CaseDetail, messages: Messages, permalink: str) -> str:
    case = detail.case
    parts = [detail.title]
    if case.forum:
        parts.append(detail.labels["forum"].get(case.forum, case.forum))
    parts += [identifier.value for identifier in case.identifiers[:2]]
    # A decision is cited by its type ("Views of ..."); another record, or one without a type yet, by its kind.
    if case.decision_type:
        kind = detail.labels["decision_type"].get(case.decision_type, case.decision_type)
    else:
        kind = detail.labels["kind"].get(case.kind, case.kind)
    if case.dates.decision:
        parts.append(messages("cite.decision", kind=kind, date=format_date(case.dates.decision, messages)))
    else:
        parts.append(kind)
    parts.append(messages("cite.available", url=permalink))
    return messages("list.separator").join(parts) + "."


def _summary_choice(case: Case, asked: str | None, language: str) -> str | None:
    for candidate in (asked, language, case.original_language, "en"):
        if candidate and candidate in case.summaries:
            return candidate
    return next(iter(case.summaries), None)


def _public_base(request: Request, services: Services) -> str:
    configured = services.settings.public_url
    return str(configured).rstrip("/") if configured else str(request.base_url).rstrip("/")


def case_view(request: Request, services: Services, case: Case, revision: int, language: PageLanguage) -> CaseView:
    """The view of a stored case in the page language."""
    messages = Messages(language.code)
    detail = case_detail(case, revision, language.code)
    lang_suffix = f"?lang={language.code}" if language.explicit else ""
    try:
        related = services.engine.related_cases(case.id, size=RELATED_SHOWN, language=language.code)
    except CaselawError:
        related = []  # the case page stays useful when the index is down or stale
    links = []
    for link in case.links:
        try:
            other = services.store.get_case(link.case_id)
        except CaselawError:
            continue
        links.append(
            (messages(f"link.{link.relation}"), other.title_in(language.code).full, f"/cases/{other.id}{lang_suffix}")
        )
    permalink = f"{_public_base(request, services)}/cases/{case.id}"
    summary = _summary_choice(case, request.query_params.get("summary"), language.code)
    kept = [("lang", language.code)] if language.explicit else []
    hrefs = {code: "?" + urlencode([*kept, ("summary", code)]) + "#summary" for code in case.summaries}
    return CaseView(
        detail=detail,
        other_titles=[(code, title.full) for code, title in case.titles.items() if title.full != detail.title],
        rows=_rows(detail, messages, language),
        summaries=list(case.summaries.items()),
        summary=summary,
        summary_missing=language.code not in case.summaries,
        documents=_documents(detail, messages, language.code),
        related=[(hit, f"/cases/{hit.id}{lang_suffix}") for hit in related if hit.id != case.id],
        links=links,
        citation=_citation(detail, messages, permalink),
        permalink=permalink,
        summary_hrefs=hrefs,
        needs_review=case.status != "ok",
        citations=_citations(services, case, messages, language),
        follow_up=follow_up_timeline(case, messages, language.code),
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    case_id: Annotated[str, Path(min_length=1, max_length=200)],
    services: ServicesDep,
) -> Response:
    """The page of one case; a former (merged) id redirects to the canonical one."""
    language = page_language(request)
    try:
        found = services.store.resolve(case_id)
        if found != case_id:
            target = request.url.replace(path=f"/cases/{found}")
            return RedirectResponse(str(target), status_code=308)
        case = services.store.get_case(found)
        revision = services.store.revision(found)
    except CaselawError as error:
        return error_page(request, language, error)
    view = case_view(request, services, case, revision, language)
    return render(request, "case.html", language, {"view": view})
