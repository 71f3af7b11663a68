"""The one message format of the site (pages, widget, committee page): every catalog complete in every language,
with the plural forms CLDR gives each language and the same placeholders, and the browser's module
(static/messages.js) writing exactly what the server writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from caselaw.api.committee.page import MESSAGES_DIR as COMMITTEE_MESSAGES
from caselaw.api.ui.messages import (
    CATALOG_DIR,
    Messages,
    catalog,
    catalog_problems,
    inline_script_module,
    plural_categories,
    plural_category,
)
from caselaw.taxonomy import LANGUAGES

CATALOGS = {"ui": CATALOG_DIR, "committee": COMMITTEE_MESSAGES}
STATIC = [CATALOG_DIR.parent / "static", COMMITTEE_MESSAGES.parent / "static"]
COUNTS = [0, 1, 2, 3, 10, 11, 21, 99, 100, 101, 102, 111, 1_000_000]
"""A number of every plural category of the five languages (1 000 000 is "many" in es, fr and pt)."""


@pytest.mark.parametrize("name", CATALOGS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_is_complete_in_every_language(name: str, language: str) -> None:
    assert catalog_problems(language, CATALOGS[name]) == []


def _write(directory: Path, language: str, data: dict[str, Any]) -> None:
    (directory / f"{language}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_completeness_check_finds_each_kind_of_gap(tmp_path: Path) -> None:
    english = {
        "a": "Hello {name}",
        "b": {"one": "{count} case", "other": "{count} cases"},
        "c": {"one": "a case", "other": "cases"},
        "d": "Plain",
    }
    arabic = {
        "a": "مرحبا",  # drops {name}
        "b": {"zero": "لا قضايا", "one": "قضية", "two": "قضيتان", "few": "{count} قضايا", "other": "{count} {x}"},
        "d": {"other": "نص"},  # plural here, plain in English
        "e": "زائد",
    }
    for language in LANGUAGES:
        _write(tmp_path, language, arabic if language == "ar" else english)
    problems = catalog_problems("ar", tmp_path)
    assert problems == [
        "c: missing",
        "e: not in English, so never used",
        "a: placeholders []",
        "b: plural forms ['few', 'one', 'other', 'two', 'zero'], "
        "ar needs ['few', 'many', 'one', 'other', 'two', 'zero']",
        "b: other: placeholders ['count', 'x']",
        "d: a plural message in one language must be one in every language (English decides)",
    ]
    assert "c: a plural message needs {count}, the value that picks its form" in catalog_problems("en", tmp_path)
    # French needs "many" (exact millions) besides "one" and "other".
    assert any(problem.startswith("b: plural forms") for problem in catalog_problems("fr", tmp_path))


def test_plural_categories_are_cldrs() -> None:
    assert plural_categories("en") == {"one", "other"}
    assert plural_categories("fr") == {"one", "many", "other"}
    assert plural_categories("ar") == {"zero", "one", "two", "few", "many", "other"}
    assert [plural_category("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural_category("fr", n) for n in (0, 1, 2, 1_000_000)] == ["one", "one", "other", "many"]
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 103)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "few",
    ]  # fmt: skip


def test_messages_format_plurals_numbers_and_placeholders() -> None:
    assert Messages("en")("search.count", count=1) == "1 case"
    assert Messages("en")("search.count", count=12345) == "12,345 cases"
    assert Messages("es")("search.count", count=13) == "13 casos"
    assert Messages("fr")("search.count", count=0) == "0 affaire"
    assert Messages("ar")("search.count", count=2) == "قضيتان"
    assert Messages("en")("pagination.page", page=3) == "Page 3"
    assert Messages("ar").direction == "rtl" and Messages("fr").direction == "ltr"
    committee = Messages("en", COMMITTEE_MESSAGES)
    assert committee("deadline.days_left", count=1) == "1 day left"
    assert committee("deadline.days_left", count=2) == "2 days left"


def test_no_second_plural_implementation() -> None:
    """Only static/messages.js asks the browser for plural rules; no catalog key spells out a plural form."""
    for directory in STATIC:
        for script in directory.glob("*.js"):
            text = script.read_text(encoding="utf-8")
            if script.name != "messages.js":
                assert "PluralRules" not in text and "pluralCategory" not in text, script
    for directory in CATALOGS.values():
        for key in catalog("en", directory):
            assert not re.search(r"_(zero|one|two|few|many|other)$", key), key
    assert "export " not in inline_script_module() and "function formatMessage(" in inline_script_module()


def _plural_cases() -> list[dict[str, Any]]:
    """Every plural message of every catalog in every language, for each count: what the server writes."""
    cases = []
    for name, directory in CATALOGS.items():
        for language in LANGUAGES:
            messages = Messages(language, directory)
            for key, entry in catalog(language, directory).items():
                if isinstance(entry, dict):
                    for count in COUNTS:
                        expected = messages(key, count=count)
                        case = {"where": name, "lang": language, "key": key, "entry": entry, "count": count}
                        cases.append({**case, "expected": expected})
    return cases


def test_the_browser_writes_what_the_server_writes(page: Any) -> None:
    """The module the widget and committee page use picks the same form and writes the same number as the server."""
    page.goto("/")
    cases = _plural_cases()
    assert len(cases) > 100
    written = page.evaluate(
        """async (cases) => {
            const { formatMessage } = await import("/static/messages.js");
            return cases.map((c) => formatMessage({ [c.key]: c.entry }, c.lang, c.key, { count: c.count }));
        }""",
        cases,
    )
    wrong = [(c, w) for c, w in zip(cases, written, strict=True) if w != c["expected"]]
    assert wrong == []
    # The browser asks for exactly the forms the catalogs were checked against.
    browser = page.evaluate(
        "(langs) => langs.map((l) => new Intl.PluralRules(l).resolvedOptions().pluralCategories)", list(LANGUAGES)
    )
    assert {code: set(found) for code, found in zip(LANGUAGES, browser, strict=True)} == {
        code: set(plural_categories(code)) for code in LANGUAGES
    }
