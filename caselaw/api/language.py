"""Which language labels are returned in: `?lang=`, else the best `Accept-Language` match, else English."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Header, Query

from caselaw.taxonomy import LANGUAGES

UiLanguage = Literal["en", "es", "fr", "pt", "ar"]


def negotiate(accept_language: str | None) -> str:
    """The supported language an `Accept-Language` header prefers most (RFC 9110 weights); English if none."""
    best, best_weight = "en", 0.0
    for position, part in enumerate((accept_language or "").split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-")[0].lower()
        # Earlier entries win ties, as browsers list languages in order of preference.
        weight -= position * 1e-6
        if primary in LANGUAGES and weight > best_weight:
            best, best_weight = primary, weight
    return best


async def ui_language(
    lang: Annotated[
        UiLanguage | None,
        Query(description="Language of labels and titles (en, es, fr, pt, ar); default from `Accept-Language`."),
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> str:
    """The UI language of this request (a FastAPI dependency; async, so FastAPI calls it without a thread hop)."""
    return lang or negotiate(accept_language)
