"""Hostile files made in the tests themselves (small enough to write by hand, so nothing is checked in)."""

from __future__ import annotations

import zlib


def looping_page_tree_pdf() -> bytes:
    """A well-formed PDF (header, objects, cross-reference table, trailer, %%EOF) whose page tree loops: the
    `/Pages` node lists itself as its only kid, so a reader walking the tree for page 1 never reaches a page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf(objects: list[bytes], streams: dict[int, bytes]) -> bytes:
    """A PDF of `objects` (dictionaries, numbered from 1); object N in `streams` gets that stream data."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if number in streams:
            data = streams[number]
            out += b"%d 0 obj\n<< %s /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (number, body, len(data), data)
        else:
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _one_page(page: bytes, streams: list[tuple[bytes, bytes]]) -> bytes:
    """A one-page PDF: the page's dictionary entries, then (dictionary, data) of its streams, objects 4, 5..."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R " + page + b" >>",
        *(body for body, _ in streams),
    ]
    return _pdf(objects, {number: data for number, (_, data) in enumerate(streams, start=4)})


def zeros_deflated(size: int) -> bytes:
    """A zlib stream that inflates to `size` zero bytes (a multiple of 1 MiB): about a thousandth of `size`.

    Built from one compressed MiB repeated (each ends on a full flush, so copies join up), not by compressing
    `size` bytes, which would take seconds; the checksum of n zeros is known: Adler-32 = (n mod 65521) << 16 | 1."""
    mib = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b"\0" * mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    checksum = ((size % 65521) << 16) | 1
    return b"\x78\xda" + piece * (size // mib) + end + checksum.to_bytes(4, "big")


def flate_bomb_pdf(size: int = 1 << 30) -> bytes:
    """A letter-size page whose content stream inflates to `size` zero bytes (1 GiB from a file of 1 MB)."""
    return _one_page(b"/MediaBox [0 0 612 792] /Contents 4 0 R", [(b"/Filter /FlateDecode", zeros_deflated(size))])


def image_bomb_pdf(side: int = 60000, page_points: int = 612) -> bytes:
    """A page (`page_points` square) drawing one image XObject declared `side` × `side` pixels, with a tiny flate
    stream: a few hundred bytes that claim 3.6 gigapixels. With `page_points` 14400 (200 inches, the largest page
    the PDF standard allows), rendering the page for OCR at 300 dpi alone takes 3.6 gigapixels."""
    draw = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (page_points, page_points)
    page = b"/MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R" % (
        page_points,
        page_points,
    )
    image = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode" % (side, side)
    )
    return _one_page(page, [(b"", draw), (image, zlib.compress(b"\xff" * side * 4))])
