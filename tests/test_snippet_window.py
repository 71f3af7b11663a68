"""Snippets cut around the words a byte search finds and the analyzer confirms; the generator reads the rest."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from caselaw.search import SearchEngine, SearchRequest
from caselaw.search.embedded import EmbeddedEngine, locate
from caselaw.search.embedded.locate import marks, scan_words, snippet
from caselaw.search.highlight import render
from caselaw.search.query import And, Node, Not, Or, Term
from tests.search_contract.mini_corpus import variant

FILLER = "The committee heard the parties at length on procedure and costs. " * 30
"""About 2,000 characters: a match after it is inside the stored excerpt (3,000) but far from its opening."""


def test_marks_are_the_stems_the_generator_marks_and_their_beginnings() -> None:
    found = marks(And((Term("evictions", language="en"), Not(Term("water", language="en")))))
    # Excluded words are never marked; a long stem is searched without its last letter ("polici" finds "policy").
    assert found["en"].terms == {"evict"} and found["en"].needles == (b"evic",)
    assert marks(Term("policy", language="en"))["en"].needles == (b"polic",)
    assert set(marks(Term("housing"))) >= {"en", "es", "fr", "pt", "ar", "xx"}
    # A needle another one begins is not searched: the shorter finds both, for either term.
    both = marks(Or((Term("demolition", language="en"), Term("demolish", language="en"))))["en"]
    assert both.terms == {"demolit", "demolish"} and both.needles == (b"demoli",) and both.terms_of == (0,)


def test_arabic_needles_try_the_hamza_forms_the_stemmer_unified() -> None:
    variants = marks(Term("الاخلاء", language="ar"))["ar"].needles
    assert "إخلا".encode() in variants and "اخلا".encode() in variants


def _marked(text: str, query: Node, language: str = "en") -> str | None:
    found = snippet([text.encode()], marks(query)[language], 200)
    return None if found is None else render(found)


def test_the_densest_cluster_is_cut_out_with_its_context() -> None:
    text = f"{FILLER} housing alone here. {FILLER} forced eviction from housing today. {FILLER}"
    html = _marked(text, And((Term("housing", language="en"), Term("eviction", language="en"))))
    assert html is not None and "<mark>eviction</mark> from <mark>housing</mark> today" in html
    # Some context before the first match, whole words, a fragment's length.
    assert 20 <= html.index("<mark>") <= 90 and len(html) < 260 and html.startswith("at length")


def test_only_words_the_analyzer_confirms_are_marked() -> None:
    # "art" begins "articles" but is not its stem; inside "party" it is no candidate at all.
    assert _marked("a party and its articles", Term("art", language="en")) is None
    html = _marked("Evicted families, an eviction and the evictor.", Term("eviction", language="en"))
    assert html == "<mark>Evicted</mark> families, an <mark>eviction</mark> and the evictor."


def test_arabic_words_are_marked_whole_with_their_article() -> None:
    html = _marked("قضت المحكمة بأن الإخلاء القسري للسكان غير مشروع", Term("اخلاء", language="ar"), "ar")
    assert html is not None and "<mark>الإخلاء</mark>" in html


def test_a_word_after_a_typographic_apostrophe_is_found() -> None:
    html = _marked("Le Comité constate que l’expulsion des familles", Term("expulsion", language="fr"), "fr")
    assert html == "Le Comité constate que l’<mark>expulsion</mark> des familles"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    """Cases whose matches sit far into long excerpts, or where only the whole excerpt finds them."""
    root: Path = tmp_path_factory.mktemp("snippets")
    engine = EmbeddedEngine(root / "index", writer_memory_mb=32, writer_threads=1)
    engine.rebuild(
        [
            variant(
                "en-deep",
                summaries={},
                documents=[
                    {"sha256": "d" * 64, "language": "en", "text": f"{FILLER} The tenants were evicted at night."}
                ],
            ),
            variant(
                "pt-accent",
                summaries={"pt": f"{FILLER} O acesso à Água potável foi cortado."},
                documents=[],
            ),
        ]
    )
    return engine


def _snippets(engine: SearchEngine, q: str, case_id: str, lang: str = "en") -> str:
    response = engine.search(SearchRequest(q=q, lang=lang, expand=False))
    return " ".join(next(hit.snippets for hit in response.hits if hit.id == case_id))


def test_a_match_deep_in_a_long_excerpt_is_marked_in_context(engine: SearchEngine) -> None:
    text = _snippets(engine, "eviction", "en-deep")
    assert "<mark>evicted</mark> at night" in text and len(text) < 300


def test_a_match_the_byte_search_misses_is_still_marked(engine: SearchEngine) -> None:
    # "agua" stems to "agu"; the text spells "Água": only the generator's folding finds it.
    assert "<mark>Água</mark>" in _snippets(engine, "agua", "pt-accent", lang="pt")


SCANNED = [
    "La pensión de jubilación y l’éducation; ÉDUCATION, «expulsion» et Expulsé-e. Œuvre, cœur, façade, FAÇADE.",
    "قضت المحكمة بأن الإخلاء القسري للسكان غير مشروع، وأن إخلاء المنازل يخالف الدستور. evictions ÉVICTION",
    "prefix-evictions, re-eviction, 2eviction, _eviction, x×eviction, é×éviction, naïve naive café cafe Ñandú",
]
NEEDLES = (b"pension", b"educ", b"expul", b"oeuvr", b"fac", b"evic", b"naiv", b"caf", b"nand", b"e")


@pytest.mark.parametrize("anywhere", [False, True])
@pytest.mark.parametrize("text", SCANNED)
def test_the_native_scan_is_its_python_twin(text: str, anywhere: bool) -> None:
    native = pytest.importorskip("caselaw.search.embedded._scan", reason="the native scanner is not built")
    arabic = tuple(needle.encode() for needle in ("اخلا", "إخلا", "منازل", "سكا"))
    for needles in (NEEDLES, arabic, NEEDLES + arabic):
        for per_needle in (1, 8):
            value = text.encode()
            assert native.scan(value, needles, anywhere, per_needle) == scan_words(value, needles, anywhere, per_needle)


def test_the_scan_folds_latin_letters_and_finds_words_after_apostrophes() -> None:
    text = "l’Éducation, Pensión; unapension"
    hits = scan_words(text.encode(), (b"educ", b"pension"), False, 8)
    assert [text.encode()[at:].decode()[:4] for at, _ in hits] == ["Éduc", "Pens"]


def test_the_native_scan_is_its_python_twin_on_mixed_text() -> None:
    native = pytest.importorskip("caselaw.search.embedded._scan", reason="the native scanner is not built")
    rng = random.Random(7)
    letters = [*"aeEcdnoé ÉçÇñ×’«»-_2", "إ", "ا", "خ", "ل", "œ", "ß", "\u0301"]
    needles = (b"ae", b"ea", b"ec", b"n", b"caen", b"eee", "اخ".encode(), "إخل".encode())
    for _ in range(400):
        value = "".join(rng.choice(letters) for _ in range(rng.randrange(1, 40))).encode()
        for anywhere in (False, True):
            assert native.scan(value, needles, anywhere, 3) == scan_words(value, needles, anywhere, 3), value


def test_snippets_are_the_same_without_the_native_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Le Comité constate que l’expulsion des familles, après une autre expulsion, viole la Charte."
    native = _marked(text, Term("expulsion", language="fr"), "fr")
    monkeypatch.setattr(locate, "_SCAN", scan_words)
    assert _marked(text, Term("expulsion", language="fr"), "fr") == native
    assert native is not None and native.count("<mark>expulsion</mark>") == 2
