"""`caselaw reindex`, `caselaw search` and `caselaw suggest` on the fixture corpus, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caselaw.cli import app
from caselaw.errors import QuerySyntaxError, ValidationFailed
from tests.conftest import FIXTURES, long_path


@pytest.fixture
def tmp_path(tmp_path: Path) -> Path:
    """A deliberately long temporary path: output naming it must still come out unwrapped off a terminal."""
    return long_path(tmp_path)


def test_reindex_search_and_suggest(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path)]
    assert runner.invoke(app, [*data, "import", str(FIXTURES / "corpus.jsonl")]).exit_code == 0
    reindexed = runner.invoke(app, [*data, "reindex"])
    assert reindexed.exit_code == 0 and "indexed 32 case(s), 32 verified in the index" in reindexed.output
    # Not a terminal: plain progress lines instead of a bar.
    assert "reindex: 16/32 cases read" in reindexed.output and "reindex: 32/32 cases read" in reindexed.output

    found = runner.invoke(app, [*data, "search", "desalojo", "--json", "--size", "20"])
    assert found.exit_code == 0, found.output
    response = json.loads(found.output)
    assert response["expansions_applied"][0]["concept"] == "right:forced-evictions"
    assert {"en", "fr", "pt"} <= {lang for hit in response["hits"] for lang in hit["languages"]}
    assert any(f["key"] == "right" and f["values"] for f in response["facets"])

    table = runner.invoke(app, [*data, "search", "desalojo", "--facets", "--right", "housing", "--lang", "es"])
    assert table.exit_code == 0 and "Desalojos forzosos" in table.output and "*Vivienda" in table.output

    bad = runner.invoke(app, [*data, "search", '"unclosed'])
    assert isinstance(bad.exception, QuerySyntaxError)

    suggested = runner.invoke(app, [*data, "suggest", "Groot"])
    assert suggested.exit_code == 0 and "za-constitutional-court-2000-grootboom" in suggested.output


def test_every_facet_is_a_filter_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    from caselaw.models import Case
    from caselaw.search.facets import DEFAULT_KIND, FACETS

    runner = CliRunner()
    data = ["--data-dir", str(tmp_path)]
    assert runner.invoke(app, [*data, "import", str(FIXTURES / "corpus.jsonl")]).exit_code == 0
    assert runner.invoke(app, [*data, "reindex"]).exit_code == 0
    cases = [Case.model_validate_json(line) for line in (FIXTURES / "corpus.jsonl").read_text().splitlines()]
    decisions = [case for case in cases if case.kind == DEFAULT_KIND]

    listed = runner.invoke(app, [*data, "facets"])
    assert listed.exit_code == 0 and all(spec.key in listed.output for spec in FACETS)
    for spec in FACETS:
        value = next((value for case in decisions for value in spec.values(case)), None)
        if value is None:
            continue  # the fixture corpus has no value of this facet
        expected = sum(value in spec.values(case) for case in decisions)
        found = runner.invoke(app, [*data, "search", "", "--json", "--filter", f"{spec.key}={value}"])
        assert found.exit_code == 0, (spec.key, found.output)
        assert json.loads(found.output)["total"] == expected, spec.key

    by_option = runner.invoke(app, [*data, "search", "", "--json", "--right", "housing", "--filter", "right=food"])
    by_filter = runner.invoke(
        app, [*data, "search", "", "--json", "--filter", "right=housing", "--filter", "right=food"]
    )
    assert json.loads(by_option.output)["total"] == json.loads(by_filter.output)["total"] > 0

    for wrong in ("no_such_facet=x", "right", "right=no-such-right"):
        refused = runner.invoke(app, [*data, "search", "", "--filter", wrong])
        assert isinstance(refused.exception, ValidationFailed), wrong
