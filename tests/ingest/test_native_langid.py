"""The native feature walk (`caselaw/ingest/_langid.c`) gives exactly what py3langid's own `visit_counts` gives.

Language scores are sums over the features the walk counts, in the order it counts them: the native walk must return
the same features, counts and order, so that every score is the same to the last bit. Compared here on every page
of the fixtures and of the real corpus (../shared/realdocs, skipped where absent), and on edge cases. And the
unpacked model kept in the cache directory (`language._cached`) is the model py3langid unpacks, array for array.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from caselaw.ingest.language import CANDIDATES, _cache_path, _cached, _Identifier, _identifier, _native_walk, _save
from tests.ingest.conftest import FIXTURES
from tests.ingest.reading_order import REALDOCS, pdf_lines


def _built() -> None:
    if _native_walk() is None:
        if os.environ.get("CI"):
            pytest.fail("caselaw.ingest._langid was not built by the install (setup.py): CI must build it")
        pytest.skip("caselaw.ingest._langid is not built here (run `make install`)")


def _pages(folder: Path) -> list[str]:
    return ["\n".join(page) for pdf in pdf_lines(folder) for page in pdf]


def _same(texts: list[str]) -> list[int]:
    """Indexes of the texts whose walk or scores differ between the native walk and py3langid's."""
    identifier = _identifier()
    assert isinstance(identifier, _Identifier)
    walk = _native_walk()
    assert walk is not None
    rowbase = [row << 8 for row in identifier.tk_row]
    differing = []
    for index, text in enumerate(texts):
        encoded = LanguageIdentifier._encode(text)
        expected = visit_counts(identifier.tk_nextmove, rowbase, identifier.tk_output, encoded)
        nextmove, rows = identifier.tk_nextmove, identifier.tk_row
        got = walk(nextmove, nextmove.itemsize, rows, rows.itemsize, identifier.features(), encoded)
        same_walk = (expected is None and got is None) or (
            expected is not None and got is not None and list(expected.items()) == list(got.items())
        )
        scores = identifier._raw_score(encoded)
        reference = LanguageIdentifier._raw_score(identifier, encoded)
        if not same_walk or scores.dtype != reference.dtype or not np.array_equal(scores, reference):
            differing.append(index)
    return differing


def test_edge_cases_walk_alike() -> None:
    _built()
    texts = ["", " ", "a", "\u0645\u062d\u0643\u0645\u0629 \u0627\u0644\u0639\u062f\u0644", "x" * 5000]
    texts += ["Le Comité constate une violation de l'article 11 du Pacte.", "\ufffd\x00\x7f\u00e9" * 40]
    assert _same(texts) == []
    assert _identifier().classify("The Committee finds a violation of article 11 of the Covenant.")[0] == "en"


def test_fixture_pages_walk_alike() -> None:
    _built()
    texts = _pages(FIXTURES / "pdf")
    assert len(texts) > 50
    assert _same(texts) == []


def test_real_corpus_pages_walk_alike() -> None:
    _built()
    if not REALDOCS.is_dir():
        pytest.skip(f"the real corpus is absent ({REALDOCS})")
    texts = _pages(REALDOCS)
    assert len(texts) > 1000
    assert _same(texts) == []


def test_the_cached_model_is_the_unpacked_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _cache_path()
    assert path is not None and path.is_relative_to(tmp_path)
    unpacked = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)
    unpacked.set_languages(list(CANDIDATES))
    _save(unpacked, path)
    cached = _cached(path)
    assert cached is not None
    cached.set_languages(list(CANDIDATES))
    for name in ("nb_ptc", "nb_pc"):
        mine, theirs = getattr(cached, name), getattr(unpacked, name)
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name
    assert cached.nb_classes == unpacked.nb_classes and cached.tk_output == unpacked.tk_output
    assert cached.tk_nextmove == unpacked.tk_nextmove and cached.tk_row == unpacked.tk_row
    assert cached.tk_nextmove.typecode == unpacked.tk_nextmove.typecode
    for text in ("The Committee finds a violation.", "El Estado parte violó el artículo 11.", "x" * 100):
        assert cached.classify(text) == unpacked.classify(text)


def test_a_damaged_cache_file_is_not_used(tmp_path: Path) -> None:
    damaged = tmp_path / "langid.npy"
    damaged.write_bytes(b"\x93NUMPY not really")
    assert _cached(damaged) is None
    assert _cached(tmp_path / "absent.npy") is None
