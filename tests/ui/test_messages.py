"""The interface's message catalogs: every key in every language, the plural forms each language needs, and the
same placeholders everywhere (a translation that drops `{count}` would show a number-less sentence)."""

from __future__ import annotations

import pytest

from caselaw.api.ui.messages import Messages, catalog, categories, placeholders, plural_category
from caselaw.taxonomy import LANGUAGES

OTHERS = [code for code in LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", OTHERS)
def test_no_key_is_missing_or_extra(language: str) -> None:
    english, other = catalog("en"), catalog(language)
    assert sorted(set(english) - set(other)) == [], f"missing in {language}"
    assert sorted(set(other) - set(english)) == [], f"unknown keys in {language} (typos?)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_filled_and_plurals_are_complete(language: str) -> None:
    for key, entry in catalog(language).items():
        if isinstance(entry, dict):
            assert categories(language) <= set(entry), f"{language} {key}: needs {sorted(categories(language))}"
            assert all(text.strip() for text in entry.values()), f"{language} {key}: an empty form"
        else:
            assert entry.strip(), f"{language} {key} is empty"


@pytest.mark.parametrize("language", OTHERS)
def test_placeholders_match_english(language: str) -> None:
    english = catalog("en")
    for key, entry in catalog(language).items():
        expected = english[key]
        wanted = placeholders(expected if isinstance(expected, str) else expected["other"])
        forms = entry.values() if isinstance(entry, dict) else [entry]
        for form in forms:
            found = placeholders(form)
            # Arabic writes "one" and "two" as words: those forms may leave the number out.
            assert found <= wanted and (found == wanted or isinstance(entry, dict)), f"{language} {key}: {found}"


def test_plural_rules() -> None:
    assert [plural_category("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural_category("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 103)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "few",
    ]  # fmt: skip


def test_messages_format_plurals_and_fall_back() -> None:
    assert Messages("en")("search.count", count=1) == "1 case"
    assert Messages("es")("search.count", count=13) == "13 casos"
    assert Messages("ar")("search.count", count=2) == "قضيتان"
    assert Messages("ar").direction == "rtl" and Messages("fr").direction == "ltr"
