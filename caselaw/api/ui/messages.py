"""Message catalogs (`messages/<lang>.json`) of the web pages, the widget and the committee page.

One format for all of them, read here on the server and by `static/messages.js` in the browser: a key maps to a
text or, for a text that counts something, to one text per CLDR plural category of the language (zero, one, two,
few, many, other). `{name}` placeholders are filled from the values given; the `count` value picks the plural form
and is written as a number of the language. The categories come from Babel's CLDR data here and from
`Intl.PluralRules` in the browser (the same rules; a browser test holds both to the same output).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal

from caselaw.taxonomy import LANGUAGES

CATALOG_DIR = Path(__file__).resolve().parent / "messages"
SCRIPT_MODULE = Path(__file__).resolve().parent / "static" / "messages.js"
"""The browser's half of the mechanism (an ES module; `/widget.js` carries it inline)."""
RTL_LANGUAGES = frozenset({"ar"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")
"""A placeholder, exactly as the browser's module finds it (no format specs, no `{{` escapes)."""

Entry = str | dict[str, str]
"""A message: a text, or a text per plural category."""
Catalog = dict[str, Entry]


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def plural_category(language: str, count: int) -> str:
    """The CLDR plural category of `count` in `language` (Babel's CLDR data)."""
    category: str = _locale(language).plural_form(count)
    return category


def plural_categories(language: str) -> frozenset[str]:
    """Every plural category `language` uses: the forms each plural message of its catalog must have."""
    return frozenset(_locale(language).plural_form.tags) | {"other"}


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of a text."""
    return set(PLACEHOLDER.findall(text))


def format_message(entry: Entry, language: str, values: Mapping[str, object]) -> str:
    """`entry` in `language` with its placeholders filled; a `count` value picks the plural form."""
    count = values.get("count")
    if isinstance(entry, dict):
        entry = entry.get(plural_category(language, count if isinstance(count, int) else 0)) or entry["other"]

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        if name == "count" and isinstance(value, int):
            return str(format_decimal(value, locale=language))
        return str(value)

    return PLACEHOLDER.sub(fill, entry)


@cache
def catalog(language: str, directory: Path = CATALOG_DIR) -> Catalog:
    """The messages of one language in `directory`, read once."""
    if language not in LANGUAGES:
        raise KeyError(language)
    data: Catalog = json.loads((directory / f"{language}.json").read_text(encoding="utf-8"))
    return data


def catalog_problems(language: str, directory: Path = CATALOG_DIR) -> list[str]:
    """What keeps `language`'s catalog in `directory` from matching English: keys, plural forms, placeholders."""
    english, own = catalog("en", directory), catalog(language, directory)
    problems = [f"{key}: missing" for key in english if key not in own]
    problems += [f"{key}: not in English, so never used" for key in own if key not in english]
    for key, entry in own.items():
        if key in english:
            problems += [f"{key}: {problem}" for problem in _entry_problems(entry, english[key], language)]
    return problems


def _entry_problems(entry: Entry, english: Entry, language: str) -> list[str]:
    wanted = placeholders(english if isinstance(english, str) else english.get("other", ""))
    if isinstance(entry, str) or isinstance(english, str):
        if not (isinstance(entry, str) and isinstance(english, str)):
            return ["a plural message in one language must be one in every language (English decides)"]
        found = placeholders(entry)
        return ([] if entry.strip() else ["empty"]) + ([] if found == wanted else [f"placeholders {sorted(found)}"])
    problems = []
    if "count" not in wanted:
        problems.append("a plural message needs {count}, the value that picks its form")
    needed = plural_categories(language)
    if set(entry) != needed:
        problems.append(f"plural forms {sorted(entry)}, {language} needs {sorted(needed)}")
    for category, text in entry.items():
        found = placeholders(text)
        if not text.strip():
            problems.append(f"{category}: empty")
        # A form may write its number as a word ("قضيتان", "no cases"), never invent or drop another placeholder.
        elif not (wanted - {"count"} <= found <= wanted) or (category == "other" and found != wanted):
            problems.append(f"{category}: placeholders {sorted(found)}")
    return problems


class Messages:
    """Messages in one language, falling back to English for a key a catalog lacks (a test forbids that)."""

    def __init__(self, language: str, directory: Path = CATALOG_DIR) -> None:
        self.language = language
        self.direction = "rtl" if language in RTL_LANGUAGES else "ltr"
        self._own = catalog(language, directory)
        self._fallback = catalog("en", directory)

    def _entry(self, key: str) -> Entry:
        found = self._own.get(key)
        if found is None:
            found = self._fallback[key]
        return found

    def __call__(self, key: str, /, **values: object) -> str:
        """The message `key` with its placeholders filled; a `count` value picks the plural form."""
        return format_message(self._entry(key), self.language, values)

    def subset(self, prefix: str) -> Catalog:
        """Every message whose key starts with `prefix` (what the widget script carries)."""
        keys = [key for key in self._fallback if key.startswith(prefix)]
        return {key: self._entry(key) for key in keys}


def inline_script_module() -> str:
    """The browser's message module as plain statements, for a classic script (`/widget.js`) to carry inline."""
    return re.sub(r"^export ", "", SCRIPT_MODULE.read_text(encoding="utf-8"), flags=re.MULTILINE)
