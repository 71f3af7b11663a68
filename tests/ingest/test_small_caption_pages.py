"""A print that sets a court's own caption pages smaller than its body text (a web print of a court PDF) keeps
those pages as text: footnotes are small lines under running text, not small lines under a title."""

from __future__ import annotations

from caselaw.ingest.layout import analyse
from caselaw.ingest.lines import Line, PageLines


def _line(text: str, top: float, size: float, x0: float = 72.0) -> Line:
    return Line(text, x0, x0 + len(text) * 0.5 * size, top, top + size, size)


def test_a_caption_page_set_small_is_text_and_real_footnotes_stay_notes() -> None:
    caption = PageLines(
        0,
        595,
        842,
        [
            _line("Roe v. Doe on 3 March, 2024", 90, 16),  # the print's own title, large
            _line("IN THE HIGH COURT OF JUDICATURE AT PATNA", 130, 9, x0=180),
            _line("(Civil Writ Jurisdiction)", 143, 9, x0=220),
            _line("CWJC No. 77 of 2021", 170, 9, x0=230),
            _line("Jane Roe ... Petitioner", 200, 9),
        ],
        ordered=True,
    )
    body = [_line(f"The petitioner asked for the wages owed to her under the scheme, line {n}.", 90 + 14 * n, 11)
            for n in range(30)]  # fmt: skip
    note = _line("1 A note on the scheme, set small under the running text.", 700, 8)
    judgment = PageLines(1, 595, 842, [*body, note], ordered=True)
    layout = analyse([caption, judgment])
    assert "IN THE HIGH COURT OF JUDICATURE AT PATNA" in layout.text
    assert "CWJC No. 77 of 2021" in layout.text
    assert layout.footnotes == [("1", "A note on the scheme, set small under the running text.")]
