"""Month names in the five languages, as decisions write dates ("17 June 2015", "20 حزيران/يونيه 2017")."""

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


MONTH_PATTERN = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
STARTS_WITH_MONTH = re.compile(rf"^(?:{MONTH_PATTERN})\b")
"""Matches folded text (see `fold`) that starts with a month name."""
