"""Types of the native word scanner (caselaw/search/embedded/_scan.c, built by setup.py)."""

def scan(text: bytes, needles: tuple[bytes, ...], anywhere: bool, per_needle: int, /) -> list[tuple[int, int]]:
    """(byte position, needle number) where a needle begins a word (see `locate.scan_words`)."""
