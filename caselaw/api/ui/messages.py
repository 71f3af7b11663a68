"""The interface's message catalogs (`messages/<lang>.json`): lookup, placeholders and plural forms."""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path

from caselaw.taxonomy import LANGUAGES

CATALOG_DIR = Path(__file__).resolve().parent / "messages"
RTL_LANGUAGES = frozenset({"ar"})

Entry = str | dict[str, str]
"""A message: a string, or a string per plural category (CLDR names: zero, one, two, few, many, other)."""


def plural_category(language: str, count: int) -> str:
    """The CLDR plural category of an integer in `language` (only the rules the five languages need)."""
    if language == "ar":
        tail = count % 100
        if count == 0:
            return "zero"
        if count == 1:
            return "one"
        if count == 2:
            return "two"
        if 3 <= tail <= 10:
            return "few"
        if 11 <= tail <= 99:
            return "many"
        return "other"
    if language in ("fr", "pt"):
        # French and (Brazilian and, since CLDR 42, European) Portuguese treat 0 as singular.
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


def categories(language: str) -> set[str]:
    """Every plural category `language` uses (what a catalog must provide for each plural message)."""
    return {plural_category(language, n) for n in range(0, 200)}


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def catalog(language: str) -> dict[str, Entry]:
    """The messages of one language, read once."""
    if language not in LANGUAGES:
        raise KeyError(language)
    data: dict[str, Entry] = json.loads((CATALOG_DIR / f"{language}.json").read_text(encoding="utf-8"))
    return data


class Messages:
    """Messages in one language, falling back to English for a key a catalog lacks (a test forbids that)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.direction = "rtl" if language in RTL_LANGUAGES else "ltr"
        self._own = catalog(language)
        self._fallback = catalog("en")

    def _entry(self, key: str) -> Entry:
        found = self._own.get(key)
        if found is None:
            found = self._fallback[key]
        return found

    def __call__(self, key: str, /, **values: object) -> str:
        """The message `key` with its placeholders filled; a `count` value picks the plural form."""
        entry = self._entry(key)
        if isinstance(entry, dict):
            count = values.get("count")
            category = plural_category(self.language, count if isinstance(count, int) else 0)
            entry = entry.get(category) or entry["other"]
        return entry.format(**values) if values else entry

    def subset(self, prefix: str) -> dict[str, Entry]:
        """Every message whose key starts with `prefix` (what the widget script carries)."""
        keys = [key for key in self._fallback if key.startswith(prefix)]
        return {key: self._entry(key) for key in keys}
