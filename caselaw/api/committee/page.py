"""The committee page: an HTML shell, its labels as JSON and its scripts and styles, all under `/committee`.

The page holds an API key in the browser, so it gets a strict Content Security Policy of its own: scripts and
connections only from this origin, no inline script, never framed.
"""

from __future__ import annotations

import pathlib
from functools import cache
from html import escape
from importlib import resources
from string import Template
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Query
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

from caselaw.api.language import UiLanguage
from caselaw.api.ui.messages import RTL_LANGUAGES, Catalog, Messages, catalog
from caselaw.selection import get_labels, get_priorities, get_workflow
from caselaw.selection.models import CANDIDATE_ID_PATTERN
from caselaw.taxonomy import LANGUAGES

COMMITTEE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
"""No inline script or style, nothing from other origins: a script injected into the page could read the key."""
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português", "ar": "العربية"}
"""Each language named in itself, so that a reader finds theirs whatever the page's language."""

MESSAGES_DIR = pathlib.Path(__file__).resolve().parent / "messages"
"""The page's own message catalogs, in the site's one catalog format (caselaw/api/ui/messages.py)."""

_HEADERS = {"Content-Security-Policy": COMMITTEE_CSP, "Cache-Control": "no-cache"}


def messages(language: str) -> Catalog:
    """The page's own message catalog in `language` (`messages/{language}.json`)."""
    return catalog(language, MESSAGES_DIR)


@cache
def _shell() -> Template:
    return Template(resources.files("caselaw.api.committee").joinpath("shell.html").read_text(encoding="utf-8"))


def page_labels(language: str) -> dict[str, Any]:
    """Everything the page shows as text in `language`: its messages plus the selection table's own labels."""
    labels = get_labels()
    workflow = get_workflow()

    def group(name: str) -> dict[str, str]:
        return {key: labels.text(name, key, language) for key in getattr(labels, name)}

    return {
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "messages": messages(language),
        "columns": group("columns"),
        "deadline_kinds": group("deadline_kinds"),
        "consent": group("consent"),
        "proceedings": group("proceedings"),
        "kinds": group("kinds"),
        "priorities": {p.code: p.label(language) for p in get_priorities()},
        "stages": {s.code.value: s.label(language) for s in workflow.stages},
        "reason_required": [s.value for s in workflow.reason_required],
        "scoring_open": [s.value for s in workflow.scoring_open],
        # A deadline matters while the committee can still act on it: until the intervention is filed.
        "deadline_watch": [s.value for s in workflow.scoring_open] + ["approved"],
        "languages": LANGUAGE_NAMES,
    }


_SHELL_TEXT = {
    "title": "app.title",
    "skip": "nav.skip",
    "language_label": "nav.language",
    "language_apply": "nav.language_apply",
    "loading": "app.loading",
    "noscript": "app.noscript",
}


def render_shell(language: str) -> str:
    """The HTML shell in `language`: the script fills `<main>` once it knows who is signed in."""
    text = Messages(language, MESSAGES_DIR)
    options = "".join(
        f'<option value="{code}" lang="{code}"{" selected" if code == language else ""}>{name}</option>'
        for code, name in LANGUAGE_NAMES.items()
    )
    return _shell().substitute(
        lang=language,
        dir=text.direction,
        options=options,
        **{name: escape(text(key)) for name, key in _SHELL_TEXT.items()},
    )


class _PolicedStatic(StaticFiles):
    """Static files carrying the page's policy instead of the API's default one."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(_HEADERS)
        return response


def _language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "en"


def mount_committee(app: FastAPI) -> None:
    """Serve `/committee` (table), `/committee/candidates/{id}`, `/committee/propose` and their assets."""
    static = resources.files("caselaw.api.committee").joinpath("static")
    app.mount("/committee/static", _PolicedStatic(directory=str(static)), name="committee-static")
    router = APIRouter(include_in_schema=False)

    # An unknown `lang` falls back to English rather than failing: the link may come from an old e-mail.
    def shell(lang: str | None) -> HTMLResponse:
        return HTMLResponse(render_shell(_language(lang)), headers=_HEADERS)

    @router.get("/committee")
    def table(lang: Annotated[str | None, Query()] = None) -> HTMLResponse:
        return shell(lang)

    @router.get("/committee/propose")
    def propose(lang: Annotated[str | None, Query()] = None) -> HTMLResponse:
        return shell(lang)

    @router.get("/committee/candidates/{candidate_id}")
    def candidate(
        candidate_id: Annotated[str, Path(pattern=CANDIDATE_ID_PATTERN)], lang: Annotated[str | None, Query()] = None
    ) -> HTMLResponse:
        return shell(lang)

    @router.get("/committee/labels/{lang}.json")
    def labels(lang: UiLanguage) -> JSONResponse:
        return JSONResponse(page_labels(lang), headers=_HEADERS)

    app.include_router(router)
