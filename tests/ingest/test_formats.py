"""Word (DOCX, DOC), RTF and HTML decisions: sniffed by content, read, and stored like PDFs.

Every text-layer fixture decision (our own words) is written out as DOCX, RTF and HTML and must give the
record its PDF gives: the same text blocks (exactly the golden's, which the PDFs reach on 38 of 41), numbered
paragraphs, footnotes, running header, language, forum, date, States, identifiers and tags. A web page has no
footnotes nor running header, so its identifiers are not compared (four fixtures print theirs only there).
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from caselaw.config import Settings
from caselaw.errors import CorruptDocument, EncryptedDocument, NotAPdf, ReaderUnavailable
from caselaw.ingest import Outcome, expand, ingest_paths
from caselaw.ingest.doc_text import parse, read_doc
from caselaw.ingest.docx_text import read_docx
from caselaw.ingest.extract import Extracted, extract_file
from caselaw.ingest.formats import read_flowed
from caselaw.ingest.html_text import decode, read_html
from caselaw.ingest.layout import analyse
from caselaw.ingest.rtf_text import read_rtf
from caselaw.ingest.sniff import DOC, DOCX, HTML, PDF, RTF, media_type_of, read_original
from caselaw.ingest.typeset import Paragraph, Row
from caselaw.store import CaseStore
from tests.ingest.conftest import FIXTURES, golden_files, load_golden
from tests.ingest.make_documents import Decision, docx, html, rtf

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
REAL_DOC = "iacthr_2008_alvarez_et_al_provisional_measures_colombia_en_IS_MSWORD_DOC.pdf"
MAKERS = {"docx": (docx, DOCX), "rtf": (rtf, RTF), "html": (html, HTML)}


def _render(golden: dict[str, Any], fmt: str) -> bytes:
    """The golden decision as a DOCX, RTF or HTML file (a web page has no footnotes nor running header)."""
    document = golden["document"]
    decision = Decision(
        blocks=document["text"].split("\n\n"),
        title=document["title"],
        notes=[] if fmt == "html" else [note["text"] for note in document["footnotes"]],
        running=document["running_headers"][0] if document["running_headers"] and fmt != "html" else None,
        rtl=document["language"] == "ar",
    )
    make, _ = MAKERS[fmt]
    return make(decision)


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize("golden_path", golden_files(), ids=lambda p: p.name.removesuffix(".golden.json"))
def test_a_decision_in_any_format_gives_the_pdfs_record(
    golden_path: Path, fmt: str, tmp_path: Path, extracted: dict[str, tuple[dict[str, Any], Extracted]]
) -> None:
    golden = load_golden(golden_path)
    path = tmp_path / golden["file"].replace(".pdf", f".{fmt}")
    path.write_bytes(_render(golden, fmt))
    result = extract_file(str(path), Settings(data_dir=tmp_path / "data"))
    reference = extracted[golden["file"]][1].case
    assert result.case is not None and reference is not None, result.message
    document, expected = result.case.documents[0], golden["document"]
    assert document.provenance.media_type == MAKERS[fmt][1]
    assert document.text.split("\n\n") == [_norm(b) for b in expected["text"].split("\n\n")]
    assert [(p.number, p.text) for p in document.paragraphs] == [
        (p["number"], _norm(p["text"])) for p in expected["paragraphs"]
    ]
    if fmt != "html":
        assert [(n.mark, n.text) for n in document.footnotes] == [
            (n["mark"], _norm(n["text"])) for n in expected["footnotes"]
        ]
        assert document.running_headers == expected["running_headers"][:1]
        assert sorted(map(str, result.case.identifiers)) == sorted(map(str, reference.identifiers))
    # The title as the golden has it, wherever the PDF's layout finds it too (a date caption can hide it).
    assert document.title == expected["title"] or reference.documents[0].title != expected["title"]
    assert (document.language, result.case.forum) == (expected["language"], golden["case"]["forum"])
    assert result.case.dates.decision == reference.dates.decision
    assert result.case.respondent_states == reference.respondent_states
    for facet in ("rights", "issues", "affected_groups"):
        assert sorted(t.code for t in getattr(result.case, facet)) == sorted(t.code for t in getattr(reference, facet))


def test_every_format_is_ingested_whatever_its_name_and_the_original_kept(
    store: CaseStore, settings: Settings, tmp_path: Path
) -> None:
    golden = load_golden(FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.golden.json")
    arabic = load_golden(FIXTURES / "pdf" / "un-cescr-2017-ben-djazia-bellili-v-spain.ar.golden.json")
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    files = {
        folder / "idg.DOCX": _render(golden, "docx"),
        folder / "sub" / "idg-named-like-a.pdf": _render(golden, "rtf"),  # names lie: an RTF under .pdf
        folder / "ben-djazia.htm": _render(arabic, "html"),
        folder / "notes.txt": b"not a decision, and not picked from a folder",
    }
    for path, data in files.items():
        path.write_bytes(data)
    report = ingest_paths([folder], store, settings, workers=1)
    assert not report.failed, [(f.path, f.reason) for f in report.failed]
    assert sorted(Path(f.path).name for f in report.files) == ["ben-djazia.htm", "idg-named-like-a.pdf", "idg.DOCX"]
    assert [f.outcome for f in report.files].count(Outcome.DUPLICATE) == 0
    stored = {d.provenance.filename: (case, d) for case in store.iter_cases() for d in case.documents}
    case, document = stored["idg.DOCX"]
    assert document.provenance.media_type == DOCX and document.provenance.page_count == 3
    assert (case.forum, document.language) == ("un-cescr", "en")
    assert stored["idg-named-like-a.pdf"][1].provenance.media_type == RTF
    # The same decision twice (DOCX and RTF, other bytes, the same text): one case, as for two PDFs.
    assert stored["idg-named-like-a.pdf"][0].id == case.id
    case, document = stored["ben-djazia.htm"]
    assert (document.provenance.media_type, document.language, case.forum) == (HTML, "ar", "un-cescr")
    for _, document in stored.values():
        assert store.blobs.exists(document.sha256), "the original is kept, as a PDF's is"


@pytest.mark.skipif(not (REALDOCS / REAL_DOC).exists(), reason="the real corpus (../shared/realdocs) is absent")
def test_a_real_word_97_file_named_pdf_is_read(store: CaseStore, settings: Settings) -> None:
    gold = {
        row["file"]: row for row in csv.DictReader(io.StringIO((REALDOCS / "gold.tsv").read_text()), delimiter="\t")
    }
    expected = gold[REAL_DOC]
    report = ingest_paths([REALDOCS / REAL_DOC], store, settings, workers=1)
    assert report.count(Outcome.INGESTED) == 1, [f.reason for f in report.failed]
    (case,) = store.iter_cases()
    document = case.documents[0]
    assert document.provenance.media_type == DOC and document.provenance.filename == REAL_DOC
    assert (case.forum, document.language) == (expected["forum"], expected["language"])
    # Word's own list numbers and the five footnotes, kept out of the body (measured: 74 and 5).
    assert len(document.paragraphs) >= 60 and len(document.footnotes) >= 4
    assert not any("[1]" in paragraph.text for paragraph in document.paragraphs)
    # What a PDF of the same order gives: the respondent State of "with regard to the Republic of …", the
    # matter's name as title.
    assert case.respondent_states == [expected["state"]]
    assert case.titles["en"].full.startswith("Case of ") and "regarding" in case.titles["en"].full


def test_doc_reader_output_becomes_paragraphs_notes_and_pages() -> None:
    text = (
        "A court of our own making\n\n1.\tThe applicant asked for housing.[1]\n"
        "   a) a first point\f2.\tSecond paragraph [sic] stays.\n-----------------------\n"
        "[1] \tA note about the housing request\nthat goes on.\n( \tA note with a symbol mark.\n"
    )
    items, notes = parse(text)
    paragraphs = [item.text for item in items if isinstance(item, Paragraph)]
    assert paragraphs == [
        "A court of our own making",
        "1.\tThe applicant asked for housing.",
        "a) a first point",
        "2.\tSecond paragraph [sic] stays.",
    ]
    assert len(items) == 5  # and the page break
    assert [(n.mark, n.text) for n in notes] == [
        ("1", "A note about the housing request that goes on."),
        ("*", "A note with a symbol mark."),
    ]


def test_a_symbol_marked_notes_reference_leaves_the_heading_as_a_pdf_prints_it() -> None:
    # antiword prints Word's "*" mark in a symbol font as "(": glued to the heading's last word, it goes, as a
    # PDF's superscript mark does; a bracket inside a reference ("Article 1(1)") stays.
    text = (
        "Order of the\nRegional Court of Our Making(\nArticle 1(1) applies.\n"
        "-----------------------\n( \tA judge was absent.\n"
    )
    items, notes = parse(text)
    assert [item.text for item in items if isinstance(item, Paragraph)] == [
        "Order of the",
        "Regional Court of Our Making",
        "Article 1(1) applies.",
    ]
    assert [(n.mark, n.text) for n in notes] == [("*", "A judge was absent.")]


def test_doc_needs_antiword_and_says_so() -> None:
    with pytest.raises(ReaderUnavailable, match="antiword"):
        read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 5.0, program="no-such-antiword-program")


def test_docx_structure_numbering_sizes_tables_and_rtl() -> None:
    decision = Decision(
        ["Committee on the Rights of the Child", "Views on communication No. 1/2020"],
        title="Views on communication No. 1/2020",
        numbered=["The author is a child living in a camp.", "She complains of the lack of schooling."],
        header="United Nations CRC/C/00/D/1/2020",
        notes=["A note in our own words."],
    )
    read = read_docx(docx(decision))
    texts = [item.text for item in read.items if isinstance(item, Paragraph)]
    assert texts[0] == "United Nations CRC/C/00/D/1/2020", "the first page's header comes first"
    assert "1. The author is a child living in a camp." in texts
    assert "2. She complains of the lack of schooling." in texts
    assert not any("Deleted words" in t or "PAGE" in t for t in texts), "deleted text and field codes are not text"
    sizes = {item.text: item.size for item in read.items if isinstance(item, Paragraph)}
    assert sizes["Views on communication No. 1/2020"] == 16.0 and sizes["Committee on the Rights of the Child"] == 12.0
    layout = analyse(read_flowed(docx(decision), DOCX)[0])
    assert layout.title == "Views on communication No. 1/2020"
    assert [number for number, _ in layout.paragraphs] == ["1", "2"]
    assert layout.footnotes == [("1", "A note in our own words.")]

    arabic = Decision(["اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية"], rtl=True)
    pages, count = read_flowed(docx(arabic, pages=None), DOCX)
    assert count is None and all(line.rtl for line in pages[0].lines)


def _docx_with_body(body: str) -> bytes:
    """A DOCX whose body is `body` (WordprocessingML), built by editing a generated one."""
    source = zipfile.ZipFile(io.BytesIO(docx(Decision(["x"]))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
                data = f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'.encode()
            target.writestr(name, data)
    return buffer.getvalue()


def test_docx_label_rows_page_breaks_and_text_boxes() -> None:
    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    body = (
        f"<w:tbl><w:tr>{cell('State party:')}{cell('Spain')}</w:tr>"
        f"<w:tr>{cell('Date of communication:')}{cell('5 May 2016')}</w:tr></w:tbl>"
        "<w:p><w:r><w:t>Before the break.</w:t><w:br w:type='page'/><w:t>After the break.</w:t></w:r></w:p>"
        "<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent>"
        "</w:drawing></w:r></w:p>"
    )
    data = _docx_with_body(body.replace("'", '"'))
    read = read_docx(data)
    assert isinstance(read.items[0], Row)
    pages, _ = read_flowed(data, DOCX)
    assert len(pages) == 2
    layout = analyse(pages)
    blocks = [block.text for block in layout.blocks]
    assert blocks == [
        "State party: Spain",
        "Date of communication: 5 May 2016",
        "Before the break.",
        "After the break.",
        "In a text box",
    ]


def test_rtf_text_sizes_unicode_notes_and_pictures() -> None:
    data = (
        b"{\\rtf1\\ansi\\ansicpg1252\\uc1{\\fonttbl{\\f0 Times;}{\\f1\\fcharset178 Arial;}}{\\info{\\title Hidden}}"
        b"{\\pard\\fs36 Comit\\'e9 des droits \\'e9conomiques\\par}"
        b"{\\pard\\fs24 The author lives in Madrid{\\super\\chftn}"
        b"{\\footnote\\pard\\fs18 {\\super\\chftn} A note about Madrid.}"
        b" and was evicted in May.\\par}"
        b"\\pard\\fs24 A first line\\line and a second one.\\par"
        b"\\page\\pard\\rtlpar\\fs24 \\u1575?\\u1604?\\u1604?\\u1580?\\u1606?\\u1577? "
        b"{\\f1 \\'c7\\'e1\\'cf\\'e6\\'e1\\'c9}\\par"
        b"\\trowd\\cellx3000\\cellx6000\\pard\\intbl State party:\\cell Spain\\cell\\row"
        b"\\pard{\\*\\generator Writer;}{\\pict\\pngblip 89504e47}After a picture.\\par}"
    )
    read = read_rtf(data)
    texts = [item.text for item in read.items if isinstance(item, Paragraph)]
    assert texts[:2] == ["Comité des droits économiques", "The author lives in Madrid and was evicted in May."]
    assert texts[2] == "A first line\nand a second one."
    assert texts[3] == "اللجنة الدولة"
    assert texts[-1] == "After a picture."
    assert [(n.mark, n.text) for n in read.notes] == [("1", "A note about Madrid.")]
    assert isinstance(read.items[-2], Row)
    assert read.items[0].size == 18.0  # type: ignore[union-attr]
    pages, _ = read_flowed(data, RTF)
    assert len(pages) == 2 and any(line.rtl for line in pages[1].lines)


def test_html_boilerplate_is_left_out_and_structure_kept() -> None:
    page = (
        "<html><head><title>Portal</title><script>var s = 'script text';</script><style>p{}</style></head><body>"
        "<header>Site banner</header><nav>Home | Search</nav>"
        "<div role='navigation'>Breadcrumbs</div><div hidden>Hidden notice</div><div aria-hidden='true'>Icons</div>"
        "<main><article><header><p>Case No. 12/2020</p></header><h1>Judgment of the court</h1>"
        "<p>The appellant<sup>1</sup> lives in a settlement&nbsp;without water.<br>A second line.</p>"
        "<p>Unclosed paragraph<p>Another one</p>"
        "<table><tr><td>Respondent:</td><td>The Municipality</td></tr></table>"
        "<footer>Written by the registrar</footer></article></main>"
        "<footer>Copyright of the portal</footer><aside>Related cases</aside></body></html>"
    ).replace("'", '"')
    items = read_html(page.encode())
    texts = [item.text for item in items if isinstance(item, Paragraph)]
    assert texts == [
        "Case No. 12/2020",
        "Judgment of the court",
        "The appellant lives in a settlement\u00a0without water.\nA second line.",
        "Unclosed paragraph",
        "Another one",
        "Written by the registrar",
    ]
    sizes = {item.text: item.size for item in items if isinstance(item, Paragraph)}
    assert sizes["Judgment of the court"] == 24.0 and sizes["Another one"] == 12.0
    assert isinstance(items[-2], Row) and [c[0].text for c in items[-2].cells] == ["Respondent:", "The Municipality"]


def test_html_without_main_keeps_the_body_and_decodes_declared_charsets() -> None:
    page = "<html><head><meta charset='windows-1252'></head><body><p>Décision n° 5</p></body></html>"
    assert [p.text for p in read_html(page.encode("cp1252")) if isinstance(p, Paragraph)] == ["Décision n° 5"]
    assert decode("<p>Décision</p>".encode()) == "<p>Décision</p>"
    assert decode("<p>Décision</p>".encode("cp1252")) == "<p>Décision</p>"
    assert decode(b"\xff\xfe" + "<p>قرار</p>".encode("utf-16-le")) == "<p>قرار</p>"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "WordDocument".encode("utf-16-le"), DOC),
        (b"{\\rtf1\\ansi hello}", RTF),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html></html>", HTML),
        (b"\n<p>Un fragment</p>", HTML),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>', HTML),
    ],
)
def test_formats_are_sniffed_by_content(data: bytes, expected: str) -> None:
    assert media_type_of(data) == expected


def test_docx_is_sniffed_and_other_zips_and_texts_refused() -> None:
    assert media_type_of(docx(Decision(["x"]))) == DOCX
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><Override ContentType='spreadsheetml.sheet.main+xml'/></Types>")
    for data in (buffer.getvalue(), b"Just some plain text.", b"\x89PNG\r\n\x1a\n"):
        with pytest.raises(NotAPdf):
            media_type_of(data)
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(EncryptedDocument):
        media_type_of(encrypted)


def test_an_html_page_named_pdf_is_a_failed_download(tmp_path: Path) -> None:
    page = tmp_path / "judgment.pdf"
    page.write_bytes(b"<!DOCTYPE html><html><body><p>Not found</p></body></html>")
    with pytest.raises(NotAPdf, match="failed download"):
        read_original(page, 1 << 20)
    page.rename(tmp_path / "judgment.html")
    assert read_original(tmp_path / "judgment.html", 1 << 20).media_type == HTML


def test_expand_picks_every_supported_extension(tmp_path: Path) -> None:
    names = ["a.pdf", "b.DOCX", "c.doc", "d.rtf", "e.HTML", "f.htm", "g.txt", "h.odt"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in expand([tmp_path])] == ["a.pdf", "b.DOCX", "c.doc", "d.rtf", "e.HTML", "f.htm"]


def _corrupt_files(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    good = docx(Decision(["Committee on Economic, Social and Cultural Rights"]))
    broken_xml = _docx_with_body("<w:p><w:r><w:t>unclosed</w:r></w:p>")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x13" * 600 + "WordDocument".encode("utf-16-le") + b"\x07" * 600
    return {
        "truncated.docx": (good[: len(good) // 2], "CorruptDocument"),
        "broken-xml.docx": (broken_xml, "CorruptDocument"),
        "damaged.rtf": (b"{\\rtf1\\ansi " + bytes(range(256)) * 4, "CorruptDocument"),
        "compressed.html": (b"<html><body>" + bytes(range(32)) * 40, "CorruptDocument"),
        "encrypted.docx": (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "EncryptedDocument",
        ),
        "garbage.doc": (ole, "CorruptDocument"),
    }


def test_corrupt_files_fail_by_name_are_quarantined_and_the_batch_goes_on(
    store: CaseStore, settings: Settings, tmp_path: Path
) -> None:
    golden = load_golden(FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.golden.json")
    bad = _corrupt_files(tmp_path)
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.rtf").write_bytes(_render(golden, "rtf"))
    paths = [tmp_path / name for name in bad] + [tmp_path / "good.rtf"]
    report = ingest_paths(paths, store, settings, workers=1)
    assert report.count(Outcome.INGESTED) == 1
    failures = {Path(f.path).name: f.error for f in report.failed}
    expected = {name: error for name, (_, error) in bad.items()}
    if shutil.which("antiword") is None:
        expected["garbage.doc"] = ReaderUnavailable.__name__
    assert failures == expected
    assert all(f.quarantined for f in report.failed)
    with pytest.raises(CorruptDocument):
        read_docx(b"PK\x03\x04 not really a zip")
