"""Rendering of the web pages: the Jinja environment, the page language, content security policies, assets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from caselaw.api.language import negotiate
from caselaw.api.ui.messages import Messages
from caselaw.errors import CaselawError
from caselaw.taxonomy import LANGUAGES

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português", "ar": "العربية"}
"""Each language named in itself, as language menus do: a reader finds their own language without reading ours."""

_SELF_ONLY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)
PAGE_CSP = _SELF_ONLY + "; frame-ancestors 'none'"
"""Own scripts and styles only (nothing inline, no third party), and no site may frame the pages."""


def embed_csp(origins: list[str]) -> str:
    """The policy of `/embed`: framed only by the configured embedding origins (none when there are none)."""
    ancestors = " ".join(origins) if origins else "'none'"
    return f"{_SELF_ONLY}; frame-ancestors {ancestors}"


@cache
def asset_version(name: str) -> str:
    """A short content hash of a static file, put in its URL so browsers may cache it for good."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def asset(name: str) -> str:
    """The versioned URL of a static file."""
    return f"/static/{name}?v={asset_version(name)}"


_MARK = re.compile(r"</?mark>")


def snippet_html(snippet: str) -> Markup:
    """A search snippet as HTML: engines escape the text and add `<mark>`; anything else is escaped again."""
    if "<" in _MARK.sub("", snippet):
        return escape(snippet)
    return Markup(snippet)


@dataclass(frozen=True)
class PageLanguage:
    """The language a page is shown in, and whether the URL chose it (then links carry it on)."""

    code: str
    explicit: bool


def page_language(request: Request) -> PageLanguage:
    """`?lang=` when it names a supported language, else the browser's preference, else English."""
    asked = request.query_params.get("lang", "")
    if asked in LANGUAGES:
        return PageLanguage(asked, True)
    return PageLanguage(negotiate(request.headers.get("accept-language")), False)


def language_href(request: Request, code: str) -> str:
    """This page's URL in another language (every other parameter kept)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*pairs, ('lang', code)])}"


def format_date(value: date | None, messages: Messages) -> str:
    """A date written out in the page language ("24 April 2012", "24 de abril de 2012")."""
    if value is None:
        return ""
    return messages("date.format", day=value.day, month=messages(f"date.month.{value.month}"), year=value.year)


def text_direction(language: str) -> str:
    """`rtl` for right-to-left languages, else `ltr` (for `dir` on text in a language other than the page's)."""
    return "rtl" if language == "ar" else "ltr"


@cache
def environment() -> Environment:
    """The Jinja environment: HTML autoescaped, undefined variables are errors rather than blanks."""
    from jinja2 import StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(asset=asset, language_names=LANGUAGE_NAMES, direction=text_direction)
    env.filters["snippet"] = snippet_html
    return env


def render(
    request: Request,
    template: str,
    language: PageLanguage,
    context: dict[str, Any],
    *,
    status: int = 200,
    csp: str = PAGE_CSP,
) -> HTMLResponse:
    """A page rendered in `language`, with its own content security policy."""
    messages = Messages(language.code)
    suffix = f"?lang={language.code}" if language.explicit else ""
    body = (
        environment()
        .get_template(template)
        .render(
            request=request,
            t=messages,
            home_href="/" + suffix,
            snippet_href="/embed/snippet" + suffix,
            lang_href=lambda code: language_href(request, code),
            lang=language.code,
            lang_explicit=language.explicit,
            dir=messages.direction,
            fmt_date=lambda value: format_date(value, messages),
            **context,
        )
    )
    headers = {
        "Content-Security-Policy": csp,
        "Content-Language": language.code,
        # The language may come from Accept-Language: caches must keep one copy per header value.
        "Vary": "Accept-Language",
        "Cache-Control": "no-cache",
    }
    return HTMLResponse(body, status_code=status, headers=headers)


def error_page(request: Request, language: PageLanguage, error: CaselawError, *, csp: str = PAGE_CSP) -> HTMLResponse:
    """An HTML page for an expected failure, with the failure's status (pages never answer problem+json)."""
    messages = Messages(language.code)
    if error.status == 404:
        text = messages("error.not_found")
    elif error.status >= 500:
        text = messages("error.unavailable")
    else:
        text = messages("error.bad_request", detail=error.message)
    return render(request, "error.html", language, {"message": text}, status=error.status, csp=csp)
