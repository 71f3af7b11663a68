"""Month names in the five languages, as decisions write dates ("17 June 2015", "20 حزيران/يونيه 2017"),
and the abbreviations court stamps and registries use ("Sep 13, 2019", "5 janv. 2010")."""

from __future__ import annotations

import re

from caselaw.ingest.keywords import fold

MONTHS: dict[str, int] = {}
_NAMES = {
    "en": "january february march april may june july august september october november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "pt": "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro",
    "ar": "يناير فبراير مارس أبريل مايو يونيه يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    # Levantine names, written before the Egyptian ones in UN Arabic documents ("حزيران/يونيه").
    "ar-levant": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",
    "ar-alt": "يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر",
}
for _names in _NAMES.values():
    for _number, _name in enumerate(_names.split(), start=1):
        MONTHS[fold(_name.replace("_", " "))] = _number
MONTHS["setiembre"] = 9

# Abbreviations, each unambiguous across the five languages (Spanish "mar" and French "mars" are both March).
# Only ever read inside a full date (day, month, year), never alone: "mar" or "out" are also words.
MONTH_ABBREVIATIONS: dict[str, int] = {}
_SHORT = {
    1: "jan janv ene", 2: "feb fev fevr", 3: "mar", 4: "apr abr avr", 5: "", 6: "jun", 7: "jul juil",
    8: "aug ago", 9: "sep sept set", 10: "oct out", 11: "nov", 12: "dec dic dez",
}  # fmt: skip
for _number, _names in _SHORT.items():
    for _name in _names.split():
        MONTH_ABBREVIATIONS[_name] = _number

MONTH_PATTERN = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
STARTS_WITH_MONTH = re.compile(rf"^(?:{MONTH_PATTERN})\b")
"""Matches folded text (see `fold`) that starts with a month name."""

# A month in a date: a full name, or an abbreviation with or without its full stop ("sept.", "Oct").
DATE_MONTH_PATTERN = (
    rf"(?:{MONTH_PATTERN}|(?:{'|'.join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))})(?![^\W\d_])\.?)"
)


def month_number(name: str) -> int | None:
    """The month a folded name or abbreviation stands for ("juillet", "sept."), None for anything else."""
    name = name.rstrip(".")
    return MONTHS.get(name) or MONTH_ABBREVIATIONS.get(name)
