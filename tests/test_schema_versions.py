"""Schema versions are derived from what the code builds: a changed field or analyzer always means a rebuild."""

from __future__ import annotations

import pytest

from caselaw.search.cluster import mapping
from caselaw.search.embedded import schema
from caselaw.search.facets import FACET_KEYS


def test_the_embedded_version_is_a_hash_of_fields_and_analyzers(monkeypatch: pytest.MonkeyPatch) -> None:
    built = schema.build_schema()
    assert schema.SCHEMA_VERSION == schema.schema_version(built) == schema.schema_version(schema.build_schema())
    monkeypatch.setattr(schema, "FACET_KEYS", (*FACET_KEYS, "a_new_facet"))
    assert schema.schema_version(schema.build_schema()) != schema.SCHEMA_VERSION
    monkeypatch.undo()
    monkeypatch.setattr(schema, "MAX_TOKEN_LENGTH", schema.MAX_TOKEN_LENGTH + 1)  # an analyzer's filter
    assert schema.schema_version(built) != schema.SCHEMA_VERSION


def test_the_cluster_version_is_a_hash_of_mappings_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert mapping.schema_version() == mapping.SCHEMA_VERSION
    assert mapping.index_body("full")["mappings"]["_meta"] == {"schema_version": mapping.SCHEMA_VERSION}
    monkeypatch.setattr(mapping, "FACET_KEYS", (*FACET_KEYS, "a_new_facet"))
    assert mapping.schema_version() != mapping.SCHEMA_VERSION
    monkeypatch.undo()
    monkeypatch.setattr(mapping, "_FRENCH_ELISIONS", (*mapping._FRENCH_ELISIONS, "presqu"))  # the full profile
    assert mapping.schema_version() != mapping.SCHEMA_VERSION
    monkeypatch.undo()
    monkeypatch.setattr(mapping, "LIVE_SETTINGS", {**mapping.LIVE_SETTINGS, "refresh_interval": "5s"})
    assert mapping.schema_version() == mapping.SCHEMA_VERSION  # applied to a loaded index: no rebuild
