"""Gold sets that name documents by file (`file:NAME`, `sha256:HEX`), resolved to case ids in the store at run time."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from caselaw.cli import app
from caselaw.errors import ValidationFailed
from caselaw.models import Provenance
from caselaw.search.semantic.embedding import EmbedReport
from caselaw.search.semantic.evaluation import GoldQuery, read_gold, resolve_relevant
from caselaw.store import CaseStore
from tests.conftest import ROOT, make_case

REALDOCS_GOLD = ROOT / "benchmarks" / "data" / "semantic_queries_realdocs.tsv"
HEADER = "id\tlang\ttype\tquery\trelevant\n"


def stored_file(store: CaseStore, case_id: str, sha: str, filename: str) -> None:
    """A case whose one document came from `filename`."""
    case = make_case(case_id, sha=sha)
    document = case.documents[0].model_copy(update={"provenance": Provenance(filename=filename)})
    store.put_case(case.model_copy(update={"documents": [document]}))


def query(*relevant: str) -> GoldQuery:
    """A gold query with these relevant entries."""
    return GoldQuery("q1", "fr", "facts", "expulsion d'une famille locataire", frozenset(relevant))


def test_files_and_hashes_become_the_ids_of_the_cases_holding_them(store: CaseStore) -> None:
    stored_file(store, "un-cescr-2015-idg-v-spain", "a" * 64, "views-es.pdf")
    stored_file(store, "un-cescr-2017-ben-djazia-bellili-v-spain", "b" * 64, "views-en.pdf")
    gold = [query("file:views-es.pdf", f"sha256:{'B' * 64}", "un-cescr-2019-lopez-alban-v-spain")]
    (resolved,) = resolve_relevant(gold, store)
    assert resolved.relevant == {
        "un-cescr-2015-idg-v-spain",
        "un-cescr-2017-ben-djazia-bellili-v-spain",
        "un-cescr-2019-lopez-alban-v-spain",  # a plain case id is kept as it is
    }
    assert (resolved.id, resolved.lang, resolved.query) == (gold[0].id, gold[0].lang, gold[0].query)


def test_two_files_of_one_case_count_as_one_relevant_case(store: CaseStore) -> None:
    case = make_case("un-cescr-2015-idg-v-spain", sha="a" * 64)
    spanish = case.documents[0].model_copy(update={"provenance": Provenance(filename="idg.es.pdf")})
    english = spanish.model_copy(
        update={"sha256": "c" * 64, "language": "en", "provenance": Provenance(filename="idg.en.pdf")}
    )
    store.put_case(case.model_copy(update={"documents": [spanish, english]}))
    (resolved,) = resolve_relevant([query("file:idg.es.pdf", "file:idg.en.pdf")], store)
    assert resolved.relevant == {"un-cescr-2015-idg-v-spain"}


@pytest.mark.parametrize("entry", ["file:never-ingested.pdf", f"sha256:{'d' * 64}"])
def test_an_entry_no_stored_document_matches_is_a_clear_error(store: CaseStore, entry: str) -> None:
    stored_file(store, "un-cescr-2015-idg-v-spain", "a" * 64, "views-es.pdf")
    with pytest.raises(ValidationFailed, match=f"query q1: no stored document is '{entry}'"):
        resolve_relevant([query(entry)], store)


def test_a_file_name_two_cases_share_asks_for_the_hash(store: CaseStore) -> None:
    stored_file(store, "un-cescr-2015-idg-v-spain", "a" * 64, "decision.pdf")
    stored_file(store, "un-cescr-2017-ben-djazia-bellili-v-spain", "b" * 64, "decision.pdf")
    with pytest.raises(ValidationFailed, match=r"names documents of 2 cases .* by sha256:"):
        resolve_relevant([query("file:decision.pdf")], store)


def test_the_real_corpus_gold_set_is_well_formed() -> None:
    """The set over `../shared/realdocs` (measured by hand, see benchmarks/data/README.md): five languages, facts
    and legal questions, documents named by file."""
    queries = read_gold(REALDOCS_GOLD)
    assert len(queries) >= 30 and len({q.id for q in queries}) == len(queries)
    assert {q.lang for q in queries} == {"en", "es", "fr", "pt", "ar"}
    assert all(entry.startswith("file:") for q in queries for entry in q.relevant)
    assert {q.type for q in queries} == {"facts", "legal"}


def test_eval_search_takes_a_gold_file_naming_files(tmp_path: Path, semantic_dir: tuple[Path, EmbedReport]) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        HEADER + "q1\tfr\tfacts\tfamille expulsée du logement qu'elle louait, sans relogement\t"
        "file:un-cescr-2017-ben-djazia-bellili-v-spain.en.pdf file:un-cescr-2017-ben-djazia-bellili-v-spain.es.pdf\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    data = ["--data-dir", str(semantic_dir[0])]
    result = runner.invoke(app, [*data, "eval", "search", "--gold", str(gold), "--mode", "hybrid", "--misses"])
    assert result.exit_code == 0, result.output
    assert "1.000 / 1.000" in result.output and "miss" not in result.output
    gold.write_text(HEADER + "q1\tfr\tfacts\tfamille expulsée\tfile:nowhere.pdf\n", encoding="utf-8")
    wrong = runner.invoke(app, [*data, "eval", "search", "--gold", str(gold)])
    assert wrong.exit_code == 1 and isinstance(wrong.exception, ValidationFailed)
    assert "file:nowhere.pdf" in str(wrong.exception)
