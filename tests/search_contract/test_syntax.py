"""Query syntax rules, run through each engine: what matches, and malformed input as a 400, never a 500."""

from __future__ import annotations

import pytest

from caselaw.errors import QuerySyntaxError
from caselaw.search import SearchEngine, SearchRequest


def ids(engine: SearchEngine, q: str, **options: object) -> set[str]:
    """Ids of every hit of a query (expansion off unless asked, so rules are tested alone)."""
    request = SearchRequest.model_validate({"q": q, "size": 100, "expand": False, **options})
    return {hit.id for hit in engine.search(request).hits}


def test_words_must_all_match(mini: SearchEngine) -> None:
    assert ids(mini, "pupils school") == {"en-education"}
    assert ids(mini, "pupils sanitation") == set()


def test_matching_is_stemmed_and_accent_insensitive(mini: SearchEngine) -> None:
    assert ids(mini, "educacion") == {"es-education"}
    assert ids(mini, "evictions") == {"en-eviction"}  # the text says "evicted" and "eviction"
    assert ids(mini, "expulsion") == {"fr-expulsion"}
    assert ids(mini, "الاخلاء") == {"ar-eviction"}  # no hamza, article: the Arabic stemmer normalises both


def test_quoted_phrases_keep_word_order(mini: SearchEngine) -> None:
    assert ids(mini, '"notificada por edicto"') == {"es-housing"}
    assert ids(mini, '"edicto por notificada"') == set()


def test_exclusion(mini: SearchEngine) -> None:
    assert ids(mini, "shelter") == {"en-eviction"}
    assert ids(mini, "shelter -bulldozed") == set()
    assert ids(mini, 'shelter -"sports field"') == set()
    assert ids(mini, "-water", filters={"forum": ["un-cescr"]}) == {"es-housing"}


def test_or(mini: SearchEngine) -> None:
    assert ids(mini, "escuela OR pupils") == {"es-education", "en-education"}
    assert ids(mini, "escuela or pupils") == set()  # lower-case "or" is a word, and no case has all three


def test_safe_mode_treats_operators_of_advanced_mode_as_text(mini: SearchEngine) -> None:
    assert ids(mini, "forum:un-crc") == set()  # words "forum", "un", "crc"; no case says all three
    assert ids(mini, "(pupils") == {"en-education"}
    assert ids(mini, "pupils*") == {"en-education"}


def test_advanced_field_queries(mini: SearchEngine) -> None:
    assert ids(mini, "forum:un-crc", advanced=True) == {"en-education"}
    assert ids(mini, 'title:"FEANTSA c. France"', advanced=True) == {"fr-expulsion"}
    assert ids(mini, "year:2021", advanced=True) == {"pt-despejo"}
    assert ids(mini, "state:za", advanced=True) == {"en-eviction"}
    assert ids(mini, "right:housing NOT forum:un-cescr AND region:mena", advanced=True) == {"ar-eviction"}
    assert ids(mini, "(pupils OR escuela) -forum:un-crc", advanced=True) == {"es-education"}
    assert ids(mini, "text:bulldoz*", advanced=True) == {"en-eviction"}
    assert ids(mini, "name:grootboom", advanced=True) == {"en-eviction"}


@pytest.mark.parametrize(
    ("q", "advanced", "position", "reason"),
    [
        ('housing "forced eviction', False, 9, "unclosed quote"),
        ("housing OR", False, 9, "OR needs"),
        ("OR housing", False, 1, "OR needs"),
        ("housing - eviction", False, 9, "'-' must be followed"),
        ('""', False, 1, "empty phrase"),
        ("!!! ???", False, 1, "no searchable words"),
        ("housing OR -eviction", False, 1, "exclusion cannot be one of the alternatives"),
        ("(housing OR water", True, 1, "unclosed '('"),
        ("housing)", True, 8, "unmatched ')'"),
        ("court:un-crc", True, 1, "unknown field 'court'"),
        ("forum: un-crc", True, 1, "needs a value"),
        ("forum:un-*", True, 1, "exact codes"),
        ("housing AND", True, 9, "AND needs"),
        ("()", True, 2, "empty parentheses"),
    ],
)
def test_malformed_queries_say_where_and_why(
    mini: SearchEngine, q: str, advanced: bool, position: int, reason: str
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        mini.search(SearchRequest(q=q, advanced=advanced))
    assert caught.value.status == 400
    assert caught.value.details["position"] == position
    assert reason in caught.value.message
    assert f"position {position}" in caught.value.message


HOSTILE = [
    "\\",
    "*",
    "?",
    "a:b:c",
    "title:",
    "~2",
    "^3 housing^2",
    "[1 TO 2]",
    "{a TO b}",
    "/regex.*/",
    "housing~",
    "+housing +water",
    "&& || !",
    "NOT",
    "AND OR",
    "-",
    "--housing",
    "ﷺ ☃ 😀",
    "\x00\x01",
    "a" * 300,
    "housing " * 70,
    'id:"x" year:abcd',
    "((((((((((housing))))))))))",
]


@pytest.mark.parametrize("advanced", [False, True])
@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_is_an_answer_or_a_syntax_error(mini: SearchEngine, q: str, advanced: bool) -> None:
    try:
        response = mini.search(SearchRequest(q=q, advanced=advanced))
    except QuerySyntaxError as error:
        assert error.status == 400 and "position" in error.message
    else:
        assert response.total >= 0
