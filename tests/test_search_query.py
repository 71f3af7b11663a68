"""The query parser and keyword expansion, without an engine."""

from __future__ import annotations

import pytest

from caselaw.errors import QuerySyntaxError
from caselaw.search.analysis import fold, words
from caselaw.search.expansion import ConceptFinder, concept_key, expand, keyword_nodes
from caselaw.search.query import And, Concept, MatchAll, Not, Or, Phrase, Term, parse_query


def test_safe_mode_trees() -> None:
    assert parse_query("") == MatchAll()
    assert parse_query("  housing  ") == Term("housing")
    assert parse_query('housing "forced eviction" -water') == And(
        (Term("housing"), Phrase(("forced", "eviction")), Not(Term("water")))
    )
    assert parse_query("a OR b c") == And((Or((Term("a"), Term("b"))), Term("c")))
    assert parse_query("forum:un-cescr (x) T-025 a*") == And(
        (Term("forum:un-cescr"), Term("(x)"), Term("T-025"), Term("a*"))
    )


def test_advanced_mode_trees() -> None:
    assert parse_query("forum:un-cescr", advanced=True) == Term("un-cescr", field="forum")
    assert parse_query('title:"a b"', advanced=True) == Phrase(("a", "b"), field="title")
    assert parse_query("NOT (a OR b) AND c*", advanced=True) == And(
        (Not(Or((Term("a"), Term("b")))), Term("c", prefix=True))
    )
    assert parse_query("right:(housing OR water)", advanced=True) == Or(
        (Term("housing", field="right"), Term("water", field="right"))
    )


@pytest.mark.parametrize("q", ['"', "a OR", "OR", "- a", "a OR -b", "???"])
def test_safe_mode_errors(q: str) -> None:
    with pytest.raises(QuerySyntaxError, match="position"):
        parse_query(q)


@pytest.mark.parametrize("q", ["(a", "a)", "x:y", "forum:", "AND a", "NOT", "forum:a*", "a " * 70])
def test_advanced_mode_errors(q: str) -> None:
    with pytest.raises(QuerySyntaxError, match="position"):
        parse_query(q, advanced=True)


def test_folding_matches_arabic_and_accented_forms() -> None:
    assert fold("Éducation") == "education"
    assert words("الإِخْلَاء") == words("إخلاء") == words("اخلاء") == ["اخلاء"]
    assert words("المدرسة") == ["مدرسه"]


def test_expansion_rewrites_keyword_runs_and_reports_them() -> None:
    tree, applied = expand(parse_query("derecho desalojo forzoso"), "fr")
    assert isinstance(tree, And) and tree.children[0] == Term("derecho")
    group = tree.children[1]
    assert isinstance(group, Or) and group.best
    assert group.children[0] == And((Term("desalojo"), Term("forzoso")))
    assert Term("forced-evictions", field="right", boost=0.4) in group.children
    assert [(e.term, e.concept, e.label) for e in applied] == [
        ("desalojo forzoso", "right:forced-evictions", "Expulsions forcées")
    ]


def test_prefix_keywords_trigger_expansion_and_ambiguous_words_do_not() -> None:
    _, applied = expand(parse_query("desalojaron"))
    assert [e.concept for e in applied] == ["right:forced-evictions"]
    _, weak = expand(parse_query("company"))  # weight 0.3: too ambiguous to expand
    assert weak == []


def test_expansion_is_one_concept_node_per_concept() -> None:
    tree, applied = expand(parse_query("desalojo"))
    assert isinstance(tree, Or) and tree.best and tree.children[0] == Term("desalojo")
    (concept,) = [child for child in tree.children if isinstance(child, Concept)]
    assert (concept.facet, concept.code) == ("right", "forced-evictions")
    assert set(concept.languages) == {"en", "fr", "pt", "ar"} == set(applied[0].keywords)
    # What snippets mark for it: the keywords of the other languages, never the typed language's.
    marked = keyword_nodes(concept)
    assert Phrase(("eviction",), language="en", boost=concept.boost) in marked
    assert all(isinstance(node, Term | Phrase) and node.language != "es" for node in marked)


def test_the_concept_finder_counts_keyword_mentions_in_the_text_language() -> None:
    finder = ConceptFinder()
    evictions = concept_key("right", "forced-evictions")
    english = finder.find("en", "The eviction, then evictions: families were evicted. Forced eviction again.")
    # "eviction" ×2 (once inside "forced eviction"), "evictions", "evicted" (a word matching both a keyword
    # and the evict* prefix counts once), and the phrase "forced eviction".
    assert english.count(evictions) == 5
    assert finder.find("fr", "The eviction") == []  # English keywords are not looked for in French text
    assert evictions in finder.find("ar", "قضت المحكمة بعدم مشروعية الإخلاء القسري")
    assert evictions in finder.find("pt", "Suspensão de DESPEJOS")  # folded like the keywords
    assert finder.find("en", "") == [] and finder.find("de", "Zwangsräumung") == []
