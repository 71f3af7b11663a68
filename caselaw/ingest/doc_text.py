"""Read a legacy Word document (Word 97-2003 `.doc`, an OLE2 compound file) with Debian's `antiword`.

Measured on a real 15-page order of the Inter-American Court (see tests/ingest/test_formats.py): antiword
prints the list numbers Word generates (`a)`, `b)`) and the footnotes, `[n]`-marked, after the text, in about
20 ms; catdoc (as fast) prints neither; LibreOffice headless (about 250 MB installed) keeps font sizes but
takes seconds a file. antiword gives plain text: every paragraph one line, all at one size.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from caselaw.errors import CorruptDocument, EncryptedDocument, ReaderUnavailable
from caselaw.ingest.typeset import Item, Note, PageBreak, Paragraph

ANTIWORD = "antiword"
_NOTES_RULE = re.compile(r"^-{10,}$")  # antiword's rule between the text and the notes
_NOTE = re.compile(r"^(?:\[(\d{1,4})\]|(\S{1,2}))\s+(.*)$")
_REFERENCE = re.compile(r"(?<=\S)\[(\d{1,4})\]")
# A symbol-marked note's reference as antiword prints it: the mark (`(` for Word's `*` in a symbol font) glued
# to the end of a word ("Court of Human Rights(").
_SYMBOL_REFERENCE = r"(?<=[^\W\d_]){}(?=\s|$)"


def read_doc(data: bytes, timeout: float, program: str = ANTIWORD) -> tuple[list[Item], list[Note]]:
    """The paragraphs and notes of a Word 97-2003 file; CorruptDocument when antiword cannot read it."""
    command = shutil.which(program)
    if command is None:
        raise ReaderUnavailable(f"reading Word 97-2003 (.doc) files needs {program}: apt-get install antiword")
    # antiword reads a path, not standard input; the copy lives only while it runs.
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                [command, "-m", "UTF-8.txt", "-w", "0", handle.name],
                capture_output=True,
                timeout=timeout,
                check=False,
                env={"PATH": os.environ.get("PATH", ""), "HOME": tempfile.gettempdir(), "LC_ALL": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired:
            raise CorruptDocument(f"antiword did not finish reading the .doc within {timeout:g} s") from None
    message = " ".join(done.stderr.decode("utf-8", "replace").split())
    if done.returncode != 0 or not done.stdout.strip():
        if "encrypt" in message.lower():
            raise EncryptedDocument("the Word document is password-protected; ingest it again once it is decrypted")
        raise CorruptDocument(f"the Word document (.doc) cannot be read: {message or 'antiword found no text'}")
    return parse(done.stdout.decode("utf-8", "replace"))


def parse(text: str) -> tuple[list[Item], list[Note]]:
    """antiword's text output as paragraphs (one a line, a form feed a page break) and its trailing notes."""
    lines = text.split("\n")
    rule = next((i for i in range(len(lines) - 1, -1, -1) if _NOTES_RULE.match(lines[i].strip())), None)
    notes: list[Note] = []
    symbols: set[str] = set()
    if rule is not None and any(_NOTE.match(line.strip()) for line in lines[rule + 1 : rule + 2]):
        for line in lines[rule + 1 :]:
            match = _NOTE.match(line.strip())
            if match:
                notes.append(Note(match.group(1) or "*", match.group(3)))
                if match.group(2):
                    symbols.add(match.group(2))
            elif line.strip() and notes:
                notes[-1].text += " " + line.strip()
        lines = lines[:rule]
    numbers = {note.mark for note in notes}
    marks = [re.compile(_SYMBOL_REFERENCE.format(re.escape(symbol))) for symbol in sorted(symbols)]
    items: list[Item] = []
    for line in lines:
        for number, page in enumerate(line.split("\f")):
            if number:
                items.append(PageBreak())
            # A note's reference, `[n]` glued to a word, is dropped as a PDF's superscript mark is.
            body = _REFERENCE.sub(lambda m: "" if m.group(1) in numbers else m.group(0), page)
            for mark in marks:
                body = mark.sub("", body)
            if body.strip():
                items.append(Paragraph(body.strip()))
    return items, notes
