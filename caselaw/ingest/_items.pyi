"""Types of the native item cutter (caselaw/ingest/_items.c, built by setup.py)."""

Item = tuple[int, int, int, int, float, float, float, float, float, int, int, int]

def bind(
    loose_box: int,
    char_origin: int,
    font_size: int,
    matrix: int,
    is_generated: int,
    text_object: int,
    char_index: int,
    /,
) -> None:
    """Hand over the addresses of pypdfium2's pdfium functions the cutter calls."""

def cut(textpage: int, text: str, exact: bool, height: float, /) -> list[Item]:
    """The page's items: (first, end, hyphen, spaced, x0, x1, top, baseline, size, order, digits, vertical)."""
