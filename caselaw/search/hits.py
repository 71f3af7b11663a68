"""What an engine stores per case for display, and how a stored record becomes a `Hit` in the UI language."""

from __future__ import annotations

from typing import Any

from caselaw.models import Case, is_listed_forum
from caselaw.search.facets import DEFAULT_KIND, case_region, label
from caselaw.search.highlight import RawSnippet, render
from caselaw.search.response import Hit


def open_forum_name(case: Case) -> str | None:
    """The printed name of the case's forum when the taxonomy does not list it (else None: a taxonomy forum is
    labelled in the UI language instead)."""
    return case.forum_name if case.forum and not is_listed_forum(case.forum) else None


def hit_payload(case: Case) -> dict[str, Any]:
    """The JSON-able display record an engine keeps beside the index, so a hit needs no store lookup."""
    return {
        "id": case.id,
        "titles": {lang: title.model_dump(exclude_none=True) for lang, title in case.titles.items()},
        "original_language": case.original_language,
        "kind": case.kind,
        "forum": case.forum,
        "forum_name": open_forum_name(case),
        "decision_date": case.dates.decision.isoformat() if case.dates.decision else None,
        "states": list(dict.fromkeys(case.respondent_states)),
        "region": case_region(case),
        "rights": [tag.code for tag in case.rights],
        "languages": case.languages,
    }


def _title(payload: dict[str, Any], language: str) -> tuple[str, str]:
    titles: dict[str, dict[str, str]] = payload["titles"]
    for candidate in (language, "en", payload.get("original_language")):
        if candidate and candidate in titles:
            return titles[candidate]["full"], candidate
    first = next(iter(titles))
    return titles[first]["full"], first


def names(payload: dict[str, Any]) -> list[str]:
    """Every full, short and popular title of a case: what autocomplete offers."""
    found: dict[str, None] = {}
    for title in payload["titles"].values():
        for key in ("popular", "short", "full"):
            if title.get(key):
                found.setdefault(title[key], None)
    return list(found)


def build_hit(
    payload: dict[str, Any], language: str, *, score: float | None = None, snippets: list[RawSnippet] | None = None
) -> Hit:
    """A `Hit` from a stored payload, labels and title in `language`, snippets rendered as escaped HTML."""
    return Hit.model_validate(hit_data(payload, language, score=score, snippets=snippets))


def hit_data(
    payload: dict[str, Any], language: str, *, score: float | None = None, snippets: list[RawSnippet] | None = None
) -> dict[str, Any]:
    """The fields of a `Hit` as plain data, for one validation in pydantic's core (building each nested model
    in Python was half of a plain search's time)."""
    title, title_language = _title(payload, language)

    def coded(key: str, code: str) -> dict[str, str]:
        return {"code": code, "label": label(key, code, language)}

    forum: dict[str, str] | None = None
    if payload.get("forum"):
        # An open forum's printed name is its label in every UI language (the taxonomy has none for it).
        name = payload.get("forum_name")
        forum = {"code": payload["forum"], "label": name} if name else coded("forum", payload["forum"])
    return {
        "id": payload["id"],
        "title": title,
        "title_language": title_language,
        "kind": coded("kind", payload.get("kind") or DEFAULT_KIND),
        "forum": forum,
        "decision_date": payload.get("decision_date"),
        "states": [coded("state", code) for code in payload["states"]],
        "region": coded("region", payload["region"]) if payload.get("region") else None,
        "rights": [coded("right", code) for code in payload["rights"]],
        "languages": payload["languages"],
        "snippets": [render(snippet) for snippet in snippets or []],
        "score": score,
    }
