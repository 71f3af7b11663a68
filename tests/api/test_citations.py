"""The citation routes over the fixture corpus: what a case cites, who cites it (paged, with the citing passage),
and search by `cites`, `cites_gc` and `sort=cited_desc`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import ALIAS, PDF_CASE

API = "/api/v1"
BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
GROOTBOOM = "za-constitutional-court-2000-grootboom"


def test_citations_link_the_cases_held_and_name_the_general_comments(client: TestClient) -> None:
    body = client.get(f"{API}/cases/{BEN_DJAZIA}/citations").json()
    decisions = [item for item in body["items"] if item["kind"] == "decision"]
    assert [(d["case_id"], d["title"]) for d in decisions] == [(PDF_CASE, "I.D.G. v. Spain")]
    assert body["decisions"] == 1 and body["resolved"] == 1
    codes = {item["code"] for item in body["items"] if item["kind"] == "general-comment"}
    assert {"cescr-gc-4", "cescr-gc-7"} <= codes
    # Two language versions cite I.D.G.: one cited thing, cited in each.
    assert decisions[0]["occurrences"] >= 2
    only = client.get(f"{API}/cases/{BEN_DJAZIA}/citations", params={"kind": "general-comment"}).json()
    assert {item["kind"] for item in only["items"]} == {"general-comment"}
    assert client.get(f"{API}/cases/{BEN_DJAZIA}/citations", params={"kind": "statute"}).status_code == 422


def test_cited_by_pages_the_citing_cases_with_their_passage(client: TestClient) -> None:
    first = client.get(f"{API}/cases/{GROOTBOOM}/cited-by", params={"size": 2}).json()
    second = client.get(f"{API}/cases/{GROOTBOOM}/cited-by", params={"size": 2, "page": 2}).json()
    assert first["total"] == second["total"] == 3
    citing = [item["case_id"] for item in first["items"] + second["items"]]
    assert citing == [
        "ke-supreme-court-2021-mitu-bell",
        "za-constitutional-court-2009-mazibuko",
        "za-constitutional-court-2002-tac",
    ]
    assert all("Grootboom" in item["snippet"] for item in first["items"] + second["items"])
    assert client.get(f"{API}/cases/{GROOTBOOM}").json()["case"]["cited_by_count"] == 3


def test_citation_routes_redirect_former_ids_and_refuse_unknown_ones(client: TestClient) -> None:
    for suffix in ("citations", "cited-by"):
        moved = client.get(f"{API}/cases/{ALIAS}/{suffix}", follow_redirects=False)
        assert moved.status_code == 308
        assert moved.headers["location"] == f"http://testserver{API}/cases/{PDF_CASE}/{suffix}"
        assert client.get(f"{API}/cases/un-cescr-1999-nobody/{suffix}").status_code == 404
    assert client.get(f"{API}/cases/{PDF_CASE}/cited-by").json()["items"][0]["case_id"] == BEN_DJAZIA


def test_search_by_what_cases_cite(client: TestClient) -> None:
    citing = client.get(f"{API}/search", params={"cites": GROOTBOOM}).json()
    assert {hit["id"] for hit in citing["hits"]} == {
        "ke-supreme-court-2021-mitu-bell",
        "za-constitutional-court-2009-mazibuko",
        "za-constitutional-court-2002-tac",
    }
    relying = client.get(f"{API}/search", params={"cites_gc": "cescr-gc-7", "lang": "fr"}).json()
    assert {PDF_CASE, BEN_DJAZIA, "un-cescr-2019-lopez-alban-v-spain"} <= {hit["id"] for hit in relying["hits"]}
    facet = next(f for f in relying["facets"] if f["key"] == "cites_gc")
    label = next(v["label"] for v in facet["values"] if v["value"] == "cescr-gc-7")
    assert label.startswith("CODESC, Observation générale n° 7")
    assert client.get(f"{API}/search", params={"sort": "cited_desc"}).json()["hits"][0]["id"] == GROOTBOOM
    refused = client.get(f"{API}/search", params={"cites_gc": "cescr-gc-99"})
    assert refused.status_code == 400


def test_case_page_shows_cites_and_cited_by_with_counts(client: TestClient) -> None:
    page = client.get(f"/cases/{GROOTBOOM}", params={"lang": "es"}).text
    assert 'id="cited-by-title">Citada por <span class="count">(3)</span>' in page
    assert 'href="/cases/za-constitutional-court-2002-tac?lang=es"' in page
    assert '<blockquote class="citing-passage">' in page and "Grootboom" in page
    assert f'href="/?cites={GROOTBOOM}&amp;lang=es"' in page
    # Soobramoney is not in the corpus: listed as written, unlinked.
    assert "Soobramoney v Minister of Health" in page and "no está en la base de datos" in page
    views = client.get(f"/cases/{BEN_DJAZIA}").text
    assert 'id="cites-title">Cites <span class="count">' in views
    assert f'<a href="/cases/{PDF_CASE}">I.D.G. v. Spain</a>' in views
    assert 'href="/?cites_gc=cescr-gc-7"' in views and "General Comment No. 7 (1997)" in views


def test_search_page_follows_a_cited_by_link(client: TestClient) -> None:
    page = client.get("/", params={"cites": GROOTBOOM})
    assert page.status_code == 200
    assert "Cites the case" in page.text and "za-constitutional-court-2002-tac" in page.text
    assert '<option value="cited_desc"' in client.get("/", params={"q": "housing"}).text


def test_general_comments_are_a_taxonomy_list(client: TestClient) -> None:
    listed = client.get(f"{API}/taxonomy", params={"list": "general_comments", "lang": "pt"}).json()
    assert list(listed) == ["general_comments"]
    seven = next(item for item in listed["general_comments"] if item["code"] == "cescr-gc-7")
    assert seven["label"].startswith("Comité DESC, Comentário geral n.º 7")
