"""Word (DOCX, DOC), RTF and HTML originals in: positioned lines out, as a PDF's text layer gives them."""

from __future__ import annotations

from caselaw.errors import NotAPdf
from caselaw.ingest.doc_text import read_doc
from caselaw.ingest.docx_text import read_docx
from caselaw.ingest.html_text import read_html
from caselaw.ingest.lines import PageLines
from caselaw.ingest.rtf_text import read_rtf
from caselaw.ingest.sniff import DOC, DOCX, HTML, RTF
from caselaw.ingest.typeset import typeset


def read_flowed(data: bytes, media_type: str, timeout: float = 60.0) -> tuple[list[PageLines], int | None]:
    """The pages of a DOCX, DOC, RTF or HTML document and its page count where the file records one."""
    if media_type == DOCX:
        docx = read_docx(data)
        return typeset(docx.items, docx.notes, docx.running), docx.pages
    if media_type == DOC:
        items, notes = read_doc(data, timeout)
        return typeset(items, notes), None
    if media_type == RTF:
        rtf = read_rtf(data)
        return typeset(rtf.items, rtf.notes, rtf.running), None
    if media_type == HTML:
        return typeset(read_html(data)), None
    raise NotAPdf(f"no reader for {media_type}")
