"""Check a file before parsing it: readable, within the size limit, not empty, and a format read, by content.

Names lie (a Word 97 file published as `.pdf`, an RTF saved as `.doc`): the bytes decide which reader runs.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from caselaw.errors import EmptyFile, EncryptedDocument, FileTooLarge, NotAPdf, UnreadablePath

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
RTF = "application/rtf"
HTML = "text/html"
MEDIA_TYPES = (PDF, DOCX, DOC, RTF, HTML)
# The extensions a folder is searched for (any case); a file named on the command line is read whatever its name.
EXTENSIONS = frozenset({".pdf", ".docx", ".docm", ".doc", ".rtf", ".html", ".htm", ".xhtml"})

_MAGIC_WINDOW = 1024  # the PDF header may follow some junk bytes; readers accept it within the first KiB
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 (and Excel, and encrypted OOXML)
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # directory entry names are UTF-16
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # a password-protected DOCX/XLSX inside OLE2
_ZIP = b"PK\x03\x04"
_WORD_MAIN = re.compile(rb"wordprocessingml\.document\.main\+xml|ms-word\.(?:document|template)\.macroEnabled")
# WHATWG MIME Sniffing's HTML patterns: one of these tags (any case) followed by a space or `>` after whitespace.
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[\s>]", re.I
)
_XHTML = re.compile(rb"<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)", re.I | re.S)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Original:
    """The bytes of a file that passed the checks, with its hash and sniffed media type."""

    path: Path
    data: bytes
    sha256: str
    media_type: str = PDF

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)


def read_original(path: Path, max_bytes: int) -> Original:
    """Read `path`, refusing what is unreadable, empty, too large or of no format read (whatever its name)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadablePath(f"{path} is not a regular file")
        if size > max_bytes:
            raise FileTooLarge(f"{path.name} is {size} bytes, more than the limit of {max_bytes}", size=size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadablePath(f"{path} does not exist") from None
    except PermissionError:
        raise UnreadablePath(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise UnreadablePath(f"{path} cannot be read: {exc.strerror}") from None
    sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        raise EmptyFile(f"{path.name} is empty (0 bytes)", sha256=sha256)
    media_type = media_type_of(data, path.name, sha256)
    if media_type == HTML and path.suffix.lower() == ".pdf":
        # A web page where a PDF was expected is what a failed download leaves behind (servers answer "not
        # found" pages with 200): not the decision. A Word file under a .pdf name is a real document, mislabelled.
        raise NotAPdf(f"{path.name} is an HTML page saved under a .pdf name (a failed download?)", sha256=sha256)
    return Original(path, data, sha256, media_type)


def media_type_of(data: bytes, name: str = "the file", sha256: str | None = None) -> str:
    """The media type of a document by its content (PDF, DOCX, DOC, RTF or HTML); NotAPdf for anything else."""
    head = data[:_MAGIC_WINDOW]
    if b"%PDF-" in head:
        return PDF
    if head.startswith(_OLE2):
        if _ENCRYPTED_PACKAGE in data[: 1 << 20] and _WORD_STREAM not in data[: 1 << 20]:
            raise EncryptedDocument(
                f"{name} is a password-protected Office document; ingest it again once it is decrypted", sha256=sha256
            )
        if _WORD_STREAM in data:
            return DOC
    if head.startswith(_ZIP) and _is_word_zip(data):
        return DOCX
    text = _text_head(head)
    if text.startswith(b"{\\rtf"):
        return RTF
    if _HTML_START.match(text) or _XHTML.match(text):
        return HTML
    raise NotAPdf(
        f"{name} is not a PDF, Word (DOCX or DOC), RTF or HTML document, whatever its name says", sha256=sha256
    )


def _is_word_zip(data: bytes) -> bool:
    """Whether a ZIP is a Word document: its content types name a Word main part (a broken one: its names do)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")[: 1 << 20]
                return _WORD_MAIN.search(types) is not None
            return "word/document.xml" in names
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        # Cut short or damaged: the local headers still name the parts; the reader reports what is wrong.
        return b"word/document.xml" in data[: 1 << 16] or b"word/_rels/" in data[: 1 << 16]


def _text_head(head: bytes) -> bytes:
    """The start of a text file without byte-order mark and leading whitespace; UTF-16 narrowed to ASCII."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != _BOMS[0]:
                head = head.decode("utf-16-be" if bom == b"\xfe\xff" else "utf-16-le", "ignore").encode(
                    "ascii", "replace"
                )
            break
    return head.lstrip(b" \t\r\n\x0c")
