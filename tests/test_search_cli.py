"""`caselaw reindex`, `caselaw search` and `caselaw suggest` on the fixture corpus, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from caselaw.cli import app
from caselaw.errors import QuerySyntaxError
from tests.conftest import FIXTURES


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
