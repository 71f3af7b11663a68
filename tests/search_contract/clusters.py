"""Cluster engines in the contract suite: per-run index prefixes, reachability, cleanup, honest skips.

Each run names its indices `test-<pid>-<random>-<directory hash>-cases…`, so concurrent runs (and a developer's
own indices) never meet, and deletes them at the end. A node that cannot be reached skips its engine's tests
with the reason, except in CI (`CI=true`), where that is a failure: CI must never pass without the engines.
"""

from __future__ import annotations

import os
import secrets
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import CaselawError
from caselaw.search.cluster.base import ClusterEngine
from caselaw.search.cluster.elastic import ElasticsearchEngine
from caselaw.search.cluster.opensearch import OpenSearchEngine

RUN_PREFIX = f"test-{os.getpid()}-{secrets.token_hex(3)}"
TIMEOUT_SECONDS = 10.0

ANALYSIS: dict[str, str] = {
    "opensearch": "full",
    # Elasticsearch started from its Maven jars has no analysis-common module (engines/README.md): the core
    # profile is the one it can build. A real Elasticsearch distribution would run with `full`.
    "elasticsearch": os.environ.get("CASELAW_TEST_ELASTICSEARCH_ANALYSIS", "core"),
}

CORE_PROFILE_SKIPS: dict[str, str] = {
    # test name → the analysis feature it needs that the core profile (standard + lowercase + stop) lacks.
    "test_matching_is_stemmed_and_accent_insensitive": "no stemmer, asciifolding or arabic_normalization",
    "test_stemmed_and_arabic_matches_are_marked": "no stemmer or arabic_normalization",
    "test_an_expanded_match_scores_below_a_typed_one": "no elision or stemmer ('expulsions', \"l'expulsion\")",
}
"""Contract tests skipped on an index with the `core` analysis profile, and why."""

_used: set[str] = set()


def settings_for(engine: str, prefix: str) -> Settings:
    """Settings of a cluster engine under test: URL from the environment, the run's prefix and analysis."""
    return Settings(
        engine=engine,
        index_prefix=prefix,
        engine_analysis=ANALYSIS[engine],
        engine_timeout_seconds=TIMEOUT_SECONDS,
    )


def _open(engine: str, prefix: str) -> ClusterEngine:
    settings = settings_for(engine, prefix)
    return OpenSearchEngine(settings) if engine == "opensearch" else ElasticsearchEngine(settings)


def factory(engine: str) -> Callable[[Path], ClusterEngine]:
    """An engine factory for the contract suite: one index alias per directory, under the run's prefix."""

    def build(directory: Path) -> ClusterEngine:
        _used.add(engine)
        return _open(engine, f"{RUN_PREFIX}-{zlib.crc32(str(directory).encode()):08x}")

    return build


@cache
def _unreachable(engine: str) -> str | None:
    probe = _open(engine, RUN_PREFIX)
    try:
        probe.health()
    except CaselawError as error:
        return f"{engine} is not reachable ({error}); start it with `make engines-start`"
    finally:
        probe.close()
    return None


def require(engine: str) -> None:
    """Skip (fail in CI) when a cluster engine's node cannot be reached."""
    reason = _unreachable(engine)
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the contract suite against every engine", pytrace=False)
    pytest.skip(reason)


def skip_unsupported(engine: str, test_name: str) -> None:
    """Skip a test the engine's analysis profile cannot pass, naming the missing feature."""
    if engine in ANALYSIS and ANALYSIS[engine] == "core" and test_name in CORE_PROFILE_SKIPS:
        pytest.skip(f"{engine} with the core analysis profile (no analysis-common): {CORE_PROFILE_SKIPS[test_name]}")


def cleanup() -> None:
    """Delete every index this run created, on every engine it used."""
    for engine in sorted(_used):
        probe = _open(engine, RUN_PREFIX)
        try:
            found = probe.request("GET", f"/{RUN_PREFIX}-*") or {}
            for index in found:
                probe.request("DELETE", f"/{index}", missing_ok=True)
        except CaselawError:
            pass  # a node killed or stopped mid-run: nothing left to clean there
        finally:
            probe.close()
