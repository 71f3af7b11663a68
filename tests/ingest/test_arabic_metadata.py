"""Metadata of Arabic decisions by the general rules: a committee or court printed in Arabic is an open forum of
the State its places name, Hijri and Gregorian dates are told apart, a registry's "رقم الطلب" is an identifier,
and the form's "قرار …" heading (never the ministry above it) is the title. The captions are our own."""

from __future__ import annotations

from datetime import date

from caselaw.ingest.dates import dates_in, read_dates
from caselaw.ingest.forums import find_forum, open_forum_code
from caselaw.ingest.identifiers import read_identifiers
from caselaw.ingest.lines import Line
from caselaw.ingest.ocr import _lines
from caselaw.ingest.title_noise import is_noise
from caselaw.ingest.titles import name_case

# A municipal objections committee's form, as OCR reads it: ministry, municipality, the form's number boxes, the
# heading, then the request.
FORM = """وزارة الشؤون البلدية والقروية والإسكان
أمانة محافظة جدة
رقم الطلب ٢٢٣١٠٧
تاريخ الاعتماد 2024/03/05
قرار لجنة الاعتراضات على الغرامات البلدية
مقدم الطلب مؤسسة النخيل للمقاولات تاريخ الطلب 2024/01/20
نص الطلب نعترض على الغرامة المفروضة على المحل لعدم وجود لوحة"""


def test_dates_gregorian_with_era_letter_and_hijri_left_out() -> None:
    assert list(dates_in("صدر في 5 مارس 2024م")) == [date(2024, 3, 5)]
    assert list(dates_in("وتاريخ 24/08/1445هـ")) == []  # a Hijri date is no Gregorian one
    assert list(dates_in("بتاريخ 24/08/1445هـ الموافق 05/03/2024م")) == [date(2024, 3, 5)]
    found = read_dates(FORM, [])
    assert found.decision == date(2024, 3, 5) and found.communication == date(2024, 1, 20)


def test_registry_numbers_either_way_round() -> None:
    assert read_identifiers("رقم الطلب ٢٢٣١٠٧") == [("application", "223107")]
    assert read_identifiers("الطلب رقم 223107") == [("application", "223107")]
    assert read_identifiers("القرار رقم 12/2020") == [("case-number", "12/2020")]
    # Another instrument's number, a phone number, a paragraph: none is the decision's.
    assert read_identifiers("صدر بالقرار الوزاري رقم 4300199") == []
    assert read_identifiers("رقم الجوال 0500000000") == []
    assert read_identifiers("البند رقم 12") == []


def test_committee_is_an_open_forum_of_the_state_its_city_names() -> None:
    forum = find_forum(FORM, [])
    assert forum.name == "أمانة محافظة جدة – لجنة الاعتراضات على الغرامات البلدية"
    assert forum.country == "SA" and forum.level == "administrative-court"
    assert forum.code is not None and forum.code.startswith("sa-") and forum.code.isascii()


def test_an_arabic_header_yields_to_the_caption_that_prints_the_same_committee() -> None:
    # The signature block's "أعضاء لجنة …" became a running header; the caption names the committee in context.
    forum = find_forum(FORM, ["أعضاء لجنة الاعتراضات على الغرامات البلدية"])
    assert forum.name == "أمانة محافظة جدة – لجنة الاعتراضات على الغرامات البلدية"


def test_arabic_court_names_read_from_their_noun() -> None:
    forum = find_forum("حكم المحكمة الإدارية العليا بالقاهرة\nالدائرة الأولى\nفي الطعن رقم 1234 لسنة 60", [])
    assert forum.name is not None and forum.name.startswith("المحكمة الإدارية العليا")
    assert open_forum_code("EG", "المحكمة الإدارية العليا") == "eg-mhkma-adarya-alya"


def test_the_heading_names_the_decision_and_the_ministry_never_does() -> None:
    assert is_noise("وزارة الشؤون البلدية والقروية والإسكان")
    blocks = FORM.split("\n")
    forum = "أمانة محافظة جدة – لجنة الاعتراضات على الغرامات البلدية"
    name = name_case(blocks, None, [], "ar", ["223107"], None, forum_names=[forum], kind="decision")
    assert name.full == "قرار لجنة الاعتراضات على الغرامات البلدية، أمانة محافظة جدة، الطلب رقم 223107"


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def _word(line: int, left: int, width: int, text: str) -> str:
    return f"5\t1\t1\t1\t{line}\t1\t{left}\t100\t{width}\t40\t90\t{text}\n"


def test_ocr_takes_the_text_layers_numbers_over_its_own_reading() -> None:
    # At 72 dpi a pixel is a point. OCR misread the number and marked a word's direction (RLM).
    tsv = TSV_HEADER + _word(1, 300, 60, "رقم") + _word(1, 230, 60, "الطلب\u200f") + _word(1, 100, 80, "EMOS")
    kept = [Line("223107", 95, 185, 102, 135, 10.0), Line("1445", 400, 440, 300, 330, 10.0)]
    page = _lines(tsv, 0, 600, 800, 72, kept)
    assert [line.text for line in page.lines] == ["رقم الطلب 223107", "1445"]
    assert page.lines[0].size == 10.0  # the text layer's size, not OCR's guess
