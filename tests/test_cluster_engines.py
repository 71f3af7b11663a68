"""The cluster provider layer beyond the contract suite: generated mapping, error translation, profiles."""

from __future__ import annotations

import pytest

from caselaw.config import Settings
from caselaw.errors import ConfigError, EngineUnavailable, IndexNotReady, QuerySyntaxError
from caselaw.search.analysis import ANALYZED_LANGUAGES, FIELD_LANGUAGES
from caselaw.search.cluster.base import Failure
from caselaw.search.cluster.elastic import ElasticsearchEngine
from caselaw.search.cluster.mapping import index_body
from caselaw.search.cluster.opensearch import OpenSearchEngine
from caselaw.search.facets import FACET_KEYS
from tests.search_contract import clusters
from tests.search_contract.mini_corpus import mini_corpus


def test_the_mapping_has_every_facet_and_language_field() -> None:
    properties = index_body("full")["mappings"]["properties"]
    assert all(properties[key]["type"] == "keyword" for key in FACET_KEYS)
    for language in FIELD_LANGUAGES:
        for family in ("title", "text", "snippet"):
            assert properties[f"{family}_{language}"]["analyzer"].startswith(f"caselaw_{language}")
    assert {f"concepts_{language}" for language in ANALYZED_LANGUAGES} <= set(properties)


def test_the_core_profile_uses_only_core_analysis() -> None:
    analysis = index_body("core")["settings"]["analysis"]
    used = {name for analyzer in analysis["analyzer"].values() for name in analyzer["filter"]}
    assert {"asciifolding", "arabic_normalization"}.isdisjoint(used)
    assert all(spec["type"] == "stop" for spec in analysis["filter"].values())
    full = index_body("full")["settings"]["analysis"]["analyzer"]
    assert "asciifolding" in full["caselaw_es"]["filter"] and "caselaw_stem_es" in full["caselaw_es"]["filter"]


@pytest.mark.parametrize("engine", [OpenSearchEngine, ElasticsearchEngine])
@pytest.mark.parametrize(
    ("failure", "error", "status"),
    [
        (Failure(None, None, "ConnectionTimeout"), EngineUnavailable, 503),
        (Failure(404, "index_not_found_exception", "no such index"), IndexNotReady, 503),
        (Failure(400, "parsing_exception", "too many clauses"), QuerySyntaxError, 400),
        (Failure(429, "es_rejected_execution_exception", "queue full"), EngineUnavailable, 503),
        (Failure(401, "security_exception", "missing credentials"), EngineUnavailable, 503),
    ],
)
def test_failures_are_translated_by_status_and_type(
    engine: type[OpenSearchEngine | ElasticsearchEngine], failure: Failure, error: type[Exception], status: int
) -> None:
    translated = engine(Settings()).translate(failure)
    assert type(translated) is error and translated.status == status


def test_the_full_profile_on_a_cluster_without_analysis_common_names_the_setting() -> None:
    clusters.require("elasticsearch")
    if clusters.ANALYSIS["elasticsearch"] != "core":
        pytest.skip("this Elasticsearch has analysis-common")
    settings = Settings(index_prefix=f"{clusters.RUN_PREFIX}-full", engine_analysis="full")
    with ElasticsearchEngine(settings) as engine, pytest.raises(ConfigError, match="CASELAW_ENGINE_ANALYSIS=core"):
        engine.rebuild(mini_corpus())
    with ElasticsearchEngine(settings) as engine, pytest.raises(IndexNotReady):
        engine.count()  # the failed build left no index behind
