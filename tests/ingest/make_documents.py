"""Write small DOCX, RTF and HTML decisions for the format tests, by hand (no office suite, no python-docx).

A document is a list of blocks (paragraphs); one may be the title (set larger), notes become real footnotes,
and a header the first page's header. DOCX is assembled with zipfile from the WordprocessingML parts Word
writes; RTF and HTML are written as text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


@dataclass
class Decision:
    """What a test document says."""

    blocks: list[str]
    title: str | None = None  # one of the blocks, set larger
    notes: list[str] = field(default_factory=list)  # referenced from the first block after the title
    header: str | None = None  # printed at the top of the first page
    running: str | None = None  # printed at the top of the other pages
    rtl: bool = False
    numbered: list[str] = field(default_factory=list)  # blocks after `blocks`, numbered by the word processor


def _run(text: str, size: int, rtl: bool) -> str:
    props = f'<w:rPr>{"<w:rtl/>" if rtl else ""}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(text: str, size: int, rtl: bool, extra: str = "", props: str = "") -> str:
    ppr = f"<w:pPr>{props}{'<w:bidi/>' if rtl else ''}</w:pPr>"
    return f"<w:p>{ppr}{_run(text, size, rtl)}{extra}</w:p>"


def docx(decision: Decision, *, body_size: int = 24, title_size: int = 32, pages: int | None = 3) -> bytes:
    """A DOCX: styles with a default size, a numbering definition, footnotes, a first-page header, app.xml."""
    rtl = decision.rtl
    paragraphs = []
    referenced = False
    for block in decision.blocks:
        size = title_size if block == decision.title else body_size
        refs = ""
        if block != decision.title and not referenced and decision.notes:
            refs = "".join(
                f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{n + 1}"/></w:r>'
                for n in range(len(decision.notes))
            )
            referenced = True
        paragraphs.append(_paragraph(block, size, rtl, refs))
    for block in decision.numbered:
        numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        paragraphs.append(_paragraph(block, body_size, rtl, props=numbering))
    # A text the reader must not see: deleted in tracked changes, and a field's instruction.
    paragraphs.append(
        '<w:p><w:del w:id="9" w:author="x"><w:r><w:delText>Deleted words</w:delText></w:r></w:del>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    section = (
        '<w:sectPr><w:headerReference w:type="first" r:id="rIdHeader"/>'
        '<w:headerReference w:type="default" r:id="rIdRunning"/><w:titlePg/></w:sectPr>'
    )
    document = f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(paragraphs)}{section}</w:body></w:document>'
    styles = (
        f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="{body_size}"/></w:rPr>'
        '</w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/></w:style></w:styles>'
    )
    numbering = (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    notes = "".join(
        f'<w:footnote w:id="{n + 1}"><w:p><w:r><w:footnoteRef/></w:r>{_run(" " + text, 20, rtl)}</w:p></w:footnote>'
        for n, text in enumerate(decision.notes)
    )
    separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    footnotes = f'<w:footnotes xmlns:w="{W}">{separator}{notes}</w:footnotes>'
    header = f'<w:hdr xmlns:w="{W}">{_paragraph(decision.header, body_size, rtl) if decision.header else ""}</w:hdr>'
    running = f'<w:hdr xmlns:w="{W}">{_paragraph(decision.running, 20, rtl) if decision.running else ""}</w:hdr>'
    relations = {
        "rIdStyles": ("styles", "styles.xml"),
        "rIdNumbering": ("numbering", "numbering.xml"),
        "rIdFootnotes": ("footnotes", "footnotes.xml"),
        "rIdHeader": ("header", "header1.xml"),
        "rIdRunning": ("header", "header2.xml"),
    }
    document_rels = "".join(
        f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{target}"/>'
        for rid, (kind, target) in relations.items()
    )
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": f'<Relationships xmlns="{_PKG}">{document_rels}</Relationships>',
        "word/document.xml": document,
        "word/styles.xml": styles,
        "word/numbering.xml": numbering,
        "word/footnotes.xml": footnotes,
        "word/header1.xml": header,
        "word/header2.xml": running,
    }
    if pages is not None:
        parts["docProps/app.xml"] = f"<Properties><Pages>{pages}</Pages></Properties>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return buffer.getvalue()


def _rtf_text(text: str) -> str:
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        elif ord(char) < 256 and char.encode("cp1252", "ignore"):
            out.append(f"\\'{char.encode('cp1252')[0]:02x}")
        else:
            code = ord(char)
            out.append(f"\\u{code - 65536 if code > 32767 else code}?")
    return "".join(out)


def rtf(decision: Decision) -> bytes:
    """An RTF file as Word writes one: font table, \\fs sizes, \\footnote groups, a first-page header."""
    direction = "\\rtlpar" if decision.rtl else "\\ltrpar"
    out = [
        "{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}"
        "{\\f1\\fnil\\fcharset178 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
        "{\\stylesheet{\\s0 Normal;}}{\\info{\\title Not the decision's words}{\\author Someone}}\\titlepg\n"
    ]
    if decision.header:
        out.append(f"{{\\headerf \\pard\\plain\\fs24 {_rtf_text(decision.header)}\\par}}\n")
    if decision.running:
        out.append(f"{{\\headerr \\pard\\plain\\fs20 {_rtf_text(decision.running)}\\par}}\n")
    referenced = False
    for block in decision.blocks:
        size = 32 if block == decision.title else 24
        notes = ""
        if block != decision.title and not referenced and decision.notes:
            notes = "".join(
                f"{{\\super\\chftn}}{{\\footnote \\pard\\plain\\fs20 {{\\super\\chftn}} {_rtf_text(text)}}}"
                for text in decision.notes
            )
            referenced = True
        out.append(f"{{\\pard\\plain{direction}\\fs{size} {_rtf_text(block)}{notes}\\par}}\n")
    out.append("{\\*\\generator Hand-written;}{\\pict\\pngblip 89504e470d0a}}\n")
    return "".join(out).encode("ascii")


def html(decision: Decision, *, charset: str = "utf-8") -> bytes:
    """A court website's page: the decision in `<main>` among navigation, banner, scripts and a footer."""
    direction = ' dir="rtl"' if decision.rtl else ""
    body = []
    if decision.header:
        body.append(f"<header><p>{escape(decision.header)}</p></header>")
    for block in decision.blocks:
        tag = "h1" if block == decision.title else "p"
        body.append(f"<{tag}>{escape(block)}</{tag}>")
    page = f"""<!DOCTYPE html>
<html lang="x"{direction}><head><meta charset="{charset}"><title>Judgments portal | a page title</title>
<style>p {{ margin: 0 }}</style><script>var banner = "Committee on the Rights of the Child";</script></head>
<body><header class="site"><p>Judgments portal of the court</p>
<nav><a href="/">Home</a> | <a href="/search">Search the register</a></nav></header>
<aside>Related: Human Rights Committee decisions</aside>
<main><article>{"".join(body)}</article></main>
<footer><p>Registry of the court, 2024. All rights reserved.</p></footer>
<div hidden>A hidden cookie notice</div></body></html>"""
    return page.encode(charset, "xmlcharrefreplace")
