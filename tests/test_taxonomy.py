"""The taxonomy: every entry labelled and keyworded in five languages, every country in one region."""

from __future__ import annotations

import shutil
from pathlib import Path

import pycountry
import pytest
import yaml

from caselaw.errors import TaxonomyError
from caselaw.taxonomy import LANGUAGES, get_taxonomy, load_taxonomy

PACKAGE_TAXONOMY = Path(__file__).resolve().parent.parent / "caselaw" / "taxonomy"

REQUIRED = {
    "rights": [
        "housing", "forced-evictions", "land-natural-resources", "food", "water-sanitation", "health",
        "sexual-reproductive-health", "education", "work", "social-security", "family-children",
        "cultural-rights", "healthy-environment", "indigenous-peoples", "self-determination-development",
        "gender-equality", "non-discrimination", "access-to-justice",
    ],
    "issues": [
        "corporate-accountability", "extraterritorial-obligations", "fiscal-policy-austerity",
        "armed-conflict-occupation", "climate-change", "progressive-realisation",
    ],
    "regions": [
        "africa", "mena", "asia-pacific", "europe-central-asia", "latin-america-caribbean", "north-america",
    ],
}  # fmt: skip
REQUIRED_FORUMS = [
    "un-cescr", "un-ccpr", "un-cedaw", "un-crc", "un-crpd", "un-cerd", "achpr", "afchpr-court", "ecowas-ccj",
    "iachr", "iacthr", "ecthr", "ecsr", "za-constitutional-court", "in-supreme-court", "co-constitutional-court",
]  # fmt: skip


@pytest.mark.parametrize("facet", sorted(get_taxonomy().facet_names()))
def test_every_entry_has_a_label_and_keywords_in_all_five_languages(facet: str) -> None:
    problems = []
    for entry in get_taxonomy().entries(facet):
        for language in LANGUAGES:
            if not entry.labels.get(language, "").strip():
                problems.append(f"{entry.code}: no {language} label")
            if not entry.keywords.get(language):
                problems.append(f"{entry.code}: no {language} keywords")
    assert problems == []


def test_arabic_labels_are_arabic_script() -> None:
    taxonomy = get_taxonomy()
    for facet in taxonomy.facet_names():
        for entry in taxonomy.entries(facet):
            label = entry.labels["ar"]
            assert any("\u0600" <= ch <= "\u06ff" for ch in label), f"{facet}/{entry.code}: {label!r}"


def test_the_codes_the_project_relies_on_exist() -> None:
    taxonomy = get_taxonomy()
    for facet, codes in REQUIRED.items():
        assert [e.code for e in taxonomy.entries(facet)] == codes
    assert set(REQUIRED_FORUMS) <= taxonomy.codes("forums")


def test_every_iso_country_maps_to_a_region() -> None:
    taxonomy = get_taxonomy()
    iso = {country.alpha_2 for country in pycountry.countries}
    assert set(taxonomy.countries) == iso
    assert set(taxonomy.countries.values()) == set(REQUIRED["regions"])
    assert taxonomy.region_of("KE") == "africa"
    assert taxonomy.region_of("EG") == "mena"
    assert taxonomy.region_of("ES") == "europe-central-asia"
    assert taxonomy.region_of("CO") == "latin-america-caribbean"
    assert taxonomy.region_of("CA") == "north-america"
    assert taxonomy.region_of("IN") == "asia-pacific"


def test_rights_are_grounded_in_icescr_articles() -> None:
    taxonomy = get_taxonomy()
    grounded = {right.code: right.articles for right in taxonomy.rights}
    assert "ICESCR:11(1)" in grounded["housing"]
    assert any(a.startswith("ICESCR:12") for a in grounded["health"])
    assert any(a.startswith("ICESCR:13") for a in grounded["education"])
    assert any(a.startswith("ICESCR:9") for a in grounded["social-security"])
    missing = [code for code, articles in grounded.items() if not articles]
    assert missing == []


def test_national_forums_name_their_country_and_type() -> None:
    taxonomy = get_taxonomy()
    for forum in taxonomy.forums:
        if forum.type == "national":
            assert forum.country is not None, forum.code
            assert forum.code.startswith(forum.country.lower() + "-"), forum.code
        else:
            assert forum.country is None, forum.code


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "taxonomy"
    shutil.copytree(PACKAGE_TAXONOMY, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_a_missing_label_fails_loading_and_names_the_entry(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "issues.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["issues"][0]["labels"]["pt"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="corporate-accountability: no label in pt"):
        load_taxonomy(directory)


def test_a_dangling_reference_fails_loading(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "forums.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["forums"][0]["instruments"] = ["NOPE"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown instruments"):
        load_taxonomy(directory)


def test_keywords_accept_plain_strings_and_weights() -> None:
    taxonomy = get_taxonomy()
    terms = [kw for entry in taxonomy.rights for kws in entry.keywords.values() for kw in kws]
    assert all(0 < kw.weight <= 1 for kw in terms)
    assert any(kw.weight < 1 for kw in terms), "ambiguous keywords should carry a lower weight"
